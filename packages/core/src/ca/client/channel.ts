/**
 * One client channel: its connection state as an observable, what the server told about it (native
 * type, element count, access rights), and get/put/monitor on it. A channel outlives its circuits:
 * when the server goes away it returns to searching, and when it connects again its monitors are
 * re-subscribed without the subscriber noticing anything but the pause.
 */
import { BehaviorSubject, Observable, type Subscriber, distinctUntilChanged } from 'rxjs';
import { Access, type AccessRights, Dbe } from '../protocol/constants.js';
import { Eca, ecaIsSuccess } from '../protocol/eca.js';
import { caMessage } from './ca-message.js';
import { dbrPayloadSize } from '../protocol/dbr/layout.js';
import type { NativeType } from '../protocol/dbr/types.js';
import type { CaMessage } from '../protocol/stream-reader.js';
import type { Logger } from '../../log/index.js';
import type { ClientCircuit, CircuitChannel } from './circuit.js';
import type { CaClientConfig } from './config.js';
import { CaAccessError, CaDisconnectedError, CaStatusError, CaTimeoutError, statusError } from './errors.js';
import { encodePut } from './put-value.js';
import { isWriteOnlyType, requestCount, resolveDbrType, toReading } from './reading.js';
import type { CaPutValue, CaReading, ChannelInfo, ChannelState, CaGetOptions, CaMonitorOptions, CaPutOptions } from './types.js';

/** What a channel needs from its client. */
export interface ChannelHost {
  readonly config: CaClientConfig;
  readonly log: Logger;
  /** Starts (or restarts) the name search; `lane` > 0 backs off (see SearchScheduler). */
  startSearch(channel: CaChannel, lane?: number): void;
  stopSearch(channel: CaChannel): void;
  /** The channel was closed: forget it, and close its circuit if that was the last channel. */
  released(channel: CaChannel, circuit: ClientCircuit | undefined): void;
}

/** The search lane a channel waits in after its server refused it or its circuit failed to open (≈1 s). */
const RETRY_LANE = 5;

const secondsToMs = (s: number | undefined, fallback: number): number =>
  s === undefined || !Number.isFinite(s) || s < 0 ? fallback : s * 1000;

interface InFlight {
  circuit: ClientCircuit;
  ioid: number;
  fail(error: Error): void;
}

export class CaChannel implements CircuitChannel {
  private readonly stateSubject = new BehaviorSubject<ChannelState>('connecting');
  /** Connection state: connecting → connected ⇄ disconnected → closed. */
  readonly state$: Observable<ChannelState> = this.stateSubject.pipe(distinctUntilChanged());
  private circuitRef: ClientCircuit | undefined;
  private sid: number | undefined;
  private native: NativeType | undefined;
  private nativeCount = 0;
  private rights: AccessRights = Access.NONE;
  private created = false;
  private readonly waiters = new Set<{ resolve: () => void; reject: (e: Error) => void }>();
  private readonly inFlight = new Set<InFlight>();
  private readonly monitors = new Set<ChannelMonitor>();
  private warnedDuplicate = false;

  constructor(
    readonly name: string,
    readonly cid: number,
    private readonly host: ChannelHost,
  ) {}

  // ------------------------------------------------------------------ state

  get state(): ChannelState {
    return this.stateSubject.value;
  }

  get connected(): boolean {
    return this.stateSubject.value === 'connected';
  }

  /** The native DBR type (0..6), once connected. */
  get nativeType(): NativeType | undefined {
    return this.native;
  }

  /** The native element count (NELM), once connected. */
  get elementCount(): number {
    return this.nativeCount;
  }

  get readAccess(): boolean {
    return (this.rights & Access.READ) !== 0;
  }

  get writeAccess(): boolean {
    return (this.rights & Access.WRITE) !== 0;
  }

  /** The circuit it is on or being created on (internal). */
  get circuit(): ClientCircuit | undefined {
    return this.circuitRef;
  }

  get info(): ChannelInfo {
    const c = this.connected ? this.circuitRef : undefined;
    return {
      name: this.name,
      state: this.state,
      nativeType: this.native,
      elementCount: this.nativeCount,
      readAccess: this.readAccess,
      writeAccess: this.writeAccess,
      server: c?.server,
      serverMinor: c?.serverMinor,
    };
  }

  /** Resolves once connected; rejects with CaTimeoutError after `timeout` seconds (default: the client's). */
  whenConnected(timeout?: number): Promise<void> {
    return this.waitConnected(secondsToMs(timeout, this.host.config.timeoutMs));
  }

  private waitConnected(timeoutMs: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    if (this.state === 'closed') return Promise.reject(new CaDisconnectedError(`channel ${this.name} is closed`, this.name));
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        const what = this.state === 'disconnected' ? 'did not reconnect' : 'not found';
        waiter.reject(new CaTimeoutError(`channel connect timed out: '${this.name}' ${what} within ${timeoutMs / 1000} s`, this.name, timeoutMs, 'connect'));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  // ------------------------------------------------------------------ operations

  /** Reads the channel once (see CaGetOptions). */
  async get(options: CaGetOptions = {}): Promise<CaReading> {
    const timeoutMs = secondsToMs(options.timeout, this.host.config.timeoutMs);
    const start = performance.now();
    await this.waitConnected(timeoutMs);
    return this.read(options, Math.max(1, timeoutMs - (performance.now() - start)));
  }

  private read(options: CaGetOptions, timeoutMs: number): Promise<CaReading> {
    const circuit = this.circuitRef;
    const sid = this.sid;
    const native = this.native;
    if (circuit === undefined || sid === undefined || native === undefined) {
      return Promise.reject(new CaDisconnectedError(`${this.name}: disconnected`, this.name));
    }
    if (!this.readAccess) return Promise.reject(new CaAccessError(Eca.NORDACCESS, this.name));
    const dbrType = resolveDbrType(options.type, native);
    if (isWriteOnlyType(dbrType)) return Promise.reject(new CaStatusError(Eca.BADTYPE, this.name, 'PUT_ACKT/PUT_ACKS cannot be read'));
    if (options.count !== undefined && options.count > this.nativeCount) {
      return Promise.reject(new CaStatusError(Eca.BADCOUNT, this.name, `${options.count} elements requested, the channel has ${this.nativeCount}`));
    }
    const count = requestCount(options.count, this.nativeCount, circuit.serverMinor);
    const largest = dbrPayloadSize(dbrType, count === 0 ? this.nativeCount : count);
    if (largest > this.host.config.maxPayload || !circuit.canSend(0, count)) {
      return Promise.reject(new CaStatusError(Eca.TOLARGE, this.name, `${largest} bytes`));
    }
    const arrayChannel = this.nativeCount > 1;
    return this.operation<CaReading>(circuit, timeoutMs, 'get', (settle) =>
      circuit.read(sid, dbrType, count, {
        reply: (m) => settle(() => this.readingOf(m, native, arrayChannel)),
        fail: (e) => settle(() => { throw this.withName(e); }),
      }),
    );
  }

  /** Writes a value; with `wait`, resolves when the server reports completion (WRITE_NOTIFY). */
  async put(value: CaPutValue, options: CaPutOptions = {}): Promise<void> {
    const timeoutMs = secondsToMs(options.timeout, this.host.config.timeoutMs);
    const start = performance.now();
    await this.waitConnected(timeoutMs);
    const circuit = this.circuitRef;
    const sid = this.sid;
    const native = this.native;
    if (circuit === undefined || sid === undefined || native === undefined) throw new CaDisconnectedError(`${this.name}: disconnected`, this.name);
    if (!this.writeAccess) throw new CaAccessError(Eca.NOWTACCESS, this.name);
    const put = encodePut(value, native, this.nativeCount);
    if (put.count > this.nativeCount) {
      throw new CaStatusError(Eca.BADCOUNT, this.name, `${put.count} elements written, the channel has ${this.nativeCount}`);
    }
    if (!circuit.canSend(put.size, put.count)) throw new CaStatusError(Eca.TOLARGE, this.name, 'the server is older than CA 4.9');
    if (!options.wait) {
      circuit.write(sid, put, undefined);
      return;
    }
    const remaining = Math.max(1, timeoutMs - (performance.now() - start));
    await this.operation<void>(circuit, remaining, 'put', (settle) =>
      circuit.write(sid, put, {
        reply: (m) => settle(() => {
          if (!ecaIsSuccess(m.parameter1)) throw statusError(m.parameter1, this.name);
        }),
        fail: (e) => settle(() => { throw this.withName(e); }),
      }),
    );
  }

  /**
   * Monitor updates as an Observable: EVENT_ADD when subscribed (or when the channel connects), EVENT_CANCEL
   * when unsubscribed. Across a reconnect the subscription is re-established and updates simply resume.
   * Completes when the channel is closed.
   */
  monitor(options: CaMonitorOptions = {}): Observable<CaReading> {
    return new Observable<CaReading>((subscriber) => {
      if (this.state === 'closed') {
        subscriber.complete();
        return undefined;
      }
      const monitor = new ChannelMonitor(this, options, subscriber, this.host.log);
      this.monitors.add(monitor);
      if (this.connected) monitor.start();
      return () => {
        this.monitors.delete(monitor);
        monitor.stop();
      };
    });
  }

  /** Runs one request with a timeout; settles once (reply, failure, timeout or disconnect). */
  private operation<T>(
    circuit: ClientCircuit,
    timeoutMs: number,
    what: string,
    send: (settle: (produce: () => T) => void) => number,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const entry: InFlight = { circuit, ioid: 0, fail: (e) => finish(() => { throw e; }) };
      const finish = (produce: () => T): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.inFlight.delete(entry);
        try {
          resolve(produce());
        } catch (e) {
          reject(e);
        }
      };
      const timer = setTimeout(() => {
        circuit.cancelIo(entry.ioid);
        finish(() => {
          throw new CaTimeoutError(`${what} of ${this.name} timed out after ${timeoutMs / 1000} s`, this.name, timeoutMs, 'reply');
        });
      }, timeoutMs);
      this.inFlight.add(entry);
      entry.ioid = send(finish);
    });
  }

  private readingOf(m: CaMessage, native: NativeType, arrayChannel: boolean): CaReading {
    if (!ecaIsSuccess(m.parameter1)) throw statusError(m.parameter1, this.name);
    return toReading(this.name, m.dataType, m.dataCount, m.payload, native, arrayChannel);
  }

  private withName(e: Error): Error {
    if (e instanceof CaStatusError && e.pv === undefined) return statusError(e.eca, this.name, e.message);
    return e;
  }

  // ------------------------------------------------------------------ events from the client and circuit

  /** The search found a server: create the channel on that circuit. */
  attach(circuit: ClientCircuit): void {
    if (this.state === 'closed') return;
    if (this.circuitRef !== undefined && this.circuitRef !== circuit && !this.circuitRef.isLost) {
      if (!this.warnedDuplicate) {
        this.warnedDuplicate = true;
        this.warnDuplicate(this.circuitRef.server, circuit.server);
      }
      return;
    }
    this.circuitRef = circuit;
    this.created = false;
    circuit.createChannel(this);
  }

  /** A search reply from another server while this one is connected (first reply wins). */
  duplicateReply(server: string): void {
    const current = this.circuitRef;
    if (current === undefined || current.server === server || this.warnedDuplicate) return;
    this.warnedDuplicate = true;
    this.warnDuplicate(current.server, server);
  }

  /** Worded as libca's exception ("Channel: …, Connecting to: …, Ignored: …"), once per channel. */
  private warnDuplicate(using: string, ignored: string): void {
    this.host.log.warn(`${caMessage(Eca.DBLCHNL)}: Channel: "${this.name}", Connecting to: ${using}, Ignored: ${ignored}`);
  }

  onCreated(circuit: ClientCircuit, sid: number, nativeType: NativeType, count: number): void {
    if (circuit !== this.circuitRef || this.state === 'closed') return;
    this.sid = sid;
    this.native = nativeType;
    this.nativeCount = count;
    this.created = true;
    this.stateSubject.next('connected');
    for (const w of [...this.waiters]) w.resolve();
    for (const m of this.monitors) m.start();
  }

  onAccessRights(rights: AccessRights): void {
    this.rights = rights;
  }

  onCreateFailed(reason: string): void {
    this.host.log.warn(`${this.name}: channel creation on ${this.circuitRef?.server ?? '?'} failed (${reason}); searching again`);
    this.detach(new CaDisconnectedError(`${this.name}: ${reason}`, this.name), RETRY_LANE);
  }

  onServerDisconnect(): void {
    this.host.log.info(`${this.name}: the server disconnected the channel; searching again`);
    // The server already forgot the channel (and its subscriptions): nothing to clear there.
    this.detach(new CaDisconnectedError(`${this.name}: disconnected by the server`, this.name), 0);
  }

  onCircuitLost(error: Error): void {
    if (this.state === 'closed') return;
    const wasCreated = this.created;
    this.detach(new CaDisconnectedError(`${this.name}: ${error.message}`, this.name), wasCreated ? 0 : RETRY_LANE);
  }

  /** Drops the current circuit, fails what was in flight on it, and searches again. */
  private detach(error: Error, lane: number): void {
    const circuit = this.circuitRef;
    this.circuitRef = undefined;
    this.sid = undefined;
    this.created = false;
    this.rights = Access.NONE;
    for (const op of [...this.inFlight]) {
      if (circuit !== undefined && op.circuit !== circuit) continue;
      op.circuit.cancelIo(op.ioid);
      op.fail(error);
    }
    for (const m of this.monitors) m.detach();
    if (this.state === 'connected') this.stateSubject.next('disconnected');
    this.host.startSearch(this, lane);
  }

  /** Releases the channel: CLEAR_CHANNEL, monitors complete, pending operations fail. */
  close(): void {
    if (this.state === 'closed') return;
    const circuit = this.circuitRef;
    const error = new CaDisconnectedError(`channel ${this.name} closed`, this.name);
    for (const op of [...this.inFlight]) {
      op.circuit.cancelIo(op.ioid);
      op.fail(error);
    }
    for (const w of [...this.waiters]) w.reject(error);
    this.host.stopSearch(this);
    for (const m of [...this.monitors]) m.complete();
    this.monitors.clear();
    circuit?.clearChannel(this.cid, this.created ? this.sid : undefined);
    this.circuitRef = undefined;
    this.sid = undefined;
    this.created = false;
    this.stateSubject.next('closed');
    this.stateSubject.complete();
    this.host.released(this, circuit);
  }

  // ------------------------------------------------------------------ for ChannelMonitor

  /** @internal */
  subscribeOnCircuit(
    options: CaMonitorOptions,
    onUpdate: (reading: CaReading) => void,
    onError: (e: Error) => void,
  ): { circuit: ClientCircuit; subid: number } | undefined {
    const circuit = this.circuitRef;
    const sid = this.sid;
    const native = this.native;
    if (circuit === undefined || sid === undefined || native === undefined || !this.created) return undefined;
    const dbrType = resolveDbrType(options.type, native);
    const wanted = options.count !== undefined && options.count > 0 ? Math.min(options.count, this.nativeCount) : undefined;
    const count = requestCount(wanted, this.nativeCount, circuit.serverMinor);
    const mask = options.mask ?? Dbe.VALUE | Dbe.ALARM;
    const arrayChannel = this.nativeCount > 1;
    const subid = circuit.subscribe(sid, dbrType, count, mask, {
      update: (m) => {
        if (!ecaIsSuccess(m.parameter1)) {
          onError(statusError(m.parameter1, this.name));
          return;
        }
        let reading: CaReading;
        try {
          reading = toReading(this.name, m.dataType, m.dataCount, m.payload, native, arrayChannel);
        } catch (e) {
          onError(e as Error);
          return;
        }
        onUpdate(reading);
      },
      fail: (e) => onError(this.withName(e)),
    });
    return { circuit, subid };
  }
}

/** One subscriber's monitor on a channel: subscribed while the channel is connected. */
class ChannelMonitor {
  private active: { circuit: ClientCircuit; subid: number } | undefined;

  constructor(
    private readonly channel: CaChannel,
    private readonly options: CaMonitorOptions,
    private readonly subscriber: Subscriber<CaReading>,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.active !== undefined || this.subscriber.closed) return;
    try {
      this.active = this.channel.subscribeOnCircuit(
        this.options,
        (r) => this.subscriber.next(r),
        (e) => this.log.warn(`monitor of ${this.channel.name}: ${e.message}`),
      );
    } catch (e) {
      // An invalid DBR type request: the subscriber should hear about it.
      this.subscriber.error(e);
    }
  }

  /** The circuit went away: the subscription went with it; start() re-creates it. */
  detach(): void {
    this.active = undefined;
  }

  stop(): void {
    const a = this.active;
    this.active = undefined;
    if (a !== undefined && !a.circuit.isLost) a.circuit.unsubscribe(a.subid);
  }

  complete(): void {
    this.stop();
    this.subscriber.complete();
  }
}

