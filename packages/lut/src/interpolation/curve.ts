/**
 * What every fit kind provides to the interpolator: scipy's value inside the table's range,
 * and scipy's `fill_value='extrapolate'` value outside it. The interpolator decides which one
 * to call (and clamps or refuses instead, by the out-of-range mode), so a curve never checks
 * the range itself. Both must be allocation-free.
 */
export interface Curve {
  /** The value for xmin <= x <= xmax, as scipy's default interp1d (or poly1d) gives it. */
  inside(x: number): number;
  /** The value for x < xmin or x > xmax, as interp1d(..., fill_value='extrapolate') gives it. */
  outside(x: number): number;
}
