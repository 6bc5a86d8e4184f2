/**
 * The table file's saves: automatic saves after every change, coalesced (a burst of changes
 * is saved once more after the save in progress, with the newest state: newestWhileBusy),
 * explicit saves (the save command) after them, and a save the file system does not answer
 * reported after `timeoutMs` (it may still finish). Time comes from an RxJS scheduler, so
 * that tests drive it with a TestScheduler instead of waiting.
 */
import {
  BehaviorSubject, EMPTY, type Observable, type ObservableInput, type SchedulerLike, Subject, type Subscription, asyncScheduler, catchError,
  defaultIfEmpty, defer, filter, finalize, firstValueFrom, from, ignoreElements, map, merge, of, shareReplay, takeUntil, tap, timer,
} from 'rxjs';
import { newestWhileBusy } from './newest-while-busy.js';

export type SaveOutcome = { ok: true; explicit: boolean } | { ok: false; explicit: boolean; error: unknown };

export interface TableSaverOptions {
  /** Writes the file with the newest state (taken when called); fails when it cannot. */
  write: () => ObservableInput<unknown>;
  /** Whether automatic saves are held back (a file refused at load must not be overwritten). */
  held: () => boolean;
  /** A save finished or failed; `explicit` for the save command. */
  onOutcome: (outcome: SaveOutcome) => void;
  /** A save has not finished after timeoutMs. */
  onSlow: (timeoutMs: number) => void;
  /** Default 10 s. */
  timeoutMs?: number;
  scheduler?: SchedulerLike;
}

export class TableSaver {
  readonly #requests = new Subject<void>();
  /** Saves running or waiting to run. */
  readonly #busy = new BehaviorSubject(0);
  readonly #subscription: Subscription;
  #closed = false;

  constructor(private readonly options: TableSaverOptions) {
    this.#subscription = this.#requests
      .pipe(
        tap(() => this.#busy.next(this.#busy.value + 1)),
        newestWhileBusy(() => this.#save(false).pipe(finalize(() => this.#busy.next(this.#busy.value - 1)))),
      )
      .subscribe();
  }

  /** Saves soon (after a save in progress), once for any number of requests meanwhile. */
  request(): void {
    if (this.#closed || this.options.held()) return;
    // A request that joins a waiting one is not a save of its own.
    if (this.#busy.value >= 2) return;
    this.#requests.next();
  }

  /** Saves now, after the saves in progress or waiting; resolves with whether it was written. */
  async saveNow(): Promise<boolean> {
    await this.idle();
    this.#busy.next(this.#busy.value + 1);
    try {
      return await firstValueFrom(this.#save(true).pipe(defaultIfEmpty(false)));
    } finally {
      this.#busy.next(this.#busy.value - 1);
    }
  }

  /** Resolves when no save is running or waiting. */
  idle(): Promise<void> {
    return firstValueFrom(this.#busy.pipe(filter((n) => n === 0), map(() => undefined)));
  }

  /** Takes no more automatic saves (one in progress finishes; idle() says when). */
  close(): void {
    this.#closed = true;
    this.#requests.complete();
  }

  /** Stops at once, even a save in progress (its outcome is no longer reported). */
  unsubscribe(): void {
    this.close();
    this.#subscription.unsubscribe();
  }

  /** One save: emits whether it was written, then completes. */
  #save(explicit: boolean): Observable<boolean> {
    return defer(() => {
      if (!explicit && this.options.held()) return EMPTY;
      const { timeoutMs = 10_000, scheduler = asyncScheduler } = this.options;
      // One write, its outcome reported once and replayed to the timer below (never twice run).
      const written = defer(() => from(this.options.write())).pipe(
        ignoreElements(),
        defaultIfEmpty(undefined),
        map(() => {
          this.options.onOutcome({ ok: true, explicit });
          return true;
        }),
        catchError((error: unknown) => {
          this.options.onOutcome({ ok: false, explicit, error });
          return of(false);
        }),
        shareReplay({ bufferSize: 1, refCount: false }),
      );
      // The write is waited for (saves stay in order); one the file system does not answer is reported meanwhile.
      const slow = timer(timeoutMs, scheduler).pipe(
        takeUntil(written),
        tap(() => this.options.onSlow(timeoutMs)),
        ignoreElements(),
      );
      return merge(written, slow);
    });
  }
}
