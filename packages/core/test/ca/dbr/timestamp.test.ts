import { describe, expect, it } from 'vitest';
import {
  EPICS_EPOCH_OFFSET_SECONDS, dateToTimestamp, epicsNow, timestampToDate, timestampToSeconds,
} from '../../../src/ca/protocol/dbr/index.js';

describe('EPICS timestamps', () => {
  it('count from 1990-01-01 UTC', () => {
    expect(EPICS_EPOCH_OFFSET_SECONDS).toBe(Date.UTC(1990, 0, 1) / 1000);
    expect(dateToTimestamp(new Date('1990-01-01T00:00:00Z'))).toEqual({ secPastEpoch: 0, nsec: 0 });
    expect(dateToTimestamp(new Date('2024-05-06T07:08:09.123Z'))).toEqual({
      secPastEpoch: Date.UTC(2024, 4, 6, 7, 8, 9) / 1000 - 631152000, nsec: 123_000_000,
    });
  });

  it('convert to Date and POSIX seconds', () => {
    const ts = { secPastEpoch: 1_000_000_000, nsec: 250_000_000 };
    expect(timestampToDate(ts).toISOString()).toBe(new Date((1_000_000_000 + 631152000) * 1000 + 250).toISOString());
    expect(timestampToSeconds(ts)).toBe(1_631_152_000.25);
    expect(dateToTimestamp(timestampToDate(ts))).toEqual(ts);
  });

  it('epicsNow is close to the wall clock, in range, and never goes back', () => {
    const wall = Date.now() / 1000;
    let prev = epicsNow();
    expect(Math.abs(timestampToSeconds(prev) - wall)).toBeLessThan(5);
    for (let i = 0; i < 10_000; i++) {
      const now = epicsNow();
      expect(Number.isInteger(now.nsec) && now.nsec >= 0 && now.nsec < 1e9).toBe(true);
      expect(now.secPastEpoch > prev.secPastEpoch || (now.secPastEpoch === prev.secPastEpoch && now.nsec >= prev.nsec)).toBe(true);
      prev = now;
    }
  });

  it('carries nanoseconds into seconds exactly, across two turns of the second', async () => {
    // Two kinds of carry: where the start's wall-clock fraction plus the monotonic fraction
    // passes a second, and where the monotonic clock's own second turns. Each happens once per
    // second, at its own moment; reading until the seconds have moved twice meets both.
    const first = epicsNow();
    let prev = first;
    let readings = 0;
    while (prev.secPastEpoch < first.secPastEpoch + 2) {
      await new Promise((r) => setTimeout(r, 1));
      for (let i = 0; i < 100; i++) {
        const now = epicsNow();
        readings++;
        expect(Number.isInteger(now.nsec) && now.nsec >= 0 && now.nsec < 1e9).toBe(true);
        const step = now.secPastEpoch - prev.secPastEpoch + (now.nsec - prev.nsec) / 1e9;
        expect(step).toBeGreaterThanOrEqual(0);
        expect(step).toBeLessThan(0.5);
        prev = now;
      }
      expect(Math.abs(timestampToSeconds(prev) - Date.now() / 1000)).toBeLessThan(5);
    }
    expect(readings).toBeGreaterThan(200);
  });

  it('has sub-millisecond resolution', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(epicsNow().nsec % 1_000_000);
    expect(seen.size).toBeGreaterThan(1);
  });
});
