/**
 * The pvAccess client: finds PVs by UDP search (and TCP name servers), keeps one connection
 * per server, and offers get, put, monitor (an RxJS Observable) and info.
 */
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { Observable } from 'rxjs';
import { BitSet } from '../protocol/bitset.js';
import { PvaWriter } from '../protocol/buffer.js';
import { PvaCommand } from '../protocol/constants.js';
import type { FieldDesc, StructDesc } from '../protocol/field-desc.js';
import { beginMessage, endMessage } from '../protocol/framing.js';
import { parsePvRequest } from '../protocol/request-text.js';
import { readAddress, splitDatagram } from '../protocol/udp-messages.js';
import type { PvaStruct } from '../protocol/value.js';
import { type PvaClientConfig, type PvaClientOptions, resolvePvaClientConfig } from './config.js';
import { type ChannelHandle, ClientConnection, PvaClientError } from './connection.js';
import { assignFields } from './assign.js';

export interface PvaData {
  type: FieldDesc;
  value: PvaStruct;
  /** The fields the server sent (a get), or that changed (a monitor update). */
  marked: BitSet;
}

export interface PvaUpdate extends PvaData {
  overrun: BitSet;
}

export interface PvaOperationOptions {
  /** pvRequest text: `field(value)`, `record[block=true]`, … */
  request?: string;
  /** Seconds. */
  timeout?: number;
}

export interface PvaMonitorOptions extends PvaOperationOptions {
  /** Told when the monitor connects (with the server's address) and when it loses its server. */
  onConnection?: (connected: boolean, server?: string) => void;
}

interface Located {
  host: string;
  port: number;
}

export class PvaClient {
  readonly config: PvaClientConfig;
  private readonly connections = new Map<string, Promise<ClientConnection>>();
  private udp: dgram.Socket | undefined;
  private udpReady: Promise<dgram.Socket> | undefined;
  private readonly searches = new Map<number, (found: Located) => void>();
  private nextSearchId = randomInt(1, 0x7fffffff);
  private closed = false;

  constructor(options: PvaClientOptions = {}) {
    this.config = resolvePvaClientConfig(options);
  }

  private socket(): Promise<dgram.Socket> {
    this.udpReady ??= new Promise((resolve, reject) => {
      const s = dgram.createSocket({ type: 'udp4' });
      s.on('message', (d, remote) => this.onDatagram(d, remote));
      s.on('error', (err) => reject(err));
      s.bind(0, () => {
        s.setBroadcast(true);
        this.udp = s;
        resolve(s);
      });
    });
    return this.udpReady;
  }

  private onDatagram(d: Buffer, remote: dgram.RemoteInfo): void {
    try {
      for (const { command, reader } of splitDatagram(d)) {
        if (command !== PvaCommand.SEARCH_RESPONSE) continue;
        reader.skip(12);
        reader.u32(); // sequence
        const address = readAddress(reader) ?? remote.address;
        const port = reader.u16();
        const proto = reader.string();
        const found = reader.u8() !== 0;
        const n = reader.u16();
        if (!found || proto !== 'tcp') continue;
        for (let i = 0; i < n; i++) {
          const cid = reader.u32();
          const waiter = this.searches.get(cid);
          if (waiter !== undefined) {
            this.searches.delete(cid);
            waiter({ host: address, port });
          }
        }
      }
    } catch {
      // a malformed reply is ignored
    }
  }

  /** Searches until found or the timeout, resending with back-off as pvxs does. */
  private async locate(name: string, timeoutMs: number): Promise<Located> {
    const s = await this.socket();
    const cid = this.nextSearchId++ & 0x7fffffff;
    const localPort = s.address().port;
    return new Promise<Located>((resolve, reject) => {
      let delay = 50;
      let timer: NodeJS.Timeout | undefined;
      const deadline = setTimeout(() => {
        this.searches.delete(cid);
        if (timer) clearTimeout(timer);
        reject(new PvaClientError(`${name}: not found (searched ${this.config.searchDestinations.map((d) => `${d.host}:${d.port}`).join(', ') || 'nowhere'})`));
      }, timeoutMs);
      this.searches.set(cid, (found) => {
        clearTimeout(deadline);
        if (timer) clearTimeout(timer);
        resolve(found);
      });
      // Name servers (EPICS_PVA_NAME_SERVERS) are asked over TCP, once per search.
      for (const ns of this.config.nameServers) {
        this.connection({ host: ns.host, port: ns.port }).then(
          (conn) => {
            conn.onSearchResponse ??= (cids, host, port) => {
              for (const c of cids) {
                const waiter = this.searches.get(c);
                if (waiter !== undefined) {
                  this.searches.delete(c);
                  waiter({ host, port });
                }
              }
            };
            return conn.search(cid, name);
          },
          () => undefined, // an unreachable name server is tried again on the next search
        );
      }
      const send = (): void => {
        if (!this.searches.has(cid) || this.closed) return;
        const w = new PvaWriter(true, 64);
        const start = beginMessage(w, PvaCommand.SEARCH, false);
        w.u32(cid).u8(0).u8(0).u8(0).u8(0); // sequence, flags, reserved
        for (let i = 0; i < 16; i++) w.u8(0); // reply to the sender
        w.u16(localPort);
        w.size(1).string('tcp');
        w.u16(1).u32(cid).string(name);
        endMessage(w, start);
        const bytes = w.finish();
        for (const d of this.config.searchDestinations) s.send(bytes, d.port, d.host, () => undefined);
        timer = setTimeout(send, delay);
        delay = Math.min(delay * 2, 1000);
      };
      send();
    });
  }

  private connection(at: Located): Promise<ClientConnection> {
    const key = `${at.host}:${at.port}`;
    let c = this.connections.get(key);
    if (c === undefined) {
      c = ClientConnection.open(at.host, at.port, this.config.userName, this.config.hostName, this.config.timeoutMs, this.config.connectionTimeoutMs);
      this.connections.set(key, c);
      c.then(
        (conn) => conn.onClose(() => this.connections.delete(key)),
        () => this.connections.delete(key),
      );
    }
    return c;
  }

  private async channel(name: string, timeoutMs: number): Promise<{ conn: ClientConnection; ch: ChannelHandle }> {
    if (this.closed) throw new PvaClientError('client closed');
    const at = await this.locate(name, timeoutMs);
    const conn = await this.connection(at);
    const ch = await conn.createChannel(name);
    return { conn, ch };
  }

  private timeoutOf(o: PvaOperationOptions): number {
    return o.timeout !== undefined ? o.timeout * 1000 : this.config.timeoutMs;
  }

  /** Where a PV is served (`host:port`), for tools that print it. */
  async whereIs(name: string, options: PvaOperationOptions = {}): Promise<string> {
    const at = await this.locate(name, this.timeoutOf(options));
    return `${at.host}:${at.port}`;
  }

  async get(name: string, options: PvaOperationOptions = {}): Promise<PvaData> {
    const timeout = this.timeoutOf(options);
    const request = parsePvRequest(options.request ?? '');
    const { conn, ch } = await this.channel(name, timeout);
    try {
      return await conn.get(ch, request, timeout);
    } finally {
      conn.destroyChannel(ch);
    }
  }

  async info(name: string, options: PvaOperationOptions = {}): Promise<{ type: FieldDesc | undefined; server: string }> {
    const timeout = this.timeoutOf(options);
    const { conn, ch } = await this.channel(name, timeout);
    try {
      return { type: await conn.getField(ch, '', timeout), server: conn.address };
    } finally {
      conn.destroyChannel(ch);
    }
  }

  /**
   * Puts values: `value` alone (a number, string, boolean or array, or text as a tool takes it)
   * sets the `value` field (an NTEnum's index, by number or by choice name); an object sets each
   * named field (`{ 'value.index': 1 }`, `{ 'alarm.severity': 2 }`).
   */
  async put(name: string, value: unknown, options: PvaOperationOptions = {}): Promise<void> {
    const timeout = this.timeoutOf(options);
    const request = parsePvRequest(options.request ?? '');
    const { conn, ch } = await this.channel(name, timeout);
    try {
      await conn.put(ch, request, (type, present) => assignFields(type, present, value), timeout);
    } finally {
      conn.destroyChannel(ch);
    }
  }

  /**
   * Every update of a PV: the first carries every field, later ones what changed. A monitor
   * whose server goes away searches again and resumes (its next update is whole again); it
   * completes only when the server ends it, and errors only on a refusal.
   */
  monitor(name: string, options: PvaMonitorOptions = {}): Observable<PvaUpdate> {
    return new Observable<PvaUpdate>((subscriber) => {
      let stop: (() => void) | undefined;
      let conn: ClientConnection | undefined;
      let ch: ChannelHandle | undefined;
      let cancelled = false;
      let retry: NodeJS.Timeout | undefined;
      let backoff = 100;
      const request: { type: StructDesc; value: PvaStruct } = parsePvRequest(options.request ?? '');
      const again = (): void => {
        if (cancelled || this.closed) return;
        retry = setTimeout(attempt, backoff);
        backoff = Math.min(backoff * 2, 5000);
      };
      const attempt = (): void => {
        this.channel(name, this.timeoutOf(options)).then(
          (found) => {
            conn = found.conn;
            ch = found.ch;
            if (cancelled) {
              conn.destroyChannel(ch);
              return;
            }
            backoff = 100;
            options.onConnection?.(true, conn.address);
            stop = conn.monitor(
              ch,
              request,
              (u) => subscriber.next({ type: u.type, value: u.value, marked: u.changed, overrun: u.overrun }),
              (err) => {
                stop = undefined;
                if (err === undefined) return subscriber.complete();
                if (conn?.isClosed) {
                  // The server went away: find it again (it may come back elsewhere).
                  options.onConnection?.(false);
                  again();
                } else subscriber.error(err);
              },
            );
          },
          // Not found (yet): keep searching, as pvxs's monitors do.
          () => again(),
        );
      };
      attempt();
      return () => {
        cancelled = true;
        if (retry !== undefined) clearTimeout(retry);
        stop?.();
        if (conn !== undefined && ch !== undefined && !conn.isClosed) conn.destroyChannel(ch);
      };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.connections.values()) c.then((conn) => conn.close(), () => undefined);
    this.connections.clear();
    this.udp?.close();
    this.udp = undefined;
    this.udpReady = undefined;
  }
}
