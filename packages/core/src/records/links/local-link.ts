import { hostname } from 'node:os';
import { Dbe } from '../../ca/protocol/constants.js';
import { NativeType, type Alarm, type EpicsTimestamp, type NativeArray, type PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { Unsubscribe } from '../../ca/server/provider.js';
import { LINK_PUT, type RecordPut } from '../put.js';
import { type EpicsRecord, RecordFieldError } from '../record.js';
import { ConversionError } from '../../ca/protocol/dbr/index.js';
import type { CaLinkReport, LinkReading, LinkTarget } from './link-target.js';
import { DEFAULT_TEXT } from '../field-value.js';

/** A DB link: a field of a record in this process, read and written directly. */
export class LocalLink implements LinkTarget {
  readonly local = true;

  constructor(
    readonly pv: string,
    private readonly target: EpicsRecord,
    private readonly field: string,
  ) {}

  isConnected(): boolean {
    return true;
  }

  read(processFirst: boolean, fromPut = false, put?: RecordPut): LinkReading | undefined {
    // dbDbGetValue: a PP input link processes a Passive source before reading it
    // (dbScanPassive, whose status is the read's: a source whose processing failed fails it).
    if (processFirst && this.target.num('SCAN') === 0 && !this.target.processFromLink(fromPut, put)) return undefined;
    const snap = this.target.snapshot(this.field);
    // The metadata holds the precision and state strings (no object made per read).
    return { value: snap.value, type: snap.nativeType, alarm: snap.alarm, text: snap.meta };
  }

  write(value: NativeArray, type: NativeType, process: boolean, alarm?: Alarm, fromPut = false, put: RecordPut = LINK_PUT): boolean {
    // dbDbPutValue (recGblInheritSevr): MS, MSI hand the writer's severity to the target as a
    // LINK alarm, MSS with the writer's status too (RecordLinks.write made `alarm` so).
    if (alarm !== undefined && alarm.severity > 0) this.target.setSevr(alarm.status, alarm.severity);
    try {
      return this.target.putFromLink(this.field, value, type, process, put, fromPut);
    } catch (err) {
      // dbPut refused the value (text that is no number or state, a read-only field): the link
      // fails, and the writer raises its link alarm (dbPutLink), as in softIoc.
      if (err instanceof ConversionError || err instanceof RecordFieldError) return false;
      throw err;
    }
  }

  time(): EpicsTimestamp {
    return this.target.time;
  }

  nativeType(): NativeType {
    return this.target.shape(this.field).type;
  }

  metadata(): PvMetadata {
    return this.target.snapshot(this.field).meta;
  }

  forward(fromPut = false, put?: RecordPut): void {
    // dbScanFwdLink: dbScanPassive.
    if (this.target.num('SCAN') === 0) this.target.processFromLink(fromPut, put);
  }

  subscribe(onChange: () => void): Unsubscribe {
    return this.target.subscribe(this.field, (mask) => {
      if ((mask & (Dbe.VALUE | Dbe.ALARM)) !== 0) onChange();
    });
  }

  close(): void {}
}

/**
 * A CP or CPP input to a record of this process. EPICS makes every such link a CA link (dbCa),
 * so its value converts as a CA client's does: text at precision 6 ("1.234560" where a DB link
 * reads "1.235" of a PREC 3 ai), an int64 as the DOUBLE that CA serves (C's double casts then
 * apply), and an ENUM read as text through a DBR_STRING subscription, whose first read fails
 * (a LINK alarm) and whose first update processes the record again (CaLink.readText).
 */
export class LocalCaLink implements LinkTarget {
  readonly local = true;
  private readonly listeners = new Set<() => void>();
  private textAsked = false;

  constructor(private readonly inner: LinkTarget) {}

  get pv(): string {
    return this.inner.pv;
  }

  isConnected(): boolean {
    return true;
  }

  read(): LinkReading | undefined {
    // PP cannot apply to a CA link: the latest value is read.
    const r = this.inner.read(false);
    return r === undefined ? undefined : { value: r.value, type: r.type, alarm: r.alarm, text: DEFAULT_TEXT };
  }

  readText(): LinkReading | undefined {
    const r = this.inner.read(false);
    if (r === undefined || r.type !== NativeType.ENUM) return this.read();
    if (!this.textAsked) {
      this.textAsked = true;
      // The DBR_STRING subscription's first update comes after this processing.
      setImmediate(() => {
        for (const l of this.listeners) l();
      });
      return undefined;
    }
    return { value: r.value, type: r.type, alarm: r.alarm, text: { precision: 6, enumStrings: r.text?.enumStrings ?? [] } };
  }

  write(value: NativeArray, type: NativeType, process: boolean, alarm?: Alarm, fromPut = false, put?: RecordPut): boolean {
    return this.inner.write(value, type, process, alarm, fromPut, put);
  }

  time(): EpicsTimestamp | undefined {
    return this.inner.time();
  }

  nativeType(): NativeType | undefined {
    return this.inner.nativeType?.();
  }

  metadata(): PvMetadata | undefined {
    return this.inner.metadata?.();
  }

  forward(fromPut = false, put?: RecordPut): void {
    this.inner.forward(fromPut, put);
  }

  subscribe(onChange: () => void): Unsubscribe {
    this.listeners.add(onChange);
    const stop = this.inner.subscribe(onChange);
    return () => {
      this.listeners.delete(onChange);
      stop();
    };
  }

  /** A CA link to a record of this IOC: connected to its own server, on this host, read/write. */
  caReport(): CaLinkReport {
    return { connected: true, disconnects: 0, replacedPuts: 0, readAccess: true, writeAccess: true, host: hostname(), inNative: true, inString: this.textAsked };
  }

  close(): void {
    this.listeners.clear();
    this.inner.close();
  }
}
