import { InterpolationTableError } from './errors.js';

/** A table as the IOC holds it: two equally long arrays, in any order. */
export interface Table {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

/** A validated table: finite, strictly increasing x; y carried along. */
export interface SortedTable {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * Validates a table and returns a sorted copy, or throws InterpolationTableError.
 *
 * - x and y must have the same length, and at least `minPoints` entries (`what` names the fit
 *   in the message).
 * - Every value must be finite. NaN and ±Infinity are refused: interp1d's documentation calls
 *   NaN "undefined behaviour", and the IOC marks unused slots with NaN or `count`, so it is
 *   the IOC's job to pass only the valid points.
 * - Unsorted input is sorted, stably, like interp1d's default `assume_sorted=False`
 *   (`np.argsort(x, kind="mergesort")`).
 * - Repeated x values are refused with an error naming the x and both positions. interp1d
 *   leaves duplicates "undefined and specific to the choice of kind" and make_interp_spline
 *   raises; rather than silently keep one of two y values, the table must say which it means
 *   (the IOC's `new` replaces the point at an existing x, so it never makes duplicates).
 */
export function prepareTable(table: Table, minPoints: number, what: string): SortedTable {
  const { x, y } = table;
  if (x.length !== y.length) {
    throw new InterpolationTableError(
      'length-mismatch',
      `x and y must have the same length (x has ${x.length}, y has ${y.length})`,
    );
  }
  const n = x.length;
  if (n < minPoints) {
    throw new InterpolationTableError(
      'too-few-points',
      `${what} needs at least ${minPoints} point${minPoints === 1 ? '' : 's'}, the table has ${n}`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) {
      throw new InterpolationTableError('not-finite', `x[${i}] is ${String(x[i])}; table values must be finite numbers`, i);
    }
    if (!Number.isFinite(y[i])) {
      throw new InterpolationTableError('not-finite', `y[${i}] is ${String(y[i])}; table values must be finite numbers`, i);
    }
  }

  // Stable sort of positions by x (Array.prototype.sort is stable since ES2019).
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => x[a] - x[b]);

  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = x[order[i]];
    ys[i] = y[order[i]];
  }
  for (let i = 1; i < n; i++) {
    if (xs[i] === xs[i - 1]) {
      const [first, second] = [order[i - 1], order[i]].sort((a, b) => a - b);
      throw new InterpolationTableError(
        'duplicate-x',
        `x = ${xs[i]} appears twice (x[${first}] and x[${second}]); table x values must be unique`,
        second,
      );
    }
  }
  return { x: xs, y: ys };
}
