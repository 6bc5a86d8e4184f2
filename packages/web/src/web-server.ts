/**
 * The IOC's web server: a PV Web Socket (pvws) endpoint at /pvws/pv, pvws's browser client at
 * /pvws/js/, its JSON status endpoints, the generated screen of the IOC's records, and any
 * application page (the SAM and LUT screens).
 */
import { createReadStream, existsSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { getLogger, type Logger } from '@devioc/core';
import { type CaClient, type PvProvider } from '@devioc/core/ca';
import { type RecordDatabase } from '@devioc/core/records';
import { WebSocketServer } from 'ws';
import { CaPvSource } from './pvws/ca-source.js';
import { LocalPvSource } from './pvws/local-source.js';
import { PvPool } from './pvws/pool.js';
import { PvwsSession } from './pvws/session.js';
import type { PvSource } from './pvws/source.js';
import { catalogOf } from './record-catalog.js';
import { screenHtml } from './pages/screen-html.js';

/** An application page: HTML at `path`, and files (its scripts) under `assetsPath`. */
export interface WebPage {
  path: string;
  title: string;
  html: () => string;
  /** URL prefix → directory on disk, served as static files. */
  assets?: Record<string, string>;
}

export interface WebServerOptions {
  /** TCP port (0: any free port). */
  port: number;
  /** Interface to listen on (default: all). */
  host?: string;
  /** The IOC's records: served in-process, and drawn by the generated screen. */
  db?: RecordDatabase;
  /** Other in-process PVs (any PvProvider). */
  providers?: readonly PvProvider[];
  /** Serve any other PV through this CA client (off when absent). */
  ca?: CaClient;
  /** CA PVs are shown read-only even when `write` is on (default false: `devioc web` writes them). */
  caReadOnly?: boolean;
  /** Close CA channels no browser watches (for a client of the web server's own). */
  closeCaChannels?: boolean;
  /** Let browsers write (pvws's PV_WRITE_SUPPORT); default false. */
  write?: boolean;
  /** Minimum ms between updates of one PV (default 100); arrays: arrayThrottleMs (default 1000). */
  throttleMs?: number;
  arrayThrottleMs?: number;
  /** Messages queued to one browser before it is dropped (default 2048, pvws's queue size). */
  maxQueuedMessages?: number;
  /** Application pages; the first one is the home page (else the generated screen). */
  pages?: readonly WebPage[];
  /** The generated screen's title. */
  title?: string;
  logger?: Logger;
}

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
};

const formatTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

export class WebServer {
  private readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly pool: PvPool;
  private readonly sessions = new Set<PvwsSession>();
  private readonly log: Logger;
  private readonly started = Date.now();
  private readonly files = new Map<string, string>();
  private readonly pages: readonly WebPage[];

  constructor(private readonly options: WebServerOptions) {
    this.log = options.logger ?? getLogger('web');
    const sources: PvSource[] = [];
    const webClient = { user: os.userInfo().username, host: os.hostname(), address: '127.0.0.1', port: 0 };
    const providers = [...(options.db ? [options.db] : []), ...(options.providers ?? [])];
    if (providers.length > 0) sources.push(new LocalPvSource(providers, webClient));
    if (options.ca) sources.push(new CaPvSource(options.ca, { closeChannels: options.closeCaChannels ?? false, readOnly: options.caReadOnly ?? false }));
    this.pool = new PvPool({
      sources,
      throttleMs: options.throttleMs ?? 100,
      arrayThrottleMs: options.arrayThrottleMs ?? 1000,
      writable: options.write ?? false,
      log: this.log,
    });
    this.pages = options.pages ?? [];
    this.files.set('/pvws/js/pvws.js', path.join(packageRoot, 'static/js/pvws.js'));
    this.files.set('/pvws/js/base64.js', path.join(packageRoot, 'static/js/base64.js'));
    this.files.set('/devioc/screen.js', path.join(packageRoot, 'dist/browser/screen.js'));
    this.files.set('/devioc/uPlot.min.css', require.resolve('uplot/dist/uPlot.min.css'));
    this.http = http.createServer((req, res) => this.route(req, res));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
    this.http.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/pvws/pv') {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new PvwsSession(ws, this.pool, { maxQueuedMessages: options.maxQueuedMessages ?? 2048, log: this.log });
        this.sessions.add(session);
        this.log.debug(`socket ${session.id} opened from ${req.socket.remoteAddress}`);
        ws.on('close', () => this.sessions.delete(session));
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen({ port: this.options.port, host: this.options.host }, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    const host = this.options.host ?? '0.0.0.0';
    this.log.info(
      `web: http://${host}:${this.port}/ (pvws at ws://${host}:${this.port}/pvws/pv; writes ${this.options.write ? 'enabled' : 'disabled'})`,
    );
  }

  get port(): number {
    const address = this.http.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Closes every browser's socket, the upstream PVs and the HTTP server. */
  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    for (const s of this.sessions) s.dispose();
    this.sessions.clear();
    this.pool.close();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ------------------------------------------------------------------ HTTP

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    // pvws maps its servlets as /info/* etc.: a trailing slash is the same endpoint.
    const p = url.pathname.length > 1 && url.pathname.endsWith('/') && url.pathname.startsWith('/pvws/') ? url.pathname.slice(0, -1) : url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.reply(res, 405, 'text/plain', 'method not allowed\n');
    const file = this.files.get(p);
    if (file !== undefined) return this.sendFile(res, file);
    if (p === '/pvws/info') return this.json(res, this.info());
    if (p === '/pvws/summary') return this.json(res, this.summary());
    if (p === '/pvws/socket') return this.json(res, this.socketInfo());
    if (p === '/pvws/pool') return this.json(res, this.poolInfo());
    if (p === '/devioc/records.json') return this.json(res, this.options.db ? catalogOf(this.options.db) : []);
    if (p === '/screen' || (p === '/' && this.pages.length === 0)) {
      return this.reply(res, 200, CONTENT_TYPES['.html']!, screenHtml(this.options.title ?? 'devioc'));
    }
    for (const page of this.pages) {
      if (p === page.path || (p === '/' && page === this.pages[0])) return this.reply(res, 200, CONTENT_TYPES['.html']!, page.html());
      for (const [prefix, dir] of Object.entries(page.assets ?? {})) {
        if (!p.startsWith(prefix)) continue;
        const target = path.join(dir, p.slice(prefix.length));
        if (!target.startsWith(path.resolve(dir) + path.sep)) break;
        return this.sendFile(res, target);
      }
    }
    this.reply(res, 404, 'text/plain', 'not found\n');
  }

  private reply(res: http.ServerResponse, status: number, type: string, body: string): void {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' });
    res.end(body);
  }

  private json(res: http.ServerResponse, value: unknown): void {
    this.reply(res, 200, 'application/json', JSON.stringify(value));
  }

  private sendFile(res: http.ServerResponse, file: string): void {
    if (!existsSync(file)) {
      const hint = file.includes(`${path.sep}dist${path.sep}`) ? ' (run npm run build)' : '';
      this.log.warn(`missing ${file}${hint}`);
      return this.reply(res, 404, 'text/plain', `not found${hint}\n`);
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  }

  private info(): Record<string, unknown> {
    return {
      start_time: formatTime(this.started),
      jre: `Node.js ${process.version}`,
      server: 'devioc',
      write_support: this.options.write ?? false,
      throttle_ms: this.options.throttleMs ?? 100,
      array_throttle_ms: this.options.arrayThrottleMs ?? 1000,
    };
  }

  private summary(): Record<string, unknown> {
    return {
      sockets: [...this.sessions].map((s) => {
        let arrays = 0;
        let maxSize = 0;
        for (const name of s.pvs.keys()) {
          const v = this.pool.get(name)?.latest;
          if (v?.connected && v.nativeCount > 1) {
            arrays++;
            maxSize = Math.max(maxSize, v.snapshot.value.length);
          }
        }
        return { ...this.socketHeader(s), pvs: s.pvs.size, arrays, max_size: maxSize };
      }),
    };
  }

  private socketHeader(s: PvwsSession): Record<string, unknown> {
    return { id: s.id, created: s.created, last_client_message: s.lastClientMessage, last_message_sent: s.lastMessageSent, queued: s.queued };
  }

  private socketInfo(): Record<string, unknown> {
    return {
      sockets: [...this.sessions].map((s) => ({
        ...this.socketHeader(s),
        pvs: [...s.pvs.keys()].map((name) => ({ name, value: describe(this.pool.get(name)?.latest) })),
      })),
    };
  }

  private poolInfo(): Record<string, unknown> {
    return { pvs: [...this.pool.entries()].map((pv) => ({ name: pv.name, refs: pv.subscribers.size, value: describe(pv.latest) })) };
  }
}

function describe(v: import('./pvws/web-value.js').WebValue | undefined): string {
  if (v === undefined) return 'null';
  if (!v.connected) return 'disconnected';
  const value = v.snapshot.value;
  return v.nativeCount > 1 ? `array, size ${value.length}` : String(value[0]);
}
