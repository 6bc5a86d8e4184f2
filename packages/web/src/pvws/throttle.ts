/**
 * Throttle with the latest value winning (RxJava's throttleLatest, which pvws uses): the first
 * value goes out at once, then at most one per period, always the newest.
 */
export class LatestThrottle<T> {
  private timer: NodeJS.Timeout | undefined;
  private pending: { value: T } | undefined;

  constructor(
    private readonly periodMs: () => number,
    private readonly emit: (value: T) => void,
  ) {}

  push(value: T): void {
    if (this.timer !== undefined) {
      this.pending = { value };
      return;
    }
    this.emit(value);
    this.arm();
  }

  private arm(): void {
    const period = this.periodMs();
    if (period <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const next = this.pending;
      this.pending = undefined;
      if (next !== undefined) {
        this.emit(next.value);
        this.arm();
      }
    }, period);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
