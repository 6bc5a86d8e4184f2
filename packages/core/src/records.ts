/** `@devioc/core/records`: EPICS records and their database, .db files, the calc engine, macro substitution. */
export * from './records/index.js';
export * from './records/db-file/index.js';
export * from './calc/index.js';
export * from './macros/index.js';
