import { describe, expect, it } from 'vitest';
import { BeaconMonitor } from '../../../src/ca/client/beacon-monitor.js';

/** Beacons of one server every `period` ms from `start`, counters from `counter`. */
function feed(m: BeaconMonitor, server: string, start: number, period: number, n: number, counter = 0): { anomalies: number[]; end: number; counter: number } {
  const anomalies: number[] = [];
  let t = start;
  for (let i = 0; i < n; i++, t += period, counter++) if (m.onBeacon(server, counter, 13, t)) anomalies.push(i);
  return { anomalies, end: t - period, counter };
}

describe('BeaconMonitor (libca bhe.cpp)', () => {
  it('a server beaconing steadily since before we started is no anomaly', () => {
    const m = new BeaconMonitor(1000);
    expect(feed(m, 'a:1', 1000, 15_000, 20).anomalies).toEqual([]);
    expect(m.periodOf('a:1')).toBeCloseTo(15_000);
  });

  it('a server that starts after us is an anomaly at its second beacon', () => {
    const m = new BeaconMonitor(0);
    const { anomalies } = feed(m, 'new:1', 60_000, 20, 3);
    expect(anomalies).toEqual([1]);
  });

  it('a restarted server (counter back to 0, 20 ms period) is an anomaly', () => {
    const m = new BeaconMonitor(0);
    const old = feed(m, 's:1', 0, 1000, 400);
    // down for 2 s, then beacons at 20 ms, 40 ms, … with a fresh counter
    const t = old.end + 2000;
    const results = [0, 20, 60, 140].map((dt, i) => m.onBeacon('s:1', i, 13, t + dt));
    expect(results.some(Boolean)).toBe(true);
  });

  it('a server heard again after missing beacons (network back) is an anomaly', () => {
    const m = new BeaconMonitor(0);
    const r = feed(m, 'n:1', 0, 1000, 10);
    expect(m.onBeacon('n:1', r.counter + 4, 13, r.end + 5000)).toBe(true);
  });

  it('ignores duplicate beacons and small counter jumps', () => {
    const m = new BeaconMonitor(0);
    const r = feed(m, 'd:1', 0, 1000, 10);
    expect(m.onBeacon('d:1', r.counter - 1, 13, r.end + 10)).toBe(false); // same counter again
    expect(m.onBeacon('d:1', r.counter + 2, 13, r.end + 20)).toBe(false); // jump of 3
    expect(m.periodOf('d:1')).toBeCloseTo(1000);
  });
});
