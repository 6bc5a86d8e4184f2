/**
 * Hearing beacons. Servers send them to the CA repeater port (EPICS_CA_REPEATER_PORT, 5065) of each
 * host, where one process per host — normally libca's caRepeater — receives them and fans them out
 * to every local client that registered with it. This client:
 *
 * - binds the repeater port itself when it is free and then acts as a minimal repeater: it keeps the
 *   beacons for itself and forwards every datagram to the local clients that register (libca clients
 *   such as pyepics and caget, or other devioc processes), confirming registrations as caRepeater does
 *   and dropping clients whose port is no longer bound;
 * - otherwise registers with whoever has the port (REPEATER_REGISTER from its search socket, answered
 *   by REPEATER_CONFIRM), and renews the registration every 30 s; when no repeater answers three times
 *   running it tries to take the port over, so beacons keep coming when the process that was the
 *   repeater exits.
 *
 * libca clients registered with us lose their beacons when this process exits (libca re-registers
 * only until its first confirmation); hosts with long-lived libca clients should run caRepeater.
 */
import dgram from 'node:dgram';
import type { Logger } from '../../log/index.js';
import { ByteWriter } from '../protocol/byte-writer.js';
import { Command } from '../protocol/constants.js';
import { writeRepeaterRegister } from '../protocol/messages.js';
import { type CaMessage, parseDatagram } from '../protocol/stream-reader.js';
import { ipToInt, ipv4Interfaces } from '../net/interfaces.js';

export interface BeaconListenerHost {
  readonly log: Logger;
  /** Sends from the client's search socket (where a repeater forwards beacons to). */
  sendFromSearchSocket(data: Buffer, port: number, address: string): void;
  /** A beacon (or other repeater-forwarded message); `source` is the datagram's sender. */
  onRepeated(m: CaMessage, source: string): void;
}

export type BeaconListenerRole = 'starting' | 'repeater' | 'registering' | 'registered' | 'closed';

const RENEW_MS = 30_000;
const RETRY_MS = 1_000;
const PRUNE_MS = 30_000;
const TAKEOVER_AFTER = 3;
const LOOPBACK = '127.0.0.1';

const bindExclusive = (socket: dgram.Socket, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const onError = (): void => resolve(false);
    socket.once('error', onError);
    socket.bind({ port, address: '0.0.0.0', exclusive: true }, () => {
      socket.off('error', onError);
      resolve(true);
    });
  });

/** True when a UDP port is bound by someone on this host. */
async function portInUse(port: number): Promise<boolean> {
  const probe = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  const free = await bindExclusive(probe, port);
  await new Promise<void>((r) => probe.close(() => r()));
  return !free;
}

/**
 * Registrations are accepted from this host only: the loopback address, or one of the host's own
 * interface addresses (libca alternates between the two, as caRepeater accepts both).
 */
const isLocalAddress = (address: string): boolean =>
  address.startsWith('127.') || address === '::1' || ipv4Interfaces().some((i) => i.address === address);

export class BeaconListener {
  private socket: dgram.Socket | undefined;
  private readonly clients = new Map<string, { address: string; port: number }>();
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private unconfirmed = 0;
  private state: BeaconListenerRole = 'starting';

  constructor(
    readonly port: number,
    private readonly host: BeaconListenerHost,
  ) {}

  get role(): BeaconListenerRole {
    return this.state;
  }

  /** Number of local clients we forward to (when we are the repeater). */
  get clientCount(): number {
    return this.clients.size;
  }

  async start(): Promise<void> {
    if (await this.becomeRepeater()) return;
    this.register();
  }

  /** REPEATER_CONFIRM arrived on the search socket. */
  confirmed(): void {
    if (this.state !== 'registering' && this.state !== 'registered') return;
    this.unconfirmed = 0;
    if (this.state === 'registering') this.host.log.debug(`registered with the CA repeater on port ${this.port}`);
    this.state = 'registered';
    this.schedule(RENEW_MS, () => this.register());
  }

  /**
   * Only as the repeater (a standalone caRepeater): false, and nothing else tried, when another
   * process already holds the port.
   */
  async startAsRepeater(): Promise<boolean> {
    return this.becomeRepeater();
  }

  private async becomeRepeater(): Promise<boolean> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
    if (!(await bindExclusive(socket, this.port))) {
      socket.close();
      return false;
    }
    if (this.state === 'closed') {
      socket.close();
      return true;
    }
    socket.on('error', (err) => this.host.log.debug(`repeater socket: ${err.message}`));
    socket.on('message', (data, rinfo) => this.onRepeaterDatagram(data, rinfo));
    this.socket = socket;
    this.state = 'repeater';
    this.host.log.debug(`listening for beacons on UDP port ${this.port} (acting as the CA repeater)`);
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_MS);
    this.pruneTimer.unref();
    return true;
  }

  private register(): void {
    if (this.state === 'closed' || this.state === 'repeater') return;
    if (this.state !== 'registered') this.state = 'registering';
    if (this.unconfirmed >= TAKEOVER_AFTER) {
      this.unconfirmed = 0;
      void this.becomeRepeater().then((ok) => {
        if (!ok) this.sendRegister();
      });
      return;
    }
    this.sendRegister();
  }

  private sendRegister(): void {
    if (this.state === 'closed' || this.state === 'repeater') return;
    const w = new ByteWriter(16);
    writeRepeaterRegister(w, ipToInt(LOOPBACK));
    this.host.sendFromSearchSocket(w.take(), this.port, LOOPBACK);
    this.unconfirmed++;
    this.schedule(RETRY_MS, () => {
      // Still unconfirmed after a second: try again (and eventually take over).
      if (this.unconfirmed > 0) {
        if (this.state === 'registered') this.state = 'registering';
        this.register();
      }
    });
  }

  private schedule(ms: number, fn: () => void): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
    this.timer.unref();
  }

  private onRepeaterDatagram(data: Buffer, rinfo: dgram.RemoteInfo): void {
    // libca registers with an empty datagram (caRepeaterRegistrationMessage sends length 0 on
    // every system that accepts it), as every caRepeater since EPICS 3.12 understands.
    if (data.length === 0) {
      this.addClient(rinfo);
      return;
    }
    let registration = false;
    let forward = data;
    parseDatagram(data, (m) => {
      if (m.command === Command.REPEATER_REGISTER) {
        registration = true;
        this.addClient(rinfo);
        return;
      }
      if (m.command === Command.RSRV_IS_UP && m.parameter2 === 0) {
        // As caRepeater: fill in the server's address so that clients know who beaconed.
        if (forward === data) forward = Buffer.from(data);
        const at = m.rawHeader.byteOffset - data.byteOffset;
        forward.writeUInt32BE(ipToInt(rinfo.address), at + 12);
      }
      this.host.onRepeated(m, rinfo.address);
    });
    if (registration) return;
    for (const c of this.clients.values()) {
      if (c.port === rinfo.port && c.address === rinfo.address) continue;
      this.socket?.send(forward, c.port, c.address);
    }
  }

  private addClient(rinfo: dgram.RemoteInfo): void {
    if (!isLocalAddress(rinfo.address)) return;
    const key = `${rinfo.address}:${rinfo.port}`;
    if (!this.clients.has(key)) this.host.log.debug(`repeater: client ${key} registered`);
    this.clients.set(key, { address: rinfo.address, port: rinfo.port });
    const w = new ByteWriter(16);
    w.header(Command.REPEATER_CONFIRM, 0, 0, 0, ipToInt(rinfo.address));
    this.socket?.send(w.take(), rinfo.port, rinfo.address);
  }

  /** Forgets clients whose port nobody holds any more (caRepeater's verifyClients). */
  private async prune(): Promise<void> {
    for (const [key, c] of [...this.clients]) {
      if (this.state !== 'repeater') return;
      if (!(await portInUse(c.port))) this.clients.delete(key);
    }
  }

  async close(): Promise<void> {
    this.state = 'closed';
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.pruneTimer !== undefined) clearInterval(this.pruneTimer);
    this.clients.clear();
    const s = this.socket;
    this.socket = undefined;
    if (s !== undefined) await new Promise<void>((r) => s.close(() => r()));
  }
}

