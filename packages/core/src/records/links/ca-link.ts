/**
 * A CA link: a link to a PV that is not a record of this process, through the CA client.
 * Input links are monitored (as EPICS' dbCa does), so that a record reads the latest value
 * synchronously while it processes; outputs are CA puts; CP/CPP fire on every monitor update.
 */
import { hostname } from 'node:os';
import type { Subscription } from 'rxjs';
import type { CaClient } from '../../ca/client/context.js';
import type { CaChannel } from '../../ca/client/channel.js';
import type { CaReading } from '../../ca/client/types.js';
import { ConversionError, convertArray } from '../../ca/protocol/dbr/index.js';
import { DEFAULT_TEXT } from '../field-value.js';
import { AlarmSeverity, AlarmStatus, DbrType, NativeType, type Alarm, type EpicsTimestamp, type NativeArray } from '../../ca/protocol/dbr/types.js';
import type { Unsubscribe } from '../../ca/server/provider.js';
import type { Logger } from '../../log/index.js';
import type { CaLinkReport, LinkReading, LinkTarget, RemoteLinkFactory } from './link-target.js';

/**
 * dbCa's work list while paused (dbCaPause): each link's latest write waits, in the order the
 * links first asked, and goes out at run() (dbCaRun). Monitors, and so CP links, go on.
 */
class HeldWrites {
  paused = false;
  private readonly waiting = new Map<CaLink, () => void>();
  /** Per link, the writes a later one replaced while paused (dbCa's nNoWrite). */
  private readonly replacedCounts = new Map<CaLink, number>();

  /** Runs `write` now, or keeps it (replacing what `link` kept before) while paused. */
  submit(link: CaLink, write: () => void): void {
    if (!this.paused) return write();
    if (this.waiting.has(link)) this.replacedCounts.set(link, this.replaced(link) + 1);
    this.waiting.set(link, write);
  }

  replaced(link: CaLink): number {
    return this.replacedCounts.get(link) ?? 0;
  }

  release(): void {
    this.paused = false;
    const writes = [...this.waiting.values()];
    this.waiting.clear();
    for (const write of writes) write();
  }

  forget(link: CaLink): void {
    this.waiting.delete(link);
    this.replacedCounts.delete(link);
  }
}

export class CaLink implements LinkTarget {
  readonly local = false;
  private readonly channel: CaChannel;
  private latest: CaReading | undefined;
  private readonly listeners = new Set<() => void>();
  private monitor: Subscription | undefined;
  /** The DBR_STRING subscription of an ENUM channel, made by the first readText (dbCa's CA_MONITOR_STRING). */
  private textMonitor: Subscription | undefined;
  private latestText: CaReading | undefined;
  /** The last put's value (dbCa's pputNative), which a value that fails to convert leaves in place. */
  private lastPut: NativeArray | undefined;
  private stateSub: Subscription | undefined;
  private connected = false;
  private disconnects = 0;
  private readonly monitors: boolean;

  constructor(
    client: CaClient,
    readonly pv: string,
    monitor: boolean,
    private readonly log: Logger,
    private readonly held: HeldWrites = new HeldWrites(),
  ) {
    this.monitors = monitor;
    this.channel = client.channel(pv);
    this.stateSub = this.channel.state$.subscribe((state) => {
      const was = this.connected;
      this.connected = state === 'connected';
      if (!this.connected) {
        this.latest = undefined;
        this.latestText = undefined;
      }
      // As dbCa's connectionCallback: a CP (or CPP) input whose link drops processes its record
      // once, so that the record shows the LINK alarm instead of a stale value.
      if (was && !this.connected) {
        this.disconnects++;
        for (const l of this.listeners) l();
      }
    });
    if (monitor) {
      this.monitor = this.channel.monitor({ type: 'time' }).subscribe({
        next: (reading) => {
          this.latest = reading;
          for (const l of this.listeners) l();
        },
        error: (err: unknown) => this.log.warn(`CA link ${pv}: monitor failed: ${(err as Error).message}`),
      });
    }
  }

  isConnected(): boolean {
    return this.connected;
  }

  read(_processFirst: boolean): LinkReading | undefined {
    // PP cannot process a record in another IOC: a CA link reads the latest monitor update.
    return this.connected ? readingOf(this.latest) : undefined;
  }

  readText(processFirst: boolean): LinkReading | undefined {
    if (!this.connected) return undefined;
    if (this.channel.info.nativeType !== NativeType.ENUM) return this.read(processFirst);
    // dbCaGetLink: an ENUM channel read as DBR_STRING asks the server for the text, with a
    // subscription of its own, and the read fails until its first update (a LINK alarm).
    this.textMonitor ??= this.channel.monitor({ type: DbrType.TIME_STRING }).subscribe({
      next: (reading) => {
        this.latestText = reading;
        // dbCa's eventCallback processes a CP record on the text's updates too.
        for (const l of this.listeners) l();
      },
      error: (err: unknown) => this.log.warn(`CA link ${this.pv}: text monitor failed: ${(err as Error).message}`),
    });
    return readingOf(this.latestText, NativeType.STRING);
  }

  write(value: NativeArray, type: NativeType, _process: boolean, _alarm?: Alarm): boolean {
    // A CA put is dbPutField on the other side: its pp fields process there.
    const { nativeType, elementCount } = this.channel.info;
    let put: NativeArray = value;
    let converted = true;
    // dbCaPutLink converts the value to the channel's native type here (text to an ENUM goes
    // as text, for the server to match a state).
    if (nativeType !== undefined && !(nativeType === NativeType.ENUM && type === NativeType.STRING)) {
      ({ put, converted } = this.toNative(value, type, nativeType, Math.max(1, elementCount)));
    }
    // One string goes as text (to a CHAR array too, as its bytes); numbers as their typed array,
    // whose class names the DBR type sent.
    const payload = put.length === 1 && typeof put[0] === 'string' ? put[0] : put;
    this.held.submit(this, () => {
      this.channel.put(payload as never).catch((err: unknown) => this.log.warn(`CA link ${this.pv}: put failed: ${(err as Error).message}`));
    });
    return converted;
  }

  /**
   * The value in the channel's native type, at most its element count, as dbCaPutLink converts
   * it: numbers as text at precision 6; a value that does not convert (text that is no number)
   * leaves the element that failed, and those after it, as the last put had them (0 at first),
   * and the put still goes out while the writer's link fails (dbPutLink's LINK alarm).
   */
  private toNative(value: NativeArray, type: NativeType, native: NativeType, max: number): { put: NativeArray; converted: boolean } {
    const n = Math.min(value.length, max);
    const part = (value.length > n ? value.slice(0, n) : value) as NativeArray;
    try {
      const put = convertArray(part, type, native, DEFAULT_TEXT);
      this.lastPut = put;
      return { put, converted: true };
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
    }
    const put = convertArray(native === NativeType.STRING ? Array<string>(n).fill('') : new Float64Array(n), native === NativeType.STRING ? NativeType.STRING : NativeType.DOUBLE, native, DEFAULT_TEXT);
    const last = this.lastPut;
    if (last !== undefined) for (let i = 0; i < Math.min(n, last.length); i++) (put as unknown[])[i] = (last as unknown[])[i];
    for (let i = 0; i < n; i++) {
      try {
        (put as unknown[])[i] = convertArray([String((part as ArrayLike<unknown>)[i])], NativeType.STRING, native, DEFAULT_TEXT)[0];
      } catch (err) {
        if (err instanceof ConversionError) break;
        throw err;
      }
    }
    this.lastPut = put;
    return { put, converted: false };
  }

  /** The channel's native type, once connected (dbGetLinkDBFtype of a CA link). */
  nativeType(): NativeType | undefined {
    return this.connected ? this.channel.info.nativeType : undefined;
  }

  time(): EpicsTimestamp | undefined {
    return this.connected ? this.latest?.epicsTimestamp : undefined;
  }

  /** dbCa's scanForward: 1 (DBR_SHORT) to the PROC field the link names (RecordLinks makes sure it does). */
  forward(): void {
    this.held.submit(this, () => {
      this.channel.put(1).catch((err: unknown) => this.log.warn(`CA forward link ${this.pv}: ${(err as Error).message}`));
    });
  }

  subscribe(onChange: () => void): Unsubscribe {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  caReport(): CaLinkReport {
    const { readAccess, writeAccess, server } = this.channel.info;
    return {
      connected: this.connected,
      disconnects: this.disconnects,
      replacedPuts: this.held.replaced(this),
      readAccess: this.connected && readAccess,
      writeAccess: this.connected && writeAccess,
      host: hostOf(server),
      inNative: this.monitors,
      inString: this.textMonitor !== undefined,
    };
  }

  close(): void {
    this.held.forget(this);
    this.monitor?.unsubscribe();
    this.textMonitor?.unsubscribe();
    this.stateSub?.unsubscribe();
    this.listeners.clear();
  }
}

/**
 * The server's host as dbcar names it: this host's name for a server on a loopback address (a
 * record of this IOC, which EPICS reaches through its in-process database context, or another
 * IOC of this host), else its address.
 */
function hostOf(server: string | undefined): string {
  if (server === undefined) return '';
  const address = server.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return address.startsWith('127.') || address === '::1' ? hostname() : address;
}

/** A monitor update as a link's reading (undefined before the first). */
function readingOf(r: CaReading | undefined, type: NativeType | undefined = r?.nativeType): LinkReading | undefined {
  if (r === undefined || type === undefined) return undefined;
  const alarm: Alarm = r.alarm ?? { status: AlarmStatus.NO_ALARM, severity: AlarmSeverity.NO_ALARM };
  return { value: r.elements, type, alarm };
}

/** Creates CA links on a client (the runtime's, by default the process-wide one). */
export class CaLinkFactory implements RemoteLinkFactory {
  private readonly held = new HeldWrites();

  constructor(
    private readonly client: () => CaClient,
    private readonly log: Logger,
  ) {}

  create(pv: string, options: { monitor: boolean }): CaLink {
    return new CaLink(this.client(), pv, options.monitor, this.log, this.held);
  }

  pause(): void {
    this.held.paused = true;
  }

  run(): void {
    this.held.release();
  }
}
