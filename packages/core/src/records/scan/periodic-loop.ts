/**
 * The timing of one periodic scan list, as dbScan.c's periodicTask: runs follow a fixed
 * schedule, one period apart from the first, so that the rate holds on average. A timer re-armed
 * after each run (setInterval) starts the next period when the late timer fired: at 10 Hz this
 * machine's timers gave 9.90–9.95 runs a second, where softIoc's lists keep 10.
 *
 * A run that ends past the next start is an over-run: the next one waits `penalty` (half the
 * period, at most a second) and the schedule starts again from then, as periodicTask does.
 */

/** The clock and timers a loop runs on (tests give a simulated one). */
export interface LoopClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Calls `fn` after `ms`; the handle is passed to cancel. */
  after(ms: number, fn: () => void): unknown;
  cancel(handle: unknown): void;
}

const realClock: LoopClock = {
  now: () => performance.now(),
  after(ms, fn) {
    // Node's timers count whole milliseconds; the schedule makes up for the rounding.
    const t = setTimeout(fn, Math.max(0, Math.round(ms)));
    t.unref();
    return t;
  },
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class PeriodicLoop {
  private timer: unknown;
  private next: number;
  private readonly penaltyMs: number;
  /** Runs that ended past the next start (ppsl->overruns). */
  overruns = 0;

  /**
   * The first run comes one period after the start (periodicTask runs at once; devioc's lists
   * have always waited a period, kept so).
   */
  constructor(
    private readonly periodMs: number,
    private readonly run: () => void,
    private readonly clock: LoopClock = realClock,
  ) {
    this.penaltyMs = periodMs >= 2000 ? 1000 : periodMs / 2;
    this.next = clock.now() + periodMs;
    this.arm(periodMs);
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.cancel(this.timer);
    this.timer = undefined;
  }

  private arm(delayMs: number): void {
    this.timer = this.clock.after(delayMs, () => this.tick());
  }

  private tick(): void {
    if (this.timer === undefined) return;
    try {
      this.run();
    } finally {
      if (this.timer !== undefined) this.armNext();
    }
  }

  private armNext(): void {
    this.next += this.periodMs;
    const now = this.clock.now();
    let delay = this.next - now;
    if (delay <= 0) {
      this.overruns++;
      delay = this.penaltyMs;
      this.next = now + delay;
    }
    this.arm(delay);
  }
}
