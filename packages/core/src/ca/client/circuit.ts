/**
 * The client side of one TCP virtual circuit, as a state object that never touches a socket: bytes
 * from the server go into receive(), bytes for the server come out through CircuitTransport.write().
 * It keeps the channels created on it (by cid), the outstanding reads and put-callbacks (by ioid) and
 * the subscriptions (by subid), and routes every reply. The shell (context.ts) owns the socket and the
 * ECHO watchdog and calls lost() when the circuit dies.
 */
import type { Logger } from '../../log/index.js';
import { ByteWriter } from '../protocol/byte-writer.js';
import { type AccessRights, Command, commandName } from '../protocol/constants.js';
import { Eca } from '../protocol/eca.js';
import { caMessage } from './ca-message.js';
import { needsExtendedHeader, padTo8 } from '../protocol/header.js';
import * as msg from '../protocol/messages.js';
import { type CaMessage, CaStreamReader, type ReadResult, readCString } from '../protocol/stream-reader.js';
import type { NativeType } from '../protocol/dbr/types.js';
import { CaDisconnectedError, CaStatusError, statusError } from './errors.js';
import type { EncodedPut } from './put-value.js';

/** The socket, as the circuit needs it. */
export interface ClientTransport {
  write(data: Buffer): void;
  close(): void;
}

/** What a circuit tells a channel (CaChannel implements it). */
export interface CircuitChannel {
  readonly cid: number;
  readonly name: string;
  onCreated(circuit: ClientCircuit, sid: number, nativeType: NativeType, count: number): void;
  onAccessRights(rights: AccessRights): void;
  /** CREATE_CH_FAIL, or an ERROR answering the CREATE_CHAN. */
  onCreateFailed(reason: string): void;
  /** SERVER_DISCONN: the PV went away on the server; the circuit stays. */
  onServerDisconnect(): void;
  /** The circuit died; everything on it is gone. */
  onCircuitLost(error: Error): void;
}

/** The reply to one read or put-callback. */
export interface IoHandler {
  /** The reply: status in parameter1; `m.payload` is only valid during the call. */
  reply(m: CaMessage): void;
  fail(error: Error): void;
}

/** Updates of one subscription. */
export interface SubscriptionHandler {
  /** An update (status in parameter1); `m.payload` is only valid during the call. */
  update(m: CaMessage): void;
  /** The server refused the subscription or one update (ERROR or oversize). */
  fail(error: Error): void;
}

export interface ClientCircuitOptions {
  /** "address:port" of the server, for messages. */
  server: string;
  priority: number;
  userName: string;
  hostName: string;
  /** Largest payload accepted from the server. */
  maxPayload: number;
  /** The server's minor version from its search reply, until its VERSION arrives. */
  minorHint?: number;
  log: Logger;
  /** Called once, when the circuit is lost (after the channels were told). */
  onLost?: (circuit: ClientCircuit, error: Error) => void;
  /** TCP name-server circuits: a SEARCH reply (port, address or undefined for "this server", cid, minor). */
  onSearchReply?: (cid: number, port: number, address: number | undefined, minor: number) => void;
}

interface Subscription {
  readonly subid: number;
  readonly sid: number;
  readonly dbrType: number;
  readonly count: number;
  readonly handler: SubscriptionHandler;
}

export class ClientCircuit {
  readonly server: string;
  private readonly writer = new ByteWriter(4096);
  private readonly reader: CaStreamReader;
  private readonly channels = new Map<number, CircuitChannel>();
  private readonly io = new Map<number, IoHandler>();
  private readonly subscriptions = new Map<number, Subscription>();
  private nextIoid = 1;
  private nextSubid = 1;
  private minor: number;
  private versionSeen = false;
  private flushScheduled = false;
  private dead: Error | undefined;
  /** performance.now() of the last message from the server (for the ECHO watchdog). */
  lastReceive = performance.now();
  /** An ECHO was sent and not yet answered. */
  echoPending = false;

  constructor(
    private readonly transport: ClientTransport,
    private readonly options: ClientCircuitOptions,
  ) {
    this.server = options.server;
    this.minor = options.minorHint ?? 11;
    this.reader = new CaStreamReader({ maxPayload: options.maxPayload, requireAlignment: true });
    // libca's order: VERSION (with the priority), CLIENT_NAME, HOST_NAME; then channels.
    msg.writeClientVersion(this.writer, options.priority);
    msg.writeClientName(this.writer, options.userName);
    msg.writeHostName(this.writer, options.hostName);
    this.scheduleFlush();
  }

  /** The server's CA minor version (from its VERSION, else its search reply). */
  get serverMinor(): number {
    return this.minor;
  }

  get isLost(): boolean {
    return this.dead !== undefined;
  }

  get channelCount(): number {
    return this.channels.size;
  }

  get pendingIoCount(): number {
    return this.io.size;
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /** Whether a message of this size and count can be sent (extended headers need CA ≥ 4.9). */
  canSend(payloadSize: number, count: number): boolean {
    return !needsExtendedHeader(padTo8(payloadSize), count) || this.minor >= 9;
  }

  // ------------------------------------------------------------------ requests

  createChannel(channel: CircuitChannel): void {
    if (this.dead) {
      channel.onCircuitLost(this.dead);
      return;
    }
    this.channels.set(channel.cid, channel);
    msg.writeCreateChan(this.writer, channel.name, channel.cid);
    this.scheduleFlush();
  }

  /** Releases a channel: CLEAR_CHANNEL when it was created (sid known), and forgets it. */
  clearChannel(cid: number, sid: number | undefined): void {
    if (!this.channels.delete(cid) || this.dead) return;
    for (const sub of [...this.subscriptions.values()]) if (sub.sid === sid) this.subscriptions.delete(sub.subid);
    if (sid !== undefined) {
      msg.writeClearChannel(this.writer, sid, cid);
      this.scheduleFlush();
    }
  }

  hasChannel(cid: number): boolean {
    return this.channels.has(cid);
  }

  /** READ_NOTIFY; returns the ioid (for cancelIo). */
  read(sid: number, dbrType: number, count: number, handler: IoHandler): number {
    const ioid = this.allocIoid(handler);
    msg.writeReadNotify(this.writer, dbrType, count, sid, ioid);
    this.scheduleFlush();
    return ioid;
  }

  /** WRITE_NOTIFY (notify) or WRITE; returns the ioid (0 for a plain WRITE, which has no reply). */
  write(sid: number, put: EncodedPut, handler: IoHandler | undefined): number {
    const ioid = handler ? this.allocIoid(handler) : this.nextIoid++;
    const command = handler ? Command.WRITE_NOTIFY : Command.WRITE;
    this.writer.message(command, put.size, put.dbrType, put.count, sid, ioid, put.fill);
    this.scheduleFlush();
    return handler ? ioid : 0;
  }

  /** Forgets an outstanding read/put (timed out): a late reply is then ignored. */
  cancelIo(ioid: number): void {
    this.io.delete(ioid);
  }

  /** EVENT_ADD; returns the subid. */
  subscribe(sid: number, dbrType: number, count: number, mask: number, handler: SubscriptionHandler): number {
    const subid = this.nextSubid++;
    this.subscriptions.set(subid, { subid, sid, dbrType, count, handler });
    msg.writeEventAdd(this.writer, dbrType, count, sid, subid, mask);
    this.scheduleFlush();
    return subid;
  }

  /** EVENT_CANCEL; no update for it is delivered after this call. */
  unsubscribe(subid: number): void {
    const sub = this.subscriptions.get(subid);
    if (sub === undefined) return;
    this.subscriptions.delete(subid);
    if (this.dead) return;
    msg.writeEventCancel(this.writer, sub.dbrType, sub.count, sub.sid, subid);
    this.scheduleFlush();
  }

  /** SEARCH over TCP (name servers, CA 4.12). */
  search(name: string, cid: number, replyFlag: number): void {
    if (this.dead) return;
    msg.writeSearchRequest(this.writer, name, cid, replyFlag);
    this.scheduleFlush();
  }

  /** Sends an ECHO (the watchdog's liveness probe). */
  echo(): void {
    if (this.dead) return;
    this.echoPending = true;
    msg.writeEcho(this.writer);
    this.flush();
  }

  private allocIoid(handler: IoHandler): number {
    const ioid = this.nextIoid;
    this.nextIoid = (this.nextIoid + 1) >>> 0 || 1;
    this.io.set(ioid, handler);
    return ioid;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.dead) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Sends everything queued, as one buffer. */
  flush(): void {
    this.flushScheduled = false;
    if (this.dead || this.writer.length === 0) return;
    this.transport.write(this.writer.take());
  }

  // ------------------------------------------------------------------ input

  receive(chunk: Buffer): void {
    if (this.dead) return;
    this.lastReceive = performance.now();
    this.echoPending = false;
    this.reader.push(chunk, (r) => this.onReadResult(r));
  }

  private onReadResult(r: ReadResult): boolean {
    if (this.dead) return false;
    if (r.kind === 'misaligned') {
      this.lost(new CaDisconnectedError(`${this.server}: protocol error (misaligned message); circuit closed`));
      this.transport.close();
      return false;
    }
    if (r.kind === 'oversize') {
      const error = new CaStatusError(Eca.TOLARGE, undefined, `${r.header.payloadSize}-byte reply exceeds EPICS_CA_MAX_ARRAY_BYTES`);
      if (r.header.command === Command.READ_NOTIFY) this.takeIo(r.header.parameter2)?.fail(error);
      else if (r.header.command === Command.EVENT_ADD) this.subscriptions.get(r.header.parameter2)?.handler.fail(error);
      return true;
    }
    try {
      this.dispatch(r.message);
    } catch (err) {
      this.options.log.error(`${this.server}: error handling ${commandName(r.message.command)}: ${(err as Error).message}`);
    }
    return !this.dead;
  }

  private takeIo(ioid: number): IoHandler | undefined {
    const h = this.io.get(ioid);
    if (h !== undefined) this.io.delete(ioid);
    return h;
  }

  private dispatch(m: CaMessage): void {
    switch (m.command) {
      case Command.VERSION:
        // The server's VERSION carries its minor version in count (rsrv sends it at accept).
        if (m.dataCount !== 0) this.minor = m.dataCount;
        this.versionSeen = true;
        return;
      case Command.ECHO:
        return; // receive() already noted that the server is alive
      case Command.ACCESS_RIGHTS:
        this.channels.get(m.parameter1)?.onAccessRights((m.parameter2 & 3) as AccessRights);
        return;
      case Command.CREATE_CHAN:
        this.channels.get(m.parameter1)?.onCreated(this, m.parameter2, m.dataType as NativeType, m.dataCount);
        return;
      case Command.CREATE_CH_FAIL: {
        const ch = this.channels.get(m.parameter1);
        if (ch) {
          this.channels.delete(m.parameter1);
          ch.onCreateFailed('the server refused to create the channel');
        }
        return;
      }
      case Command.SERVER_DISCONN: {
        const ch = this.channels.get(m.parameter1);
        if (ch) {
          this.channels.delete(m.parameter1);
          ch.onServerDisconnect();
        }
        return;
      }
      case Command.READ_NOTIFY:
      case Command.WRITE_NOTIFY:
      case Command.READ:
        this.takeIo(m.parameter2)?.reply(m);
        return;
      case Command.EVENT_ADD:
        // Subids are never reused and a cancelled one is forgotten at once, so the EVENT_CANCEL
        // confirmation (an EVENT_ADD without payload) finds nothing; an empty-array update
        // (count 0, no payload) of a live subscription is still delivered.
        this.subscriptions.get(m.parameter2)?.handler.update(m);
        return;
      case Command.ERROR:
        return this.onError(m);
      case Command.SEARCH:
        this.onTcpSearchReply(m);
        return;
      case Command.CLEAR_CHANNEL:
      case Command.NOT_FOUND:
      case Command.READ_SYNC:
      case Command.EVENTS_OFF:
      case Command.EVENTS_ON:
        return;
      default:
        this.options.log.debug(`${this.server}: ignored ${commandName(m.command)}`);
    }
  }

  private onTcpSearchReply(m: CaMessage): void {
    const minor = m.payloadSize >= 2 ? m.payload.readUInt16BE(0) : this.minor;
    const address = m.parameter1 === 0xffffffff ? undefined : m.parameter1;
    this.options.onSearchReply?.(m.parameter2, m.dataType, address, minor);
  }

  /** CA ERROR: the payload is the offending request header then a text. */
  private onError(m: CaMessage): void {
    const eca = m.parameter2;
    const p = m.payload;
    if (p.length < 16) {
      this.options.log.warn(`${this.server}: CA error ${caMessage(eca)}`);
      return;
    }
    const command = p.readUInt16BE(0);
    const extended = p.readUInt16BE(2) === 0xffff && p.length >= 24;
    const reqP1 = p.readUInt32BE(8);
    const reqP2 = p.readUInt32BE(12);
    const text = readCString(p.subarray(extended ? 24 : 16));
    switch (command) {
      case Command.READ_NOTIFY:
      case Command.WRITE_NOTIFY:
      case Command.READ: {
        const handler = this.takeIo(reqP2);
        if (handler) return handler.fail(statusError(eca, undefined, text));
        break;
      }
      case Command.EVENT_ADD: {
        const sub = this.subscriptions.get(reqP2);
        if (sub) return sub.handler.fail(statusError(eca, undefined, text));
        break;
      }
      case Command.CREATE_CHAN: {
        const ch = this.channels.get(reqP1);
        if (ch) {
          this.channels.delete(reqP1);
          return ch.onCreateFailed(`${caMessage(eca)}${text ? `: ${text}` : ''}`);
        }
        break;
      }
      default:
        break;
    }
    this.options.log.warn(`${this.server}: CA error for ${commandName(command)}: ${caMessage(eca)}${text ? ` (${text})` : ''}`);
  }

  // ------------------------------------------------------------------ end

  /**
   * The circuit is dead (socket closed, protocol error, or no ECHO reply): fails every outstanding
   * read and put, tells every channel, and forgets everything. Idempotent.
   */
  lost(error: Error): void {
    if (this.dead) return;
    this.dead = error;
    const io = [...this.io.values()];
    this.io.clear();
    const channels = [...this.channels.values()];
    this.channels.clear();
    this.subscriptions.clear();
    for (const h of io) h.fail(error);
    for (const ch of channels) ch.onCircuitLost(error);
    this.options.onLost?.(this, error);
  }

  /** Closes the circuit on purpose (client closing or no channels left). */
  close(): void {
    if (this.dead) return;
    this.flush();
    this.lost(new CaDisconnectedError(`circuit to ${this.server} closed`));
    this.transport.close();
  }

  /** For diagnostics: whether the server's VERSION arrived. */
  get versionReceived(): boolean {
    return this.versionSeen;
  }
}

