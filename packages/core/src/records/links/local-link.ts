import { Dbe } from '../../ca/protocol/constants.js';
import { AlarmStatus, type Alarm, type EpicsTimestamp, type NativeArray, type NativeType, type PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { Unsubscribe } from '../../ca/server/provider.js';
import { LINK_PUT } from '../put.js';
import { type EpicsRecord, RecordFieldError } from '../record.js';
import { ConversionError } from '../../ca/protocol/dbr/index.js';
import type { LinkReading, LinkTarget } from './link-target.js';

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

  read(processFirst: boolean, fromPut = false): LinkReading | undefined {
    // dbDbGetValue: a PP input link processes a Passive source before reading it
    // (dbScanPassive, whose status is the read's: a source whose processing failed fails it).
    if (processFirst && this.target.num('SCAN') === 0 && !this.target.processFromLink(fromPut)) return undefined;
    const snap = this.target.snapshot(this.field);
    // The metadata holds the precision and state strings (no object made per read).
    return { value: snap.value, type: snap.nativeType, alarm: snap.alarm, text: snap.meta };
  }

  write(value: NativeArray, type: NativeType, process: boolean, alarm?: Alarm, fromPut = false): boolean {
    // dbDbPutValue: MS on an output link hands the writer's severity to the target.
    if (alarm !== undefined && alarm.severity > 0) this.target.setSevr(AlarmStatus.LINK, alarm.severity);
    try {
      return this.target.putFromLink(this.field, value, type, process, LINK_PUT, fromPut);
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

  forward(fromPut = false): void {
    // dbScanFwdLink: dbScanPassive.
    if (this.target.num('SCAN') === 0) this.target.processFromLink(fromPut);
  }

  subscribe(onChange: () => void): Unsubscribe {
    return this.target.subscribe(this.field, (mask) => {
      if ((mask & (Dbe.VALUE | Dbe.ALARM)) !== 0) onChange();
    });
  }

  close(): void {}
}
