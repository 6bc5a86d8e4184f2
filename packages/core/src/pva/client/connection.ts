/**
 * One client TCP connection to a pvAccess server: the validation handshake ("ca" with user
 * and host), channels, and operations, each an object awaiting its replies by ioid.
 */
import net from 'node:net';
import { BitSet } from '../protocol/bitset.js';
import { PvaReader, PvaWriter } from '../protocol/buffer.js';
import { PvaCommand, PvaSubcommand } from '../protocol/constants.js';
import { PvaDecodeError } from '../protocol/errors.js';
import { type FieldDesc, type StructDesc, type TypeCache, readFieldDesc, scalar, struct, writeFieldDesc } from '../protocol/field-desc.js';
import { type PvaMessage, PvaFrameReader, beginMessage, endMessage } from '../protocol/framing.js';
import { readAddress } from '../protocol/udp-messages.js';
import { type PvaStatus, isSuccess, readStatus } from '../protocol/status.js';
import { type PvaStruct, type PvaValue, defaultValue, readPartial, writePartial, writeValue } from '../protocol/value.js';

export class PvaClientError extends Error {
  override name = 'PvaClientError';
}

/** What an operation is told of each reply addressed to it. */
type ReplyHandler = (command: number, sub: number, r: PvaReader) => void;

export interface ChannelHandle {
  sid: number;
  name: string;
}

export class ClientConnection {
  private readonly frames = new PvaFrameReader();
  private readonly cache: TypeCache = new Map();
  private readonly ops = new Map<number, ReplyHandler>();
  private readonly creating = new Map<number, { resolve: (sid: number) => void; reject: (e: Error) => void }>();
  private readonly channels = new Map<number, ChannelHandle>();
  private nextIoid = 1;
  private nextCid = 1;
  private validated!: Promise<void>;
  private closedError: Error | undefined;
  private readonly closeListeners = new Set<(err: Error) => void>();

  private constructor(
    private readonly socket: net.Socket,
    readonly address: string,
  ) {}

  /**
   * Connects and validates. `heartbeatMs` (EPICS_PVA_CONN_TMO): a connection silent for half of
   * it is probed with ECHO, and closed when silent for all of it (a host that vanished without
   * closing its sockets is noticed, as pvxs notices it).
   */
  static open(host: string, port: number, user: string, hostName: string, timeoutMs: number, heartbeatMs = 30_000): Promise<ClientConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host);
      const conn = new ClientConnection(socket, `${host}:${port}`);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new PvaClientError(`${host}:${port}: no connection validation within ${timeoutMs} ms`));
      }, timeoutMs);
      conn.validated = new Promise<void>((done, fail) => {
        conn.onValidated = done;
        conn.onValidationFailed = fail;
      });
      conn.user = user;
      conn.host = host;
      conn.hostName = hostName;
      socket.setNoDelay(true);
      conn.startHeartbeat(heartbeatMs);
      socket.on('data', (chunk) => conn.receive(chunk));
      socket.on('error', (err) => conn.shutdown(new PvaClientError(`${host}:${port}: ${err.message}`)));
      socket.on('close', () => conn.shutdown(new PvaClientError(`${host}:${port}: connection closed`)));
      conn.validated.then(
        () => {
          clearTimeout(timer);
          resolve(conn);
        },
        (err: Error) => {
          clearTimeout(timer);
          socket.destroy();
          reject(err);
        },
      );
    });
  }

  private lastReceived = Date.now();
  private heartbeat: NodeJS.Timeout | undefined;

  private startHeartbeat(ms: number): void {
    this.heartbeat = setInterval(() => {
      const silent = Date.now() - this.lastReceived;
      if (silent >= ms) {
        this.socket.destroy();
        this.shutdown(new PvaClientError(`${this.address}: no reply for ${Math.round(silent / 1000)} s`));
      } else if (silent >= ms / 2 && this.closedError === undefined) {
        this.send(PvaCommand.ECHO, () => undefined);
      }
    }, Math.max(100, ms / 4));
    this.heartbeat.unref();
  }

  /** The server's host, as connected to. */
  private host = '';
  /** Told of SEARCH_RESPONSEs received on this connection (it is a name server). */
  onSearchResponse: ((cids: number[], host: string, port: number) => void) | undefined;

  /** Sends a SEARCH over TCP, as clients do to name servers. */
  async search(cid: number, name: string): Promise<void> {
    await this.validated;
    this.send(PvaCommand.SEARCH, (w) => {
      w.u32(cid).u8(0).u8(0).u8(0).u8(0);
      for (let i = 0; i < 16; i++) w.u8(0);
      w.u16(0);
      w.size(1).string('tcp');
      w.u16(1).u32(cid).string(name);
    });
  }

  private user = '';
  private hostName = '';
  private onValidated: () => void = () => undefined;
  private onValidationFailed: (err: Error) => void = () => undefined;

  get isClosed(): boolean {
    return this.closedError !== undefined;
  }

  onClose(listener: (err: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.socket.destroy();
    this.shutdown(new PvaClientError(`${this.address}: closed`));
  }

  private shutdown(err: Error): void {
    if (this.closedError !== undefined) return;
    this.closedError = err;
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.onValidationFailed(err);
    for (const c of this.creating.values()) c.reject(err);
    this.creating.clear();
    for (const l of this.closeListeners) l(err);
    this.closeListeners.clear();
  }

  private send(command: number, body: (w: PvaWriter) => void): void {
    if (this.closedError !== undefined) throw this.closedError;
    const w = new PvaWriter(true, 128);
    const start = beginMessage(w, command, false);
    body(w);
    endMessage(w, start);
    this.socket.write(w.finish());
  }

  private receive(chunk: Uint8Array): void {
    this.lastReceived = Date.now();
    let messages;
    try {
      messages = this.frames.push(chunk);
    } catch (err) {
      this.socket.destroy();
      this.shutdown(err as Error);
      return;
    }
    for (const m of messages) {
      if ('control' in m) continue;
      try {
        this.handle(m);
      } catch (err) {
        this.socket.destroy();
        this.shutdown(new PvaClientError(`${this.address}: ${(err as Error).message}`));
        return;
      }
    }
  }

  private handle(m: PvaMessage): void {
    const r = new PvaReader(m.payload, m.littleEndian);
    switch (m.command) {
      case PvaCommand.CONNECTION_VALIDATION: {
        r.u32();
        r.u16();
        const n = r.count(1);
        const methods: string[] = [];
        for (let i = 0; i < n; i++) methods.push(r.string());
        const useCa = methods.includes('ca');
        this.send(PvaCommand.CONNECTION_VALIDATION, (w) => {
          w.u32(0x10000).u16(0x7fff).u16(0);
          if (useCa) {
            w.string('ca');
            const authType = struct('', [['user', scalar('string')], ['host', scalar('string')]]);
            writeFieldDesc(w, authType);
            writeValue(w, authType, { user: this.user, host: this.hostName });
          } else {
            w.string('anonymous');
            w.u8(0xff);
          }
        });
        return;
      }
      case PvaCommand.CONNECTION_VALIDATED: {
        const s = readStatus(r);
        if (isSuccess(s)) this.onValidated();
        else this.onValidationFailed(new PvaClientError(`${this.address}: validation refused: ${s.message}`));
        return;
      }
      case PvaCommand.CREATE_CHANNEL: {
        const cid = r.u32();
        const sid = r.u32();
        const s = readStatus(r);
        const pending = this.creating.get(cid);
        this.creating.delete(cid);
        if (pending === undefined) return;
        if (isSuccess(s)) pending.resolve(sid);
        else pending.reject(new PvaClientError(s.message || 'channel refused'));
        return;
      }
      case PvaCommand.SEARCH_RESPONSE: {
        r.skip(12);
        r.u32();
        const address = readAddress(r) ?? this.host;
        const port = r.u16();
        const proto = r.string();
        const found = r.u8() !== 0;
        const n = r.u16();
        const cids: number[] = [];
        for (let i = 0; i < n; i++) cids.push(r.u32());
        if (found && proto === 'tcp') this.onSearchResponse?.(cids, address, port);
        return;
      }
      case PvaCommand.DESTROY_CHANNEL:
      case PvaCommand.ECHO:
      case PvaCommand.MESSAGE:
        return;
      case PvaCommand.GET:
      case PvaCommand.PUT:
      case PvaCommand.MONITOR:
      case PvaCommand.RPC: {
        const ioid = r.u32();
        const sub = r.u8();
        this.ops.get(ioid)?.(m.command, sub, r);
        return;
      }
      case PvaCommand.GET_FIELD: {
        const ioid = r.u32();
        this.ops.get(ioid)?.(m.command, 0, r);
        return;
      }
      default:
        return;
    }
  }

  async createChannel(name: string): Promise<ChannelHandle> {
    await this.validated;
    const cid = this.nextCid++;
    const sid = await new Promise<number>((resolve, reject) => {
      this.creating.set(cid, { resolve, reject });
      this.send(PvaCommand.CREATE_CHANNEL, (w) => w.u16(1).u32(cid).string(name));
    });
    const handle = { sid, name };
    this.channels.set(sid, handle);
    return handle;
  }

  destroyChannel(ch: ChannelHandle): void {
    this.channels.delete(ch.sid);
    if (!this.isClosed) this.send(PvaCommand.DESTROY_CHANNEL, (w) => w.u32(ch.sid).u32(0));
  }

  /** Registers a reply handler under a fresh ioid. */
  private operation(handler: ReplyHandler): { ioid: number; done: () => void } {
    const ioid = this.nextIoid++;
    this.ops.set(ioid, handler);
    return { ioid, done: () => this.ops.delete(ioid) };
  }

  private waitReplies<T>(timeoutMs: number, start: (ioid: number, settle: (v: T | Error) => void) => ReplyHandler): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let finished = false;
      const settle = (v: T | Error): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        op.done();
        unclose();
        if (v instanceof Error) reject(v);
        else resolve(v);
      };
      let handler: ReplyHandler = () => undefined;
      const op = this.operation((c, s, r) => handler(c, s, r));
      handler = start(op.ioid, settle);
      const timer = setTimeout(() => settle(new PvaClientError('timeout')), timeoutMs);
      const unclose = this.onClose((err) => settle(err));
    });
  }

  private static statusError(s: PvaStatus): PvaClientError {
    return new PvaClientError(s.message || 'operation failed');
  }

  /** An operation's INIT: its channel, ioid and pvRequest (type and value). */
  private sendInit(command: number, ch: ChannelHandle, ioid: number, request: { type: StructDesc; value: PvaStruct }): void {
    this.send(command, (w) => {
      w.u32(ch.sid).u32(ioid).u8(PvaSubcommand.INIT);
      writeFieldDesc(w, request.type);
      writeValue(w, request.type, request.value);
    });
  }

  /** GET: the type, the value and which fields the server marked. */
  get(ch: ChannelHandle, request: { type: StructDesc; value: PvaStruct }, timeoutMs: number): Promise<{ type: FieldDesc; value: PvaStruct; marked: BitSet }> {
    let type: FieldDesc | undefined;
    return this.waitReplies(timeoutMs, (ioid, settle) => {
      this.sendInit(PvaCommand.GET, ch, ioid, request);
      return (_c, sub, r) => {
        const s = readStatus(r);
        if (!isSuccess(s)) return settle(ClientConnection.statusError(s));
        if (sub & PvaSubcommand.INIT) {
          type = readFieldDesc(r, this.cache);
          this.send(PvaCommand.GET, (w) => w.u32(ch.sid).u32(ioid).u8(PvaSubcommand.DESTROY));
          return;
        }
        if (type === undefined) return settle(new PvaClientError('GET reply before its type'));
        const marked = BitSet.read(r);
        const value = defaultValue(type) as PvaStruct;
        readPartial(r, type, value, marked, this.cache);
        settle({ type, value, marked });
      };
    });
  }

  /** GET_FIELD: the channel's type (or a sub-field's). */
  getField(ch: ChannelHandle, path: string, timeoutMs: number): Promise<FieldDesc | undefined> {
    return this.waitReplies(timeoutMs, (ioid, settle) => {
      this.send(PvaCommand.GET_FIELD, (w) => w.u32(ch.sid).u32(ioid).string(path));
      return (_c, _s, r) => {
        const s = readStatus(r);
        if (!isSuccess(s)) return settle(ClientConnection.statusError(s));
        settle(readFieldDesc(r, this.cache));
      };
    });
  }

  /**
   * PUT: fetches the present value (as pvxput does), lets `build` change it and say which
   * fields it set, then sends those fields; resolves when the server acknowledges.
   */
  put(
    ch: ChannelHandle,
    request: { type: StructDesc; value: PvaStruct },
    build: (type: FieldDesc, present: PvaStruct) => BitSet,
    timeoutMs: number,
  ): Promise<void> {
    let type: FieldDesc | undefined;
    return this.waitReplies<void>(timeoutMs, (ioid, settle) => {
      this.sendInit(PvaCommand.PUT, ch, ioid, request);
      return (_c, sub, r) => {
        const s = readStatus(r);
        if (!isSuccess(s)) return settle(ClientConnection.statusError(s));
        if (sub & PvaSubcommand.INIT) {
          type = readFieldDesc(r, this.cache);
          this.send(PvaCommand.PUT, (w) => w.u32(ch.sid).u32(ioid).u8(PvaSubcommand.GET));
          return;
        }
        if (type === undefined) return settle(new PvaClientError('PUT reply before its type'));
        if (sub & PvaSubcommand.GET) {
          const marked = BitSet.read(r);
          const present = defaultValue(type) as PvaStruct;
          readPartial(r, type, present, marked, this.cache);
          let changed: BitSet;
          try {
            changed = build(type, present);
          } catch (err) {
            return settle(err as Error);
          }
          const t = type;
          this.send(PvaCommand.PUT, (w) => {
            w.u32(ch.sid).u32(ioid).u8(PvaSubcommand.DESTROY);
            changed.write(w);
            writePartial(w, t, present, changed);
          });
          return;
        }
        settle(undefined);
      };
    });
  }

  /**
   * MONITOR: calls `onUpdate` with each update (the whole value so far, and what changed);
   * returns a function that stops it. `onEnd` is told when the server or the connection ends it.
   */
  monitor(
    ch: ChannelHandle,
    request: { type: StructDesc; value: PvaStruct },
    onUpdate: (u: { type: FieldDesc; value: PvaStruct; changed: BitSet; overrun: BitSet }) => void,
    onEnd: (err?: Error) => void,
  ): () => void {
    let type: FieldDesc | undefined;
    let value: PvaStruct | undefined;
    let ended = false;
    const end = (err?: Error): void => {
      if (ended) return;
      ended = true;
      op.done();
      unclose();
      onEnd(err);
    };
    const op = this.operation((_c, sub, r) => {
      if (sub & PvaSubcommand.INIT) {
        const s = readStatus(r);
        if (!isSuccess(s)) return end(ClientConnection.statusError(s));
        type = readFieldDesc(r, this.cache);
        if (type === undefined) return end(new PvaClientError('monitor without a type'));
        value = defaultValue(type) as PvaStruct;
        this.send(PvaCommand.MONITOR, (w) => w.u32(ch.sid).u32(op.ioid).u8(PvaSubcommand.START | PvaSubcommand.GET));
        return;
      }
      if (sub & PvaSubcommand.DESTROY) {
        const s = r.remaining > 0 ? readStatus(r) : undefined;
        return end(s !== undefined && !isSuccess(s) ? ClientConnection.statusError(s) : undefined);
      }
      if (type === undefined || value === undefined) throw new PvaDecodeError('monitor update before its type');
      const changed = BitSet.read(r);
      readPartial(r, type, value, changed, this.cache);
      const overrun = r.remaining > 0 ? BitSet.read(r) : new BitSet();
      // Each update is a value of its own: the next one must not change what was handed out.
      onUpdate({ type, value: structuredClone(value), changed, overrun });
    });
    const unclose = this.onClose((err) => end(err));
    this.sendInit(PvaCommand.MONITOR, ch, op.ioid, request);
    return () => {
      if (ended) return;
      if (!this.isClosed) this.send(PvaCommand.DESTROY_REQUEST, (w) => w.u32(ch.sid).u32(op.ioid));
      ended = true;
      op.done();
      unclose();
    };
  }
}

export type { PvaValue };
