/** Spline degrees the FitTypes use (SPLINE0..SPLINE3). */
export type SplineDegree = 0 | 1 | 2 | 3;

/**
 * The knot vector scipy 1.10's `make_interp_spline(x, y, k)` builds when given no knots and
 * no boundary conditions (what interp1d does). n data points always give n coefficients, so
 * the vector has n + k + 1 knots:
 *
 * - k = 0: `x` followed by `x[-1]` (the special case at the top of make_interp_spline);
 * - k = 1: `x[0]`, `x`, `x[-1]` (Lyche & Morken eq. 2.16, also special-cased);
 * - k = 2: the mid-points `(x[i+1] + x[i]) / 2` without the first and the last, between
 *   `x[0]` and `x[-1]` each repeated k+1 times ("Greville sites + omit 2nd and 2nd-to-last
 *   points, a la not-a-knot", scipy's own comment; `_not_a_knot` itself refuses even k);
 * - k = 3: `_not_a_knot`: interior knots `x[2:-2]`, ends repeated k+1 times, so the first two
 *   and the last two polynomial pieces are each one cubic.
 */
export function interpolationKnots(x: Float64Array, k: SplineDegree): Float64Array {
  const n = x.length;
  const first = x[0];
  const last = x[n - 1];
  const t = new Float64Array(n + k + 1);
  switch (k) {
    case 0:
      t.set(x, 0);
      t[n] = last;
      return t;
    case 1:
      t[0] = first;
      t.set(x, 1);
      t[n + 1] = last;
      return t;
    case 2: {
      t.fill(first, 0, 3);
      // mid-points 1 .. n-3 of the n-1 mid-points: n-3 interior knots.
      for (let i = 1; i <= n - 3; i++) t[2 + i] = (x[i + 1] + x[i]) / 2;
      t.fill(last, n, n + 3);
      return t;
    }
    case 3:
      t.fill(first, 0, 4);
      // x[2 .. n-3]: n-4 interior knots.
      for (let i = 2; i <= n - 3; i++) t[2 + i] = x[i];
      t.fill(last, n, n + 4);
      return t;
  }
}
