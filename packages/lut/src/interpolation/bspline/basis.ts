/**
 * The k+1 B-splines of degree k that are non-zero on knot interval l (t[l] <= x < t[l+1]),
 * by the Cox–de Boor recurrence in the order scipy's `_bspl._deBoor_D` (nu = 0) runs it, so
 * the rounding is the same: on return `h[a]` is B_{l-k+a,k}(x) for a = 0..k.
 *
 * `h` needs room for 2k+2 numbers: the upper half is the scratch copy of the previous
 * degree's values. Repeated knots (xb == xa) contribute 0, as in scipy.
 */
export function bsplineBasis(t: Float64Array, k: number, l: number, x: number, h: Float64Array): void {
  const hh = k + 1; // offset of the scratch half
  h[0] = 1;
  for (let j = 1; j <= k; j++) {
    for (let i = 0; i < j; i++) h[hh + i] = h[i];
    h[0] = 0;
    for (let n = 1; n <= j; n++) {
      const xb = t[l + n];
      const xa = t[l + n - j];
      if (xb === xa) {
        h[n] = 0;
        continue;
      }
      const w = h[hh + n - 1] / (xb - xa);
      h[n - 1] += w * (xb - x);
      h[n] = w * (x - xa);
    }
  }
}
