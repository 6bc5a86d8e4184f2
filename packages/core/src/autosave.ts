/** `@devioc/core/autosave`: autosave compatible with synApps (.req request files, .sav files, atomic writes). */
export * from './autosave/index.js';
