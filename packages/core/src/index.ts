/**
 * @devioc/core: a pure-TypeScript Channel Access server and client, EPICS records, the calc
 * engine, the model API and the runtime.
 */
export * from './ca/protocol/index.js';
export * from './ca/server/index.js';
export * from './log/index.js';
export * from './calc/index.js';
export * from './records/index.js';
export * from './model/index.js';
export * from './runtime/index.js';
export * from './macros/index.js';
export * from './access/index.js';
export * from './autosave/index.js';
export * from './ca/client/index.js';
export * from './records/db-file/index.js';
export { MyIOC, MyIOCApp } from './example/my-ioc.js';
