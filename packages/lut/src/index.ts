/** @devioc/lut: the look-up-table IOC and its scipy-exact interpolation. */
export * from './interpolation/index.js';
export * from './table/index.js';
export * from './table-file/index.js';
export * from './model/index.js';
export * from './app/index.js';
export { lutPage, type LutWebOptions, startLutWeb } from './web/lut-page.js';
