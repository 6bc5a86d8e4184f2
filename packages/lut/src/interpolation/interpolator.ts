import { bsplineCurve } from './bspline/evaluate.js';
import { makeInterpSpline } from './bspline/make-interp-spline.js';
import type { Curve } from './curve.js';
import { InterpolationOptionError, InterpolationRangeError } from './errors.js';
import { FitType, fitTypeName, isFitType, minimumPoints, splineDegree } from './fit-types.js';
import { linearCurve } from './linear.js';
import { checkOutOfRangeMode, type OutOfRangeMode } from './out-of-range.js';
import { polyCurve } from './poly/poly-curve.js';
import { nearestCurve, nextCurve, previousCurve } from './step.js';
import { prepareTable, type SortedTable, type Table } from './table.js';

export interface InterpolatorOptions {
  /** Polynomial degree, required for POLY (an integer >= 0), ignored otherwise. */
  readonly degree?: number;
  /** What happens outside the table's x range; see OutOfRangeMode. */
  readonly outOfRange: OutOfRangeMode;
}

export interface Interpolator {
  readonly fit: FitType;
  /** The POLY degree; undefined for the other fits. */
  readonly degree: number | undefined;
  readonly outOfRange: OutOfRangeMode;
  /** The table as fitted: sorted by x, unique, finite. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly xmin: number;
  readonly xmax: number;
  /** Things numpy would warn about (a rank-deficient POLY fit); empty when all is well. */
  readonly warnings: readonly string[];
  /** The fitted value at x; allocation-free. NaN in gives NaN out, in every mode. */
  evaluate(x: number): number;
  /** evaluate() over many x, into `out` if given (it must be at least as long as xs). */
  evaluateMany(xs: ArrayLike<number>, out?: Float64Array): Float64Array;
}

function checkDegree(degree: number | undefined): number {
  if (degree === undefined) throw new InterpolationOptionError('POLY needs a degree (an integer >= 0)');
  if (!Number.isInteger(degree) || degree < 0) {
    throw new InterpolationOptionError(`POLY degree must be an integer >= 0, got ${String(degree)}`);
  }
  return degree;
}

function curveFor(table: SortedTable, fit: FitType, degree: number, warnings: string[]): Curve {
  switch (fit) {
    case FitType.LINEAR:
      return linearCurve(table);
    case FitType.NEAREST:
      return nearestCurve(table);
    case FitType.NEXT:
      return nextCurve(table);
    case FitType.PREVIOUS:
      return previousCurve(table);
    case FitType.POLY:
      return polyCurve(table, degree, warnings);
    default: {
      const k = splineDegree(fit);
      if (k === undefined) throw new InterpolationOptionError(`not a FitType: ${String(fit)}`);
      return bsplineCurve(makeInterpSpline(table, k));
    }
  }
}

/**
 * Fits `table` with `fit` (scipy/numpy semantics, see fit-types.ts) and returns its
 * evaluator. The table is validated and sorted first (prepareTable); bad tables and options
 * throw InterpolationTableError / InterpolationOptionError, never anything else.
 */
export function createInterpolator(table: Table, fit: FitType, options: InterpolatorOptions): Interpolator {
  if (!isFitType(fit)) throw new InterpolationOptionError(`not a FitType: ${String(fit)}`);
  const outOfRange = checkOutOfRangeMode(options.outOfRange);
  const degree = fit === FitType.POLY ? checkDegree(options.degree) : undefined;
  const name = fit === FitType.POLY ? `POLY of degree ${degree}` : fitTypeName(fit);
  const sorted = prepareTable(table, minimumPoints(fit, degree ?? 0), name);

  const warnings: string[] = [];
  const curve = curveFor(sorted, fit, degree ?? 0, warnings);
  const n = sorted.x.length;
  const xmin = sorted.x[0];
  const xmax = sorted.x[n - 1];
  // Clamp mode returns these; computed once so evaluate stays cheap.
  const atMin = curve.inside(xmin);
  const atMax = curve.inside(xmax);
  const { inside, outside } = curve;

  let evaluate: (x: number) => number;
  switch (outOfRange) {
    case 'clamp':
      evaluate = (x) => (x < xmin ? atMin : x > xmax ? atMax : inside(x));
      break;
    case 'extrapolate':
      evaluate = (x) => (x < xmin || x > xmax ? outside(x) : inside(x));
      break;
    case 'refuse':
      evaluate = (x) => {
        if (x < xmin || x > xmax) throw new InterpolationRangeError(x, xmin, xmax);
        return inside(x);
      };
      break;
  }

  const evaluateMany = (xs: ArrayLike<number>, out?: Float64Array): Float64Array => {
    const result = out ?? new Float64Array(xs.length);
    if (result.length < xs.length) {
      throw new InterpolationOptionError(`out has ${result.length} elements, fewer than the ${xs.length} x values`);
    }
    for (let i = 0; i < xs.length; i++) result[i] = evaluate(xs[i]);
    return result;
  };

  return Object.freeze({
    fit,
    degree,
    outOfRange,
    x: sorted.x,
    y: sorted.y,
    xmin,
    xmax,
    warnings: Object.freeze(warnings),
    evaluate,
    evaluateMany,
  });
}
