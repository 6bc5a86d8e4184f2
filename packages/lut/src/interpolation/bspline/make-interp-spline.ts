import { InterpolationTableError } from '../errors.js';
import type { SortedTable } from '../table.js';
import { solveBanded } from './banded-lu.js';
import { collocationMatrix } from './collocation.js';
import { interpolationKnots, type SplineDegree } from './knots.js';

/** A B-spline: knots t, coefficients c (one per data point), degree k. */
export interface BSplineRep {
  readonly t: Float64Array;
  readonly c: Float64Array;
  readonly k: SplineDegree;
}

/**
 * The interpolating B-spline of degree k through the table, as scipy 1.10's
 * `make_interp_spline(x, y, k)` with default knots and boundary conditions:
 * for k = 0 and k = 1 the coefficients are y itself (scipy's special cases); for k = 2 and
 * k = 3 they solve the banded collocation system B c = y (kl = ku = k, LU with partial
 * pivoting like gbsv). Needs k+1 points and strictly increasing x (prepareTable's job).
 */
export function makeInterpSpline({ x, y }: SortedTable, k: SplineDegree): BSplineRep {
  const t = interpolationKnots(x, k);
  // Mid-point knots of x values near the double maximum overflow (scipy gets inf there too):
  // refuse the table with the module's own error rather than let the solver meet an inf.
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i])) {
      throw new InterpolationTableError('overflow', `the degree-${k} spline's knots overflow for this table (x values near ±1.8e308)`);
    }
  }
  if (k <= 1) return { t, c: Float64Array.from(y), k };

  const c = solveBanded(collocationMatrix(x, t, k), y);
  if (c === null) {
    throw new InterpolationTableError('singular', `the degree-${k} spline's collocation matrix is singular for this table's x`);
  }
  for (let i = 0; i < c.length; i++) {
    if (!Number.isFinite(c[i])) {
      throw new InterpolationTableError(
        'overflow',
        `the degree-${k} spline's coefficients overflow for this table (x spacing too small for the y steps)`,
      );
    }
  }
  return { t, c, k };
}
