export { jacobiSvd, type Svd } from './jacobi-svd.js';
export { polyfit, type PolyfitResult } from './polyfit.js';
export { polyval } from './polyval.js';
export { polyCurve } from './poly-curve.js';
