/**
 * Writes y to the target PV: a put at once when none is on its way, else only the newest value
 * waits for it (newestWhileBusy). Each put's outcome is reported: a failure, so that status
 * shows TARGET ERROR and the next value is written even if equal to the failed one.
 */
import { type ObservableInput, Subject, type Subscription, catchError, defaultIfEmpty, from, ignoreElements, map, of } from 'rxjs';
import { newestWhileBusy } from './newest-while-busy.js';

export interface TargetWrite {
  name: string;
  value: number;
}

export type TargetWriteOutcome = (TargetWrite & { ok: true }) | (TargetWrite & { ok: false; error: unknown });

export class TargetWriter {
  readonly #requests = new Subject<TargetWrite>();
  readonly #subscription: Subscription;

  constructor(put: (write: TargetWrite) => ObservableInput<unknown>, onOutcome: (outcome: TargetWriteOutcome) => void) {
    this.#subscription = this.#requests
      .pipe(
        newestWhileBusy((w) =>
          from(put(w)).pipe(
            ignoreElements(),
            defaultIfEmpty(undefined), // done: resolved, or completed
            map(() => onOutcome({ ...w, ok: true })),
            catchError((error: unknown) => of(onOutcome({ ...w, ok: false, error }))),
          ),
        ),
      )
      .subscribe();
  }

  write(name: string, value: number): void {
    this.#requests.next({ name, value });
  }

  /** Stops writing: a put on its way finishes, nothing more is written. */
  close(): void {
    this.#subscription.unsubscribe();
    this.#requests.complete();
  }
}
