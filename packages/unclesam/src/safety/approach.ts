import { abortable, delay } from '../sequences/abortable.js';

export interface ApproachLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ApproachDeps {
  /** The PV to write when the robot may enter the goniometer area ('' = none configured). */
  onPv(): string;
  /** The PV to write when the robot has left it ('' = none configured). */
  offPv(): string;
  /** Writes 1 to a PV and resolves when the write has completed (a put-callback). */
  write(pv: string): Promise<void>;
  /** Resolves when the goniometer reports ready; absent when no readback is configured. */
  ready?: (signal?: AbortSignal) => Promise<void>;
  /** Mirrors the handshake into STATE:APPROACH. */
  state(on: boolean): void;
  log: ApproachLog;
  /** Attempts for approach-off before giving up; default 3. */
  offAttempts?: number;
  /** Pause between approach-off attempts; default 500 ms. */
  retryDelayMs?: number;
}

/**
 * The goniometer safety handshake. `request()` writes approach-on without waiting (the robot
 * asked, the goniometer may start moving while the tong cools); `on()` waits for that write
 * and for the ready readback; `off()` writes approach-off once the robot has left. Whatever
 * happens in between, `release()` (the sequencer's finally) writes approach-off whenever
 * approach-on was, or may have been, written.
 */
export class Approach {
  private onWrite: Promise<void> | undefined;
  private active = false;

  constructor(private readonly deps: ApproachDeps) {}

  /** true from the first approach-on write until an approach-off write succeeded. */
  get isOn(): boolean {
    return this.active;
  }

  /** Starts the approach-on write now (once per approach). */
  request(): void {
    if (this.onWrite !== undefined) return;
    this.active = true; // from here the goniometer may have heard "on"
    this.deps.state(true);
    const pv = this.deps.onPv();
    this.onWrite = pv === '' ? Promise.resolve() : this.deps.write(pv);
    this.onWrite.then(
      () => this.deps.log.info(pv === '' ? 'approach on (no PV configured)' : `approach on: wrote 1 to ${pv}`),
      // A warning: the sequence waiting for it fails and reports that as the error (once).
      (error: unknown) => this.deps.log.warn(`approach on: writing ${pv} failed: ${message(error)}`),
    );
  }

  /** Approach-on written and the goniometer ready; rejects if either fails or the signal aborts. */
  async on(signal?: AbortSignal): Promise<void> {
    this.request();
    try {
      await abortable(this.onWrite ?? Promise.resolve(), signal);
    } catch (error) {
      if (error instanceof Error && error.name === 'SequenceAborted') throw error;
      throw new Error(`approach-on ${this.deps.onPv()} failed: ${message(error)}`);
    }
    if (this.deps.ready) await this.deps.ready(signal);
  }

  /** Writes approach-off (retrying); throws if it could not be written. */
  async off(): Promise<void> {
    if (!this.active) return;
    // Let a pending approach-on land first, so the goniometer never hears them in the wrong order.
    await this.onWrite?.catch(() => undefined);
    const pv = this.deps.offPv();
    const attempts = this.deps.offAttempts ?? 3;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        if (pv !== '') await this.deps.write(pv);
        this.active = false;
        this.onWrite = undefined;
        this.deps.state(false);
        this.deps.log.info(pv === '' ? 'approach off (no PV configured)' : `approach off: wrote 1 to ${pv}`);
        return;
      } catch (error) {
        lastError = error;
        this.deps.log.warn(`approach off: writing ${pv} failed (attempt ${attempt} of ${attempts}): ${message(error)}`);
        if (attempt < attempts) await delay(this.deps.retryDelayMs ?? 500);
      }
    }
    throw new Error(`approach-off ${pv} could not be written: ${message(lastError)}`);
  }

  /** approach-off if approach-on may be set; never throws (for finally blocks). */
  async release(): Promise<void> {
    try {
      await this.off();
    } catch (error) {
      this.deps.log.error(message(error));
    }
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
