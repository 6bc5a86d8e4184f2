export { BandMatrix, solveBanded } from './banded-lu.js';
export { bsplineBasis } from './basis.js';
export { collocationMatrix } from './collocation.js';
export { bsplineCurve } from './evaluate.js';
export { findInterval } from './interval.js';
export { interpolationKnots, type SplineDegree } from './knots.js';
export { makeInterpSpline, type BSplineRep } from './make-interp-spline.js';
