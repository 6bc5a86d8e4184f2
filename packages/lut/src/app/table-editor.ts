/**
 * Table edits: a client's writes of xtable, ytable and count, settled and checked, and the
 * point `new` adds. The checks are pure functions; TableEdits holds the settling, whose time
 * comes from an RxJS scheduler so that tests drive it with a TestScheduler.
 */
import { type SchedulerLike, Subject, type Subscription, asyncScheduler, debounceTime } from 'rxjs';
import { checkTable, type LutTable, TableStructureError, withPoint } from '../table/points.js';

export type EditResult = { ok: true; table: LutTable } | { ok: false; why: string };

/**
 * The table a client's edit makes: the first `count` values of xtable and ytable when count
 * was written, else all of them (then both must have as many); or why it is refused.
 */
export function editedTable(xs: Float64Array, ys: Float64Array, count: number | undefined): EditResult {
  let n: number;
  if (count !== undefined) n = count;
  else if (xs.length === ys.length) n = xs.length;
  else return { ok: false, why: `xtable has ${xs.length} values and ytable ${ys.length}: write both with as many values, or set count` };
  if (n > xs.length || n > ys.length) return { ok: false, why: `count is ${n} but xtable has ${xs.length} values and ytable ${ys.length}` };
  try {
    return { ok: true, table: checkTable(xs.subarray(0, n), ys.subarray(0, n), (i, axis) => `${axis}table[${i}]`) };
  } catch (err) {
    if (!(err instanceof TableStructureError)) throw err;
    return { ok: false, why: err.message };
  }
}

export type PointResult = { ok: true; table: LutTable; replaced: boolean } | { ok: false; why: string };

/** The table with the point (x, y), replacing one at the same x; or why not (a full table). */
export function withNewPoint(table: LutTable, x: number, y: number): PointResult {
  try {
    const added = withPoint(table, x, y);
    return { ok: true, table: added.table, replaced: added.replaced };
  } catch (err) {
    if (!(err instanceof TableStructureError)) throw err;
    return { ok: false, why: err.message };
  }
}

/**
 * A client's table edit, applied `settleMs` after the last of its writes, so that a client
 * writing x, then y, then count moves the target once, with the whole edit, and never with a
 * half-written table. Each write's put-callback completes once the edit it is part of has been
 * applied (or refused): a client that waits for it can then read status, output and the target.
 */
export class TableEdits {
  readonly #writes = new Subject<void>();
  readonly #subscription: Subscription;
  readonly #waiters: (() => void)[] = [];
  #pending = false;
  #countEdited = false;
  #closed = false;

  /** `apply(countEdited)`: the edit has settled; countEdited whether count was written. */
  constructor(
    private readonly apply: (countEdited: boolean) => void,
    settleMs = 200,
    scheduler: SchedulerLike = asyncScheduler,
  ) {
    this.#subscription = this.#writes.pipe(debounceTime(settleMs, scheduler)).subscribe(() => this.#settled());
  }

  /** A client wrote xtable or ytable (count: false) or count; resolves once the edit is applied. */
  written(count: boolean): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#pending = true;
    if (count) this.#countEdited = true;
    const applied = new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#writes.next();
    return applied;
  }

  /** A table was set by the application: no edit is pending any more. */
  reset(): void {
    this.#pending = false;
    this.#countEdited = false;
  }

  /** Applies nothing more; writes waiting for an edit complete. */
  close(): void {
    this.#closed = true;
    this.#subscription.unsubscribe();
    this.#writes.complete();
    this.#release();
  }

  #settled(): void {
    try {
      if (!this.#pending || this.#closed) return;
      const countEdited = this.#countEdited;
      this.reset();
      this.apply(countEdited);
    } finally {
      this.#release();
    }
  }

  #release(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}
