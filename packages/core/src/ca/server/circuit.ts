/**
 * One TCP virtual circuit of the server: the client's channels and subscriptions, and the
 * handling of every request. It talks to its socket only through CircuitTransport, so tests can
 * drive it with byte strings; the server wires it to a real net.Socket.
 */
import type { Logger } from '../../log/index.js';
import { ByteWriter } from '../protocol/byte-writer.js';
import { Access, type AccessRights, Command, MAX_NAME_LENGTH, SearchReply, commandName } from '../protocol/constants.js';
import { ScalarScratch, decodeDbr, decodePlainScalar, dbrPayloadSize, encodeDbr, isValidDbrType } from '../protocol/dbr/index.js';
import { dbGetView } from '../protocol/dbr/db-get-rules.js';
import type { DbrType, DecodedDbr, PvSnapshot } from '../protocol/dbr/types.js';
import { Eca, ecaMessage } from '../protocol/eca.js';
import * as msg from '../protocol/messages.js';
import type { CaHeader } from '../protocol/header.js';
import { type CaMessage, type CaMessageSink, CaMessageView, CaStreamReader, payloadCString, readCString } from '../protocol/stream-reader.js';
import type { CaServerConfig } from './config.js';
import { ChannelTable } from './channel-table.js';
import { type AccessListener, type CaPv, type ClientInfo, PvWriteError, type Unsubscribe, type WriteContext } from './provider.js';
import { ReplySnapshot } from './reply-snapshot.js';
import { ReadyQueue, Subscription } from './subscription.js';

/** The socket as the circuit needs it. */
export interface CircuitTransport {
  /**
   * Sends `data`. When `owner` is given, the transport passes `data` to its giveBack() once it no
   * longer needs it (the bytes went to the kernel), and the circuit reuses that memory for later
   * replies; a transport that never does keeps `data` as long as it likes.
   */
  write(data: Buffer, owner?: BufferOwner): void;
  /** Bytes accepted by write() but not yet handed to the kernel. */
  readonly writableLength: number;
  pauseInput(): void;
  resumeInput(): void;
  close(): void;
}

/** Who lent bytes to CircuitTransport.write and takes them back (the circuit's ByteWriter). */
export interface BufferOwner {
  giveBack(data: Buffer): void;
}

/** What the server lends each circuit. */
export interface CircuitHost {
  readonly config: CaServerConfig;
  readonly log: Logger;
  /** The TCP port the server listens on (for SEARCH replies over TCP). */
  readonly tcpPort: number;
  has(name: string): boolean;
  open(name: string): CaPv | undefined;
}

/**
 * One channel of the circuit. What most channels never need (a subscription map, a put chain)
 * is created on first use: a circuit may hold tens of thousands of channels.
 */
class ServerChannel implements AccessListener {
  /** This channel's subscriptions by id, from the first EVENT_ADD on. */
  subscriptions: Map<number, Subscription> | undefined = undefined;
  /** The put-callback (WRITE_NOTIFY) still completing on this channel: one at a time, as in rsrv. */
  putInProgress: PutCallback | undefined = undefined;
  /** Stops the PV's removal notifications (when it offers them). */
  unwatchRemoval: Unsubscribe | undefined = undefined;

  constructor(
    readonly sid: number,
    readonly cid: number,
    readonly name: string,
    readonly pv: CaPv,
    public rights: AccessRights,
    private readonly circuit: ServerCircuit,
  ) {}

  /** The PV's access watch (CaPv.watchAccess): the channel is its own listener. */
  rightsChanged(rights: AccessRights): void {
    this.circuit.accessChanged(this, rights);
  }
}

/**
 * One WRITE_NOTIFY being carried out: its write is applied when the request is handled (so
 * that the requests after it see it, as in rsrv), and its reply goes out when the record has
 * completed. `settled` once answered, whichever came first: completion or the busy timeout.
 */
interface PutCallback {
  settled: boolean;
  readonly channel: ServerChannel;
  readonly dataType: number;
  readonly dataCount: number;
  readonly ioid: number;
}

/**
 * How long a WRITE_NOTIFY waits for the previous one on the same channel before that one is
 * answered ECA_PUTCBINPROG and the new one proceeds (rsrv's write_notify_action waits 60 s).
 */
const PUT_CALLBACK_BUSY_TIMEOUT_MS = 60_000;

/** A request copied out of the reader's reused view, to be handled later in arrival order. */
const heldCopy = (m: CaMessage): CaMessage => ({
  command: m.command,
  payloadSize: m.payloadSize,
  dataType: m.dataType,
  dataCount: m.dataCount,
  parameter1: m.parameter1,
  parameter2: m.parameter2,
  payload: Buffer.from(m.payload),
  rawHeader: Buffer.from(m.rawHeader),
});

/** What a write's reply or error needs from its request (`rawHeader` only for a plain WRITE). */
interface WriteRequest {
  readonly dataType: number;
  readonly dataCount: number;
  /** The ioid. */
  readonly parameter2: number;
  readonly rawHeader?: Buffer;
}

/** Stop encoding monitor updates while this many bytes wait in the socket. */
const SEND_HIGH_WATER = 1024 * 1024;
/** Hand encoded updates to the socket in pieces of about this size. */
const WRITE_CHUNK = 64 * 1024;
/** Stop reading requests while replies this large are still unsent (back-pressure). */
const INPUT_PAUSE_BYTES = 8 * 1024 * 1024;
/**
 * With EPICS_CA_AUTO_ARRAY_BYTES (no fixed limit) rsrv grows its send buffer to whatever a
 * request asks for, up to 4 GiB. We answer up to this size, or the channel's own full size when
 * that is larger; beyond it a request is refused with ECA_TOLARGE as rsrv refuses what it cannot
 * allocate, so that one request cannot make the process allocate gigabytes.
 */
const AUTO_REPLY_LIMIT = 128 * 1024 * 1024;

const stringSlot = Buffer.alloc(40);

/** Copies `size` bytes within `buf`; a byte loop for the few bytes of a scalar update. */
function copyWithin(buf: Buffer, from: number, to: number, size: number): void {
  if (size > 64) buf.copyWithin(to, from, from + size);
  else for (let i = 0; i < size; i++) buf[to + i] = buf[from + i];
}

/**
 * libca shortens the payload of a put of one DBR_STRING to strlen + 1 bytes, padded to 8
 * (comQueSend::insertRequestWithPayLoad), and rsrv accepts it; caput, pyepics and every libca
 * client send string puts that way. Pad such a payload back to the 40-byte slot before decoding.
 */
function shortStringPayload(dataType: number, dataCount: number, payload: Buffer): Buffer {
  if (dataType !== 0 || dataCount !== 1 || payload.length >= 40) return payload;
  // One scratch slot serves every such put: decodeDbr copies the text out, nothing keeps it.
  stringSlot.fill(0);
  payload.copy(stringSlot);
  return stringSlot;
}

/** The 16-byte header of a subscription's EVENT_ADD (count 0: it fits), quoted in an ERROR. */
function eventAddHeader(sub: Subscription): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt16BE(Command.EVENT_ADD, 0);
  header.writeUInt16BE(16, 2);
  header.writeUInt16BE(sub.dbrType, 4);
  header.writeUInt16BE(sub.count & 0xffff, 6);
  header.writeUInt32BE(sub.sid, 8);
  header.writeUInt32BE(sub.id, 12);
  return header;
}

/**
 * Why the circuit is its reader's sink, and hands its ByteWriter (not a closure) to the
 * transport: V8 compiles a call through a function value for the one function it has seen
 * there. A closure made per circuit (`(m) => this.onMessage(m)`) is a new function for every
 * circuit, so the code the warm-up compiled (runtime/warm-up.ts) was thrown away at the first
 * client's first request ("wrong call target"), and again when the warm-up's circuit was
 * collected ("weak objects"). A method is one function for every circuit.
 */
export class ServerCircuit implements CaMessageSink {
  readonly client: ClientInfo;
  private readonly reader: CaStreamReader;
  private readonly writer = new ByteWriter();
  private readonly channels = new ChannelTable<ServerChannel>();
  private readonly subscriptionsById = new Map<number, Subscription>();
  /** Subscriptions with updates waiting, in the order they became ready. */
  private readonly ready = new ReadyQueue();
  /** The contexts handed to CaPv.write (the same two objects for every write of the circuit). */
  private readonly writeContext: WriteContext;
  private readonly notifyContext: WriteContext;
  /** Where a plain one-element WRITE is decoded for a PV that copies it (CaPv.copiesScalarWrites). */
  private readonly scalarScratch = new ScalarScratch();
  /** What a get's snapshot is filled into, when its PV can (CaPv.readInto): encoded at once. */
  private readonly replySnapshot = new ReplySnapshot();
  private clientMinor = 0;
  private eventsOff = false;
  private flushScheduled = false;
  private inputPaused = false;
  /**
   * While a WRITE_NOTIFY waits for the previous put-callback on its channel, the requests after
   * it wait too (rsrv blocks the circuit's receive thread): the put it waits for, the requests
   * held in arrival order, and the busy timer.
   */
  private blockedOn: PutCallback | undefined = undefined;
  private readonly held: CaMessage[] = [];
  private blockedTimer: NodeJS.Timeout | undefined = undefined;
  private closed = false;
  private slowTimer: NodeJS.Timeout | undefined;
  /**
   * The update flush() encoded last, while its bytes are still in the writer: under fan-out one
   * PV change reaches many subscriptions of the same type in a row, and each after the first
   * gets a copy of the payload instead of a second encoding (channel-access.md §3.4).
   */
  private encodedSnapshot: PvSnapshot | undefined = undefined;
  private encodedType = -1;
  private encodedCount = -1;
  private encodedAt = -1;
  /** Messages handled, for diagnostics. */
  messagesIn = 0;

  constructor(
    private readonly transport: CircuitTransport,
    private readonly host: CircuitHost,
    address: string,
    port: number,
  ) {
    this.client = { host: address, user: '', address, port };
    this.writeContext = { client: this.client, notify: false };
    this.notifyContext = { client: this.client, notify: true };
    this.reader = new CaStreamReader({
      maxPayload: host.config.maxIncomingPayload,
      extendedAllowed: () => this.clientMinor >= 9 || this.clientMinor === 0,
    });
    // rsrv queues its VERSION at accept and flushes it at once.
    msg.writeServerVersion(this.writer);
    this.scheduleFlush();
  }

  get channelCount(): number {
    return this.channels.size;
  }

  /** The names of the channels the client has open (casr 2). */
  channelNames(): string[] {
    return [...this.channels.values()].map((c) => c.name);
  }

  get subscriptionCount(): number {
    return this.subscriptionsById.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ------------------------------------------------------------------ input

  /** Feeds bytes from the socket. */
  receive(chunk: Buffer): void {
    this.guarded('reading requests', () => this.receiveChunk(chunk));
  }

  private receiveChunk(chunk: Buffer): void {
    if (this.closed) return;
    this.reader.read(chunk, this);
    if (!this.closed) {
      // The replies to this chunk's requests go now, as rsrv sends at the end of each batch it
      // received. Left to a setImmediate they cost every request-reply exchange an extra turn
      // of the event loop (a non-blocking epoll_wait before the next one).
      if (this.writer.length > 0) this.flushNow();
      if (!this.inputPaused && this.transport.writableLength + this.writer.length > INPUT_PAUSE_BYTES) {
        this.inputPaused = true;
        this.transport.pauseInput();
      }
    }
  }

  /** CaMessageSink, for the reader: a payload size that is not a multiple of 8. */
  misaligned(header: CaHeader, rawHeader: Buffer): void {
    if (this.closed) return;
    this.fatal(rawHeader, Eca.INTERNAL, 'CAS: Missaligned protocol rejected', `misaligned message (payload ${header.payloadSize} bytes)`);
  }

  /** CaMessageSink, for the reader: a payload over the limit, being drained. */
  oversize(header: CaHeader, rawHeader: Buffer): boolean {
    if (this.closed) return false;
    this.host.log.warn(`${this.peer()}: ${commandName(header.command)} of ${header.payloadSize} bytes exceeds the ${this.host.config.maxIncomingPayload}-byte limit; drained`);
    msg.writeError(this.writer, header.parameter1, Eca.TOLARGE, rawHeader, 'CAS: Request larger than EPICS_CA_MAX_ARRAY_BYTES');
    return true;
  }

  /**
   * CaMessageSink, for the reader: one request. `m` is the reader's reused view: nothing may
   * keep it past this call.
   */
  message(m: CaMessage): boolean {
    if (this.closed) return false;
    this.messagesIn++;
    if (this.blockedOn !== undefined) {
      this.held.push(heldCopy(m));
      return true;
    }
    if (m.command === Command.WRITE_NOTIFY) {
      const busy = this.channels.get(m.parameter1)?.putInProgress;
      if (busy !== undefined) {
        this.held.push(heldCopy(m));
        this.blockUntilDone(busy);
        return true;
      }
    }
    this.handle(m);
    return !this.closed;
  }

  private handle(m: CaMessage): void {
    try {
      this.dispatch(m);
    } catch (err) {
      // A bug or a provider failure must not take the circuit (or the process) down.
      this.host.log.error(`${this.peer()}: internal error handling ${commandName(m.command)}: ${(err as Error).message}`);
      msg.writeError(this.writer, m.parameter1, Eca.INTERNAL, m.rawHeader, `CAS: ${(err as Error).message}`);
    }
  }

  /** Holds the requests from the first one held on until `busy` is answered (or times out). */
  private blockUntilDone(busy: PutCallback): void {
    this.blockedOn = busy;
    this.transport.pauseInput();
    this.blockedTimer = setTimeout(() => {
      this.blockedTimer = undefined;
      this.guarded('ending a put-callback that did not complete', () => {
        this.host.log.warn(`${this.peer()}: put-callback not completed within ${PUT_CALLBACK_BUSY_TIMEOUT_MS / 1000} s; answered ECA_PUTCBINPROG`);
        this.answerPutCallback(busy, Eca.PUTCBINPROG);
      });
    }, PUT_CALLBACK_BUSY_TIMEOUT_MS);
    this.blockedTimer.unref();
  }

  /** The put the circuit waited for is answered: handle the held requests in order. */
  private unblock(): void {
    if (this.blockedTimer !== undefined) clearTimeout(this.blockedTimer);
    this.blockedTimer = undefined;
    this.blockedOn = undefined;
    while (this.blockedOn === undefined && !this.closed && this.held.length > 0) {
      const m = this.held.shift()!;
      const busy = m.command === Command.WRITE_NOTIFY ? this.channels.get(m.parameter1)?.putInProgress : undefined;
      if (busy !== undefined) {
        this.held.unshift(m);
        this.blockUntilDone(busy);
        return;
      }
      this.handle(m);
    }
    if (this.closed) return;
    if (this.writer.length > 0) this.scheduleFlush();
    if (this.blockedOn === undefined && !this.inputPaused) this.transport.resumeInput();
  }

  private dispatch(m: CaMessage): void {
    switch (m.command) {
      case Command.VERSION: return this.onVersion(m);
      case Command.ECHO: return msg.writeEcho(this.writer);
      case Command.READ_SYNC:
        this.writer.header(Command.READ_SYNC, m.dataType, m.dataCount, m.parameter1, m.parameter2);
        return;
      case Command.CLIENT_NAME:
      case Command.HOST_NAME: return this.onIdentity(m);
      case Command.SEARCH: return this.onTcpSearch(m);
      case Command.CREATE_CHAN: return this.onCreateChannel(m);
      case Command.CLEAR_CHANNEL: return this.onClearChannel(m);
      case Command.READ_NOTIFY: return this.onRead(m, true);
      case Command.READ: return this.onRead(m, false);
      case Command.WRITE: return this.onWrite(m, false);
      case Command.WRITE_NOTIFY: return this.onWrite(m, true);
      case Command.EVENT_ADD: return this.onEventAdd(m);
      case Command.EVENT_CANCEL: return this.onEventCancel(m);
      case Command.EVENTS_OFF: return this.onEventsOff();
      case Command.EVENTS_ON: return this.onEventsOn();
      default:
        this.fatal(m.rawHeader, Eca.INTERNAL, 'CAS: invalid (damaged?) request code', `unknown or obsolete command ${m.command}`);
    }
  }

  private onVersion(m: CaMessage): void {
    this.clientMinor = m.dataCount;
    if (m.dataCount < 4) {
      this.fatal(m.rawHeader, Eca.DEFUNCT, 'CAS: client protocol version is no longer supported', `CA client minor version ${m.dataCount}`);
    }
  }

  private onIdentity(m: CaMessage): void {
    const text = readCString(m.payload).slice(0, 512);
    if (this.channels.size > 0) {
      // rsrv refuses a change of identity once channels exist (their rights were granted to it).
      msg.writeError(this.writer, 0xffffffff, Eca.INTERNAL, m.rawHeader, 'CAS: client identity change after channels were created ignored');
      return;
    }
    if (m.command === Command.HOST_NAME) this.client.host = text;
    else this.client.user = text;
  }

  private onTcpSearch(m: CaMessage): void {
    const name = payloadCString(m);
    if (name.length > 0 && name.length <= MAX_NAME_LENGTH && this.host.has(name)) {
      msg.writeTcpSearchReply(this.writer, this.host.tcpPort, m.parameter1);
    } else if (m.dataType === SearchReply.DO_REPLY) {
      msg.writeNotFound(this.writer, m.dataType, m.dataCount, m.parameter1);
    }
  }

  // ------------------------------------------------------------------ channels

  private onCreateChannel(m: CaMessage): void {
    const cid = m.parameter1;
    const name = payloadCString(m);
    const pv = name.length > 0 && name.length <= MAX_NAME_LENGTH ? this.host.open(name) : undefined;
    if (pv === undefined) {
      this.host.log.debug(`${this.peer()}: no PV "${name}"`);
      msg.writeCreateChFail(this.writer, cid);
      return;
    }
    const sid = this.channels.nextSid();
    const rights = pv.accessFor?.(this.client) ?? Access.READ_WRITE;
    const channel = new ServerChannel(sid, cid, name, pv, rights, this);
    this.channels.add(channel);
    pv.watchAccess?.(this.client, channel);
    if (pv.watchRemoval) channel.unwatchRemoval = pv.watchRemoval(() => this.guarded('on a PV removal', () => this.onRemoved(channel)));
    msg.writeAccessRights(this.writer, cid, rights);
    // Clients older than 4.9 cannot take extended headers: rsrv clamps their counts.
    const count = this.clientMinor < 9 ? Math.min(pv.nativeCount, 0xfffe) : pv.nativeCount;
    msg.writeCreateChanReply(this.writer, pv.nativeType, count, cid, sid);
  }

  private onClearChannel(m: CaMessage): void {
    const channel = this.channels.get(m.parameter1);
    if (channel === undefined) {
      msg.writeError(this.writer, m.parameter2, Eca.BADCHID, m.rawHeader, 'CAS: Bad Resource ID');
      return;
    }
    this.dropChannel(channel, true);
    msg.writeClearChannelReply(this.writer, channel.sid, channel.cid);
  }

  /** `clearedByClient`: CLEAR_CHANNEL, after which its sid may be given out again (see ChannelTable). */
  private dropChannel(channel: ServerChannel, clearedByClient: boolean): void {
    if (channel.subscriptions !== undefined) for (const sub of channel.subscriptions.values()) this.dropSubscription(sub);
    channel.pv.unwatchAccess?.(channel);
    channel.unwatchRemoval?.();
    this.channels.remove(channel, clearedByClient);
  }

  /** A channel's PV says the client's rights may have changed (ServerChannel.rightsChanged). */
  accessChanged(channel: ServerChannel, rights: AccessRights): void {
    this.guarded('on an access change', () => this.onAccessChange(channel, rights));
  }

  private onAccessChange(channel: ServerChannel, rights: AccessRights): void {
    if (this.closed || !this.channels.holds(channel) || rights === channel.rights) return;
    const couldRead = (channel.rights & Access.READ) !== 0;
    const canRead = (rights & Access.READ) !== 0;
    channel.rights = rights;
    msg.writeAccessRights(this.writer, channel.cid, rights);
    for (const sub of channel.subscriptions?.values() ?? []) {
      if (couldRead && !canRead) {
        // rsrv posts one last update with zeroed data and ECA_NORDACCESS, then goes quiet.
        sub.enabled = false;
        sub.clear();
        this.ready.delete(sub);
        this.writeZeroed(Command.EVENT_ADD, sub.dbrType, sub.count === 0 ? 1 : sub.count, Eca.NORDACCESS, sub.id);
      } else if (!couldRead && canRead) {
        sub.enabled = true;
        this.enqueue(sub, channel.pv.read());
      }
    }
    this.scheduleFlush();
  }

  private onRemoved(channel: ServerChannel): void {
    if (this.closed || !this.channels.holds(channel)) return;
    this.dropChannel(channel, false);
    msg.writeServerDisconn(this.writer, channel.cid);
    this.scheduleFlush();
  }

  /** Looks a channel up by the sid of a request; answers an unknown sid with an ERROR. */
  private channelFor(m: CaMessage): ServerChannel | undefined {
    const channel = this.channels.get(m.parameter1);
    if (channel === undefined) {
      msg.writeError(this.writer, 0xffffffff, Eca.BADCHID, m.rawHeader, 'CAS: Bad Resource ID');
    }
    return channel;
  }

  // ------------------------------------------------------------------ reads

  /**
   * The largest reply payload this channel may be sent: EPICS_CA_MAX_ARRAY_BYTES when fixed,
   * else AUTO_REPLY_LIMIT or the channel's full size in the requested type when larger.
   */
  private replyLimit(dbrType: DbrType, pv: CaPv): number {
    const fixed = this.host.config.maxOutgoingPayload;
    if (Number.isFinite(fixed)) return fixed;
    return Math.max(AUTO_REPLY_LIMIT, dbrPayloadSize(dbrType, Math.max(1, pv.nativeCount)));
  }

  /** The element count a reply carries: the request's, or the current length for 0. */
  private replyCount(requested: number, snapshot: PvSnapshot | undefined, pv: CaPv): number {
    if (requested !== 0) return requested;
    return snapshot !== undefined ? snapshot.value.length : pv.nativeCount;
  }

  /**
   * The channel of a read or subscription whose DBR type is valid; answers a bad sid or type.
   * (It returns the channel alone: no object per request on this path.)
   */
  private readableChannel(m: CaMessage): ServerChannel | undefined {
    const channel = this.channelFor(m);
    if (channel === undefined) return undefined;
    if (!isValidDbrType(m.dataType)) {
      msg.writeError(this.writer, channel.cid, Eca.BADTYPE, m.rawHeader, `CAS: invalid DBR type ${m.dataType}`);
      return undefined;
    }
    return channel;
  }

  private onRead(m: CaMessage, notify: boolean): void {
    const channel = this.readableChannel(m);
    if (channel === undefined) return;
    const dbrType = m.dataType as DbrType; // checked by readableChannel
    const replyCommand = notify ? Command.READ_NOTIFY : Command.READ;
    if ((channel.rights & Access.READ) === 0) {
      if (dbrPayloadSize(dbrType, Math.max(1, m.dataCount)) > this.replyLimit(dbrType, channel.pv)) {
        msg.writeError(this.writer, channel.cid, Eca.TOLARGE, m.rawHeader, 'CAS: reply larger than EPICS_CA_MAX_ARRAY_BYTES');
        return;
      }
      if (notify) this.writeZeroed(replyCommand, dbrType, Math.max(1, m.dataCount), Eca.NORDACCESS, m.parameter2);
      else msg.writeError(this.writer, channel.cid, Eca.NORDACCESS, m.rawHeader, 'CAS: read access denied');
      return;
    }
    let snapshot: PvSnapshot | undefined;
    try {
      const pv = channel.pv;
      snapshot = pv.readInto !== undefined ? pv.readInto(this.replySnapshot) : pv.read();
    } catch (err) {
      this.host.log.warn(`${this.peer()}: read of ${channel.name} failed: ${(err as Error).message}`);
    }
    let count = this.replyCount(m.dataCount, snapshot, channel.pv);
    if (snapshot?.dbGetRule !== undefined) {
      // A link field, or a string field as chars: dbGet's own rules decide value and count.
      const view = dbGetView(snapshot, dbrType, m.dataCount, channel.pv.nativeCount);
      if (view === undefined) {
        if (notify) this.writeZeroed(replyCommand, dbrType, m.dataCount === 0 ? 0 : count, Eca.GETFAIL, m.parameter2);
        else msg.writeError(this.writer, channel.cid, Eca.GETFAIL, m.rawHeader, 'CAS: read failed');
        return;
      }
      snapshot = view.snapshot;
      count = view.count;
    }
    const size = dbrPayloadSize(dbrType, count);
    if (size > this.replyLimit(dbrType, channel.pv)) {
      // rsrv: "server unable to load read response into protocol buffer", for this request alone.
      msg.writeError(this.writer, channel.cid, Eca.TOLARGE, m.rawHeader, `CAS: reply of ${size} bytes larger than EPICS_CA_MAX_ARRAY_BYTES`);
      return;
    }
    if (snapshot === undefined) {
      if (notify) this.writeZeroed(replyCommand, dbrType, count, Eca.GETFAIL, m.parameter2);
      else msg.writeError(this.writer, channel.cid, Eca.GETFAIL, m.rawHeader, 'CAS: read failed');
      return;
    }
    // The deprecated READ carries the cid where READ_NOTIFY carries the status.
    const p1 = notify ? Eca.NORMAL : channel.cid;
    this.writeData(replyCommand, dbrType, count, p1, m.parameter2, snapshot, notify, m.dataCount);
  }

  /**
   * Encodes a DBR reply. A failed conversion zero-fills it and puts the status in p1; when the
   * client asked for "the current length" (count 0) rsrv then answers with count 0 and the bare
   * struct, and so do we. Returns the offset of the payload in the writer when it was encoded
   * normally, else -1.
   */
  private writeData(
    command: number,
    dbrType: DbrType,
    count: number,
    p1: number,
    p2: number,
    snapshot: PvSnapshot,
    statusInP1: boolean,
    requestedCount = count,
  ): number {
    const start = this.writer.length;
    const size = dbrPayloadSize(dbrType, count);
    const at = this.writer.startMessage(command, size, dbrType, count, p1, p2);
    const status = size > 0 ? encodeDbr(this.writer.buffer, at, dbrType, snapshot, count) : Eca.NORMAL;
    if (status === Eca.NORMAL) return at;
    if (!statusInP1) return -1;
    if (requestedCount === 0 && count !== 0) {
      this.writer.truncate(start);
      this.writeZeroed(command, dbrType, 0, status, p2);
      return -1;
    }
    this.writer.buffer.writeUInt32BE(status, start + 8);
    return -1;
  }

  private writeZeroed(command: number, dbrType: number, count: number, status: number, p2: number): void {
    const size = isValidDbrType(dbrType) ? dbrPayloadSize(dbrType, count) : 0;
    const at = this.writer.startMessage(command, size, dbrType, count, status, p2);
    if (size > 0) this.writer.buffer.fill(0, at, at + size);
  }

  // ------------------------------------------------------------------ writes

  private onWrite(m: CaMessage, notify: boolean): void {
    const channel = this.channelFor(m);
    if (channel === undefined) return;
    if ((channel.rights & Access.WRITE) === 0) {
      this.refuseWrite(channel, notify, m, Eca.NOWTACCESS, 'CAS: write access denied');
      return;
    }
    if (!isValidDbrType(m.dataType)) {
      this.refuseWrite(channel, notify, m, Eca.BADTYPE, `CAS: invalid DBR type ${m.dataType}`);
      return;
    }
    let decoded: DecodedDbr | undefined;
    try {
      // One element of a plain type, read in place; anything else through decodeDbr.
      if (m.dataCount === 1 && m instanceof CaMessageView) {
        const scratch = !notify && channel.pv.copiesScalarWrites === true ? this.scalarScratch : undefined;
        decoded = decodePlainScalar(m.dataType, m.bytes, m.payloadOffset, m.payloadSize, scratch);
      }
      decoded ??= decodeDbr(m.dataType, shortStringPayload(m.dataType, m.dataCount, m.payload), m.dataCount);
    } catch (err) {
      this.refuseWrite(channel, notify, m, Eca.BADCOUNT, `CAS: ${(err as Error).message}`);
      return;
    }
    if (notify) this.startPutCallback(channel, decoded, m.dataType, m.dataCount, m.parameter2);
    else this.performWrite(channel, decoded, m);
  }

  /** A refused write: WRITE_NOTIFY is answered with the status, a plain WRITE with a CA ERROR. */
  private refuseWrite(channel: ServerChannel, notify: boolean, request: WriteRequest, eca: number, text: string): void {
    if (notify) msg.writeWriteNotifyReply(this.writer, request.dataType, request.dataCount, eca, request.parameter2);
    else msg.writeError(this.writer, channel.cid, eca, request.rawHeader ?? Buffer.alloc(0), text);
  }

  /** A write the PV refused or failed to do (thrown or rejected). */
  private writeFailed(channel: ServerChannel, notify: boolean, request: WriteRequest, err: unknown): void {
    if (this.closed) return;
    const eca = err instanceof PvWriteError ? err.eca : Eca.PUTFAIL;
    if (!(err instanceof PvWriteError)) this.host.log.warn(`${this.peer()}: write to ${channel.name} failed: ${(err as Error)?.message ?? String(err)}`);
    this.refuseWrite(channel, notify, request, eca, `CAS: ${(err as Error)?.message ?? ecaMessage(eca)}`);
    this.scheduleFlush();
  }

  /** A plain WRITE: no reply unless it fails. */
  private performWrite(channel: ServerChannel, decoded: DecodedDbr, m: CaMessage): void {
    let done: Promise<void> | void;
    try {
      done = channel.pv.write(decoded, this.writeContext);
    } catch (err) {
      this.writeFailed(channel, false, m, err);
      return;
    }
    if (done instanceof Promise) {
      // The reader reuses `m`: keep what an error reply would need.
      const request: WriteRequest = { dataType: m.dataType, dataCount: m.dataCount, parameter2: m.parameter2, rawHeader: m.rawHeader };
      done.catch((err: unknown) => this.writeFailed(channel, false, request, err));
    }
  }

  /**
   * WRITE_NOTIFY: the write is applied now, while the request is handled, so that every later
   * request of the circuit sees it (a read, a subscription's first update, another write), as
   * rsrv's dbProcessNotify does; the reply waits for the record to complete. message() saw to it
   * that no other put-callback of this channel is still in progress.
   */
  private startPutCallback(channel: ServerChannel, decoded: DecodedDbr, dataType: number, dataCount: number, ioid: number): void {
    const put: PutCallback = { settled: false, channel, dataType, dataCount, ioid };
    channel.putInProgress = put;
    let done: Promise<void> | void;
    try {
      done = channel.pv.write(decoded, this.notifyContext);
    } catch (err) {
      this.putCallbackFailed(channel, put, err);
      return;
    }
    if (done instanceof Promise) {
      done.then(
        () => this.guarded('answering a put-callback', () => this.putCallbackDone(channel, put)),
        (err: unknown) => this.guarded('answering a put-callback', () => this.putCallbackFailed(channel, put, err)),
      );
    } else {
      this.putCallbackDone(channel, put);
    }
  }

  private putCallbackDone(channel: ServerChannel, put: PutCallback): void {
    // No reply once its channel is cleared (rsrv cancels the put notify with the channel).
    this.answerPutCallback(put, this.channels.holds(channel) ? Eca.NORMAL : -1);
  }

  private putCallbackFailed(channel: ServerChannel, put: PutCallback, err: unknown): void {
    if (put.settled) return;
    if (channel.putInProgress === put) channel.putInProgress = undefined;
    put.settled = true;
    this.writeFailed(channel, true, { dataType: put.dataType, dataCount: put.dataCount, parameter2: put.ioid }, err);
    if (this.blockedOn === put) this.unblock();
  }

  /** Sends the reply of a put-callback (none for eca -1: its channel is gone) and unblocks. */
  private answerPutCallback(put: PutCallback, eca: number): void {
    if (put.settled) return;
    put.settled = true;
    if (put.channel.putInProgress === put) put.channel.putInProgress = undefined;
    if (!this.closed && eca !== -1) {
      msg.writeWriteNotifyReply(this.writer, put.dataType, put.dataCount, eca, put.ioid);
      this.scheduleFlush();
    }
    if (this.blockedOn === put) this.unblock();
  }

  // ------------------------------------------------------------------ monitors

  private onEventAdd(m: CaMessage): void {
    const channel = this.readableChannel(m);
    if (channel === undefined) return;
    const dbrType = m.dataType as DbrType; // checked by readableChannel
    const id = m.parameter2;
    const existing = this.subscriptionsById.get(id);
    if (existing !== undefined) this.dropSubscription(existing);
    const mask = msg.eventAddMask(m.payload);
    const sub = new Subscription(id, channel.sid, dbrType, m.dataCount, mask);
    (channel.subscriptions ??= new Map()).set(id, sub);
    this.subscriptionsById.set(id, sub);
    sub.limit = this.replyLimit(dbrType, channel.pv);
    if (m.dataCount !== 0 && dbrPayloadSize(dbrType, m.dataCount) > sub.limit) {
      // rsrv installs it and answers each of its updates with ECA_TOLARGE (read_reply).
      sub.refusedHeader = Buffer.from(m.rawHeader);
    }
    if ((channel.rights & Access.READ) === 0 && sub.refusedHeader === undefined) {
      sub.enabled = false;
      this.writeZeroed(Command.EVENT_ADD, dbrType, Math.max(1, m.dataCount), Eca.NORDACCESS, id);
    }
    sub.unsubscribe = channel.pv.subscribe((eventMask, snapshot) => {
      if ((eventMask & sub.mask) === 0) return;
      // Called from the PV's post: nothing of this circuit may throw into it.
      try {
        this.enqueue(sub, snapshot);
      } catch (err) {
        this.failed('queueing an update', err);
      }
    });
    // The first update is unconditional, whatever the mask (db_post_single_event), unless a
    // channel filter drops it.
    if (sub.enabled) {
      const first = channel.pv.initialEvent ? channel.pv.initialEvent(mask) : channel.pv.read();
      if (first !== undefined) this.enqueue(sub, first);
    }
  }

  private onEventCancel(m: CaMessage): void {
    const sub = this.subscriptionsById.get(m.parameter2);
    if (sub === undefined) {
      msg.writeError(this.writer, 0xffffffff, Eca.BADMONID, m.rawHeader, 'CAS: bad event subscription identifier');
      return;
    }
    this.dropSubscription(sub);
    // Nothing more for this subscription can follow: its queue went with it.
    msg.writeEventCancelReply(this.writer, sub.dbrType, sub.count, sub.sid, sub.id);
  }

  private dropSubscription(sub: Subscription): void {
    sub.unsubscribe();
    sub.clear();
    this.ready.delete(sub);
    this.subscriptionsById.delete(sub.id);
    this.channels.get(sub.sid)?.subscriptions?.delete(sub.id);
  }

  private onEventsOff(): void {
    this.eventsOff = true;
    this.ready.forEach((sub) => sub.collapse());
  }

  private onEventsOn(): void {
    this.eventsOff = false;
    this.scheduleFlush();
  }

  private enqueue(sub: Subscription, snapshot: PvSnapshot): void {
    if (this.closed || !sub.enabled) return;
    if (!this.eventsOff && this.ready.size === 0 && !this.congested()) {
      // Nothing waits ahead of it and the socket keeps up: encoded now, in order, instead of
      // queued for the flush. A scan processing 10,000 records kept 10,000 snapshots alive
      // until its end; whatever lives that long is copied by V8's young-generation collection
      // and promoted (9 ms scavenges, a fifth of the server's CPU in garbage collection).
      this.sendUpdate(sub, snapshot);
      this.scheduleFlush();
      return;
    }
    if (sub.push(snapshot, this.eventsOff)) this.ready.add(sub);
    this.scheduleFlush();
  }

  private writeUpdate(sub: Subscription, update: PvSnapshot): void {
    let snapshot = update;
    let count = sub.count !== 0 ? sub.count : snapshot.value.length;
    if (snapshot.dbGetRule !== undefined) {
      const view = dbGetView(snapshot, sub.dbrType, sub.count, this.channels.get(sub.sid)?.pv.nativeCount ?? 1);
      if (view === undefined) {
        this.writeZeroed(Command.EVENT_ADD, sub.dbrType, sub.count, Eca.GETFAIL, sub.id);
        return;
      }
      snapshot = view.snapshot;
      count = view.count;
    }
    const size = dbrPayloadSize(sub.dbrType, count);
    if (size > sub.limit) {
      const channel = this.channels.get(sub.sid);
      const header = sub.refusedHeader ?? eventAddHeader(sub);
      msg.writeError(this.writer, channel?.cid ?? 0xffffffff, Eca.TOLARGE, header, `CAS: update of ${size} bytes larger than EPICS_CA_MAX_ARRAY_BYTES`);
      return;
    }
    if (snapshot === this.encodedSnapshot && sub.dbrType === this.encodedType && count === this.encodedCount) {
      // The bytes just encoded for another subscriber of this value: copy them.
      const at = this.writer.startMessage(Command.EVENT_ADD, size, sub.dbrType, count, Eca.NORMAL, sub.id);
      copyWithin(this.writer.buffer, this.encodedAt, at, size);
      return;
    }
    const at = this.writeData(Command.EVENT_ADD, sub.dbrType, count, Eca.NORMAL, sub.id, snapshot, true, sub.count);
    this.encodedSnapshot = at < 0 ? undefined : snapshot;
    this.encodedType = sub.dbrType;
    this.encodedCount = count;
    this.encodedAt = at;
  }

  // ------------------------------------------------------------------ output

  private congested(): boolean {
    return this.transport.writableLength + this.writer.length >= SEND_HIGH_WATER;
  }

  /** Encodes an update; a full chunk goes to the socket at once, so that a burst starts leaving. */
  private sendUpdate(sub: Subscription, snapshot: PvSnapshot): void {
    this.writeUpdate(sub, snapshot);
    if (this.writer.length >= WRITE_CHUNK) {
      this.send();
      this.encodedSnapshot = undefined;
    }
  }

  /** Hands the writer's bytes to the socket without a copy; they come back to it once sent. */
  private send(): void {
    this.transport.write(this.writer.lend(), this.writer);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Writes everything this turn produced, then as many updates as fit. Encoded bytes go to the
   * socket in chunks of about 64 KiB so that a burst starts leaving at once.
   */
  flush(): void {
    this.flushScheduled = false;
    this.guarded('sending replies', () => this.flushNow());
  }

  private flushNow(): void {
    if (this.closed) return;
    this.encodedSnapshot = undefined;
    if (!this.eventsOff) {
      let sub: Subscription | undefined;
      while ((sub = this.ready.first()) !== undefined) {
        let snapshot: PvSnapshot | undefined;
        while (!this.congested() && (snapshot = sub.shift()) !== undefined) {
          this.sendUpdate(sub, snapshot);
        }
        if (sub.pending === 0) this.ready.delete(sub);
        else break;
      }
    }
    if (this.writer.length > 0) this.send();
    // A socket that took everything at once emits no 'drain': when updates are still waiting
    // and the socket is not really full, carry on next turn instead of waiting for one.
    if (!this.eventsOff && this.ready.size > 0 && this.transport.writableLength < SEND_HIGH_WATER) this.scheduleFlush();
    this.watchCongestion();
  }

  /** The socket drained: carry on sending, and reading if we had stopped. */
  onDrain(): void {
    this.guarded('after drain', () => this.drained());
  }

  private drained(): void {
    if (this.closed) return;
    if (this.inputPaused && this.transport.writableLength < INPUT_PAUSE_BYTES / 2) {
      this.inputPaused = false;
      // A circuit waiting for a put-callback stays paused until that is answered.
      if (this.blockedOn === undefined) this.transport.resumeInput();
    }
    if (this.ready.size > 0 || this.writer.length > 0) this.scheduleFlush();
    this.watchCongestion();
  }

  /**
   * A client that stops reading holds at most a socket buffer and one small queue per
   * subscription; if it stays stuck past the timeout it is disconnected so that its memory is
   * freed. Other circuits never wait for it.
   */
  private watchCongestion(): void {
    const stuck = this.congested() && (this.ready.size > 0 || this.inputPaused);
    if (stuck && this.slowTimer === undefined) {
      this.slowTimer = setTimeout(() => {
        this.slowTimer = undefined;
        if (this.congested()) {
          this.host.log.warn(`${this.peer()}: not reading for ${this.host.config.slowClientTimeoutMs} ms with ${this.transport.writableLength} bytes unsent; disconnecting`);
          this.close();
          this.transport.close();
        }
      }, this.host.config.slowClientTimeoutMs);
      this.slowTimer.unref();
    } else if (!stuck && this.slowTimer !== undefined) {
      clearTimeout(this.slowTimer);
      this.slowTimer = undefined;
    }
  }

  /**
   * Runs one piece of the circuit's work so that nothing it throws escapes: an unexpected error
   * (a bug) closes this circuit alone, logged once, and never reaches another circuit, the PV
   * that posted, or the process.
   */
  private guarded(what: string, work: () => void): void {
    try {
      work();
    } catch (err) {
      this.failed(what, err);
    }
  }

  private failed(what: string, err: unknown): void {
    if (this.closed) return;
    this.host.log.error(`${this.peer()}: internal error ${what}: ${(err as Error)?.message ?? String(err)}; closing circuit`);
    this.close();
    this.transport.close();
  }

  /** Sends an ERROR and closes the circuit (what rsrv does for protocol violations). */
  private fatal(rawHeader: Buffer, eca: number, text: string, reason: string): void {
    this.host.log.warn(`${this.peer()}: ${reason}; closing circuit`);
    msg.writeError(this.writer, 0xffffffff, eca, rawHeader, text);
    this.send();
    this.close();
    this.transport.close();
  }

  /** Frees every channel and subscription; called when the socket closes. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.slowTimer !== undefined) clearTimeout(this.slowTimer);
    if (this.blockedTimer !== undefined) clearTimeout(this.blockedTimer);
    this.blockedTimer = undefined;
    this.held.length = 0;
    for (const channel of [...this.channels.values()]) this.dropChannel(channel, false);
    this.ready.clear();
  }

  peer(): string {
    return `${this.client.address}:${this.client.port}`;
  }

  /** Protocol minor version the client announced. */
  get peerMinorVersion(): number {
    return this.clientMinor;
  }
}

