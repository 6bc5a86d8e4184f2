/**
 * Any PV on the network through the devioc CA client: one channel and one monitor per PV
 * (the pool shares it between browsers), the CTRL metadata and DESC read at each connection.
 */
import {
  type CaChannel,
  type CaClient,
  type CaReading,
  Dbe,
  emptyMetadata,
  NativeType,
  type PvMetadata,
  type PvSnapshot,
} from '@devioc/core/ca';
import type { Subscription } from 'rxjs';
import { type PvSource, type UpstreamPv, type WebWriteValue, WebWriteError } from './source.js';
import type { WebValue } from './web-value.js';

const encoder = new TextEncoder();

function metadataOf(r: CaReading): PvMetadata {
  const meta = emptyMetadata();
  meta.units = r.units ?? '';
  meta.precision = r.precision ?? 0;
  if (r.limits) {
    meta.lowerDisplay = r.limits.display.low;
    meta.upperDisplay = r.limits.display.high;
    meta.lowerAlarm = r.limits.alarm.low;
    meta.upperAlarm = r.limits.alarm.high;
    meta.lowerWarning = r.limits.warning.low;
    meta.upperWarning = r.limits.warning.high;
    meta.lowerControl = r.limits.control?.low ?? 0;
    meta.upperControl = r.limits.control?.high ?? 0;
  }
  meta.enumStrings = r.enumStrings ?? [];
  return meta;
}

class CaUpstreamPv implements UpstreamPv {
  private readonly subs: Subscription[] = [];
  private meta: PvMetadata | undefined;
  private description = '';
  private latest: CaReading | undefined;
  private listener: ((value: WebValue) => void) | undefined;
  private notFoundTimer: NodeJS.Timeout | undefined;
  private generation = 0;
  private closed = false;

  constructor(
    private readonly channel: CaChannel,
    private readonly client: CaClient,
    private readonly closeChannel: boolean,
    private readonly notFoundMs: number,
    private readonly readOnly: boolean,
  ) {}

  start(listener: (value: WebValue) => void): void {
    this.listener = listener;
    // A PV nobody answers for is shown as disconnected after a while, not left blank.
    this.notFoundTimer = setTimeout(() => {
      if (!this.channel.connected) listener({ connected: false, since: Date.now() });
    }, this.notFoundMs);
    this.subs.push(
      this.channel.state$.subscribe((state) => {
        if (state === 'connected') void this.readMetadata();
        else if (state === 'disconnected') {
          this.meta = undefined;
          this.latest = undefined;
          listener({ connected: false, since: Date.now() });
        }
      }),
      this.channel.monitor({ type: 'time', mask: Dbe.VALUE | Dbe.ALARM }).subscribe({
        next: (r) => {
          this.latest = r;
          this.emit();
        },
        error: () => {},
      }),
    );
  }

  private async readMetadata(): Promise<void> {
    const generation = ++this.generation;
    try {
      const ctrl = await this.channel.get({ type: 'ctrl', count: 1 });
      const name = this.channel.name;
      const dot = name.lastIndexOf('.');
      const field = dot === -1 ? 'VAL' : name.slice(dot + 1);
      let description = '';
      if (field === 'VAL') {
        const record = dot === -1 ? name : name.slice(0, dot);
        description = await this.client
          .get(`${record}.DESC`, { type: 'native', timeout: 1 })
          .then((r) => String(r.value))
          .catch(() => '');
      }
      if (generation !== this.generation || this.closed) return;
      this.meta = metadataOf(ctrl);
      this.description = description;
      this.emit();
    } catch {
      // Disconnected again before the metadata came: the next connection reads it.
    }
  }

  private emit(): void {
    const r = this.latest;
    if (r === undefined || this.meta === undefined || this.closed || !this.channel.connected) return;
    const snapshot: PvSnapshot = {
      nativeType: r.nativeType,
      value: r.elements,
      alarm: r.alarm ?? { status: 0, severity: 0 },
      timestamp: r.epicsTimestamp ?? { secPastEpoch: 0, nsec: 0 },
      meta: this.meta,
    };
    this.listener?.({
      connected: true,
      snapshot,
      nativeCount: this.channel.elementCount,
      description: this.description,
      readOnly: this.readOnly || !this.channel.writeAccess,
    });
  }

  async write(value: WebWriteValue): Promise<void> {
    if (!this.channel.connected) throw new WebWriteError(`${this.channel.name} is disconnected`);
    if (this.readOnly || !this.channel.writeAccess) throw new WebWriteError(`${this.channel.name} is read-only`);
    let data: number | string | Uint8Array | Float64Array = typeof value === 'number' || typeof value === 'string' ? value : Float64Array.from(value);
    if (typeof value === 'string' && this.channel.nativeType === NativeType.CHAR && this.channel.elementCount > 1) {
      const bytes = encoder.encode(value).subarray(0, this.channel.elementCount - 1);
      data = new Uint8Array(bytes.length + 1);
      data.set(bytes);
    }
    try {
      await this.channel.put(data);
    } catch (err) {
      throw new WebWriteError(`Cannot write ${this.channel.name}: ${(err as Error).message}`);
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.notFoundTimer);
    for (const s of this.subs.splice(0)) s.unsubscribe();
    if (this.closeChannel) this.channel.close();
  }
}

export interface CaPvSourceOptions {
  /** Close each channel when no browser watches it any more (true when the client is ours alone). */
  closeChannels?: boolean;
  /** Never write these PVs (an IOC showing another IOC's PV on its screen, not a gateway to it). */
  readOnly?: boolean;
  /** A PV not found within this time is reported disconnected (default 3 s). */
  notFoundMs?: number;
}

export class CaPvSource implements PvSource {
  constructor(
    private readonly client: CaClient,
    private readonly options: CaPvSourceOptions = {},
  ) {}

  open(name: string): UpstreamPv | undefined {
    return new CaUpstreamPv(this.client.channel(name), this.client, this.options.closeChannels ?? false, this.options.notFoundMs ?? 3000, this.options.readOnly ?? false);
  }
}
