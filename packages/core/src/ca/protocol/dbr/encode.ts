/**
 * PvSnapshot → DBR payload bytes, as rsrv's read_reply/dbChannel_get_count produce them.
 *
 * - The value is converted from the PV's native type to the requested value type (convert.ts), and
 *   GR/CTRL limits from the record's doubles into that type (castLimit, per dbAccess.c getOptions).
 * - `count` elements are written; beyond the PV's elements the rest is zero (rsrv zero-fills a request
 *   for more elements than the record has, and db_access pads a short read).
 * - If the value cannot be converted (a STRING PV whose text is not a number read as DOUBLE) the whole
 *   region is zero and the status is ECA_GETFAIL, as rsrv sends it.
 * - PUT_ACKT/PUT_ACKS cannot be read: rsrv's dbChannel_get_count has no case for them and answers
 *   ECA_GETFAIL with zeros (verified on softIoc 7.0.8.1).
 * - PREC is only sent for FLOAT/DOUBLE PVs (dbAccess sends DBR_PRECISION only for DBF_FLOAT/DOUBLE
 *   fields) and enum strings only for ENUM PVs (no_str = 0 otherwise).
 */
import { DbrFamily, NativeType } from './types.js';
import type { DbrType, NativeArray, PvMetadata, PvSnapshot } from './types.js';
import { Eca } from '../eca.js';
import {
  ALARM_LIMITS, LIMIT_ORDER, MAX_ENUM_STATES, MAX_ENUM_STRING_SIZE, MAX_STRING_SIZE, MAX_UNITS_SIZE,
  dbrLayout, dbrPayloadSize,
} from './layout.js';
import type { DbrLayout } from './layout.js';
import { convertArray } from './convert.js';
import type { ConversionContext } from './convert.js';
import { castLimit, isFloatingType } from './c-cast.js';
import { writeBigEndian } from './byte-order.js';
import type { NumericArray, NumericNativeType } from './numeric-types.js';
import { writeCString } from './c-string.js';
import { ConversionError } from './errors.js';

function writeNumber(out: Buffer, pos: number, type: NumericNativeType, v: number): void {
  switch (type) {
    case NativeType.SHORT: out.writeInt16BE((v << 16) >> 16, pos); break;
    case NativeType.ENUM: out.writeUInt16BE(v & 0xffff, pos); break;
    case NativeType.CHAR: out.writeUInt8(v & 0xff, pos); break;
    case NativeType.LONG: out.writeInt32BE(v | 0, pos); break;
    case NativeType.FLOAT: out.writeFloatBE(v, pos); break;
    case NativeType.DOUBLE: out.writeDoubleBE(v, pos); break;
  }
}

function writeMetadata(out: Buffer, base: number, layout: DbrLayout, snap: PvSnapshot): void {
  const meta: PvMetadata = snap.meta;
  if (layout.enumOffset !== undefined) {
    const states = snap.nativeType === NativeType.ENUM ? meta.enumStrings.slice(0, MAX_ENUM_STATES) : [];
    out.writeInt16BE(states.length, base + layout.enumOffset);
    const strs = base + layout.enumOffset + 2;
    states.forEach((s, i) => writeCString(out, strs + i * MAX_ENUM_STRING_SIZE, s, MAX_ENUM_STRING_SIZE));
    return;
  }
  const limitsOffset = layout.limitsOffset;
  if (layout.unitsOffset === undefined || limitsOffset === undefined) return; // GR/CTRL_STRING
  const type = layout.valueType as NumericNativeType;
  const size = layout.elementSize;
  if (layout.precisionOffset !== undefined) {
    const precision = isFloatingType(snap.nativeType) ? meta.precision : 0;
    out.writeInt16BE((precision << 16) >> 16, base + layout.precisionOffset);
  }
  writeCString(out, base + layout.unitsOffset, meta.units, MAX_UNITS_SIZE);
  LIMIT_ORDER.forEach((key, i) => {
    writeNumber(out, base + limitsOffset + i * size, type, castLimit(meta[key], type, ALARM_LIMITS.has(key)));
  });
  if (layout.controlOffset !== undefined) {
    writeNumber(out, base + layout.controlOffset, type, castLimit(meta.upperControl, type, false));
    writeNumber(out, base + layout.controlOffset + size, type, castLimit(meta.lowerControl, type, false));
  }
}

function writeValue(out: Buffer, pos: number, layout: DbrLayout, value: NativeArray, n: number): void {
  if (layout.valueType === NativeType.STRING) {
    const strings = value as readonly string[];
    for (let i = 0; i < n; i++) writeCString(out, pos + i * MAX_STRING_SIZE, strings[i], MAX_STRING_SIZE);
  } else {
    writeBigEndian(out, pos, value as NumericArray, n);
  }
}

/** The first `n` elements of the snapshot's value, as the requested value type. */
function valueFor(layout: DbrLayout, snap: PvSnapshot, n: number): NativeArray {
  if (layout.family === DbrFamily.CLASS_NAME) return [snap.className ?? ''];
  const head = Array.isArray(snap.value) ? snap.value.slice(0, n) : (snap.value as NumericArray).subarray(0, n);
  const ctx: ConversionContext = {
    precision: snap.meta.precision,
    enumStrings: snap.meta.enumStrings,
    // db_access reads plain and TIME CHAR as DBR_CHAR (signed), the other families as DBR_UCHAR
    signedChar: layout.family === DbrFamily.PLAIN || layout.family === DbrFamily.TIME,
  };
  return convertArray(head, snap.nativeType, layout.valueType, ctx);
}

/**
 * Writes exactly dbrPayloadSize(dbrType, count) bytes at out[offset…] (the caller allocates and pads
 * to 8) and returns the ECA status to put in the reply header: Eca.NORMAL, or Eca.GETFAIL with the
 * region zeroed when the value cannot be converted or the type cannot be read.
 */
export function encodeDbr(out: Buffer, offset: number, dbrType: DbrType, snap: PvSnapshot, count: number): number {
  const layout = dbrLayout(dbrType);
  const size = dbrPayloadSize(dbrType, count);
  if (offset < 0 || offset + size > out.length) {
    throw new RangeError(`DBR type ${dbrType} × ${count} needs ${size} bytes at offset ${offset}; buffer has ${out.length}`);
  }
  const fail = (): number => {
    out.fill(0, offset, offset + size);
    return Eca.GETFAIL;
  };
  if (layout.family === DbrFamily.PUT_ACK) return fail();

  let value: NativeArray;
  const n = Math.min(count, layout.family === DbrFamily.CLASS_NAME ? 1 : snap.value.length);
  try {
    value = valueFor(layout, snap, n);
  } catch (e) {
    if (e instanceof ConversionError) return fail();
    throw e;
  }

  const valueStart = offset + layout.valueOffset;
  out.fill(0, offset, valueStart);
  if (layout.hasAlarm) {
    out.writeUInt16BE(snap.alarm.status & 0xffff, offset);
    out.writeUInt16BE(snap.alarm.severity & 0xffff, offset + 2);
  }
  if (layout.hasTimestamp) {
    out.writeUInt32BE(snap.timestamp.secPastEpoch >>> 0, offset + 4);
    out.writeUInt32BE(snap.timestamp.nsec >>> 0, offset + 8);
  }
  if (layout.ackOffset !== undefined) {
    // ACKT defaults to YES in every record; ACKS to NO_ALARM
    out.writeUInt16BE(snap.ackTransient === false ? 0 : 1, offset + layout.ackOffset);
    out.writeUInt16BE((snap.ackSeverity ?? 0) & 0xffff, offset + layout.ackOffset + 2);
  }
  if (layout.family === DbrFamily.GR || layout.family === DbrFamily.CTRL) writeMetadata(out, offset, layout, snap);

  writeValue(out, valueStart, layout, value, n);
  out.fill(0, valueStart + n * layout.elementSize, offset + size);
  return Eca.NORMAL;
}
