import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import type { Observable } from 'rxjs';
import { Subject } from 'rxjs';
import type { Dcs2HeaderStyle } from '../framing/dcs2.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { FramedSocket } from '../transport/framed-socket.js';
import type { DhsDefinition } from './dhs-link.js';
import { DhsLink } from './dhs-link.js';
import type { HandshakeRejection } from './handshake.js';
import { judgeHandshakeReply } from './handshake.js';

/** DCSS's port for hardware servers. */
export const DEFAULT_DHS_PORT = 14242;

export interface DcssServerOptions {
  /** DHSs allowed to connect (one connection per name). */
  dhs: DhsDefinition | readonly DhsDefinition[];
  /** Default 14242; 0 picks a free port (read it from listen()). */
  port?: number;
  /** Interface to listen on; all interfaces if omitted. */
  host?: string;
  /** How long the DHS has to answer stoc_send_client_type; default 1000 ms, as DCSS. */
  handshakeTimeoutMs?: number;
  /** Delays before closing a refused connection; defaults are DCSS's 1 s and 3 s. */
  rejectDelays?: { wrongHostMs?: number; duplicateMs?: number };
  /** DCS2 header layout for what we send; default `xos`, the canonical one. */
  headerStyle?: Dcs2HeaderStyle;
  maxTextLength?: number;
  maxBinaryLength?: number;
  /** Operation handles are `<handlePrefix>.<n>`; default `1`. */
  handlePrefix?: string;
  logger?: Logger;
}

export type DcssServerEvent =
  | { type: 'listening'; address: string; port: number }
  | { type: 'accepted'; remote: string }
  | { type: 'rejected'; remote: string; reason: HandshakeRejection; detail: string; dhsName?: string }
  | { type: 'online'; dhsName: string; remote: string }
  | { type: 'offline'; dhsName: string; remote: string; reason: string; error?: Error }
  | { type: 'handshake-aborted'; remote: string; reason: string }
  | { type: 'closed' };

/**
 * The DCSS side of the DCS protocol: listens for DHSs, runs the handshake as
 * dcss_hardware_client does, registers the devices and hands each DHS's traffic to its
 * DhsLink. A misbehaving peer costs one closed connection and a log line; the listener
 * keeps accepting.
 */
export class DcssServer {
  private readonly links = new Map<string, DhsLink>();
  private readonly sockets = new Set<FramedSocket>();
  private readonly eventSubject = new Subject<DcssServerEvent>();
  private readonly logger: Logger;
  private server: Server | undefined;
  private boundPort = 0;

  /** What happens on the listener: accepts, refusals, DHSs going on- and offline. */
  readonly events$: Observable<DcssServerEvent> = this.eventSubject.asObservable();

  constructor(private readonly options: DcssServerOptions) {
    this.logger = options.logger ?? silentLogger;
    const definitions = Array.isArray(options.dhs) ? options.dhs : [options.dhs as DhsDefinition];
    for (const definition of definitions) {
      if (this.links.has(definition.name)) throw new Error(`DHS "${definition.name}" is defined twice`);
      this.links.set(definition.name, new DhsLink(definition, this.logger, options.handlePrefix));
    }
  }

  /** The port listened on (after listen()). */
  get port(): number {
    return this.boundPort;
  }

  /** The link for a DHS name given in the options. */
  dhs(name: string): DhsLink {
    const link = this.links.get(name);
    if (!link) throw new Error(`no DHS named "${name}" is configured`);
    return link;
  }

  listen(): Promise<{ address: string; port: number }> {
    if (this.server) throw new Error('already listening');
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    server.on('error', (error) => this.logger.error(`DCSS listener: ${error.message}`));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? DEFAULT_DHS_PORT, this.options.host, () => {
        server.off('error', reject);
        const { address, port } = server.address() as AddressInfo;
        this.boundPort = port;
        this.logger.info(`listening for DHSs on ${address}:${port}`);
        this.eventSubject.next({ type: 'listening', address, port });
        resolve({ address, port });
      });
    });
  }

  /** Stop listening and drop every connection; links go offline. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy('server shutting down');
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.eventSubject.next({ type: 'closed' });
  }

  private accept(socket: Socket): void {
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.setNoDelay(true);
    // DCS has no heartbeat; keep-alive at least lets the OS notice a vanished peer.
    socket.setKeepAlive(true, 10_000);
    this.eventSubject.next({ type: 'accepted', remote });
    this.logger.info(`connection from ${remote}`);

    let phase: 'handshake' | 'refused' | 'online' = 'handshake';
    let link: DhsLink | undefined;
    let timer: NodeJS.Timeout | undefined;

    const refuse = (reason: HandshakeRejection, detail: string, delayMs: number, dhsName?: string) => {
      phase = 'refused';
      clearTimeout(timer);
      this.logger.warn(`refusing ${remote}: ${detail}`);
      this.eventSubject.next({ type: 'rejected', remote, reason, detail, ...(dhsName ? { dhsName } : {}) });
      if (delayMs > 0) setTimeout(() => framed.close(`refused: ${detail}`), delayMs).unref();
      else framed.close(`refused: ${detail}`);
    };

    const framed: FramedSocket = new FramedSocket(
      socket,
      {
        readFraming: 'dcs1', // the handshake is DCS1 whatever the protocol level
        writeFraming: 'dcs1',
        headerStyle: this.options.headerStyle,
        maxTextLength: this.options.maxTextLength,
        maxBinaryLength: this.options.maxBinaryLength,
        logger: this.logger,
        label: remote,
      },
      {
        frame: (frame) => {
          if (phase === 'online') {
            link?.receive(frame.text);
            return;
          }
          if (phase !== 'handshake') return; // a refused peer is ignored until closed
          clearTimeout(timer);
          const verdict = judgeHandshakeReply(frame.text, {
            allowedHosts: (name) => {
              const definition = this.links.get(name)?.definition;
              if (!definition) return undefined;
              const host = definition.host;
              return host === undefined ? [] : typeof host === 'string' ? [host] : host;
            },
            isConnected: (name) => this.links.get(name)?.online ?? false,
            remoteAddress: socket.remoteAddress ?? '',
            delays: {
              wrongHostMs: this.options.rejectDelays?.wrongHostMs ?? 1000,
              duplicateMs: this.options.rejectDelays?.duplicateMs ?? 3000,
            },
          });
          if (!verdict.ok) {
            refuse(verdict.reason, verdict.detail, verdict.closeDelayMs, verdict.dhsName);
            return;
          }
          phase = 'online';
          link = this.dhs(verdict.dhsName);
          const mode = link.definition.framing ?? 'dcs2';
          framed.setReadFraming(mode);
          framed.setWriteFraming(DhsLink.writeFramingFor(mode));
          this.logger.info(`DHS ${verdict.dhsName} online from ${remote}`);
          this.eventSubject.next({ type: 'online', dhsName: verdict.dhsName, remote });
          link.attach(framed, mode);
        },
        closed: (reason, error) => {
          clearTimeout(timer);
          this.sockets.delete(framed);
          if (phase === 'online' && link) {
            this.logger.warn(`DHS ${link.name} offline (${remote}): ${reason}`);
            link.detach(framed, reason);
            this.eventSubject.next({ type: 'offline', dhsName: link.name, remote, reason, ...(error ? { error } : {}) });
          } else if (phase === 'handshake') {
            this.logger.warn(`${remote} went away during the handshake: ${reason}`);
            this.eventSubject.next({ type: 'handshake-aborted', remote, reason });
          }
        },
      },
    );
    this.sockets.add(framed);
    framed.writeText('stoc_send_client_type');
    const timeoutMs = this.options.handshakeTimeoutMs ?? 1000;
    timer = setTimeout(() => refuse('timeout', `no handshake reply within ${timeoutMs} ms`, 0), timeoutMs);
  }
}
