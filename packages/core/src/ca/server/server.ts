/**
 * The CA server: a thin Node shell around the pure protocol code. It binds the UDP search
 * port and the TCP port, sends beacons, and hands each TCP connection to a ServerCircuit.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { type Logger, getLogger } from '../../log/index.js';
import { ByteWriter } from '../protocol/byte-writer.js';
import { writeBeacon } from '../protocol/messages.js';
import { broadcastAddresses, ipv4Interfaces } from '../net/interfaces.js';
import { bindUdp, listen } from '../net/listen.js';
import { nextBeaconInterval } from './beacon-schedule.js';
import type { ServerCircuit } from './circuit.js';
import { type CaServerConfig, type CaServerOptions, resolveServerConfig } from './config.js';
import type { CaPv, PvProvider } from './provider.js';
import { ProviderHost, providersHave, providersOpen } from './provider-host.js';
import { answerSearchDatagram, datagramView } from './search-responder.js';
import { circuitOnSocket, type SocketCircuit } from './socket-transport.js';

export interface CaServerStartOptions extends CaServerOptions {
  providers?: PvProvider[];
  logger?: Logger;
}

export interface CaServerStats {
  circuits: number;
  channels: number;
  subscriptions: number;
  searchesAnswered: number;
  searchesReceived: number;
  beaconsSent: number;
}

/** The last search that reached one UDP socket (rsrv keeps it as that socket's "client"). */
export interface CaUdpRequester {
  address: string;
  port: number;
  minorVersion: number;
}

export interface CaServerReport {
  clients: { host: string; user: string; address: string; port: number; minorVersion: number; channels: string[] }[];
  tcpPort: number;
  interfaces: string[];
  /** Per interface: its UDP name server and, bound to an interface address, the broadcast one. */
  udp: { address: string; broadcast?: string; lastUnicast?: CaUdpRequester; lastBroadcast?: CaUdpRequester }[];
  beacons: string[];
}

const UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;

/** Thrown by start() when the server cannot serve; the message says why. */
export class CaServerStartError extends Error {
  override name = 'CaServerStartError';
}

/** True when nobody else on this host has (address, port) bound for UDP. */
async function udpPortIsFree(port: number, address: string): Promise<boolean> {
  const probe = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  try {
    await bindUdp(probe, port, address);
    return true;
  } catch {
    return false;
  } finally {
    probe.close();
  }
}

export class CaServer {
  private readonly providers: PvProvider[] = [];
  private readonly log: Logger;
  private config: CaServerConfig | undefined;
  private readonly tcpServers: net.Server[] = [];
  private readonly udpSockets: dgram.Socket[] = [];
  /** Per interface address: the broadcast address a second socket listens on (rsrv's udpbcast). */
  private readonly udpBroadcastOf = new Map<string, string>();
  /** Per socket (interface address, `/b` for its broadcast socket): the last search's sender. */
  private readonly lastRequester = new Map<string, CaUdpRequester>();
  private sendSocket: dgram.Socket | undefined;
  private readonly circuits = new Set<ServerCircuit>();
  private readonly sockets = new Map<net.Socket, SocketCircuit>();
  private beaconTimer: NodeJS.Timeout | undefined;
  private beaconInterval: number | undefined;
  private beaconCounter = 0;
  private running = false;
  /**
   * iocPause (rsrv_pause): searches go unanswered, beacons stop, new connections wait
   * unaccepted in `held`, and each connected client is dropped once it next sends something
   * (SocketCircuit.dropAfterNextChunk): rsrv's client thread handles what it received, then
   * sees the pause.
   */
  private paused = false;
  private readonly held = new Set<net.Socket>();
  private listeningPort = 0;
  /** What every circuit and the search responder are lent, once listening. */
  private host: ProviderHost | undefined;
  private searchPort = 0;
  private readonly stats = { searchesAnswered: 0, searchesReceived: 0, beaconsSent: 0 };
  private readonly reportedSendErrors = new Set<string>();

  constructor(private readonly options: CaServerStartOptions = {}) {
    this.log = options.logger ?? getLogger('ca.server');
    for (const p of options.providers ?? []) this.providers.push(p);
  }

  addProvider(provider: PvProvider): void {
    if (!this.providers.includes(provider)) this.providers.push(provider);
  }

  removeProvider(provider: PvProvider): void {
    const i = this.providers.indexOf(provider);
    if (i >= 0) this.providers.splice(i, 1);
  }

  /** The TCP port clients connect to (after start). */
  get tcpPort(): number {
    return this.listeningPort;
  }

  /** The UDP port searched (after start). */
  get udpPort(): number {
    return this.searchPort;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Whether pause() holds the server (until resume()). */
  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * iocPause: stops answering searches and sending beacons, leaves new connections waiting
   * (the kernel completes them; they are served at resume()), and drops each connected client
   * after the next message it sends, as rsrv does. Clients that send nothing keep their
   * channels and monitors.
   */
  pause(): void {
    if (!this.running || this.paused) return;
    this.paused = true;
    if (this.beaconTimer !== undefined) clearTimeout(this.beaconTimer);
    this.beaconTimer = undefined;
    for (const accepted of this.sockets.values()) accepted.dropAfterNextChunk(true);
    this.log.debug('CA server paused: no search answers, no beacons, no new clients until iocRun');
  }

  /** iocRun after iocPause: serves the connections that waited, answers searches, beacons again from the fast start. */
  resume(): void {
    if (!this.running || !this.paused) return;
    this.paused = false;
    for (const accepted of this.sockets.values()) accepted.dropAfterNextChunk(false);
    const waiting = [...this.held];
    this.held.clear();
    for (const socket of waiting) {
      if (socket.destroyed) continue;
      this.accept(socket);
      socket.resume();
    }
    this.beaconInterval = undefined;
    this.sendBeacons();
    this.scheduleBeacon();
    this.log.debug('CA server running again');
  }

  has(name: string): boolean {
    return providersHave(this.providers, name);
  }

  open(name: string): CaPv | undefined {
    return providersOpen(this.providers, name);
  }

  /** What casr reports: each client circuit, and where the server listens and beacons. */
  report(): CaServerReport {
    const clients = [...this.circuits].map((c) => ({ ...c.client, minorVersion: c.peerMinorVersion, channels: c.channelNames() }));
    const config = this.config;
    return {
      clients,
      tcpPort: this.tcpPort,
      interfaces: config?.interfaces ?? [],
      udp: (config?.interfaces ?? []).map((address) => {
        const broadcast = this.udpBroadcastOf.get(address);
        return { address, broadcast, lastUnicast: this.lastRequester.get(address), lastBroadcast: broadcast === undefined ? undefined : this.lastRequester.get(`${address}/b`) };
      }),
      beacons: config?.beaconAddresses.map((a) => `${a.host}:${a.port}`) ?? [],
    };
  }

  getStats(): CaServerStats {
    let channels = 0;
    let subscriptions = 0;
    for (const c of this.circuits) {
      channels += c.channelCount;
      subscriptions += c.subscriptionCount;
    }
    return { circuits: this.circuits.size, channels, subscriptions, ...this.stats };
  }

  /** Binds every socket and starts beacons; resolves once clients can connect. */
  async start(): Promise<void> {
    if (this.running) return;
    const config = resolveServerConfig(this.options);
    this.config = config;
    try {
      await this.startTcp(config);
      await this.startUdp(config);
    } catch (err) {
      await this.stop();
      throw err instanceof CaServerStartError ? err : new CaServerStartError(`CA server cannot start: ${(err as Error).message}`);
    }
    this.host = new ProviderHost(config, this.log, this.listeningPort, this.providers);
    this.running = true;
    const beaconText = config.beaconAddresses.map((a) => `${a.host}:${a.port}`).join(', ') || 'none';
    this.log.info(
      `CA server listening on TCP ${config.interfaces.map((i) => `${i}:${this.listeningPort}`).join(', ')}, ` +
        `UDP ${config.interfaces.map((i) => `${i}:${this.searchPort}`).join(', ')}; beacons to ${beaconText}`,
    );
    this.scheduleBeacon();
  }

  private async startTcp(config: CaServerConfig): Promise<void> {
    let port = config.port;
    for (const [i, host] of config.interfaces.entries()) {
      const server = net.createServer((socket) => this.accept(socket));
      try {
        await listen(server, port, host);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || i > 0) {
          throw new CaServerStartError(`CA server cannot listen on TCP ${host}:${port}: ${(err as Error).message}`);
        }
        // Another IOC has the port: take an ephemeral one and advertise it (as rsrv does).
        // Expected when several IOCs share a host: an info line, not an error (rsrv says the same).
        this.log.info(`TCP port ${port} on ${host} is in use (another IOC?); using an ephemeral TCP port, advertised in search replies`);
        await listen(server, 0, host);
      }
      // Errors once listening (listen() handled those of starting: EADDRINUSE is not one).
      server.on('error', (err) => this.log.error(`TCP server error: ${err.message}`));
      port = (server.address() as net.AddressInfo).port;
      this.tcpServers.push(server);
    }
    this.listeningPort = port;
  }

  private async startUdp(config: CaServerConfig): Promise<void> {
    const send = dgram.createSocket({ type: 'udp4' });
    send.on('error', (err) => this.log.debug(`UDP send socket error: ${err.message}`));
    await new Promise<void>((resolve) => send.bind(0, resolve));
    send.setBroadcast(true);
    this.sendSocket = send;

    for (const address of config.interfaces) {
      const free = await udpPortIsFree(config.port, address);
      // A socket bound to an interface address receives no broadcasts: like rsrv, bind a second
      // one to that interface's broadcast address (shared with other IOCs), so that a client
      // searching the broadcast address (EPICS_CA_ADDR_LIST=127.255.255.255) finds every IOC.
      const interfaceBroadcast = address === '0.0.0.0' ? [] : ipv4Interfaces().filter((i) => i.address === address && i.broadcast !== address).map((i) => i.broadcast);
      let bindAddresses = [address, ...interfaceBroadcast];
      if (!free) {
        // Node 20 cannot set SO_REUSEPORT: a second socket on a shared port would take every
        // unicast search from the IOC already there. Listening on the broadcast addresses
        // only leaves unicast to it, and still answers broadcast searches.
        bindAddresses =
          address === '0.0.0.0'
            ? broadcastAddresses()
            : ipv4Interfaces().filter((i) => i.address === address).map((i) => i.broadcast);
        // Several IOCs on one host is the documented setup: say how to reach this one, at info.
        this.log.info(
          `UDP port ${config.port} is shared with another CA server on this host; answering broadcast searches only ` +
            `(${bindAddresses.join(', ')}). Clients must search a broadcast address (e.g. EPICS_CA_ADDR_LIST=127.255.255.255) ` +
            `or use a separate EPICS_CAS_SERVER_PORT to find this IOC.`,
        );
      }
      // casr shows a broadcast name server for an interface address (for loopback, which has no
      // broadcast address of its own, rsrv names the address itself).
      if (address !== '0.0.0.0') this.udpBroadcastOf.set(address, interfaceBroadcast[0] ?? address);
      for (const bindAddress of bindAddresses) {
        const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
        socket.on('error', (err) => this.log.warn(`UDP socket ${bindAddress}:${config.port} error: ${err.message}`));
        const key = bindAddress === address ? address : `${address}/b`;
        socket.on('message', (received, remote) => {
          // Paused (iocPause): rsrv's name server reads the datagram and does nothing with it.
          if (this.paused) return;
          // A view with the TCP reads' Buffer class (datagramView says why).
          const datagram = datagramView(received);
          // VERSION first carries the client's minor version in its count (bytes 6-7).
          const minorVersion = datagram.length >= 16 && datagram.readUInt16BE(0) === 0 ? datagram.readUInt16BE(6) : 0;
          this.lastRequester.set(key, { address: remote.address, port: remote.port, minorVersion });
          this.onDatagram(datagram, remote);
        });
        try {
          await bindUdp(socket, config.port, bindAddress);
        } catch (err) {
          socket.close();
          throw new CaServerStartError(`CA server cannot bind UDP ${bindAddress}:${config.port}: ${(err as Error).message}`);
        }
        // A client connecting thousands of channels sends hundreds of search datagrams in a
        // burst; the default receive buffer holds about a hundred. The kernel caps this at
        // net.core.rmem_max, which is fine: it is only a request.
        try {
          socket.setRecvBufferSize(UDP_RECEIVE_BUFFER);
        } catch {
          /* not permitted here: keep the default */
        }
        this.udpSockets.push(socket);
      }
    }
    this.searchPort = config.port;
  }

  private onDatagram(datagram: Buffer, remote: dgram.RemoteInfo): void {
    const { config, host } = this;
    if (config === undefined || host === undefined || this.sendSocket === undefined || this.paused) return;
    if (config.ignoreAddresses.has(remote.address)) return;
    try {
      const stats = { searched: 0, found: 0 };
      const replies = answerSearchDatagram(datagram, host, this.listeningPort, stats);
      this.stats.searchesReceived += stats.searched;
      this.stats.searchesAnswered += stats.found;
      for (const reply of replies) this.sendSocket.send(reply, remote.port, remote.address);
    } catch (err) {
      this.log.debug(`dropped a bad UDP datagram from ${remote.address}:${remote.port}: ${(err as Error).message}`);
    }
  }

  private scheduleBeacon(): void {
    const config = this.config;
    if (!this.running || this.paused || config === undefined) return;
    this.beaconInterval = nextBeaconInterval(this.beaconInterval, config.beaconPeriodMs);
    this.beaconTimer = setTimeout(() => {
      this.sendBeacons();
      this.scheduleBeacon();
    }, this.beaconInterval);
    this.beaconTimer.unref();
  }

  private sendBeacons(): void {
    const config = this.config;
    const socket = this.sendSocket;
    if (config === undefined || socket === undefined) return;
    const writer = new ByteWriter(16);
    writeBeacon(writer, this.listeningPort, this.beaconCounter);
    this.beaconCounter = (this.beaconCounter + 1) >>> 0;
    const beacon = writer.take();
    for (const dest of config.beaconAddresses) {
      socket.send(beacon, dest.port, dest.host, (err) => {
        if (err && !this.reportedSendErrors.has(dest.host)) {
          this.reportedSendErrors.add(dest.host);
          this.log.warn(`cannot send beacons to ${dest.host}:${dest.port}: ${err.message}`);
        }
      });
      this.stats.beaconsSent++;
    }
  }

  private accept(socket: net.Socket): void {
    const host = this.host;
    if (!this.running || host === undefined) {
      socket.destroy();
      return;
    }
    if (this.paused) {
      // rsrv's listener does not accept while paused: the client's connection is complete
      // (the kernel's backlog) but nothing it sends is read until resume().
      socket.pause();
      this.held.add(socket);
      return;
    }
    const address = socket.remoteAddress ?? '?';
    const port = socket.remotePort ?? 0;
    const accepted = circuitOnSocket(socket, host, (closed) => {
      this.circuits.delete(closed);
      this.sockets.delete(socket);
      this.log.debug(`client ${address}:${port} disconnected`);
    });
    this.sockets.set(socket, accepted);
    this.circuits.add(accepted.circuit);
    this.log.debug(`client connected from ${address}:${port}`);
  }

  /** Closes every socket and timer. Safe to call more than once. */
  async stop(): Promise<void> {
    this.running = false;
    this.paused = false;
    for (const socket of this.held) socket.destroy();
    this.held.clear();
    if (this.beaconTimer !== undefined) clearTimeout(this.beaconTimer);
    this.beaconTimer = undefined;
    this.beaconInterval = undefined;
    for (const circuit of this.circuits) circuit.close();
    for (const socket of this.sockets.keys()) socket.destroy();
    this.circuits.clear();
    this.sockets.clear();
    await Promise.all(this.tcpServers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.tcpServers.length = 0;
    await Promise.all(this.udpSockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.udpSockets.length = 0;
    if (this.sendSocket !== undefined) {
      const s = this.sendSocket;
      this.sendSocket = undefined;
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }
}
