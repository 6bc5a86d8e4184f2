export { LutApp } from './lut-app.js';
export type { LutAppOptions } from './options.js';
export { type LutPv, type LutPvFactory, numericValue } from './pv.js';
export { type ProblemSource, StatusBoard, type StatusView } from './status.js';
