/**
 * One RxJS operator for the LUT's two "only the newest waits" queues (the target writer and
 * the table file's saves): `work` runs for a value at once when idle; values that arrive while
 * it runs are dropped except the newest, which runs as soon as it finishes. So a burst of
 * input moves the target once more, with its last value, and a burst of edits is saved once
 * more, with the newest state; nothing runs twice at the same time, and nothing waits behind
 * a stale value.
 *
 * It is `throttle` with leading and trailing values, the work being the throttle's duration:
 * `throttle` starts the duration (the work) for each value it emits, leading or trailing, and
 * emits the trailing value when the duration emits. `work` must therefore emit once when done
 * (`done` below makes sure of it, whether the work succeeds, fails or completes silently).
 */
import { type ObservableInput, type OperatorFunction, catchError, defaultIfEmpty, defer, from, ignoreElements, last, map, of, throttle } from 'rxjs';

export function newestWhileBusy<T>(work: (value: T) => ObservableInput<unknown>): OperatorFunction<T, T> {
  const done = (value: T) =>
    defer(() => from(work(value))).pipe(
      ignoreElements(),
      defaultIfEmpty(true),
      last(),
      map(() => true),
      // A failed work is done too: the next value must not wait forever (report failures in `work`).
      catchError(() => of(true)),
    );
  return throttle(done, { leading: true, trailing: true });
}
