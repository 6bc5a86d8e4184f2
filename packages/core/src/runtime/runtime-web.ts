/**
 * The web server a Runtime (or a CLI) can start beside its CA server: the generated screen of
 * its records and a PV Web Socket (pvws) endpoint, from @devioc/web. That package builds on
 * this one, so it is loaded only when asked for, by a computed specifier.
 */
import type { CaClient } from '../ca/client/context.js';
import type { RecordDatabase } from '../records/database.js';

/** `http` of RuntimeOptions: a port, or the web server's settings. */
export interface RuntimeHttpOptions {
  /** TCP port (0: any free port; read it back from `runtime.web.port`). */
  port: number;
  /** Interface to listen on (default: all). */
  host?: string;
  /** Let pages write PVs (pvws's PV_WRITE_SUPPORT); default false. Record access rules still apply. */
  write?: boolean;
  /** Minimum ms between two updates of one PV to the browsers (default 100). */
  throttleMs?: number;
  /** Also serve any other PV through the runtime's CA client (default false). */
  caPvs?: boolean;
  /** The generated screen's title. */
  title?: string;
}

/** What a caller needs of @devioc/web's WebServer. */
export interface WebServerLike {
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface WebModule {
  WebServer: new (options: {
    port: number;
    host?: string;
    db?: RecordDatabase;
    ca?: CaClient;
    closeCaChannels?: boolean;
    write?: boolean;
    throttleMs?: number;
    title?: string;
  }) => WebServerLike;
}

export async function loadWebModule(): Promise<WebModule> {
  const specifier = '@devioc/web';
  try {
    return (await import(specifier)) as WebModule;
  } catch (err) {
    throw new Error(`--http needs the @devioc/web package (npm install @devioc/web): ${(err as Error).message}`);
  }
}

/** Checks a port given on a command line or in options. */
export function httpPort(value: string | number, what = '--http'): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${what}: not a port number: ${value}`);
  return port;
}

/** Starts a web server for `db` (and any CA PV through `ca` when given). */
export async function startRuntimeWeb(options: RuntimeHttpOptions, db: RecordDatabase, ca: CaClient | undefined): Promise<WebServerLike> {
  const { WebServer } = await loadWebModule();
  const server = new WebServer({
    port: httpPort(options.port, 'http'),
    host: options.host,
    db,
    ca,
    write: options.write ?? false,
    throttleMs: options.throttleMs,
    title: options.title,
  });
  await server.start();
  return server;
}
