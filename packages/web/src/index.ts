/**
 * @devioc/web: live operator screens served by the IOC, over a server wire-compatible with
 * PV Web Socket (pvws), so that dbwr, cs-web-lib and pvws.js pages can point at a devioc IOC.
 */
export { WebServer } from './web-server.js';
export type { WebPage, WebServerOptions } from './web-server.js';
export { pageHtml } from './pages/html.js';
export { catalogOf } from './record-catalog.js';
export type { RecordEntry } from './record-catalog.js';
export { encodeUpdate, vtypeName, severityName, NOTHING_SENT } from './pvws/vtype-json.js';
export type { SentState, SeverityName } from './pvws/vtype-json.js';
export type { WebValue, ConnectedValue, DisconnectedValue } from './pvws/web-value.js';
export { LocalPvSource } from './pvws/local-source.js';
export { CaPvSource } from './pvws/ca-source.js';
export type { PvSource, UpstreamPv } from './pvws/source.js';
