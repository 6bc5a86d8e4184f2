export {
  FIT_TYPE_NAMES,
  FitType,
  type FitTypeName,
  fitTypeName,
  isFitType,
  minimumPoints,
  parseFitType,
  splineDegree,
} from './fit-types.js';
export {
  type InterpolationError,
  InterpolationOptionError,
  InterpolationRangeError,
  InterpolationTableError,
  isInterpolationError,
  type TableErrorCode,
} from './errors.js';
export { OUT_OF_RANGE_MODES, type OutOfRangeMode, isOutOfRangeMode } from './out-of-range.js';
export { prepareTable, type SortedTable, type Table } from './table.js';
export { createInterpolator, type Interpolator, type InterpolatorOptions } from './interpolator.js';
export { FINE_POINTS, linspace, resample } from './resample.js';
export { polyfit, type PolyfitResult, polyval } from './poly/index.js';
export { makeInterpSpline, type BSplineRep, type SplineDegree } from './bspline/index.js';
