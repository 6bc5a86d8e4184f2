/**
 * The timing of one periodic scan list, as dbScan.c's periodicTask: runs follow a fixed
 * schedule, one period apart from the first, so that the rate holds on average. A timer re-armed
 * after each run (setInterval) starts the next period when the late timer fired: at 10 Hz this
 * machine's timers gave 9.90–9.95 runs a second, where softIoc's lists keep 10.
 *
 * A run that ends past the next start is an over-run: the next one waits `penalty` (half the
 * period, at most a second) and the schedule starts again from then, as periodicTask does.
 * After 10 over-runs in a row it reports them, then again no sooner than 10 s later, the wait
 * doubling up to an hour (OVERRUN_REPORT_DELAY, OVERRUN_REPORT_MAX), until a run ends in time.
 */

/** What periodicTask's "scan thread over-running" warning says, in milliseconds. */
export interface OverrunReport {
  /** The average length of a run+wait over the over-runs in a row (period + mean lateness). */
  averageMs: number;
  minMs: number;
  maxMs: number;
  /** Over-runs in a row. */
  inARow: number;
}

const FIRST_REPORT_DELAY_MS = 10_000;
const MAX_REPORT_DELAY_MS = 3_600_000;

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
  private inARow = 0;
  private overtime = 0;
  private overMin = 0;
  private overMax = 0;
  private reportedAt: number;
  private reportDelayMs = FIRST_REPORT_DELAY_MS;

  /**
   * The first run comes one period after the start (periodicTask runs at once; devioc's lists
   * have always waited a period, kept so).
   */
  constructor(
    private readonly periodMs: number,
    private readonly run: () => void,
    private readonly clock: LoopClock = realClock,
    private readonly onOverrun?: (report: OverrunReport) => void,
  ) {
    this.penaltyMs = periodMs >= 2000 ? 1000 : periodMs / 2;
    this.reportedAt = clock.now();
    this.next = this.reportedAt + periodMs;
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
    let report: OverrunReport | undefined;
    if (delay <= 0) {
      report = this.overrun(now, -delay);
      delay = this.penaltyMs;
      this.next = now + delay;
    } else {
      this.inARow = 0;
      this.reportDelayMs = FIRST_REPORT_DELAY_MS;
    }
    // Armed before the report is handed over: whatever the report's handler does, the list runs on.
    this.arm(delay);
    if (report !== undefined) this.onOverrun?.(report);
  }

  /** Counts an over-run; returns the report due now, if one is. */
  private overrun(now: number, lateMs: number): OverrunReport | undefined {
    this.overruns++;
    if (this.inARow === 0) {
      this.overtime = this.overMin = this.overMax = lateMs;
    } else {
      this.overtime += lateMs;
      this.overMin = Math.min(this.overMin, lateMs);
      this.overMax = Math.max(this.overMax, lateMs);
    }
    this.inARow++;
    if (this.inARow < 10 || now - this.reportedAt <= this.reportDelayMs) return undefined;
    this.reportedAt = now;
    this.reportDelayMs = this.reportDelayMs < MAX_REPORT_DELAY_MS / 2 ? this.reportDelayMs * 2 : MAX_REPORT_DELAY_MS;
    return {
      averageMs: this.periodMs + this.overtime / this.inARow,
      minMs: this.periodMs + this.overMin,
      maxMs: this.periodMs + this.overMax,
      inARow: this.inARow,
    };
  }
}
