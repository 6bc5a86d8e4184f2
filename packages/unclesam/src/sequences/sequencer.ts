import type { Observable, Subscription } from 'rxjs';
import { BehaviorSubject, distinctUntilChanged, filter, take } from 'rxjs';
import { OperationError } from '@devioc/dcs-protocol';
import type { Activity } from '../connection/health.js';
import type { RobotModel } from '../model/robot-model.js';
import type { Approach } from '../safety/approach.js';
import { abortable, delay, Refused, SequenceAborted } from './abortable.js';
import type { PrefetchSlot, Sequence, SequenceContext } from './context.js';
import type { OperationLink } from './operations.js';
import { runOperation } from './operations.js';

export interface SequencerDeps {
  model: RobotModel;
  link: OperationLink;
  approach: Approach;
  prefetch: PrefetchSlot;
  /** MESSAGE and LOG. */
  say(text: string): void;
  /** ERROR (full text). */
  fail(text: string): void;
  /**
   * A failure: MESSAGE, LOG and ERROR, logged once (as an error). Default: say, then fail
   * (which an application that logs in both would log twice).
   */
  failure?(text: string): void;
  healthy(): boolean;
  /**
   * Why the robot is not healthy (disconnected, a need bit, a severe log), or undefined while
   * it is; replays the current value. A soak (`ctx.healthyDelay`) ends as soon as it names a
   * reason. Without it, a soak only looks at `healthy()` as it starts.
   */
  unhealthy$?: Observable<string | undefined>;
  /** Longest a single robot operation may take; default 10 minutes. */
  operationTimeoutMs?: number;
}

interface Running {
  label: string;
  controller: AbortController;
  done: Promise<void>;
}

/** The text of a failure, without the robot's `FAILED:` prefix. */
export function failureText(error: unknown): string {
  if (error instanceof OperationError) {
    const text = error.text.replace(/^FAILED[:,]?\s*/, '');
    switch (error.kind) {
      case 'failed':
        return text;
      case 'busy':
        return `robot busy: ${text}`;
      case 'timeout':
        return `${error.operation} timed out`;
      case 'disconnected':
        return 'robot disconnected';
      case 'not-connected':
        return 'robot not connected';
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one sequence at a time. While it runs, its activity is what STATUS shows; when it
 * ends, for whatever reason, approach-off is written if approach-on may be set, the
 * activity returns to idle, and the outcome goes to MESSAGE (and ERROR for failures).
 */
export class Sequencer {
  private running: Running | undefined;
  private readonly activitySubject = new BehaviorSubject<Activity>('idle');
  readonly activity$: Observable<Activity> = this.activitySubject.pipe(distinctUntilChanged());

  constructor(private readonly deps: SequencerDeps) {}

  /** The label of the running sequence. */
  get busy(): string | undefined {
    return this.running?.label;
  }

  /**
   * Starts a sequence unless one runs (then resolves false at once). The promise resolves
   * true when the sequence has ended, whatever its outcome (never rejects). `activity` is
   * what STATUS shows from the start (STANDBY for the background drying, BUSY otherwise).
   */
  start(label: string, sequence: Sequence, activity: Activity = 'busy'): Promise<boolean> {
    if (this.running !== undefined) return Promise.resolve(false);
    const controller = new AbortController();
    const ctx = this.context(controller.signal);
    const done = (async () => {
      this.activitySubject.next(activity);
      try {
        await sequence(ctx);
      } catch (error) {
        this.report(label, error);
      } finally {
        await this.deps.approach.release();
        this.running = undefined;
        this.activitySubject.next('idle');
      }
    })();
    this.running = { label, controller, done };
    return done.then(() => true);
  }

  /** Aborts the running sequence and waits until it has cleaned up. */
  async abort(reason = 'aborted'): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    running.controller.abort(reason);
    await running.done;
  }

  private report(label: string, error: unknown): void {
    if (error instanceof SequenceAborted) {
      this.deps.say(`${label} aborted`);
      return;
    }
    const text = error instanceof Refused ? error.message : `${label} failed: ${failureText(error)}`;
    this.failure(text);
  }

  private failure(text: string): void {
    if (this.deps.failure !== undefined) return this.deps.failure(text);
    this.deps.say(text);
    this.deps.fail(text);
  }

  private context(signal: AbortSignal): SequenceContext {
    const { deps } = this;
    return {
      model: deps.model,
      signal,
      approach: deps.approach,
      prefetch: deps.prefetch,
      operation: (name, args = [], onUpdate) =>
        runOperation(deps.link, name, args, { signal, timeoutMs: deps.operationTimeoutMs ?? 600_000, onUpdate }),
      activity: (activity) => {
        if (!signal.aborted) this.activitySubject.next(activity);
      },
      say: (text) => deps.say(text),
      warn: (text) => this.failure(text),
      delay: (ms) => delay(ms, signal),
      healthyDelay: (ms) => this.healthyDelay(ms, signal),
      healthy: () => deps.healthy(),
    };
  }

  /** Waits `ms`, or rejects with why the robot is unhealthy as soon as it is (SequenceAborted on abort). */
  private healthyDelay(ms: number, signal: AbortSignal): Promise<void> {
    const { unhealthy$ } = this.deps;
    if (unhealthy$ === undefined) return this.deps.healthy() ? delay(ms, signal) : Promise.reject(new Error('robot not healthy'));
    let subscription: Subscription | undefined;
    const wait = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      subscription = unhealthy$.pipe(filter((reason) => reason !== undefined), take(1)).subscribe((reason) => {
        clearTimeout(timer);
        reject(new Error(reason));
      });
      subscription.add(() => clearTimeout(timer));
    });
    return abortable(wait, signal).finally(() => subscription?.unsubscribe());
  }
}
