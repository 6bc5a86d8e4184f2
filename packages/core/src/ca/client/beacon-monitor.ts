/**
 * Beacon watching, as libca's bhe.cpp does it, as a pure state object: one entry per server
 * (address:port) with the time of its last beacon, its beacon counter and a running estimate of its
 * beacon period. onBeacon() says whether the beacon shows a change in the network worth an immediate
 * re-search of every unresolved channel ("beacon anomaly"):
 *
 * - the second beacon of a server first heard after this client started (a new server), when the
 *   gap between its first two beacons is no longer than the time we had been running;
 * - a beacon at least 3.25 × the average period late (a server back after a network outage);
 * - a beacon at most 0.8 × the average period after the previous one: a restarted server beacons
 *   every 20 ms, 40 ms, … before slowing to its period.
 *
 * Beacons whose counter (CA ≥ 4.10) did not advance, went backwards by a little, or jumped by 2 or 3
 * are duplicates from redundant routes or overruns and are ignored, as in libca. A restarted server
 * starts its counter again at 0; that first beacon looks like a backwards jump and is dropped, and the
 * next one (counter 1, 20 ms later) is the short-period anomaly.
 */

interface BeaconEntry {
  timeStamp: number;
  /** Running average of the period (ms); negative until two beacons were seen. */
  averagePeriod: number;
  lastNumber: number;
}

const U32_MAX = 0xffff_ffff;

export class BeaconMonitor {
  private readonly servers = new Map<string, BeaconEntry>();

  /** `programStart`: when this client started (ms, same clock as `now`). */
  constructor(private readonly programStart: number) {}

  get size(): number {
    return this.servers.size;
  }

  /** The current period estimate of a server (ms), or undefined. */
  periodOf(server: string): number | undefined {
    const e = this.servers.get(server);
    return e !== undefined && e.averagePeriod >= 0 ? e.averagePeriod : undefined;
  }

  /**
   * A beacon from `server` ("ip:port") with beacon counter `counter`, sent by a server of CA minor
   * version `minor`, at time `now` (ms). Returns true when unresolved channels should be searched now.
   */
  onBeacon(server: string, counter: number, minor: number, now: number): boolean {
    const entry = this.servers.get(server);
    if (entry === undefined) {
      // The first beacon: only the second one tells whether this is a new server.
      this.servers.set(server, { timeStamp: now, averagePeriod: -1, lastNumber: counter >>> 0 });
      return false;
    }
    if (minor >= 10) {
      const advance = ((counter >>> 0) - entry.lastNumber) >>> 0;
      entry.lastNumber = counter >>> 0;
      if (advance === 0 || advance > U32_MAX - 256) return false;
      if (advance > 1 && advance < 4) return false;
    }
    const currentPeriod = now - entry.timeStamp;
    let netChange = false;
    if (entry.averagePeriod < 0) {
      entry.averagePeriod = currentPeriod;
      // A server first heard a while after we started, beaconing fast: it has just started.
      netChange = currentPeriod <= entry.timeStamp - this.programStart;
    } else {
      if (currentPeriod >= entry.averagePeriod * 1.25) {
        if (currentPeriod >= entry.averagePeriod * 3.25) netChange = true;
      } else if (currentPeriod <= entry.averagePeriod * 0.8) {
        netChange = true;
      }
      entry.averagePeriod = currentPeriod * 0.125 + entry.averagePeriod * 0.875;
    }
    entry.timeStamp = now;
    return netChange;
  }

  forget(server: string): void {
    this.servers.delete(server);
  }
}
