export { PvaClient, type PvaData, type PvaUpdate, type PvaOperationOptions, type PvaMonitorOptions } from './client.js';
export { type PvaClientOptions, resolvePvaClientConfig } from './config.js';
export { PvaClientError } from './connection.js';
export { assignFields, putArgumentsToValue } from './assign.js';
export { formatDelta, formatTree, formatType } from './format.js';
