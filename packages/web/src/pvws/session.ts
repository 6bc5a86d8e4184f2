/**
 * One browser's web socket (pvws's WebSocket endpoint): its subscriptions, the messages it
 * sends, and a bounded send queue past which the browser is dropped so that it never slows
 * anyone else.
 */
import type { Socket } from 'node:net';
import type { Logger } from '@devioc/core';
import type { WebSocket } from 'ws';
import type { PoolSubscriber, PvPool, SharedPv } from './pool.js';
import type { WebWriteValue } from './source.js';
import { NOTHING_SENT, type SentState } from './vtype-json.js';

export interface SessionOptions {
  /** Messages handed to the socket and not yet written out; past this the browser is dropped. */
  maxQueuedMessages: number;
  log: Logger;
}

const shorten = (text: string): string => (text.length < 200 ? text : `${text.slice(0, 200)} ...`);

let nextId = 1;

export class PvwsSession implements PoolSubscriber {
  readonly id = String(nextId++);
  readonly created = Date.now();
  lastClientMessage = Date.now();
  lastMessageSent = 0;
  /** Messages given to the socket whose write has not completed. */
  queued = 0;
  /** PV name → what this socket was last told about it, in subscription order. */
  readonly pvs = new Map<string, SentState>();
  private closed = false;
  private corked = false;
  private readonly onWritten = (): void => {
    this.queued--;
    this.lastMessageSent = Date.now();
  };

  constructor(
    private readonly socket: WebSocket,
    private readonly pool: PvPool,
    private readonly options: SessionOptions,
  ) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        this.options.log.warn(`socket ${this.id}: binary message ignored`);
        return;
      }
      this.onMessage(data.toString());
    });
    socket.on('pong', () => {
      this.lastClientMessage = Date.now();
    });
    socket.on('close', () => this.dispose());
    socket.on('error', (err) => this.options.log.debug(`socket ${this.id}: ${err.message}`));
  }

  deliver(pv: SharedPv): void {
    const sent = this.pvs.get(pv.name);
    if (sent === undefined) return;
    const update = pv.encodeFor(sent);
    if (update === undefined) return;
    this.pvs.set(pv.name, update.next);
    if (!this.admit()) return;
    const raw = this.rawSocket();
    // ws frames each send anew; an update's frame is built once for every socket instead. Only
    // when ws would not transform it (no permessage-deflate) and the socket is open.
    if (raw !== undefined && this.socket.extensions === '' && this.socket.readyState === this.socket.OPEN) {
      this.batch(raw);
      raw.write(update.frame, this.onWritten);
    } else this.socket.send(update.json, this.onWritten);
  }

  private send(text: string): void {
    if (!this.admit()) return;
    const raw = this.rawSocket();
    if (raw !== undefined) this.batch(raw);
    this.socket.send(text, this.onWritten);
  }

  /** Counts a message in, or drops the browser when its queue is full. */
  private admit(): boolean {
    if (this.closed) return false;
    if (this.queued >= this.options.maxQueuedMessages) {
      this.options.log.warn(`socket ${this.id}: ${this.queued} messages queued, the browser does not keep up: dropping it`);
      this.closed = true;
      this.socket.terminate();
      this.dispose();
      return false;
    }
    this.queued++;
    return true;
  }

  /** ws's TCP socket (not public API, stable across ws 8): undefined once it is gone. */
  private rawSocket(): Socket | undefined {
    const raw = (this.socket as unknown as { _socket?: Socket | null })._socket ?? undefined;
    return raw === undefined || raw.destroyed ? undefined : raw;
  }

  /**
   * Holds the messages of this pass of the event loop back and writes them in one system call
   * after it (setImmediate: after every timer that expired together, i.e. the throttles of many
   * PVs, and after a scan that changed many records). A browser watching a thousand PVs would
   * otherwise cost a thousand writes, most of the server's time.
   */
  private batch(raw: Socket): void {
    if (this.corked) return;
    this.corked = true;
    raw.cork();
    setImmediate(() => {
      this.corked = false;
      raw.uncork();
    });
  }

  private sendError(message: string): void {
    this.send(JSON.stringify({ type: 'error', message }));
  }

  private onMessage(text: string): void {
    this.lastClientMessage = Date.now();
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.options.log.warn(`socket ${this.id}: not JSON: ${shorten(text)}`);
      return;
    }
    const m = (typeof message === 'object' && message !== null ? message : {}) as Record<string, unknown>;
    switch (m.type) {
      case 'monitor': // epics2web's name, which pvws also accepts
      case 'subscribe':
        for (const name of this.names(m, text)) {
          if (this.pvs.has(name)) continue;
          this.pvs.set(name, NOTHING_SENT);
          this.pool.acquire(name, this);
        }
        return;
      case 'clear':
        for (const name of this.names(m, text)) {
          if (this.pvs.delete(name)) this.pool.release(name, this);
        }
        return;
      case 'list':
        this.send(JSON.stringify({ type: 'list', pvs: [...this.pvs.keys()] }));
        return;
      case 'write':
        this.write(m, text);
        return;
      case 'ping':
        this.socket.ping();
        return;
      case 'echo':
        this.send(text);
        return;
      default:
        this.options.log.warn(`socket ${this.id}: unknown message type: ${shorten(text)}`);
    }
  }

  private names(m: Record<string, unknown>, text: string): string[] {
    if (!Array.isArray(m.pvs)) {
      this.options.log.warn(`socket ${this.id}: missing 'pvs' in ${shorten(text)}`);
      return [];
    }
    return m.pvs.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
  }

  private write(m: Record<string, unknown>, text: string): void {
    if (m.pv === undefined || m.value === undefined) {
      this.options.log.warn(`socket ${this.id}: missing '${m.pv === undefined ? 'pv' : 'value'}' in ${shorten(text)}`);
      return;
    }
    const name = typeof m.pv === 'string' ? m.pv : JSON.stringify(m.pv);
    const v = m.value;
    // pvws: a JSON number is a double, anything else text; devioc also takes an array of numbers.
    const value: WebWriteValue =
      typeof v === 'number' || typeof v === 'string'
        ? v
        : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number')
          ? (v as number[])
          : JSON.stringify(v);
    const pv = this.pvs.has(name) ? this.pool.get(name) : undefined;
    if (pv === undefined) {
      this.sendError(`Cannot write unknown PV ${name}`);
      return;
    }
    pv.write(value).catch((err: Error) => this.sendError(err.message));
  }

  dispose(): void {
    this.closed = true;
    for (const name of this.pvs.keys()) this.pool.release(name, this);
    this.pvs.clear();
  }
}
