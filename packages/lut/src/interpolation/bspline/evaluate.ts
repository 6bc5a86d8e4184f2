import type { Curve } from '../curve.js';
import { bsplineBasis } from './basis.js';
import { findInterval } from './interval.js';
import type { BSplineRep } from './make-interp-spline.js';

/**
 * Evaluates a B-spline as scipy's `_bspl.evaluate_spline` (nu = 0) does: the knot interval
 * (extrapolating from the end pieces outside the base interval, BSpline's default
 * extrapolate=True that interp1d relies on), the k+1 non-zero basis values, then
 * `sum c[l-k+a] * B[a]` accumulated from a = 0. Inside and outside are the same function;
 * NaN gives NaN. The scratch array is allocated once here, not per call.
 */
export function bsplineCurve({ t, c, k }: BSplineRep): Curve {
  const nc = c.length;
  const h = new Float64Array(2 * k + 2);
  const at = (x: number): number => {
    const l = findInterval(t, k, nc, x);
    if (l < 0) return NaN;
    bsplineBasis(t, k, l, x, h);
    let sum = 0;
    for (let a = 0; a <= k; a++) sum += c[l - k + a] * h[a];
    return sum;
  };
  return { inside: at, outside: at };
}
