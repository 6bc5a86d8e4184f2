/** The Channel Access client: search, circuits, channels, get/put/monitor (RxJS). */
export { CaClient } from './context.js';
export type { CaClientStats } from './context.js';
export { CaChannel } from './channel.js';
export { resolveClientConfig } from './config.js';
export type { CaClientConfig, CaClientOptions } from './config.js';
export { CaAccessError, CaDisconnectedError, CaError, CaStatusError, CaTimeoutError } from './errors.js';
export { defaultCaClient, closeDefaultCaClient } from './default-client.js';
export { SearchScheduler } from './search-scheduler.js';
export type { SearchDatagram, SearchSchedulerOptions } from './search-scheduler.js';
export { BeaconMonitor } from './beacon-monitor.js';
export { ClientCircuit } from './circuit.js';
export type { CircuitChannel, ClientCircuitOptions, ClientTransport, IoHandler, SubscriptionHandler } from './circuit.js';
export { encodePut } from './put-value.js';
export type { EncodedPut } from './put-value.js';
export { requestCount, resolveDbrType, toReading } from './reading.js';
export type {
  CaLimits, CaPutValue, CaRange, CaReading, CaValue, ChannelInfo, ChannelState, DbrRequest, CaGetOptions, CaMonitorOptions, CaPutOptions,
} from './types.js';
