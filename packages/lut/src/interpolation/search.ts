/**
 * Binary searches over a sorted Float64Array, named after numpy.searchsorted's sides.
 * Both return an insertion index in [0, a.length].
 */

/** Number of elements strictly less than v (searchsorted side='left'). */
export function searchLeft(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of elements less than or equal to v (searchsorted side='right'). */
export function searchRight(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
