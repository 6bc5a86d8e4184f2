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
import { convertArray, isExpectedArray, numericToString } from './convert.js';
import type { ConversionContext } from './convert.js';
import { castLimit, doubleToFloat, doubleToInt32, isFloatingType, wideIntegerToInt32 } from './c-cast.js';
import { SMALL_COUNT, writeBigEndian } from './byte-order.js';
import type { NumericArray, NumericNativeType } from './numeric-types.js';
import { writeCString } from './c-string.js';
import { putF32, putF64, putU16, putU32 } from '../bytes.js';
import { ConversionError } from './errors.js';

/** Zeroes out[from…to). Most ranges here are a few bytes, cheaper as a loop than Buffer#fill. */
function zero(out: Buffer, from: number, to: number): void {
  if (to - from > 32) out.fill(0, from, to);
  else for (let i = from; i < to; i++) out[i] = 0;
}

/**
 * Stores `v` as `type` the way a typed array would (integers keep their low bits, FLOAT rounds).
 * Every write in this file is inside the region encode() checked, so it uses the unchecked
 * stores of bytes.ts.
 */
function writeNumber(out: Buffer, pos: number, type: NumericNativeType, v: number): void {
  switch (type) {
    case NativeType.SHORT:
    case NativeType.ENUM: putU16(out, pos, v); break;
    case NativeType.CHAR: out[pos] = v; break;
    case NativeType.LONG: putU32(out, pos, v); break;
    case NativeType.FLOAT: putF32(out, pos, v); break;
    case NativeType.DOUBLE: putF64(out, pos, v); break;
  }
}

function writeMetadata(out: Buffer, base: number, layout: DbrLayout, snap: PvSnapshot): void {
  const meta: PvMetadata = snap.meta;
  if (layout.enumOffset !== undefined) {
    const states = snap.nativeType === NativeType.ENUM ? meta.enumStrings.slice(0, MAX_ENUM_STATES) : [];
    putU16(out, base + layout.enumOffset, states.length);
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
    putU16(out, base + layout.precisionOffset, precision);
  }
  writeCString(out, base + layout.unitsOffset, meta.units, MAX_UNITS_SIZE);
  for (let i = 0; i < LIMIT_ORDER.length; i++) {
    const key = LIMIT_ORDER[i];
    writeNumber(out, base + limitsOffset + i * size, type, castLimit(meta[key], type, ALARM_LIMITS.has(key)));
  }
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
    writeBigEndian(out, pos, layout.valueType, value as NumericArray, n);
  }
}

/** The first `n` elements of the snapshot's value, as the requested value type. */
function valueFor(layout: DbrLayout, snap: PvSnapshot, n: number): NativeArray {
  if (layout.family === DbrFamily.CLASS_NAME) return [snap.className ?? ''];
  const head = Array.isArray(snap.value) ? snap.value.slice(0, n) : (snap.value as NumericArray).subarray(0, n);
  const ctx: ConversionContext = {
    precision: snap.meta.textPrecision ?? snap.meta.precision,
    wideInteger: snap.meta.wideInteger,
    enumStrings: snap.meta.enumStrings,
    // db_access reads plain and TIME CHAR as DBR_CHAR (signed), the other families as DBR_UCHAR
    signedChar: layout.family === DbrFamily.PLAIN || layout.family === DbrFamily.TIME,
  };
  return convertArray(head, snap.nativeType, layout.valueType, ctx);
}

// ------------------------------------------------------------------ the direct (small) path
//
// Most reads and monitor updates carry one element. For up to SMALL_COUNT elements the value is
// converted and written element by element, with the same rules as convertArray + writeValue,
// instead of through a sliced view, a context object and a converted copy of the array.

/**
 * Whether writeValueDirect can write the value: few elements, a conversion that cannot fail
 * (numeric → numeric or STRING, STRING → STRING), the array class the native type promises, and
 * no NaN (whose exact bits only the general path's byte copy keeps).
 */
function canWriteDirect(layout: DbrLayout, snap: PvSnapshot, n: number): boolean {
  if (n > SMALL_COUNT || layout.family === DbrFamily.CLASS_NAME) return false;
  const from = snap.nativeType;
  const value = snap.value;
  if (!isExpectedArray(value, from)) return false;
  if (from === NativeType.STRING) return layout.valueType === NativeType.STRING;
  if (from === NativeType.FLOAT || from === NativeType.DOUBLE) {
    for (let i = 0; i < n; i++) if (value[i] !== value[i]) return false;
  }
  return true;
}

/** One numeric element converted to numeric type `to` with the C-cast rules of castNumeric. */
function castElement(v: number, from: NumericNativeType, to: NumericNativeType, wideInteger: boolean | undefined): number {
  if (isFloatingType(from) && !isFloatingType(to)) return wideInteger === true ? wideIntegerToInt32(v) : doubleToInt32(v);
  if (from === NativeType.DOUBLE && to === NativeType.FLOAT) return doubleToFloat(v);
  return v; // writeNumber stores it with the same modular / rounding rules as a typed array
}

/** Writes the first `n` elements of the snapshot's value as the layout's type (canWriteDirect said yes). */
function writeValueDirect(out: Buffer, pos: number, layout: DbrLayout, snap: PvSnapshot, n: number): void {
  const from = snap.nativeType;
  const to = layout.valueType;
  if (to === NativeType.STRING) {
    if (from === NativeType.STRING) {
      const strings = snap.value as readonly string[];
      for (let i = 0; i < n; i++) writeCString(out, pos + i * MAX_STRING_SIZE, strings[i], MAX_STRING_SIZE);
    } else {
      const values = snap.value as NumericArray;
      const { enumStrings } = snap.meta;
      const precision = snap.meta.textPrecision ?? snap.meta.precision;
      for (let i = 0; i < n; i++) {
        writeCString(out, pos + i * MAX_STRING_SIZE, numericToString(values[i], from, precision, enumStrings, snap.meta.wideInteger), MAX_STRING_SIZE);
      }
    }
    return;
  }
  const values = snap.value as NumericArray;
  if (from === to) {
    writeBigEndian(out, pos, to, values, n);
    return;
  }
  const numericFrom = from as NumericNativeType;
  const size = layout.elementSize;
  const wide = snap.meta.wideInteger;
  for (let i = 0; i < n; i++) writeNumber(out, pos + i * size, to, castElement(values[i], numericFrom, to, wide));
}

// ------------------------------------------------------------------ encodeDbr

/** Zeroes the whole payload and reports the failure rsrv reports. */
function failed(out: Buffer, offset: number, size: number): number {
  out.fill(0, offset, offset + size);
  return Eca.GETFAIL;
}

/**
 * Writes exactly dbrPayloadSize(dbrType, count) bytes at out[offset…] (the caller allocates and pads
 * to 8) and returns the ECA status to put in the reply header: Eca.NORMAL, or Eca.GETFAIL with the
 * region zeroed when the value cannot be converted or the type cannot be read.
 */
export function encodeDbr(out: Buffer, offset: number, dbrType: DbrType, snap: PvSnapshot, count: number): number {
  return encode(out, offset, dbrType, snap, count, true);
}

/** encodeDbr without the direct path, for the tests that check both paths give the same bytes. */
export function encodeDbrGeneral(out: Buffer, offset: number, dbrType: DbrType, snap: PvSnapshot, count: number): number {
  return encode(out, offset, dbrType, snap, count, false);
}

function encode(out: Buffer, offset: number, dbrType: DbrType, snap: PvSnapshot, count: number, allowDirect: boolean): number {
  const layout = dbrLayout(dbrType);
  const size = dbrPayloadSize(dbrType, count);
  if (offset < 0 || offset + size > out.length) {
    throw new RangeError(`DBR type ${dbrType} × ${count} needs ${size} bytes at offset ${offset}; buffer has ${out.length}`);
  }
  // A fractional offset gets Node's own error, the one Buffer#fill gave here before the
  // unchecked stores were used.
  if (!Number.isInteger(offset)) out.fill(0, offset, offset + size);
  if (layout.family === DbrFamily.PUT_ACK) return failed(out, offset, size);

  const n = Math.min(count, layout.family === DbrFamily.CLASS_NAME ? 1 : snap.value.length);
  // Converted up front, before anything is written, so that a failure leaves only zeros.
  let value: NativeArray | undefined;
  if (!allowDirect || !canWriteDirect(layout, snap, n)) {
    try {
      value = valueFor(layout, snap, n);
    } catch (e) {
      if (e instanceof ConversionError) return failed(out, offset, size);
      throw e;
    }
  }

  const valueStart = offset + layout.valueOffset;
  zero(out, offset, valueStart);
  if (layout.hasAlarm) {
    putU16(out, offset, snap.alarm.status);
    putU16(out, offset + 2, snap.alarm.severity);
  }
  if (layout.hasTimestamp) {
    putU32(out, offset + 4, snap.timestamp.secPastEpoch);
    putU32(out, offset + 8, snap.timestamp.nsec);
  }
  if (layout.ackOffset !== undefined) {
    // ACKT defaults to YES in every record; ACKS to NO_ALARM
    putU16(out, offset + layout.ackOffset, snap.ackTransient === false ? 0 : 1);
    putU16(out, offset + layout.ackOffset + 2, snap.ackSeverity ?? 0);
  }
  if (layout.family === DbrFamily.GR || layout.family === DbrFamily.CTRL) writeMetadata(out, offset, layout, snap);

  if (value === undefined) writeValueDirect(out, valueStart, layout, snap, n);
  else writeValue(out, valueStart, layout, value, n);
  zero(out, valueStart + n * layout.elementSize, offset + size);
  return Eca.NORMAL;
}
