import { describe, expect, it } from 'vitest';
import { SearchScheduler } from '../../../src/ca/client/search-scheduler.js';
import { Command } from '../../../src/ca/protocol/constants.js';
import { type CaMessage, parseDatagram, readCString } from '../../../src/ca/protocol/stream-reader.js';

const messages = (data: Buffer): CaMessage[] => {
  const out: CaMessage[] = [];
  parseDatagram(data, (m) => out.push({ ...m.toMessage(), payload: Buffer.from(m.payload) }));
  return out;
};

describe('SearchScheduler (libca search timers)', () => {
  it('searches a new channel at once, in a datagram headed by a VERSION with a sequence number', () => {
    const s = new SearchScheduler();
    s.add(1, 'PV:one', 1000);
    expect(s.nextDue()).toBe(1000);
    const [dg] = s.expire(1000);
    const [version, search] = messages(dg.data);
    expect(version).toMatchObject({ command: Command.VERSION, dataType: 1, dataCount: 13, parameter1: dg.sequence });
    expect(search).toMatchObject({ command: Command.SEARCH, dataType: 5, dataCount: 13, parameter1: 1, parameter2: 1 });
    expect(readCString(search.payload)).toBe('PV:one');
    expect(dg.data.length % 8).toBe(0);
  });

  it('backs off exponentially: 2^i × the 32 ms round-trip floor, up to the max search period', () => {
    const s = new SearchScheduler({ maxPeriodMs: 60_000 });
    s.add(7, 'X', 0);
    let now = 0;
    const sends: number[] = [];
    for (let i = 0; i < 40; i++) {
      const due = s.nextDue()!;
      now = due;
      if (s.expire(now).length > 0) sends.push(now);
    }
    const gaps = sends.slice(1).map((t, i) => t - sends[i]);
    // lane i waits one period for a reply, then the channel moves to lane i+1, which fires one
    // period (2^(i+1) × 32 ms) later: the gaps double each time.
    expect(gaps.slice(0, 6)).toEqual([96, 192, 384, 768, 1536, 3072]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
    expect(s.laneOf(7)).toBe(s.laneCount - 1);
    expect(s.period(s.laneCount - 1)).toBeLessThanOrEqual(60_000);
    expect(s.period(s.laneCount - 1) * 2).toBeGreaterThan(60_000);
  });

  it('packs many names into datagrams of at most 1472 bytes and grows the frames per pass while all are answered', () => {
    const s = new SearchScheduler();
    for (let cid = 1; cid <= 1000; cid++) s.add(cid, `SOME:LONGISH:PV:NAME:${cid}`, 0);
    const first = s.expire(0);
    expect(first).toHaveLength(1); // one frame on the first pass
    expect(first[0].data.length).toBeLessThanOrEqual(1472);
    expect(first[0].cids.length).toBeGreaterThan(25);
    let now = 1;
    for (const cid of first[0].cids) s.onReply(cid, first[0].sequence, now);
    // all answered: fires again at once, with twice the frames
    expect(s.nextDue()).toBe(now);
    const second = s.expire(now);
    expect(second).toHaveLength(2);
    now += 1;
    for (const dg of second) for (const cid of dg.cids) s.onReply(cid, dg.sequence, now);
    expect(s.expire(now)).toHaveLength(4);
    const sequences = [...first, ...second].map((d) => d.sequence);
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it('drops to one frame per pass when replies go missing', () => {
    const s = new SearchScheduler();
    for (let cid = 1; cid <= 500; cid++) s.add(cid, `N${cid}`, 0);
    const a = s.expire(0);
    for (const cid of a[0].cids) s.onReply(cid, a[0].sequence, 1);
    const b = s.expire(1);
    expect(b.length).toBe(2);
    s.onReply(b[0].cids[0], b[0].sequence, 2); // only one reply
    const c = s.expire(s.nextDue()!);
    expect(c.length).toBe(1);
  });

  it('updates the round-trip estimate only from replies to the last pass', () => {
    const s = new SearchScheduler();
    s.add(1, 'A', 0);
    s.add(2, 'B', 0);
    const [dg] = s.expire(0);
    const before = s.roundTripEstimate;
    s.onReply(1, dg.sequence + 100, 500); // a stale or foreign sequence number: no RTT update
    expect(s.roundTripEstimate).toBe(before);
    s.onReply(2, dg.sequence, 400);
    expect(s.roundTripEstimate).toBeGreaterThan(before);
    expect(s.has(1)).toBe(false);
    expect(s.nextDue()).toBeUndefined();
  });

  it('moves channels of the slow lanes to the ≈5 s lane, sent at once, on a beacon anomaly', () => {
    const s = new SearchScheduler();
    s.add(1, 'SLOW', 0);
    let now = 0;
    while (s.laneOf(1)! <= s.beaconAnomalyLane + 2) {
      now = s.nextDue()!;
      s.expire(now);
    }
    expect(s.nextDue()! - now).toBeGreaterThan(10_000);
    s.beaconAnomaly(now + 1);
    expect(s.laneOf(1)).toBe(s.beaconAnomalyLane);
    expect(s.nextDue()).toBe(now + 1);
    const [dg] = s.expire(now + 1);
    expect(dg.cids).toEqual([1]);
    expect(s.period(s.beaconAnomalyLane)).toBeGreaterThan(4000);
    expect(s.period(s.beaconAnomalyLane)).toBeLessThan(10_000);
  });

  it('forgets removed channels', () => {
    const s = new SearchScheduler();
    s.add(1, 'A', 0);
    expect(s.remove(1)).toBe(true);
    expect(s.nextDue()).toBeUndefined();
    expect(s.expire(0)).toEqual([]);
    expect(s.onReply(1, undefined, 0)).toBe(false);
  });
});
