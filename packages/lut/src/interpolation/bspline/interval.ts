/**
 * The knot interval scipy's `_bspl.find_interval` picks for x, with extrapolation on: the
 * largest l in [k, nc-1] with t[l] <= x (nc = number of coefficients), or k when x < t[k].
 *
 * So the base interval [t[k], t[nc]] is closed on the right (x = t[nc] falls in the last
 * interval, not past it), a point on an interior knot belongs to the interval it starts, and
 * outside the base interval the first or last polynomial piece is continued: BSpline's
 * extrapolate=True, which interp1d's splines use. scipy searches linearly from the previous
 * interval; the answer is the same, found here by bisection. NaN gives -1.
 */
export function findInterval(t: Float64Array, k: number, nc: number, x: number): number {
  if (x !== x) return -1;
  let lo = k;
  let hi = nc - 1;
  if (x >= t[hi]) return hi;
  if (x < t[lo + 1]) return lo;
  // Invariant: t[lo] <= x < t[hi] (with lo < hi).
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}
