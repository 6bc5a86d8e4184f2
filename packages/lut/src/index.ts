/** @devioc/lut: the look-up-table IOC and its scipy-exact interpolation. */
export * from './interpolation/index.js';
