import type { Curve } from './curve.js';
import type { SortedTable } from './table.js';
import { searchLeft } from './search.js';

/**
 * interp1d(kind='nearest'). scipy puts the boundaries at `x[i]/2 + x[i+1]/2` (halved first, so
 * integers cannot overflow; we keep the same rounding so exact ties are the same ties) and
 * searches them with side='left': a point exactly half-way takes the LOWER neighbour.
 * With fill_value='extrapolate' the clipped index gives the end values, so outside the range
 * NEAREST is constant at y[0] / y[n-1].
 */
export function nearestCurve({ x, y }: SortedTable): Curve {
  const n = x.length;
  const bounds = new Float64Array(Math.max(0, n - 1));
  for (let i = 0; i < n - 1; i++) bounds[i] = x[i] / 2 + x[i + 1] / 2;
  const at = (v: number): number => (v !== v ? NaN : y[searchLeft(bounds, v)]);
  return { inside: at, outside: at };
}

/**
 * Index of the last x[i] <= v, or -1. scipy's 'previous' searches `nextafter(x, -inf)` with
 * side='left' (counts x[i]⁻ < v); for doubles `nextafter(x[i], -inf) < v` holds exactly when
 * `x[i] <= v`, so counting x[i] <= v is the same search without the shifted copy.
 */
function lastAtOrBelow(x: Float64Array, v: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * interp1d(kind='previous'): y of the last x[i] <= x. With fill_value='extrapolate' scipy
 * turns the fill into (NaN, y[-1]): above the table the last value holds, below it there is
 * no previous point and the result is NaN.
 */
export function previousCurve({ x, y }: SortedTable): Curve {
  const n = x.length;
  const last = y[n - 1];
  return {
    inside: (v) => (v !== v ? NaN : y[Math.max(0, lastAtOrBelow(x, v))]),
    outside: (v) => (v > x[n - 1] ? last : NaN),
  };
}

/**
 * interp1d(kind='next'): y of the first x[i] >= x (scipy searches `nextafter(x, +inf)` with
 * side='right', i.e. counts x[i] < v). With fill_value='extrapolate' the fill is (y[0], NaN):
 * below the table the first value holds, above it there is no next point and the result is NaN.
 */
export function nextCurve({ x, y }: SortedTable): Curve {
  const n = x.length;
  const first = y[0];
  return {
    inside: (v) => (v !== v ? NaN : y[Math.min(n - 1, searchLeft(x, v))]),
    outside: (v) => (v < x[0] ? first : NaN),
  };
}
