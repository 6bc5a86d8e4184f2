/** `@devioc/core/pva`: the pvAccess protocol, server and client. */
export * from './pva/index.js';
