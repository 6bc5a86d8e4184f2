import type { Observable, SchedulerLike } from 'rxjs';
import { asyncScheduler, Observable as RxObservable, Subscription } from 'rxjs';
import type { HardwareMessage, StohStartOperation } from '../messages/types.js';

/** What an operation reports while it runs, and its successful end. */
export type OperationEvent =
  | { type: 'update'; operation: string; handle: string; text: string }
  /** `htos_operation_completed … normal <returns>`; the Observable completes after it. */
  | { type: 'result'; operation: string; handle: string; returns: string };

/**
 * - `failed`: completed with a status other than `normal` (the text is the reason)
 * - `busy`: the DHS could not queue it (`busy doing <op> <handle>`)
 * - `timeout`: no completion within the timeout given to start()
 * - `disconnected`: the DHS went away while it ran
 * - `not-connected`: there was no DHS to send it to
 */
export type OperationErrorKind = 'failed' | 'busy' | 'timeout' | 'disconnected' | 'not-connected';

export class OperationError extends Error {
  readonly kind: OperationErrorKind;
  readonly operation: string;
  readonly handle: string;
  /** The DHS's completion text (status word first) or our description of the failure. */
  readonly text: string;

  constructor(kind: OperationErrorKind, operation: string, handle: string, text: string) {
    super(`${operation} (${handle}) ${kind === 'failed' || kind === 'busy' ? 'failed' : kind}: ${text}`);
    this.name = 'OperationError';
    this.kind = kind;
    this.operation = operation;
    this.handle = handle;
    this.text = text;
  }
}

export interface OperationTrackerOptions {
  /** Sends the start message; false if there is no connection. */
  send(message: StohStartOperation): boolean;
  /** Every message from the DHS. */
  messages$: Observable<HardwareMessage>;
  /** Emits whenever the DHS connection is lost. */
  disconnected$: Observable<unknown>;
  /** Handles are `<prefix>.<counter>`, as DCSS writes `clientNumber.counter`; default `1`. */
  handlePrefix?: string;
  /** Used for timeouts; pass a TestScheduler in tests. */
  scheduler?: SchedulerLike;
}

export interface StartOperationOptions {
  /** Fail with `timeout` if no completion arrives within this many ms. */
  timeoutMs?: number;
}

/**
 * Runs DCS operations: each start() sends `stoh_start_operation <op> <fresh handle>
 * <args>` and follows that handle. Cold: nothing is sent until you subscribe, and each
 * subscription is a new operation with a new handle. Unsubscribing stops following the
 * operation; it does not abort it on the robot (use stoh_abort_all for that).
 */
export class OperationTracker {
  private counter = 0;
  private readonly prefix: string;
  private readonly scheduler: SchedulerLike;

  constructor(private readonly options: OperationTrackerOptions) {
    this.prefix = options.handlePrefix ?? '1';
    this.scheduler = options.scheduler ?? asyncScheduler;
  }

  /** The next handle; never reused for the life of the tracker, reconnects included. */
  nextHandle(): string {
    this.counter += 1;
    return `${this.prefix}.${this.counter}`;
  }

  start(operation: string, args: readonly string[] = [], options: StartOperationOptions = {}): Observable<OperationEvent> {
    return new RxObservable<OperationEvent>((subscriber) => {
      const handle = this.nextHandle();
      const fail = (kind: OperationErrorKind, text: string) =>
        subscriber.error(new OperationError(kind, operation, handle, text));
      const subscriptions = new Subscription();

      // Listen before sending: a DHS may answer at once (busy, get_robotstate).
      subscriptions.add(
        this.options.messages$.subscribe((message) => {
          if (message.type === 'htos_operation_update' && message.handle === handle) {
            subscriber.next({ type: 'update', operation, handle, text: message.text });
          } else if (message.type === 'htos_operation_completed' && message.handle === handle) {
            if (message.status === 'normal') {
              subscriber.next({ type: 'result', operation, handle, returns: message.returns });
              subscriber.complete();
            } else {
              const text = message.returns === '' ? message.status : `${message.status} ${message.returns}`;
              // The robot's "cannot queue" answer is its own kind, so callers can retry.
              fail(message.status === 'busy' ? 'busy' : 'failed', text);
            }
          }
        }),
      );
      subscriptions.add(this.options.disconnected$.subscribe(() => fail('disconnected', 'the DHS disconnected')));
      if (options.timeoutMs !== undefined) {
        const ms = options.timeoutMs;
        subscriptions.add(this.scheduler.schedule(() => fail('timeout', `no completion within ${ms} ms`), ms));
      }
      if (!subscriber.closed && !this.options.send({ type: 'stoh_start_operation', operation, handle, args: [...args] })) {
        fail('not-connected', 'the DHS is not connected');
      }
      return subscriptions;
    });
  }
}
