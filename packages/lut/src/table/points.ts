/**
 * The coarse table as the IOC keeps it: at most 120 points, finite, in strictly increasing x.
 *
 * The interpolation module would sort an unsorted table (as interp1d does), but the IOC
 * refuses one: the table staff see in `xtable`/`ytable` and in the file must be the table in
 * use, point for point, so a misplaced x is reported rather than silently moved.
 */

/** Points of the coarse table: the EPICS array length of `xtable`/`ytable` (spec section 4.3). */
export const COARSE_POINTS = 120;

/** A structurally valid table: equally long, finite, strictly increasing x, at most 120 points. */
export interface LutTable {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export const EMPTY_TABLE: LutTable = Object.freeze({ x: Object.freeze([]) as readonly number[], y: Object.freeze([]) as readonly number[] });

/** Why a table is not structurally valid; `index` is the offending point (0-based) when there is one. */
export class TableStructureError extends Error {
  override readonly name = 'TableStructureError';
  constructor(
    message: string,
    readonly index?: number,
  ) {
    super(message);
  }
}

/**
 * Checks the structure of a table and returns it as plain arrays, or throws
 * TableStructureError. `label(i, axis)` names an entry in messages (e.g. `xtable[3]` or
 * `line 12`), so that the message says where to look.
 */
export function checkTable(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  label: (index: number, axis: 'x' | 'y') => string = (i, axis) => `${axis}[${i}]`,
): LutTable {
  if (x.length !== y.length) {
    throw new TableStructureError(`x and y must have as many values (x has ${x.length}, y has ${y.length})`);
  }
  const n = x.length;
  if (n > COARSE_POINTS) throw new TableStructureError(`the table has ${n} points; it holds at most ${COARSE_POINTS}`, COARSE_POINTS);
  for (let i = 0; i < n; i++) {
    for (const [axis, v] of [['x', x[i]], ['y', y[i]]] as const) {
      if (!Number.isFinite(v)) throw new TableStructureError(`${label(i, axis)} is ${String(v)}; table values must be finite numbers`, i);
    }
    if (i > 0 && x[i] === x[i - 1]) {
      throw new TableStructureError(`${label(i, 'x')} = ${x[i]} repeats ${label(i - 1, 'x')}; each x may appear once`, i);
    }
    if (i > 0 && x[i] < x[i - 1]) {
      throw new TableStructureError(
        `${label(i, 'x')} = ${x[i]} is below ${label(i - 1, 'x')} = ${x[i - 1]}; the points must be in increasing x`,
        i,
      );
    }
  }
  return { x: Array.from(x), y: Array.from(y) };
}

/**
 * Two x values closer than this (relative to their size, at least absolutely) are the same
 * point for `new`: what an input read twice "at the same place" gives, float noise included.
 */
export const SAME_X_TOLERANCE = 1e-9;

export const sameX = (a: number, b: number): boolean => Math.abs(a - b) <= SAME_X_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The table with (x, y) added in order, or replacing the point at the same x (within
 * SAME_X_TOLERANCE; the existing x is kept so the table does not drift). Throws
 * TableStructureError when a new point would not fit in the 120 slots.
 */
export function withPoint(table: LutTable, x: number, y: number): { table: LutTable; index: number; replaced: boolean } {
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new TableStructureError(`the point (${x}, ${y}) is not finite`);
  const xs = [...table.x];
  const ys = [...table.y];
  let index = xs.findIndex((xi) => xi >= x || sameX(xi, x));
  if (index !== -1 && sameX(xs[index], x)) {
    ys[index] = y;
    return { table: { x: xs, y: ys }, index, replaced: true };
  }
  if (xs.length >= COARSE_POINTS) {
    throw new TableStructureError(`the table is full (${COARSE_POINTS} points): remove a point before adding x = ${x}`);
  }
  if (index === -1) index = xs.length;
  xs.splice(index, 0, x);
  ys.splice(index, 0, y);
  return { table: { x: xs, y: ys }, index, replaced: false };
}

export function tablesEqual(a: LutTable, b: LutTable): boolean {
  return a.x.length === b.x.length && a.x.every((v, i) => Object.is(v, b.x[i])) && a.y.every((v, i) => Object.is(v, b.y[i]));
}
