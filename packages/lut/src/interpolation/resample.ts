import { InterpolationOptionError } from './errors.js';
import type { Interpolator } from './interpolator.js';

/** The number of points of the IOC's fine arrays (xfine/yfine), spec section 4.3. */
export const FINE_POINTS = 255;

/**
 * `numpy.linspace(start, stop, n)` with its exact arithmetic (numpy 1.24): `i * step + start`
 * with `step = (stop - start) / (n - 1)` (or `i / (n-1) * delta` when step underflows to 0),
 * and the last point set to `stop` itself.
 */
export function linspace(start: number, stop: number, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0) throw new InterpolationOptionError(`linspace needs an integer n >= 0, got ${String(n)}`);
  const out = new Float64Array(n);
  const div = n - 1;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    if (step === 0) {
      for (let i = 0; i < n; i++) out[i] = (i / div) * delta + start;
    } else {
      for (let i = 0; i < n; i++) out[i] = i * step + start;
    }
    out[n - 1] = stop;
  } else if (n === 1) {
    out[0] = 0 * delta + start;
  }
  return out;
}

/**
 * The fitted curve on n evenly spaced x from xmin to xmax (numpy.linspace), by default the
 * table's own range and the IOC's 255 fine points. x outside the table follows the
 * interpolator's out-of-range mode ('refuse' throws).
 */
export function resample(
  interp: Interpolator,
  xmin: number = interp.xmin,
  xmax: number = interp.xmax,
  n: number = FINE_POINTS,
): { x: Float64Array; y: Float64Array } {
  const x = linspace(xmin, xmax, n);
  return { x, y: interp.evaluateMany(x) };
}
