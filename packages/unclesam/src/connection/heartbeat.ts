import type { Observable, SchedulerLike } from 'rxjs';
import { asyncScheduler, catchError, exhaustMap, map, merge, of, startWith, switchMap, timeout, timer } from 'rxjs';

export type HeartbeatEvent<R> = { type: 'alive'; reply: R } | { type: 'dead'; reason: string };

export interface HeartbeatOptions<R> {
  /** Anything received from the DHS: the wire is not idle. */
  activity$: Observable<unknown>;
  /** One probe (get_robotstate): emits its reply, or errors. */
  probe: () => Observable<R>;
  /** Probe after this long without traffic, and again every period while it stays quiet. */
  periodMs: number;
  /** A probe without an answer within this long means the DHS is dead. */
  timeoutMs: number;
  scheduler?: SchedulerLike;
}

/**
 * DCS has no heartbeat message (§2.7): probe with an operation the robot answers at once.
 * One probe at subscription (a fresh connection), then one each time the wire has been
 * quiet for a period. A probe that errors or stays unanswered emits `dead`; the caller
 * drops the connection, which ends the subscription.
 */
export function heartbeat<R>(o: HeartbeatOptions<R>): Observable<HeartbeatEvent<R>> {
  const scheduler = o.scheduler ?? asyncScheduler;
  const quiet$ = o.activity$.pipe(
    startWith(undefined),
    switchMap(() => timer(o.periodMs, o.periodMs, scheduler)),
  );
  return merge(of(0), quiet$).pipe(
    // A probe still waiting for its answer is not doubled by the next quiet period.
    exhaustMap(() =>
      o.probe().pipe(
        timeout({ first: o.timeoutMs, scheduler, with: () => { throw new Error(`no answer within ${o.timeoutMs} ms`); } }),
        map((reply): HeartbeatEvent<R> => ({ type: 'alive', reply })),
        catchError((error: unknown) => of<HeartbeatEvent<R>>({ type: 'dead', reason: error instanceof Error ? error.message : String(error) })),
      ),
    ),
  );
}
