export { PvaServer, PvaServerStartError, type PvaServerStartOptions } from './server.js';
export { type PvaServerOptions, resolvePvaServerConfig } from './config.js';
export { PvaServerConnection, type PvaTransport, type PvaConnectionHost } from './connection.js';
export { NtMapping, mappingFor, pvaStatusClass } from './nt-mapping.js';
