/**
 * The PV pool: one upstream PV (one CA monitor, or one record subscription) per name, shared by
 * every browser that watches it, throttled once for all of them. Each emission's JSON is encoded
 * once per distinct "what the socket was told before" state and reused for every socket in it.
 */
import type { Logger } from '@devioc/core';
import { type PvSource, stripProtocol, type UpstreamPv, type WebWriteValue, WebWriteError } from './source.js';
import { textFrame } from './frame.js';
import { LatestThrottle } from './throttle.js';
import { encodeUpdate, type SentState } from './vtype-json.js';
import type { WebValue } from './web-value.js';

/** A browser connection as the pool sees it. */
export interface PoolSubscriber {
  /** Delivers the PV's newest value (the subscriber encodes it with `pv.encodeFor`). */
  deliver(pv: SharedPv): void;
}

export interface PoolOptions {
  sources: readonly PvSource[];
  /** Minimum time between two updates of a scalar PV (ms). */
  throttleMs: number;
  /** Minimum time between two updates of an array PV (ms). */
  arrayThrottleMs: number;
  /** Whether writes are enabled at all (else every PV is read-only to browsers). */
  writable: boolean;
  log: Logger;
}

/** One update as JSON text, as a complete WebSocket text frame, and the state it leaves. */
export interface EncodedUpdate {
  json: string;
  frame: Buffer;
  next: SentState;
}

export class SharedPv {
  readonly subscribers = new Set<PoolSubscriber>();
  latest: WebValue | undefined;
  private readonly cache = new Map<string, EncodedUpdate>();
  private byState = new WeakMap<SentState, EncodedUpdate>();
  private readonly throttle: LatestThrottle<WebValue>;
  private upstream: UpstreamPv | undefined;

  constructor(
    readonly name: string,
    private readonly options: PoolOptions,
  ) {
    const isArray = (): boolean => this.latest?.connected === true && this.latest.nativeCount > 1;
    this.throttle = new LatestThrottle(
      () => (isArray() ? options.arrayThrottleMs : options.throttleMs),
      (value) => this.publish(value),
    );
  }

  start(): void {
    const { protocol, name } = stripProtocol(this.name);
    if (protocol === 'ca' || protocol === 'pva') {
      for (const source of this.options.sources) {
        this.upstream = source.open(name);
        if (this.upstream !== undefined) break;
      }
    }
    if (this.upstream === undefined) {
      this.options.log.debug(`${this.name}: not served here`);
      this.publish({ connected: false, since: Date.now() });
      return;
    }
    this.upstream.start((value) => this.throttle.push(value));
  }

  private publish(value: WebValue): void {
    this.latest = value;
    this.cache.clear();
    this.byState = new WeakMap();
    for (const s of this.subscribers) s.deliver(this);
  }

  /** The update for a socket that was last told `sent`, encoded once per distinct state. */
  encodeFor(sent: SentState): EncodedUpdate | undefined {
    if (this.latest === undefined) return undefined;
    // Sockets in the same state share the SentState object the previous update left them
    // with, so the lookup by identity nearly always hits; the text key covers the rest.
    let hit = this.byState.get(sent);
    if (hit !== undefined) return hit;
    const key = `${sent.metadata ? 1 : 0}${sent.severity ?? '-'}${sent.readonly ?? '-'}`;
    hit = this.cache.get(key);
    if (hit === undefined) {
      const { json, next } = encodeUpdate(this.name, this.latest, sent, this.options.writable);
      // Encoded and framed once, written as is to every socket in the same state.
      hit = { json, frame: textFrame(Buffer.from(json, 'utf8')), next };
      this.cache.set(key, hit);
    }
    this.byState.set(sent, hit);
    return hit;
  }

  async write(value: WebWriteValue): Promise<void> {
    if (!this.options.writable) throw new WebWriteError(`Cannot write ${this.name}: writes are disabled on this server (PV_WRITE_SUPPORT is off; start it with --web-write)`);
    if (this.upstream === undefined) throw new WebWriteError(`Cannot write ${this.name}: not found`);
    await this.upstream.write(value);
  }

  close(): void {
    this.throttle.stop();
    this.upstream?.close();
    this.upstream = undefined;
  }
}

export class PvPool {
  private readonly pvs = new Map<string, SharedPv>();

  constructor(private readonly options: PoolOptions) {}

  /** Adds a subscriber to `name` (opening it upstream if new) and sends it the current value. */
  acquire(name: string, subscriber: PoolSubscriber): SharedPv {
    let pv = this.pvs.get(name);
    if (pv === undefined) {
      pv = new SharedPv(name, this.options);
      this.pvs.set(name, pv);
      pv.subscribers.add(subscriber);
      pv.start();
    } else {
      pv.subscribers.add(subscriber);
      if (pv.latest !== undefined) subscriber.deliver(pv);
    }
    return pv;
  }

  release(name: string, subscriber: PoolSubscriber): void {
    const pv = this.pvs.get(name);
    if (pv === undefined) return;
    pv.subscribers.delete(subscriber);
    if (pv.subscribers.size === 0) {
      this.pvs.delete(name);
      pv.close();
    }
  }

  get(name: string): SharedPv | undefined {
    return this.pvs.get(name);
  }

  entries(): IterableIterator<SharedPv> {
    return this.pvs.values();
  }

  get size(): number {
    return this.pvs.size;
  }

  close(): void {
    for (const pv of this.pvs.values()) pv.close();
    this.pvs.clear();
  }
}
