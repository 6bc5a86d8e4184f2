/**
 * Work a process does once, under the close signal of the runtime that starts it: the warm-ups
 * (JIT-compiled code is the process's, not a runtime's). One stopped by that signal before it
 * was done counts as not done: the next start runs it again, once the stopped one has ended.
 */
import type { Logger } from '../log/index.js';

export class OncePerProcess<R> {
  #run: Promise<void> | undefined;
  /** The close signal of the runtime the run is for; undefined once it has ended. */
  #signal: AbortSignal | undefined;

  /** `what` names it in the log ("warm-up", "model warm-up"). */
  constructor(private readonly what: string) {}

  /** The run under way or done, if there is one. */
  get current(): Promise<void> | undefined {
    return this.#run;
  }

  /**
   * Runs `work` unless it runs or ran already; resolves when it has ended (done, failed or
   * stopped) and never rejects. `done` reports its result; a failure is logged as a warning
   * (the IOC serves anyway), a stop by `signal` at debug.
   */
  start(signal: AbortSignal, log: Logger, work: (signal: AbortSignal) => Promise<R>, done: (result: R) => void): Promise<void> {
    // One stopped by a runtime that closed may still be ending: this one runs after it.
    if (this.#run !== undefined && this.#signal?.aborted === true) return this.#run.then(() => this.start(signal, log, work, done));
    if (this.#run !== undefined) return this.#run;
    this.#signal = signal;
    this.#run = work(signal).then(
      (result) => {
        this.#signal = undefined;
        done(result);
      },
      (err: unknown) => {
        this.#signal = undefined;
        if (signal.aborted) {
          this.#run = undefined;
          log.debug(`${this.what} stopped: the runtime closed`);
        } else log.warn(`${this.what} failed (serving anyway): ${err instanceof Error ? err.message : String(err)}`);
      },
    );
    return this.#run;
  }
}
