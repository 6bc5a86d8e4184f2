/**
 * TCP name servers (EPICS_CA_NAME_SERVERS, CA 4.12): a circuit to each listed server over which
 * unresolved channels are searched by name, for networks where UDP does not reach (tunnels,
 * containers). TCP is reliable, so each name is sent once per connection rather than on the UDP
 * back-off schedule; a lost connection is retried with a doubling delay (1 s … 30 s) and every
 * unresolved name is sent again when it comes back.
 */
import net from 'node:net';
import type { Logger } from '../../log/index.js';
import type { HostPort } from '../net/env.js';
import { SearchReply } from '../protocol/constants.js';
import { ipToString } from '../net/interfaces.js';
import { ClientCircuit } from './circuit.js';
import type { CaClientConfig } from './config.js';

export interface NameServerHost {
  readonly config: CaClientConfig;
  readonly log: Logger;
  /** Every channel still searched: [cid, name]. */
  unresolved(): Iterable<readonly [number, string]>;
  /** A name server answered: the channel is at address:port. */
  onSearchReply(cid: number, address: string, port: number, minor: number): void;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export class NameServerLink {
  private socket: net.Socket | undefined;
  private circuit: ClientCircuit | undefined;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private connected = false;

  constructor(
    readonly target: HostPort,
    private readonly host: NameServerHost,
  ) {
    this.connect();
  }

  /** Searches one name (no-op until connected; everything unresolved is sent on connect). */
  search(cid: number, name: string): void {
    if (this.connected) this.circuit?.search(name, cid, SearchReply.DONT_REPLY);
  }

  private connect(): void {
    if (this.closed) return;
    const { host, port } = this.target;
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    this.socket = socket;
    const server = `${host}:${port}`;
    const circuit = new ClientCircuit(
      { write: (data) => socket.write(data), close: () => socket.destroy() },
      {
        server,
        priority: this.host.config.priority,
        userName: this.host.config.userName,
        hostName: this.host.config.hostName,
        maxPayload: this.host.config.maxPayload,
        log: this.host.log,
        onSearchReply: (cid, replyPort, address, minor) => {
          const at = address !== undefined ? ipToString(address) : (socket.remoteAddress ?? host);
          this.host.onSearchReply(cid, at.replace(/^::ffff:/, ''), replyPort, minor);
        },
      },
    );
    this.circuit = circuit;
    socket.on('connect', () => {
      this.connected = true;
      this.retryMs = FIRST_RETRY_MS;
      this.host.log.debug(`connected to CA name server ${server}`);
      for (const [cid, name] of this.host.unresolved()) circuit.search(name, cid, SearchReply.DONT_REPLY);
    });
    socket.on('data', (chunk) => circuit.receive(chunk));
    socket.on('error', (err) => this.host.log.debug(`CA name server ${server}: ${err.message}`));
    socket.on('close', () => {
      this.connected = false;
      circuit.lost(new Error(`name server ${server} closed`));
      if (this.closed) return;
      this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
      this.retryTimer.unref();
      this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
    });
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.circuit?.lost(new Error('closed'));
    this.socket?.destroy();
  }
}
