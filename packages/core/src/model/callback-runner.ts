/**
 * The callbacks of one start of a model: the listener each record with a callback gets, and
 * the queue that runs a record's callbacks one after the other.
 *
 * A class of its own, not closures over the model: the listener runs on every change of every
 * record with a callback, and V8 compiles it for the objects it reads. Read from the model
 * (an instance of the application's own subclass, a shape per model class), it was compiled
 * for the first model that ran it, the model warm-up's (model/warm-up-model.ts), and thrown
 * away at the application's first change (--trace-deopt: "wrong map"). A runner has the same
 * shape in every model.
 */
import { Dbe } from '../ca/protocol/constants.js';
import type { Logger } from '../log/index.js';
import type { RecordPut } from '../records/put.js';
import type { RecordListener } from '../records/record.js';
import type { RecordHandle } from './handle.js';

/** A record's callback, whichever way it was given (onUpdate, or a do_<attr> method). */
export type Callback = (value: unknown, put: RecordPut | undefined) => unknown;

export class CallbackRunner {
  /** False once the model has shut down: a timer of a removed record (a Toggle's HIGH) may still post. */
  live = true;
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly callbacks: ReadonlyMap<string, Callback>,
    /** Do not call a record's callback for the application's own puts to it. */
    private readonly ignoreOwnWrites: boolean,
    private readonly log: Logger,
  ) {
    // Each queue starts settled, so that the first callback of a record takes the same path as
    // the next (a branch first taken by a client's first put was compiled as a deoptimization).
    for (const attr of callbacks.keys()) this.queues.set(attr, Promise.resolve());
  }

  has(attr: string): boolean {
    return this.callbacks.has(attr);
  }

  /** The listener of VAL that calls the callback of `attr` with each new value. */
  listener(attr: string, handle: RecordHandle<unknown, unknown>): RecordListener {
    const record = handle.record;
    return (mask, snapshot, put) => {
      // Callbacks are for value changes; alarm-only posts do not call them (DevIOC's did).
      if ((mask & Dbe.VALUE) === 0 || !this.live) return;
      if (put?.quiet === true) return;
      if (put?.source === 'app' && this.ignoreOwnWrites) return;
      const value = handle.decodeSnapshot(snapshot, record);
      const done = this.invoke(attr, value, put);
      // The application's put(…, { wait }) waits for the callback; a client's put-callback
      // does for a blocking record.
      if (put?.wait === true && (put.source === 'app' || (put.source === 'client' && handle.options.blocking === true))) put.waitFor(done);
    };
  }

  /**
   * Runs a callback after the previous one of the same record (async callbacks are awaited in
   * order per record); an exception is logged and the IOC carries on.
   */
  invoke(attr: string, value: unknown, put: RecordPut | undefined): Promise<void> {
    const callback = this.callbacks.get(attr);
    const previous = this.queues.get(attr);
    if (callback === undefined || previous === undefined) return Promise.resolve();
    const run = previous.then(async () => {
      try {
        await callback(value, put);
      } catch (err) {
        this.log.error(`callback of ${attr}(${JSON.stringify(value)?.slice(0, 80)}) failed: ${(err as Error)?.stack ?? String(err)}`);
      }
    });
    this.queues.set(attr, run);
    return run;
  }

  /** Resolves once every callback started has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }
}
