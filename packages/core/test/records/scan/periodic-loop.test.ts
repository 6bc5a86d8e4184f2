/**
 * The periodic scan list's schedule (dbScan.c periodicTask), on a simulated clock whose timers
 * fire late and whose runs take time, as real ones do: the rate holds on average, and an
 * over-run waits half a period and starts the schedule again.
 */
import { describe, expect, it } from 'vitest';
import { type LoopClock, type OverrunReport, PeriodicLoop } from '../../../src/records/scan/periodic-loop.js';

/** A clock with one pending timer at a time; each timer fires `lateMs()` after it is due. */
class SimClock implements LoopClock {
  t = 0;
  private pending: { due: number; fn: () => void } | undefined;
  constructor(private readonly lateMs: () => number) {}
  now(): number {
    return this.t;
  }
  after(ms: number, fn: () => void): unknown {
    this.pending = { due: this.t + Math.round(ms), fn };
    return this.pending;
  }
  cancel(handle: unknown): void {
    if (this.pending === handle) this.pending = undefined;
  }
  /** Fires timers until the clock passes `end`. */
  runUntil(end: number): void {
    while (this.pending !== undefined) {
      const at = Math.max(this.t, this.pending.due + this.lateMs());
      if (at > end) return;
      this.t = at;
      const { fn } = this.pending;
      this.pending = undefined;
      fn();
    }
  }
}

/** The old scheme, for contrast: the next period starts when the late timer fired. */
function rearmedAfterEachRun(clock: SimClock, periodMs: number, run: () => void): void {
  const tick = (): void => {
    clock.after(periodMs, tick);
    run();
  };
  clock.after(periodMs, tick);
}

describe('PeriodicLoop', () => {
  it('keeps 10 runs a second with timers 0.4-1 ms late and runs of 3 ms; re-arming after each run gave fewer', () => {
    let k = 0;
    const late = (): number => 0.4 + ((k++ * 37) % 61) / 100;
    const runTakes = (clock: SimClock) => () => {
      clock.t += 3;
    };

    const clock = new SimClock(late);
    let runs = 0;
    const loop = new PeriodicLoop(100, () => {
      runs++;
      runTakes(clock)();
    }, clock);
    clock.runUntil(100_000);
    loop.stop();
    expect(runs).toBeGreaterThanOrEqual(999);
    expect(runs).toBeLessThanOrEqual(1000);
    expect(loop.overruns).toBe(0);

    const old = new SimClock(late);
    let oldRuns = 0;
    rearmedAfterEachRun(old, 100, () => {
      oldRuns++;
    });
    old.runUntil(100_000);
    expect(oldRuns).toBeLessThan(995);
  });

  it('after a run that ends past the next start, waits half the period and starts the schedule again', () => {
    const clock = new SimClock(() => 0);
    const runs: number[] = [];
    const loop = new PeriodicLoop(100, () => {
      runs.push(clock.t);
      if (runs.length === 1) clock.t += 250;
    }, clock);
    clock.runUntil(700);
    loop.stop();
    expect(loop.overruns).toBe(1);
    // First at 100, ends at 350 (past 200): the next waits 50 (at 400), then every 100.
    expect(runs).toEqual([100, 400, 500, 600, 700]);
  });

  it('waits at most a second after an over-run of a slow list', () => {
    const clock = new SimClock(() => 0);
    const runs: number[] = [];
    const loop = new PeriodicLoop(10_000, () => {
      runs.push(clock.t);
      if (runs.length === 1) clock.t += 15_000;
    }, clock);
    clock.runUntil(40_000);
    loop.stop();
    expect(runs).toEqual([10_000, 26_000, 36_000]);
  });

  it('reports over-runs as periodicTask: after 10 in a row and 10 s, then after twice as long, and again once runs end in time', () => {
    const clock = new SimClock(() => 0);
    const reports: [number, OverrunReport][] = [];
    let slow = true;
    let runs = 0;
    const loop = new PeriodicLoop(100, () => {
      runs++;
      if (slow) clock.t += runs % 2 === 0 ? 120 : 160; // every run ends 20 or 60 ms past the next start
    }, clock, (r) => reports.push([clock.t, r]));
    clock.runUntil(60_000);
    // A run and its penalty wait take 210 or 170 ms. Over-running from the first run on, it
    // reports once 10 s have passed (the 53rd), then 20 s later (the 159th); 40 s later is past 60 s.
    expect(reports.map(([, r]) => r.inARow)).toEqual([53, 159]);
    const [first] = reports;
    // "Scan processing averages": the period plus the mean lateness (27 runs of 160 ms, 26 of 120).
    expect(first[1].minMs).toBeCloseTo(120, 6);
    expect(first[1].maxMs).toBeCloseTo(160, 6);
    expect(first[1].averageMs).toBeCloseTo((27 * 160 + 26 * 120) / 53, 6);
    expect(reports[1][0] - first[0]).toBeGreaterThan(20_000);
    // Runs in time again: the count in a row and the 10 s wait start over.
    slow = false;
    const t = clock.t;
    clock.runUntil(t + 1000);
    slow = true;
    clock.runUntil(t + 13_000);
    expect(reports.length).toBe(3);
    expect(reports[2][1].inARow).toBeGreaterThanOrEqual(10);
    expect(reports[2][0] - t).toBeLessThan(13_000);
    loop.stop();
  });

  it('runs on when the over-run report\'s handler throws', () => {
    const clock = new SimClock(() => 0);
    let runs = 0;
    const loop = new PeriodicLoop(100, () => {
      runs++;
      clock.t += 150;
    }, clock, () => {
      throw new Error('logger failed');
    });
    // The first report is due about 10 s in; the next one not before 30 s.
    expect(() => clock.runUntil(30_000)).toThrow('logger failed');
    const before = runs;
    clock.runUntil(clock.t + 2000);
    expect(runs).toBeGreaterThan(before);
    loop.stop();
  });

  it('stops: no run after stop(), even from inside a run', () => {
    const clock = new SimClock(() => 0);
    let n = 0;
    const loop = new PeriodicLoop(10, () => {
      n++;
      if (n === 3) loop.stop();
    }, clock);
    clock.runUntil(1000);
    expect(n).toBe(3);
  });
});
