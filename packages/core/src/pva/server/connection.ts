/**
 * One pvAccess TCP connection of the server: validation, channels and operations (GET, PUT,
 * MONITOR, GET_FIELD). It talks to its socket only through PvaTransport, so tests drive it with
 * byte strings; the server wires it to a net.Socket. Each operation is an object held by ioid.
 */
import type { Logger } from '../../log/index.js';
import { Access, Dbe } from '../../ca/protocol/constants.js';
import type { CaPv, ClientInfo, Unsubscribe } from '../../ca/server/provider.js';
import { PvWriteError } from '../../ca/server/provider.js';
import { BitSet } from '../protocol/bitset.js';
import { PvaReader, PvaWriter } from '../protocol/buffer.js';
import { PvaCommand, PvaControl, PvaStatusCode, PvaSubcommand } from '../protocol/constants.js';
import { PvaDecodeError } from '../protocol/errors.js';
import { type FieldDesc, type TypeCache, readFieldDesc, scalar, scalarArray, struct, subField, writeFieldDesc } from '../protocol/field-desc.js';
import { type PvaControlMessage, type PvaMessage, PvaFrameReader, beginMessage, endMessage, writeControl } from '../protocol/framing.js';
import { type RequestOptions, requestMask, requestOptions } from '../protocol/request.js';
import { type PvaStatus, STATUS_OK, statusError, writeStatus } from '../protocol/status.js';
import { type PvaStruct, type PvaValue, readPartial, readValue, writePartial, writeValue } from '../protocol/value.js';
import { type NtMapping, mappingFor } from './nt-mapping.js';
import { putValueFor } from './put-value.js';

export interface PvaTransport {
  write(data: Uint8Array): void;
  readonly writableLength: number;
  close(): void;
}

export interface PvaConnectionHost {
  readonly log: Logger;
  readonly maxMessageBytes: number;
  /**
   * Answers a SEARCH received over TCP (clients using this server as a name server,
   * EPICS_PVA_NAME_SERVERS): the SEARCH_RESPONSE payload, or undefined when nothing is found
   * and no reply is required.
   */
  answerSearch(r: PvaReader): Uint8Array | undefined;
  open(name: string): CaPv | undefined;
  /** The record's DESC field behind a channel name (display.description), if it has one. */
  descriptionOf(name: string): CaPv | undefined;
  /** Every name served, for the built-in "server" channel's "channels" query (pvxlist, pvlist). */
  listNames(): string[];
}

/** The name of the built-in channel pvxlist and pvlist query by RPC, as pvxs serves it. */
const SERVER_CHANNEL = 'server';

/** Above this many bytes waiting in the socket, monitor updates wait for 'drain'. */
const SEND_HIGH_WATER = 1 << 20;
const DEFAULT_QUEUE_SIZE = 4;

/** Stands in for a PV behind the built-in "server" channel, which has none. */
const NO_PV: CaPv = {
  nativeType: 0,
  nativeCount: 1,
  read: () => {
    throw new Error('the "server" channel has no value');
  },
  write: () => {
    throw new Error('the "server" channel has no value');
  },
  subscribe: () => () => undefined,
};

class Channel {
  readonly ops = new Set<number>();
  unwatchRemoval: Unsubscribe | undefined;
  private cachedMapping: NtMapping | undefined;

  constructor(
    readonly sid: number,
    readonly cid: number,
    readonly name: string,
    readonly pv: CaPv,
    /** True for the built-in "server" channel (RPC only). */
    readonly builtin = false,
  ) {}

  get mapping(): NtMapping {
    this.cachedMapping ??= mappingFor(this.pv, this.name);
    return this.cachedMapping;
  }

  /** The record's DESC, opened once per channel and read at each use (it may change). */
  description(host: PvaConnectionHost): string {
    if (this.descPv === undefined) this.descPv = host.descriptionOf(this.name) ?? null;
    const v = this.descPv?.read().value[0];
    return typeof v === 'string' ? v : '';
  }

  private descPv: CaPv | null | undefined;
}

interface Operation {
  readonly kind: 'get' | 'put' | 'monitor';
  readonly ioid: number;
  readonly channel: Channel;
  readonly mask: BitSet;
  readonly options: RequestOptions;
  close(): void;
}

interface QueuedUpdate {
  value: PvaStruct;
  changed: BitSet;
  overrun: BitSet;
}

class MonitorOperation implements Operation {
  readonly kind = 'monitor';
  readonly queue: QueuedUpdate[] = [];
  running = false;
  unsubscribe: Unsubscribe | undefined;
  /** Pipelining: how many more updates the client has room for. */
  window: number;
  readonly pipeline: boolean;
  readonly limit: number;
  readonly events: number;

  constructor(
    readonly ioid: number,
    readonly channel: Channel,
    readonly mask: BitSet,
    readonly options: RequestOptions,
    initialAck: number,
  ) {
    this.pipeline = options.pipeline === true;
    this.limit = Math.max(2, options.queueSize ?? DEFAULT_QUEUE_SIZE);
    this.window = initialAck;
    this.events = options.dbe !== undefined && options.dbe !== 0 ? options.dbe : Dbe.VALUE | Dbe.ALARM | Dbe.PROPERTY;
  }

  push(update: QueuedUpdate): void {
    const last = this.queue[this.queue.length - 1];
    if (this.queue.length >= this.limit && last !== undefined) {
      // Full: the newest value replaces the last queued one; what it changed is kept, and the
      // fields that changed twice are reported in the overrun bitset (as pvxs squashes).
      const twice = last.changed.and(update.changed);
      last.overrun.or(twice);
      last.changed.or(update.changed);
      last.value = update.value;
      return;
    }
    this.queue.push(update);
  }

  close(): void {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.queue.length = 0;
  }
}

class SimpleOperation implements Operation {
  busy = false;
  constructor(
    readonly kind: 'get' | 'put',
    readonly ioid: number,
    readonly channel: Channel,
    readonly mask: BitSet,
    readonly options: RequestOptions,
  ) {}
  close(): void {
    this.busy = false;
  }
}

export class PvaServerConnection {
  private readonly frames: PvaFrameReader;
  private readonly cache: TypeCache = new Map();
  private readonly channels = new Map<number, Channel>();
  private readonly ops = new Map<number, Operation>();
  /** Channel ids counted from where pvxs starts them, so captured conversations replay unchanged. */
  private nextSid = 0x07050301;
  private closed = false;
  private validated = false;
  readonly client: ClientInfo;

  constructor(
    private readonly transport: PvaTransport,
    private readonly host: PvaConnectionHost,
    address: string,
    port: number,
  ) {
    this.frames = new PvaFrameReader(host.maxMessageBytes);
    this.client = { host: address, user: '', address, port };
    // SET_BYTE_ORDER (we send little-endian), then CONNECTION_VALIDATION, as pvxs does.
    const w = new PvaWriter(true, 64);
    writeControl(w, PvaControl.SET_BYTE_ORDER, 0, true);
    const start = beginMessage(w, PvaCommand.CONNECTION_VALIDATION, true);
    w.u32(0x10000).u16(0x7fff);
    w.size(2).string('anonymous').string('ca');
    endMessage(w, start);
    this.transport.write(w.finish());
  }

  get channelCount(): number {
    return this.channels.size;
  }

  get operationCount(): number {
    return this.ops.size;
  }

  /** Bytes from the socket. A message that cannot be decoded closes the connection. */
  receive(chunk: Uint8Array): void {
    if (this.closed) return;
    let messages: (PvaMessage | PvaControlMessage)[];
    try {
      messages = this.frames.push(chunk);
    } catch (err) {
      this.fail(err);
      return;
    }
    for (const m of messages) {
      if (this.closed) return;
      if ('control' in m) continue; // markers and the client's byte order: we read the order from each header
      try {
        this.handle(m);
      } catch (err) {
        this.fail(err);
        return;
      }
    }
  }

  private fail(err: unknown): void {
    const text = err instanceof PvaDecodeError ? `bad message: ${err.message}` : `internal error: ${(err as Error).stack ?? String(err)}`;
    if (err instanceof PvaDecodeError) this.host.log.warn(`PVA client ${this.client.address}:${this.client.port}: ${text}; disconnecting`);
    else this.host.log.error(`PVA client ${this.client.address}:${this.client.port}: ${text}; disconnecting`);
    this.transport.close();
    this.close();
  }

  /** The socket is gone: stop every operation. Safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const op of this.ops.values()) op.close();
    this.ops.clear();
    for (const ch of this.channels.values()) ch.unwatchRemoval?.();
    this.channels.clear();
  }

  /** The socket drained: send what monitors held back. */
  onDrain(): void {
    for (const op of this.ops.values()) if (op instanceof MonitorOperation) this.pump(op);
  }

  private handle(m: PvaMessage): void {
    const r = new PvaReader(m.payload, m.littleEndian);
    switch (m.command) {
      case PvaCommand.CONNECTION_VALIDATION:
        this.onValidation(r);
        return;
      case PvaCommand.ECHO:
        this.send(PvaCommand.ECHO, (w) => w.raw(m.payload));
        return;
      case PvaCommand.CREATE_CHANNEL:
        this.onCreateChannel(r);
        return;
      case PvaCommand.DESTROY_CHANNEL:
        this.onDestroyChannel(r);
        return;
      case PvaCommand.GET:
      case PvaCommand.PUT:
        this.onGetPut(m.command, r);
        return;
      case PvaCommand.MONITOR:
        this.onMonitor(r);
        return;
      case PvaCommand.GET_FIELD:
        this.onGetField(r);
        return;
      case PvaCommand.DESTROY_REQUEST:
        this.onDestroyRequest(r);
        return;
      case PvaCommand.CANCEL_REQUEST:
        return; // every operation here completes promptly; nothing to cancel
      case PvaCommand.RPC:
        this.onRpc(r);
        return;
      case PvaCommand.PUT_GET:
      case PvaCommand.ARRAY:
      case PvaCommand.PROCESS:
        this.onUnsupported(m.command, r, 'operation not supported (as in pvxs)');
        return;
      case PvaCommand.SEARCH: {
        const reply = this.host.answerSearch(r);
        if (reply !== undefined) this.transport.write(reply);
        return;
      }
      case PvaCommand.AUTHNZ:
      case PvaCommand.MESSAGE:
      case PvaCommand.ORIGIN_TAG:
        return;
      default:
        this.host.log.debug(`PVA client ${this.client.address}: ignoring command ${m.command}`);
    }
  }

  private send(command: number, body: (w: PvaWriter) => void): void {
    if (this.closed) return;
    const w = new PvaWriter(true, 128);
    const start = beginMessage(w, command, true);
    body(w);
    endMessage(w, start);
    this.transport.write(w.finish());
  }

  private onValidation(r: PvaReader): void {
    r.u32(); // client buffer size
    r.u16(); // introspection registry size
    r.u16(); // QoS
    const method = r.string();
    const authType = readFieldDesc(r, this.cache);
    const auth = authType === undefined ? null : readValue(r, authType, this.cache);
    let status: PvaStatus = STATUS_OK;
    if (method === 'ca') {
      const a = (auth ?? {}) as PvaStruct;
      if (typeof a.user === 'string') this.client.user = a.user;
      if (typeof a.host === 'string' && a.host !== '') this.client.host = a.host;
    } else if (method !== 'anonymous' && method !== '') {
      status = { code: PvaStatusCode.ERROR, message: 'Client selects unadvertised auth' };
    }
    this.validated = status === STATUS_OK;
    this.send(PvaCommand.CONNECTION_VALIDATED, (w) => writeStatus(w, status));
  }

  private onCreateChannel(r: PvaReader): void {
    const n = r.u16();
    for (let i = 0; i < n; i++) {
      const cid = r.u32();
      const name = r.string();
      const pv = name === '' ? undefined : this.host.open(name);
      if (pv === undefined && name === SERVER_CHANNEL) {
        let sid = this.nextSid++;
        while (this.channels.has(sid)) sid = this.nextSid++;
        this.channels.set(sid, new Channel(sid, cid, name, NO_PV, true));
        this.send(PvaCommand.CREATE_CHANNEL, (w) => {
          w.u32(cid).u32(sid);
          writeStatus(w, STATUS_OK);
        });
        continue;
      }
      if (pv === undefined) {
        this.send(PvaCommand.CREATE_CHANNEL, (w) => {
          w.u32(cid).u32(0xffffffff);
          writeStatus(w, { code: PvaStatusCode.FATAL, message: 'Refused to create Channel', trace: 'pvx:serv:refusechan:' });
        });
        continue;
      }
      let sid = this.nextSid++;
      while (this.channels.has(sid)) sid = this.nextSid++;
      const channel = new Channel(sid, cid, name, pv);
      this.channels.set(sid, channel);
      channel.unwatchRemoval = pv.watchRemoval?.(() => {
        this.dropChannel(channel);
        this.send(PvaCommand.DESTROY_CHANNEL, (w) => w.u32(channel.sid).u32(channel.cid));
      });
      this.send(PvaCommand.CREATE_CHANNEL, (w) => {
        w.u32(cid).u32(sid);
        writeStatus(w, STATUS_OK);
      });
    }
  }

  private dropChannel(channel: Channel): void {
    for (const ioid of channel.ops) {
      this.ops.get(ioid)?.close();
      this.ops.delete(ioid);
    }
    channel.ops.clear();
    channel.unwatchRemoval?.();
    this.channels.delete(channel.sid);
  }

  private onDestroyChannel(r: PvaReader): void {
    const sid = r.u32();
    const cid = r.u32();
    const channel = this.channels.get(sid);
    if (channel !== undefined) this.dropChannel(channel);
    this.send(PvaCommand.DESTROY_CHANNEL, (w) => w.u32(sid).u32(cid));
  }

  private channelFor(sid: number): Channel {
    const channel = this.channels.get(sid);
    if (channel === undefined) throw new PvaDecodeError(`no channel with sid ${sid}`);
    return channel;
  }

  private rightsOf(channel: Channel): number {
    return channel.pv.accessFor?.(this.client) ?? Access.READ_WRITE;
  }

  /** Reads an INIT's pvRequest and builds the operation's mask and options (or an error status). */
  private readInit(r: PvaReader, channel: Channel): { mask: BitSet; options: RequestOptions } | { error: string } {
    const requestType = readFieldDesc(r, this.cache);
    const request: PvaValue = requestType === undefined ? null : readValue(r, requestType, this.cache);
    if (channel.builtin) return { error: `the "${SERVER_CHANNEL}" channel only answers RPC` };
    try {
      return { mask: requestMask(channel.mapping.type, request), options: requestOptions(request) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  private onGetPut(command: number, r: PvaReader): void {
    const sid = r.u32();
    const ioid = r.u32();
    const sub = r.u8();
    if (sub & PvaSubcommand.INIT) {
      const channel = this.channelFor(sid);
      if (this.ops.has(ioid)) throw new PvaDecodeError(`ioid ${ioid} is already in use`);
      const init = this.readInit(r, channel);
      const kind = command === PvaCommand.GET ? 'get' : 'put';
      const rights = this.rightsOf(channel);
      let error = 'error' in init ? init.error : undefined;
      if (error === undefined && (rights & Access.READ) === 0 && kind === 'get') error = 'Get not permitted';
      if (error === undefined && (rights & Access.WRITE) === 0 && kind === 'put') error = 'Put not permitted';
      if (error !== undefined || 'error' in init) {
        this.send(command, (w) => {
          w.u32(ioid).u8(sub);
          writeStatus(w, statusError(error ?? 'bad request'));
        });
        return;
      }
      const op = new SimpleOperation(kind, ioid, channel, init.mask, init.options);
      this.ops.set(ioid, op);
      channel.ops.add(ioid);
      this.send(command, (w) => {
        w.u32(ioid).u8(sub);
        writeStatus(w, STATUS_OK);
        w.raw(channel.mapping.typeBytes);
      });
      return;
    }
    const op = this.ops.get(ioid);
    if (!(op instanceof SimpleOperation) || op.channel.sid !== sid || (op.kind === 'get') !== (command === PvaCommand.GET)) {
      // A request racing our destroy: ignore it, as pvxs does for unknown ioids.
      this.host.log.debug(`PVA client ${this.client.address}: ${command === PvaCommand.GET ? 'GET' : 'PUT'} for unknown ioid ${ioid}`);
      return;
    }
    const last = (sub & PvaSubcommand.DESTROY) !== 0;
    if (command === PvaCommand.GET || (sub & PvaSubcommand.GET) !== 0) {
      // record[process=true] on a GET processes nothing in QSRV2 (checked against softIocPVX).
      this.replyValue(command, op, sub);
      if (last) this.removeOp(op);
      return;
    }
    // PUT: bitset and partial value over the channel's type.
    const mapping = op.channel.mapping;
    const changed = BitSet.read(r);
    const value = mapping.valueOf(op.channel.pv.read(), '') as PvaStruct;
    readPartial(r, mapping.type, value, changed, this.cache);
    op.busy = true;
    void this.applyPut(op, changed, value).then((status) => {
      if (!this.ops.has(op.ioid) && !last) return;
      op.busy = false;
      this.send(PvaCommand.PUT, (w) => {
        w.u32(op.ioid).u8(sub);
        writeStatus(w, status);
      });
      if (last) this.removeOp(op);
    });
  }

  private async applyPut(op: SimpleOperation, changed: BitSet, value: PvaStruct): Promise<PvaStatus> {
    const channel = op.channel;
    if ((this.rightsOf(channel) & Access.WRITE) === 0) return statusError('Put not permitted');
    const dbr = putValueFor(channel.mapping, changed, value);
    if (dbr === undefined) return STATUS_OK; // nothing that maps to the record was sent
    if (typeof dbr === 'string') return statusError(dbr);
    try {
      const wait = op.options.block === true;
      // record[process=true]: stored, then processed once (QSRV2's dbPut + dbProcess); with
      // block=true QSRV2 uses dbPutNotify, which processes only as a CA put-callback does.
      const done = channel.pv.write(dbr, { client: this.client, notify: wait, process: op.options.process === 'true' && !wait ? true : op.options.process === 'false' ? false : undefined });
      if (wait) await done;
      else if (done instanceof Promise) done.catch(() => undefined);
      return STATUS_OK;
    } catch (err) {
      return statusError(err instanceof PvWriteError ? err.message : `put failed: ${(err as Error).message}`);
    }
  }

  private replyValue(command: number, op: Operation, sub: number): void {
    const channel = op.channel;
    if ((this.rightsOf(channel) & Access.READ) === 0) {
      this.send(command, (w) => {
        w.u32(op.ioid).u8(sub);
        writeStatus(w, statusError('Get not permitted'));
      });
      return;
    }
    const mapping = channel.mapping;
    const value = mapping.valueOf(channel.pv.read(), channel.description(this.host));
    const bits = mapping.fullMask.and(op.mask);
    this.send(command, (w) => {
      w.u32(op.ioid).u8(sub);
      writeStatus(w, STATUS_OK);
      bits.write(w);
      writePartial(w, mapping.type, value, bits);
    });
  }

  private removeOp(op: Operation): void {
    op.close();
    this.ops.delete(op.ioid);
    op.channel.ops.delete(op.ioid);
  }

  private onMonitor(r: PvaReader): void {
    const sid = r.u32();
    const ioid = r.u32();
    const sub = r.u8();
    if (sub & PvaSubcommand.INIT) {
      const channel = this.channelFor(sid);
      if (this.ops.has(ioid)) throw new PvaDecodeError(`ioid ${ioid} is already in use`);
      const init = this.readInit(r, channel);
      const nack = sub & PvaSubcommand.PIPELINE ? r.u32() : 0;
      let error = 'error' in init ? init.error : undefined;
      if (error === undefined && (this.rightsOf(channel) & Access.READ) === 0) error = 'Monitor not permitted';
      if (error !== undefined || 'error' in init) {
        this.send(PvaCommand.MONITOR, (w) => {
          w.u32(ioid).u8(PvaSubcommand.INIT);
          writeStatus(w, statusError(error ?? 'bad request'));
        });
        return;
      }
      const op = new MonitorOperation(ioid, channel, init.mask, init.options, nack);
      this.ops.set(ioid, op);
      channel.ops.add(ioid);
      this.send(PvaCommand.MONITOR, (w) => {
        w.u32(ioid).u8(PvaSubcommand.INIT);
        writeStatus(w, STATUS_OK);
        w.raw(channel.mapping.typeBytes);
      });
      return;
    }
    const nack = sub & PvaSubcommand.PIPELINE ? r.u32() : 0;
    const op = this.ops.get(ioid);
    if (!(op instanceof MonitorOperation) || op.channel.sid !== sid) return; // racing a destroy
    if (sub & PvaSubcommand.PIPELINE && op.pipeline) op.window += nack;
    if (sub & PvaSubcommand.START) {
      if (sub & PvaSubcommand.GET) this.startMonitor(op);
      else op.running = false;
    }
    if (sub & PvaSubcommand.DESTROY) {
      this.removeOp(op);
      return;
    }
    this.pump(op);
  }

  private startMonitor(op: MonitorOperation): void {
    if (op.running) return;
    op.running = true;
    const channel = op.channel;
    const mapping = channel.mapping;
    const description = channel.description(this.host);
    op.push({ value: mapping.valueOf(channel.pv.read(), description), changed: mapping.fullMask.and(op.mask), overrun: new BitSet() });
    op.unsubscribe ??= channel.pv.subscribe((mask, snapshot) => {
      if (!op.running || (mask & op.events) === 0) return;
      const changed = new BitSet();
      if (mask & (Dbe.VALUE | Dbe.LOG)) changed.or(mapping.valueMask);
      if (mask & Dbe.ALARM) changed.or(mapping.alarmMask);
      if (mask & Dbe.PROPERTY) changed.or(mapping.propertyMask);
      const bits = changed.and(op.mask);
      if (bits.isEmpty()) return;
      op.push({ value: mapping.valueOf(snapshot, description), changed: bits, overrun: new BitSet() });
      this.pump(op);
    });
  }

  private pump(op: MonitorOperation): void {
    const mapping = op.channel.mapping;
    while (op.queue.length > 0 && (!op.pipeline || op.window > 0) && this.transport.writableLength < SEND_HIGH_WATER && !this.closed) {
      const update = op.queue.shift()!;
      if (op.pipeline) op.window--;
      this.send(PvaCommand.MONITOR, (w) => {
        w.u32(op.ioid).u8(0);
        update.changed.write(w);
        writePartial(w, mapping.type, update.value, update.changed);
        update.overrun.write(w);
      });
    }
  }

  private onGetField(r: PvaReader): void {
    const sid = r.u32();
    const ioid = r.u32();
    const path = r.string();
    const channel = this.channelFor(sid);
    const type: FieldDesc | undefined = channel.builtin ? undefined : subField(channel.mapping.type, path);
    this.send(PvaCommand.GET_FIELD, (w) => {
      w.u32(ioid);
      if (type === undefined) writeStatus(w, statusError(`no field "${path}"`));
      else {
        writeStatus(w, STATUS_OK);
        writeFieldDesc(w, type);
      }
    });
  }

  /** RPC: only the built-in "server" channel answers (op=channels, op=info), as in pvxs. */
  private onRpc(r: PvaReader): void {
    const sid = r.u32();
    const ioid = r.u32();
    const sub = r.u8();
    const channel = this.channels.get(sid);
    if (channel === undefined) throw new PvaDecodeError(`no channel with sid ${sid}`);
    const argType = readFieldDesc(r, this.cache);
    const args = argType === undefined ? null : readValue(r, argType, this.cache);
    if (sub & PvaSubcommand.INIT) {
      this.send(PvaCommand.RPC, (w) => {
        w.u32(ioid).u8(sub);
        writeStatus(w, channel.builtin ? STATUS_OK : statusError('RPC not supported by this PV'));
      });
      return;
    }
    let query = (args ?? {}) as PvaStruct;
    if (query.query !== undefined && typeof query.query === 'object') query = query.query as PvaStruct; // NTURI
    const op = typeof query.op === 'string' ? query.op : '';
    const reply = (type: FieldDesc, value: PvaStruct): void =>
      this.send(PvaCommand.RPC, (w) => {
        w.u32(ioid).u8(sub);
        writeStatus(w, STATUS_OK);
        writeFieldDesc(w, type);
        writeValue(w, type, value);
      });
    if (op === 'channels') {
      const type = struct('epics:nt/NTScalarArray:1.0', [
        ['value', scalarArray('string')],
        ['alarm', struct('alarm_t', [['severity', scalar('int32')], ['status', scalar('int32')], ['message', scalar('string')]])],
        ['timeStamp', struct('time_t', [['secondsPastEpoch', scalar('int64')], ['nanoseconds', scalar('int32')], ['userTag', scalar('int32')]])],
      ]);
      reply(type, { value: [...new Set(this.host.listNames())].sort() });
      return;
    }
    if (op === 'info') {
      reply(struct('', [['implLang', scalar('string')], ['version', scalar('string')]]), { implLang: 'typescript', version: 'devioc' });
      return;
    }
    this.send(PvaCommand.RPC, (w) => {
      w.u32(ioid).u8(sub);
      writeStatus(w, statusError('Not implemented'));
    });
  }

  private onDestroyRequest(r: PvaReader): void {
    r.u32();
    const ioid = r.u32();
    const op = this.ops.get(ioid);
    if (op !== undefined) this.removeOp(op);
  }

  private onUnsupported(command: number, r: PvaReader, message: string): void {
    r.u32();
    const ioid = r.u32();
    const sub = r.u8();
    this.send(command, (w) => {
      w.u32(ioid).u8(sub);
      writeStatus(w, statusError(message));
    });
  }

  /** For tests and logs. */
  get isValidated(): boolean {
    return this.validated;
  }
}
