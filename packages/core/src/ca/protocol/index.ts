export * from './constants.js';
export * from './eca.js';
export * from './header.js';
export * from './byte-writer.js';
export * from './messages.js';
export * from './stream-reader.js';
export * from './dbr/index.js';
