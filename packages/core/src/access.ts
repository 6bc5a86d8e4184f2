/** `@devioc/core/access`: access security (EPICS asLib's .acf language, rights, TRAPWRITE logging). */
export * from './access/index.js';
