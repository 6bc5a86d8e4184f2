import { OneElementArrays } from '../protocol/dbr/one-element-arrays.js';
import { type Alarm, type NativeArray, NativeType, type PvMetadata, type PvSnapshot, emptyMetadata } from '../protocol/dbr/types.js';

/**
 * The snapshot a circuit's reads are filled into (CaPv.readInto) and encoded from at once, then
 * filled again by the next read: a circuit keeps one, so that a client's get allocates nothing.
 *
 * A get used to make a new snapshot, time stamp and one-element array, about 230 bytes that died
 * as soon as the reply was encoded: under pipelined gets of ao records, 12 % of the server's time
 * went to the scavenges they caused and 6 % to making the arrays (bench/RESULTS.md, issue 13).
 * Nothing may keep a reference to it, its value or its time stamp past the encoding.
 */
export class ReplySnapshot implements PvSnapshot {
  readonly arrays = new OneElementArrays();
  nativeType: NativeType = NativeType.DOUBLE;
  value: NativeArray = this.arrays.double;
  alarm: Alarm = { status: 0, severity: 0 };
  readonly timestamp = { secPastEpoch: 0, nsec: 0 };
  meta: PvMetadata = emptyMetadata();
  className = '';
  ackTransient = false;
  ackSeverity = 0;

  /** Fills it with a read's value, alarm (not copied), time stamp and metadata (not copied). */
  fill(
    nativeType: NativeType,
    value: NativeArray,
    alarm: Alarm,
    secPastEpoch: number,
    nsec: number,
    meta: PvMetadata,
    className: string,
    ackTransient: boolean,
    ackSeverity: number,
  ): this {
    this.nativeType = nativeType;
    this.value = value;
    this.alarm = alarm;
    this.timestamp.secPastEpoch = secPastEpoch;
    this.timestamp.nsec = nsec;
    this.meta = meta;
    this.className = className;
    this.ackTransient = ackTransient;
    this.ackSeverity = ackSeverity;
    return this;
  }
}
