/** `@devioc/core/ca`: the Channel Access protocol (headers, messages, DBR codecs), server and client. */
export * from './ca/protocol/index.js';
export * from './ca/server/index.js';
export * from './ca/client/index.js';
