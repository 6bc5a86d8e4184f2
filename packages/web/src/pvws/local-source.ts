/**
 * The IOC's own records (any PvProvider: the record database, a MemoryPvProvider) served to
 * browsers in-process, through the same interface the CA server uses; access rights are those
 * the provider grants the web server's client identity (read-only fields, access security).
 */
import {
  Access,
  type AccessListener,
  type CaPv,
  type ClientInfo,
  Dbe,
  DbrType,
  type DecodedDbr,
  NativeType,
  type PvProvider,
  type Unsubscribe,
} from '@devioc/core/ca';
import { type PvSource, type UpstreamPv, type WebWriteValue, WebWriteError } from './source.js';
import type { WebValue } from './web-value.js';

const encoder = new TextEncoder();

/** The record part of a channel name (`REC.FIELD` → `REC`). */
const recordOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? name : name.slice(0, dot);
};

function findPv(providers: readonly PvProvider[], name: string): CaPv | undefined {
  for (const provider of providers) if (provider.has(name)) return provider.open(name);
  return undefined;
}

class LocalPv implements UpstreamPv {
  private readonly stops: Unsubscribe[] = [];
  private removed = false;
  private readonly description: string;

  constructor(
    private readonly pv: CaPv,
    private readonly client: ClientInfo,
    private readonly label: string,
    description: string,
  ) {
    this.description = description;
  }

  private value(): WebValue {
    if (this.removed) return { connected: false, since: Date.now() };
    const rights = this.pv.accessFor?.(this.client) ?? Access.READ_WRITE;
    return {
      connected: true,
      snapshot: this.pv.read(),
      nativeCount: this.pv.nativeCount,
      description: this.description,
      readOnly: (rights & Access.WRITE) === 0,
    };
  }

  start(listener: (value: WebValue) => void): void {
    this.stops.push(
      this.pv.subscribe((mask) => {
        if ((mask & (Dbe.VALUE | Dbe.ALARM)) !== 0) listener(this.value());
      }),
    );
    const pv = this.pv;
    if (pv.watchAccess) {
      const watcher: AccessListener = { rightsChanged: () => listener(this.value()) };
      pv.watchAccess(this.client, watcher);
      this.stops.push(() => pv.unwatchAccess?.(watcher));
    }
    if (this.pv.watchRemoval) {
      this.stops.push(
        this.pv.watchRemoval(() => {
          this.removed = true;
          listener(this.value());
        }),
      );
    }
    listener(this.value());
  }

  async write(value: WebWriteValue): Promise<void> {
    if (this.removed) throw new WebWriteError(`${this.label} is disconnected`);
    const rights = this.pv.accessFor?.(this.client) ?? Access.READ_WRITE;
    if ((rights & Access.WRITE) === 0) throw new WebWriteError(`${this.label} is read-only`);
    let dbr: DecodedDbr;
    if (typeof value === 'number') dbr = { dbrType: DbrType.DOUBLE, value: Float64Array.of(value) };
    else if (typeof value !== 'string') dbr = { dbrType: DbrType.DOUBLE, value: Float64Array.from(value) };
    else if (this.pv.nativeType === NativeType.CHAR && this.pv.nativeCount > 1) {
      // Text to a char array (a long string): its bytes and a terminating NUL, as Phoebus writes it.
      const bytes = encoder.encode(value).subarray(0, this.pv.nativeCount - 1);
      const data = new Uint8Array(bytes.length + 1);
      data.set(bytes);
      dbr = { dbrType: DbrType.CHAR, value: data };
    } else dbr = { dbrType: DbrType.STRING, value: [value] };
    try {
      await this.pv.write(dbr, { client: this.client, notify: false });
    } catch (err) {
      throw new WebWriteError(`Cannot write ${this.label}: ${(err as Error).message}`);
    }
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

export class LocalPvSource implements PvSource {
  constructor(
    private readonly providers: readonly PvProvider[],
    /** Who the web server is to access security (one identity for every browser, as pvws is one CA client). */
    private readonly client: ClientInfo,
  ) {}

  open(name: string): UpstreamPv | undefined {
    const pv = findPv(this.providers, name);
    if (pv === undefined) return undefined;
    const desc = findPv(this.providers, `${recordOf(name)}.DESC`)?.read().value;
    const description = Array.isArray(desc) ? String(desc[0] ?? '') : '';
    return new LocalPv(pv, this.client, name, description);
  }
}
