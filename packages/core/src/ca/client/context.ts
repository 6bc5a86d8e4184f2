/**
 * CaClient: the Node shell around the pure client pieces. It owns the UDP search socket, the search
 * schedule, one TCP circuit per server (shared by every channel on that server), the beacon listener
 * and the name-server links, and hands out channels. get/put/monitor by name go through a per-name
 * channel cache, so repeated calls do not search again.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { type Observable, defer } from 'rxjs';
import { type Logger, getLogger } from '../../log/index.js';
import { Command, MAX_NAME_LENGTH, SEQUENCE_VALID } from '../protocol/constants.js';
import { type CaMessage, parseDatagram } from '../protocol/stream-reader.js';
import { ipToString } from '../net/interfaces.js';
import { BeaconListener } from './beacon-listener.js';
import { BeaconMonitor } from './beacon-monitor.js';
import { CaChannel, type ChannelHost } from './channel.js';
import { ClientCircuit } from './circuit.js';
import { type CaClientConfig, type CaClientOptions, resolveClientConfig } from './config.js';
import { EchoWatchdog } from './echo-watchdog.js';
import { CaDisconnectedError, CaError } from './errors.js';
import { NameServerLink } from './name-servers.js';
import { SearchScheduler } from './search-scheduler.js';
import type { CaPutValue, CaReading, CaGetOptions, CaMonitorOptions, CaPutOptions } from './types.js';

interface CircuitEntry {
  circuit: ClientCircuit;
  socket: net.Socket;
  watchdog: EchoWatchdog;
}

export interface CaClientStats {
  channels: number;
  connectedChannels: number;
  searching: number;
  circuits: number;
  searchDatagramsSent: number;
  beaconsHeard: number;
  beaconAnomalies: number;
}

export class CaClient implements ChannelHost {
  readonly config: CaClientConfig;
  readonly log: Logger;
  private readonly scheduler: SearchScheduler;
  private readonly beacons = new BeaconMonitor(performance.now());
  private readonly byName = new Map<string, CaChannel>();
  private readonly byCid = new Map<number, CaChannel>();
  private readonly circuits = new Map<string, CircuitEntry>();
  private nameServers: NameServerLink[] = [];
  private udp: dgram.Socket | undefined;
  private udpReady = false;
  private beaconListener: BeaconListener | undefined;
  private searchTimer: NodeJS.Timeout | undefined;
  private searchTimerDue = Number.POSITIVE_INFINITY;
  private started = false;
  private closed = false;
  private nextCid = 1;
  private idleSweepScheduled = false;
  private readonly counters = { searchDatagramsSent: 0, beaconsHeard: 0, beaconAnomalies: 0 };
  private readonly reportedSendErrors = new Set<string>();

  constructor(options: CaClientOptions & { logger?: Logger } = {}) {
    this.config = resolveClientConfig(options);
    this.log = options.logger ?? getLogger('ca.client');
    this.scheduler = new SearchScheduler({ maxPeriodMs: this.config.maxSearchPeriodMs });
  }

  // ------------------------------------------------------------------ public API

  /**
   * The channel for `name`, created (and searched for) on first use. Channels are shared per name
   * within a client: closing one closes it for every holder.
   */
  channel(name: string): CaChannel {
    if (this.closed) throw new CaDisconnectedError('the CA client is closed', name);
    const existing = this.byName.get(name);
    if (existing !== undefined && existing.state !== 'closed') return existing;
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw new CaError(`invalid channel name "${name.slice(0, 40)}"`, name);
    this.start();
    const cid = this.nextCid++;
    const channel = new CaChannel(name, cid, this);
    this.byName.set(name, channel);
    this.byCid.set(cid, channel);
    this.startSearch(channel, 0);
    return channel;
  }

  /** Reads `name` once: value plus the metadata of the requested DBR family (default 'time'). */
  get(name: string, options?: CaGetOptions): Promise<CaReading> {
    try {
      return this.channel(name).get(options);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Writes `name`; with `{ wait: true }` resolves when the put has completed on the server. */
  put(name: string, value: CaPutValue, options?: CaPutOptions): Promise<void> {
    try {
      return this.channel(name).put(value, options);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Monitor updates of `name`: subscribes on subscribe, cancels on unsubscribe, survives reconnects. */
  monitor(name: string, options?: CaMonitorOptions): Observable<CaReading> {
    return defer(() => this.channel(name).monitor(options));
  }

  /** Waits until every named channel is connected (rejects with CaTimeoutError naming the first missing one). */
  async connect(names: readonly string[], timeout?: number): Promise<CaChannel[]> {
    const channels = names.map((n) => this.channel(n));
    await Promise.all(channels.map((c) => c.whenConnected(timeout)));
    return channels;
  }

  getStats(): CaClientStats {
    let connected = 0;
    for (const c of this.byCid.values()) if (c.connected) connected++;
    return {
      channels: this.byCid.size,
      connectedChannels: connected,
      searching: this.scheduler.size,
      circuits: this.circuits.size,
      ...this.counters,
    };
  }

  /** Closes every channel, circuit, socket and timer. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const ch of [...this.byCid.values()]) ch.close();
    this.byCid.clear();
    this.byName.clear();
    if (this.searchTimer !== undefined) clearTimeout(this.searchTimer);
    for (const entry of [...this.circuits.values()]) {
      entry.watchdog.stop();
      entry.circuit.close();
      entry.socket.destroy();
    }
    this.circuits.clear();
    for (const ns of this.nameServers) ns.close();
    this.nameServers = [];
    await this.beaconListener?.close();
    const udp = this.udp;
    this.udp = undefined;
    if (udp !== undefined) await new Promise<void>((resolve) => udp.close(() => resolve()));
  }

  // ------------------------------------------------------------------ start-up

  private start(): void {
    if (this.started) return;
    this.started = true;
    const udp = dgram.createSocket({ type: 'udp4' });
    this.udp = udp;
    udp.on('message', (data, rinfo) => this.onDatagram(data, rinfo));
    udp.on('error', (err) => this.log.debug(`search socket: ${err.message}`));
    udp.bind({ port: 0, address: '0.0.0.0' }, () => {
      if (this.closed) return;
      try {
        udp.setBroadcast(true);
      } catch {
        /* searching unicast addresses only works without it */
      }
      this.udpReady = true;
      if (this.config.beacons) {
        this.beaconListener = new BeaconListener(this.config.repeaterPort, {
          log: this.log,
          sendFromSearchSocket: (data, port, address) => this.udp?.send(data, port, address),
          onRepeated: (m, source) => this.onRepeated(m, source),
        });
        void this.beaconListener.start().catch((err: Error) => this.log.debug(`beacon listener: ${err.message}`));
      }
      this.armSearchTimer();
    });
    if (this.config.searchDestinations.length === 0 && this.config.nameServers.length === 0) {
      this.log.warn('no CA search destinations: set EPICS_CA_ADDR_LIST, EPICS_CA_AUTO_ADDR_LIST=YES or EPICS_CA_NAME_SERVERS');
    }
    this.nameServers = this.config.nameServers.map(
      (target) =>
        new NameServerLink(target, {
          config: this.config,
          log: this.log,
          unresolved: () => this.unresolved(),
          onSearchReply: (cid, address, port, minor) => this.onSearchReply(cid, address, port, minor, undefined),
        }),
    );
  }

  private *unresolved(): Iterable<readonly [number, string]> {
    for (const ch of this.byCid.values()) if (this.scheduler.has(ch.cid)) yield [ch.cid, ch.name] as const;
  }

  // ------------------------------------------------------------------ search

  /** @internal ChannelHost */
  startSearch(channel: CaChannel, lane = 0): void {
    if (this.closed || channel.state === 'closed') return;
    this.scheduler.add(channel.cid, channel.name, performance.now(), lane);
    for (const ns of this.nameServers) ns.search(channel.cid, channel.name);
    this.armSearchTimer();
    this.scheduleIdleSweep();
  }

  /** @internal ChannelHost */
  stopSearch(channel: CaChannel): void {
    this.scheduler.remove(channel.cid);
  }

  /** @internal ChannelHost */
  released(channel: CaChannel, _circuit: ClientCircuit | undefined): void {
    this.byCid.delete(channel.cid);
    if (this.byName.get(channel.name) === channel) this.byName.delete(channel.name);
    this.scheduleIdleSweep();
  }

  private armSearchTimer(): void {
    if (!this.udpReady || this.closed) return;
    const due = this.scheduler.nextDue();
    if (due === undefined) {
      if (this.searchTimer !== undefined) clearTimeout(this.searchTimer);
      this.searchTimer = undefined;
      this.searchTimerDue = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.searchTimer !== undefined && this.searchTimerDue <= due) return;
    if (this.searchTimer !== undefined) clearTimeout(this.searchTimer);
    this.searchTimerDue = due;
    this.searchTimer = setTimeout(() => this.onSearchTimer(), Math.max(0, due - performance.now()));
    this.searchTimer.unref();
  }

  private onSearchTimer(): void {
    this.searchTimer = undefined;
    this.searchTimerDue = Number.POSITIVE_INFINITY;
    const udp = this.udp;
    if (this.closed || udp === undefined) return;
    for (const dg of this.scheduler.expire(performance.now())) {
      for (const dest of this.config.searchDestinations) {
        this.counters.searchDatagramsSent++;
        udp.send(dg.data, dest.port, dest.host, (err) => {
          if (err && !this.reportedSendErrors.has(dest.host)) {
            this.reportedSendErrors.add(dest.host);
            this.log.warn(`cannot send CA searches to ${dest.host}:${dest.port}: ${err.message}`);
          }
        });
      }
    }
    this.armSearchTimer();
  }

  private onDatagram(data: Buffer, rinfo: dgram.RemoteInfo): void {
    let sequence: number | undefined;
    try {
      parseDatagram(data, (m) => {
        switch (m.command) {
          case Command.VERSION:
            sequence = m.dataType === SEQUENCE_VALID ? m.parameter1 : undefined;
            return;
          case Command.SEARCH: {
            const minor = m.payloadSize >= 2 ? m.payload.readUInt16BE(0) : 0;
            const address = m.parameter1 === 0xffffffff ? rinfo.address : ipToString(m.parameter1);
            const port = minor >= 5 || m.dataType !== 0 ? m.dataType : this.config.serverPort;
            this.onSearchReply(m.parameter2, address, port, minor, sequence);
            return;
          }
          case Command.REPEATER_CONFIRM:
            this.beaconListener?.confirmed();
            return;
          case Command.RSRV_IS_UP:
            this.onRepeated(m, rinfo.address);
            return;
          default:
            return;
        }
      });
    } catch (err) {
      this.log.debug(`bad datagram from ${rinfo.address}:${rinfo.port}: ${(err as Error).message}`);
    }
  }

  private onSearchReply(cid: number, address: string, port: number, minor: number, sequence: number | undefined): void {
    const channel = this.byCid.get(cid);
    if (channel === undefined || this.closed) return;
    const server = `${address}:${port}`;
    if (!this.scheduler.onReply(cid, sequence, performance.now())) {
      channel.duplicateReply(server);
      return;
    }
    this.armSearchTimer();
    channel.attach(this.circuitFor(address, port, minor));
  }

  // ------------------------------------------------------------------ beacons

  private onRepeated(m: CaMessage, source: string): void {
    if (m.command !== Command.RSRV_IS_UP) return;
    this.counters.beaconsHeard++;
    const address = m.parameter2 !== 0 ? ipToString(m.parameter2) : source;
    const server = `${address}:${m.dataCount}`;
    if (this.beacons.onBeacon(server, m.parameter1, m.dataType, performance.now())) {
      this.counters.beaconAnomalies++;
      this.log.debug(`beacon anomaly from ${server}: searching unresolved channels now`);
      this.scheduler.beaconAnomaly(performance.now());
      this.armSearchTimer();
    }
  }

  // ------------------------------------------------------------------ circuits

  private circuitFor(address: string, port: number, minor: number): ClientCircuit {
    const key = `${address}:${port}`;
    const existing = this.circuits.get(key);
    if (existing !== undefined && !existing.circuit.isLost) return existing.circuit;
    const socket = net.connect({ host: address, port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    const circuit = new ClientCircuit(
      {
        write: (data) => {
          if (!socket.destroyed) socket.write(data);
        },
        close: () => socket.destroy(),
      },
      {
        server: key,
        priority: this.config.priority,
        userName: this.config.userName,
        hostName: this.config.hostName,
        maxPayload: this.config.maxPayload,
        minorHint: minor > 0 ? minor : undefined,
        log: this.log,
        onLost: () => this.onCircuitLost(key, entry),
      },
    );
    const watchdog = new EchoWatchdog(circuit, this.config.connectionTimeoutMs, this.config.echoTimeoutMs, () => {
      const seconds = (this.config.connectionTimeoutMs + this.config.echoTimeoutMs) / 1000;
      this.log.warn(`CA server ${key} unresponsive: no reply to ECHO; disconnecting its channels`);
      circuit.lost(new CaDisconnectedError(`server ${key} unresponsive (no ECHO reply within ${seconds} s)`));
      socket.destroy();
    });
    const entry: CircuitEntry = { circuit, socket, watchdog };
    this.circuits.set(key, entry);
    socket.on('data', (chunk) => circuit.receive(chunk));
    socket.on('error', (err) => {
      this.log.debug(`circuit ${key}: ${err.message}`);
      circuit.lost(new CaDisconnectedError(`circuit to ${key} failed: ${err.message}`));
    });
    socket.on('close', () => circuit.lost(new CaDisconnectedError(`server ${key} closed the connection`)));
    return circuit;
  }

  private onCircuitLost(key: string, entry: CircuitEntry): void {
    entry.watchdog.stop();
    if (!entry.socket.destroyed) entry.socket.destroy();
    if (this.circuits.get(key) === entry) this.circuits.delete(key);
  }

  /** Closes circuits that no channel uses any more (libca does the same). */
  private scheduleIdleSweep(): void {
    if (this.idleSweepScheduled || this.closed) return;
    this.idleSweepScheduled = true;
    setImmediate(() => {
      this.idleSweepScheduled = false;
      for (const entry of [...this.circuits.values()]) {
        if (entry.circuit.channelCount === 0 && !entry.circuit.isLost) {
          entry.watchdog.stop();
          entry.circuit.close();
        }
      }
    });
  }
}
