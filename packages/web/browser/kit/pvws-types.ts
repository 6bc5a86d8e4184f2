/** The pvws.js client (served at /pvws/js/pvws.js, loaded as a classic script) as pages see it. */
export interface PvValue {
  pv: string;
  vtype?: string;
  value?: number | string | number[];
  text?: string;
  labels?: string[];
  units?: string;
  description?: string;
  precision?: number;
  min?: number | string;
  max?: number | string;
  severity?: string;
  readonly: boolean;
  seconds?: number;
  nanos?: number;
}

export interface PvwsMessage {
  type: string;
  pv?: string;
  message?: string;
}

export interface PvwsClient {
  open(): void;
  close(): void;
  subscribe(pvs: string | string[]): void;
  clear(pvs: string | string[]): void;
  write(pv: string, value: number | string | readonly number[]): void;
  list(): void;
  ping(): void;
  reconnect_ms: number;
}

declare global {
  // eslint-disable-next-line no-var
  var PVWS: new (url: string, onConnect: (connected: boolean) => void, onMessage: (m: PvValue & PvwsMessage) => void) => PvwsClient;
}
