import { InterpolationOptionError } from './errors.js';

/**
 * What evaluate() does with x outside [xmin, xmax] (the table's range):
 *
 * - `'clamp'`: the value at the nearer end, f(xmin) or f(xmax): a LUT that drives a motor
 *   stops at the table's edge instead of running off along an extrapolated curve.
 * - `'extrapolate'`: scipy's `interp1d(..., fill_value='extrapolate')` for the fit's kind:
 *   LINEAR continues the end segment, SPLINEk continue the end polynomial piece, POLY is
 *   the polynomial, NEAREST and SPLINE0 hold the end values, NEXT holds y[0] below the table
 *   and is NaN above it, PREVIOUS is NaN below and holds y[n-1] above (scipy's own fills).
 * - `'refuse'`: throws InterpolationRangeError (interp1d's default bounds_error=True).
 */
export type OutOfRangeMode = 'clamp' | 'extrapolate' | 'refuse';

export const OUT_OF_RANGE_MODES: readonly OutOfRangeMode[] = Object.freeze(['clamp', 'extrapolate', 'refuse']);

export function isOutOfRangeMode(value: unknown): value is OutOfRangeMode {
  return value === 'clamp' || value === 'extrapolate' || value === 'refuse';
}

export function checkOutOfRangeMode(value: unknown): OutOfRangeMode {
  if (isOutOfRangeMode(value)) return value;
  throw new InterpolationOptionError(
    `unknown out-of-range mode ${JSON.stringify(value)}; expected one of ${OUT_OF_RANGE_MODES.join(', ')}`,
  );
}
