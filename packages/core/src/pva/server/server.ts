/**
 * The pvAccess server: a thin Node shell around the protocol code. It answers UDP searches
 * for the names its providers have (and every search flagged MustReply), sends beacons, and
 * hands each TCP connection to a PvaServerConnection. It serves the same providers (records)
 * as the CA server.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { type Logger, getLogger } from '../../log/index.js';
import { ipv4Interfaces } from '../../ca/net/interfaces.js';
import { bindUdp, listen } from '../../ca/net/listen.js';
import type { CaPv, PvProvider } from '../../ca/server/provider.js';
import { PvaCommand } from '../protocol/constants.js';
import { type SearchRequest, readSearch, splitDatagram, writeBeacon, writeSearchResponse } from '../protocol/udp-messages.js';
import { type PvaServerConfig, type PvaServerOptions, resolvePvaServerConfig } from './config.js';
import { PvaServerConnection } from './connection.js';
import { PvaSocketTransport } from './socket-transport.js';

export interface PvaServerStartOptions extends PvaServerOptions {
  providers?: PvProvider[];
  logger?: Logger;
}

export class PvaServerStartError extends Error {
  override name = 'PvaServerStartError';
}

/** Beacons every 15 s for the first minute... then every 180 s, as pvxs. */
const BEACON_FAST_MS = 15_000;
const BEACON_SLOW_MS = 180_000;
const BEACON_FAST_COUNT = 4;

export class PvaServer {
  private readonly providers: PvProvider[] = [];
  private readonly log: Logger;
  private config: PvaServerConfig | undefined;
  private readonly tcpServers: net.Server[] = [];
  private readonly udpSockets: dgram.Socket[] = [];
  private sendSocket: dgram.Socket | undefined;
  private readonly connections = new Set<PvaServerConnection>();
  private readonly sockets = new Set<net.Socket>();
  private beaconTimer: NodeJS.Timeout | undefined;
  private beaconCount = 0;
  private running = false;
  private listeningPort = 0;
  private searchPort = 0;
  /** The server's identity in search replies and beacons (12 bytes, as pvxs). */
  readonly guid = new Uint8Array(randomBytes(12));

  constructor(private readonly options: PvaServerStartOptions = {}) {
    this.log = options.logger ?? getLogger('pva.server');
    for (const p of options.providers ?? []) this.providers.push(p);
  }

  get tcpPort(): number {
    return this.listeningPort;
  }

  get udpPort(): number {
    return this.searchPort;
  }

  get isRunning(): boolean {
    return this.running;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  has(name: string): boolean {
    for (const p of this.providers) if (p.has(name)) return true;
    return false;
  }

  open(name: string): CaPv | undefined {
    for (const p of this.providers) {
      const pv = p.open(name);
      if (pv !== undefined) return pv;
    }
    return undefined;
  }

  /** The DESC field of the record behind a channel name (display.description). */
  descriptionOf(name: string): CaPv | undefined {
    const record = name.split(/[.{[$]/, 1)[0] ?? name;
    return this.open(`${record}.DESC`);
  }

  async start(): Promise<void> {
    if (this.running) return;
    const config = resolvePvaServerConfig(this.options);
    this.config = config;
    try {
      await this.startTcp(config);
      await this.startUdp(config);
    } catch (err) {
      await this.stop();
      throw err instanceof PvaServerStartError ? err : new PvaServerStartError(`PVA server cannot start: ${(err as Error).message}`);
    }
    this.running = true;
    const beacons = config.beaconAddresses.map((a) => `${a.host}:${a.port}`).join(', ') || 'none';
    this.log.info(
      `PVA server listening on TCP ${config.interfaces.map((i) => `${i}:${this.listeningPort}`).join(', ')}, ` +
        `UDP ${config.interfaces.map((i) => `${i}:${this.searchPort}`).join(', ')}; beacons to ${beacons}`,
    );
    this.sendBeacons();
    this.scheduleBeacon();
  }

  private async startTcp(config: PvaServerConfig): Promise<void> {
    let port = config.port;
    for (const [i, host] of config.interfaces.entries()) {
      const server = net.createServer((socket) => this.accept(socket));
      try {
        await listen(server, port, host);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || i > 0) {
          throw new PvaServerStartError(`PVA server cannot listen on TCP ${host}:${port}: ${(err as Error).message}`);
        }
        this.log.info(`PVA TCP port ${port} on ${host} is in use (another server?); using an ephemeral port, advertised in search replies`);
        await listen(server, 0, host);
      }
      server.on('error', (err) => this.log.error(`PVA TCP server error: ${err.message}`));
      port = (server.address() as net.AddressInfo).port;
      this.tcpServers.push(server);
    }
    this.listeningPort = port;
  }

  private async startUdp(config: PvaServerConfig): Promise<void> {
    const send = dgram.createSocket({ type: 'udp4' });
    send.on('error', (err) => this.log.debug(`PVA UDP send socket error: ${err.message}`));
    await new Promise<void>((resolve) => send.bind(0, resolve));
    send.setBroadcast(true);
    this.sendSocket = send;
    for (const address of config.interfaces) {
      // A socket bound to an interface address receives no broadcasts: bind its broadcast address too.
      const broadcasts = address === '0.0.0.0' ? [] : ipv4Interfaces().filter((i) => i.address === address && i.broadcast !== address).map((i) => i.broadcast);
      for (const bindAddress of [address, ...broadcasts]) {
        const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
        socket.on('error', (err) => this.log.warn(`PVA UDP socket ${bindAddress}:${config.broadcastPort} error: ${err.message}`));
        socket.on('message', (datagram, remote) => this.onDatagram(datagram, remote));
        await bindUdp(socket, config.broadcastPort, bindAddress, false).catch((err: Error) => {
          socket.close();
          throw new PvaServerStartError(`PVA server cannot bind UDP ${bindAddress}:${config.broadcastPort}: ${err.message}`);
        });
        this.udpSockets.push(socket);
      }
    }
    this.searchPort = config.broadcastPort;
  }

  private onDatagram(datagram: Buffer, remote: dgram.RemoteInfo): void {
    const send = this.sendSocket;
    if (send === undefined || !this.running) return;
    try {
      for (const { command, reader } of splitDatagram(datagram)) {
        if (command !== PvaCommand.SEARCH) continue;
        const search = readSearch(reader);
        const reply = this.answerSearch(search, false);
        if (reply === undefined) continue;
        send.send(reply, search.replyPort || remote.port, search.replyAddress ?? remote.address);
      }
    } catch (err) {
      this.log.debug(`dropped a bad PVA datagram from ${remote.address}:${remote.port}: ${(err as Error).message}`);
    }
  }

  /** A SEARCH_RESPONSE for a search (UDP, or TCP as a name server), or undefined when silent. */
  private answerSearch(search: SearchRequest, overTcp: boolean): Uint8Array | undefined {
    if (search.protocols.length > 0 && !search.protocols.includes('tcp')) return undefined;
    const found = search.channels.filter((c) => this.has(c.name)).map((c) => c.cid);
    if (found.length === 0 && !search.mustReply) return undefined;
    return writeSearchResponse(this.guid, search.sequence, this.listeningPort, found.length > 0, found, overTcp);
  }

  private scheduleBeacon(): void {
    if (!this.running) return;
    const interval = this.beaconCount < BEACON_FAST_COUNT ? BEACON_FAST_MS : BEACON_SLOW_MS;
    this.beaconTimer = setTimeout(() => {
      this.sendBeacons();
      this.scheduleBeacon();
    }, interval);
    this.beaconTimer.unref();
  }

  private sendBeacons(): void {
    const config = this.config;
    const socket = this.sendSocket;
    if (config === undefined || socket === undefined) return;
    const beacon = writeBeacon(this.guid, this.beaconCount, 0, this.listeningPort);
    this.beaconCount++;
    for (const dest of config.beaconAddresses) socket.send(beacon, dest.port, dest.host, () => undefined);
  }

  private accept(socket: net.Socket): void {
    const config = this.config;
    if (!this.running || config === undefined) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    this.sockets.add(socket);
    const address = socket.remoteAddress ?? '?';
    const port = socket.remotePort ?? 0;
    const connection = new PvaServerConnection(
      new PvaSocketTransport(socket),
      {
        log: this.log,
        maxMessageBytes: config.maxMessageBytes,
        open: (n) => this.open(n),
        descriptionOf: (n) => this.descriptionOf(n),
        listNames: () => this.providers.flatMap((p) => [...(p.names?.() ?? [])]),
        answerSearch: (r) => this.answerSearch(readSearch(r), true),
      },
      address,
      port,
    );
    this.connections.add(connection);
    this.log.debug(`PVA client connected from ${address}:${port}`);
    socket.on('data', (chunk) => connection.receive(chunk));
    socket.on('drain', () => connection.onDrain());
    socket.on('error', (err) => this.log.debug(`PVA client ${address}:${port}: ${err.message}`));
    socket.on('close', () => {
      connection.close();
      this.connections.delete(connection);
      this.sockets.delete(socket);
    });
  }

  /** Closes every socket and timer; safe to call more than once. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.beaconTimer !== undefined) clearTimeout(this.beaconTimer);
    this.beaconTimer = undefined;
    for (const c of this.connections) c.close();
    this.connections.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await Promise.all(this.tcpServers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.tcpServers.length = 0;
    for (const u of this.udpSockets) u.close();
    this.udpSockets.length = 0;
    this.sendSocket?.close();
    this.sendSocket = undefined;
  }
}
