/**
 * DBR payload bytes → DecodedDbr: value, alarm, timestamp, GR/CTRL metadata, STSACK fields.
 *
 * The server uses only `.value` of a WRITE/WRITE_NOTIFY payload (rsrv ignores the status, stamp and
 * limits a client sends); the client uses everything. Numeric arrays are decoded with one bulk copy
 * and byte swap, no per-element objects.
 */
import { OneElementArrays } from './one-element-arrays.js';
import { DbrFamily, NativeType } from './types.js';
import type { DbrType, DecodedDbr, NativeArray, PvMetadata } from './types.js';
import {
  LIMIT_ORDER, MAX_ENUM_STATES, MAX_ENUM_STRING_SIZE, MAX_STRING_SIZE, MAX_UNITS_SIZE, dbrLayout, dbrPayloadSize,
  isValidDbrType,
} from './layout.js';
import type { DbrLayout } from './layout.js';
import { readBigEndian } from './byte-order.js';
import type { NumericNativeType } from './numeric-types.js';
import { readCString } from './c-string.js';
import { DbrDecodeError } from './errors.js';
import { getF32, getF64, getI16, getI32, getU16 } from '../bytes.js';

function readNumber(buf: Buffer, pos: number, type: NumericNativeType): number {
  switch (type) {
    case NativeType.SHORT: return buf.readInt16BE(pos);
    case NativeType.ENUM: return buf.readUInt16BE(pos);
    case NativeType.CHAR: return buf.readUInt8(pos);
    case NativeType.LONG: return buf.readInt32BE(pos);
    case NativeType.FLOAT: return buf.readFloatBE(pos);
    case NativeType.DOUBLE: return buf.readDoubleBE(pos);
  }
}

function readMetadata(buf: Buffer, layout: DbrLayout): Partial<PvMetadata> | undefined {
  if (layout.enumOffset !== undefined) {
    const noStr = Math.max(0, Math.min(MAX_ENUM_STATES, buf.readInt16BE(layout.enumOffset)));
    const enumStrings: string[] = [];
    for (let i = 0; i < noStr; i++) {
      enumStrings.push(readCString(buf, layout.enumOffset + 2 + i * MAX_ENUM_STRING_SIZE, MAX_ENUM_STRING_SIZE));
    }
    return { enumStrings };
  }
  const limitsOffset = layout.limitsOffset;
  if (layout.unitsOffset === undefined || limitsOffset === undefined) return undefined; // GR/CTRL_STRING
  const type = layout.valueType as NumericNativeType;
  const meta: Partial<PvMetadata> = { units: readCString(buf, layout.unitsOffset, MAX_UNITS_SIZE) };
  if (layout.precisionOffset !== undefined) meta.precision = buf.readInt16BE(layout.precisionOffset);
  LIMIT_ORDER.forEach((key, i) => {
    meta[key] = readNumber(buf, limitsOffset + i * layout.elementSize, type);
  });
  if (layout.controlOffset !== undefined) {
    meta.upperControl = readNumber(buf, layout.controlOffset, type);
    meta.lowerControl = readNumber(buf, layout.controlOffset + layout.elementSize, type);
  }
  return meta;
}

function readValue(buf: Buffer, layout: DbrLayout, count: number): NativeArray {
  if (layout.valueType === NativeType.STRING) {
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) out[i] = readCString(buf, layout.valueOffset + i * MAX_STRING_SIZE, MAX_STRING_SIZE);
    return out;
  }
  return readBigEndian(buf, layout.valueOffset, layout.valueType as NumericNativeType, count);
}

/**
 * Decodes `count` elements of `dbrType` from `payload` (extra bytes, e.g. the pad to 8, are ignored).
 * Throws DbrDecodeError for an unknown type, a bad count or a payload shorter than the type needs.
 */
export function decodeDbr(dbrType: number, payload: Buffer | Uint8Array, count: number): DecodedDbr {
  if (!isValidDbrType(dbrType)) throw new DbrDecodeError(`unknown DBR type ${dbrType}`);
  if (!Number.isInteger(count) || count < 0) throw new DbrDecodeError(`invalid element count ${count}`);
  const type: DbrType = dbrType;
  const layout = dbrLayout(type);
  const need = dbrPayloadSize(type, count);
  if (payload.byteLength < need) {
    throw new DbrDecodeError(`DBR type ${type} with ${count} element(s) needs ${need} bytes, got ${payload.byteLength}`);
  }
  const buf = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);

  const decoded: DecodedDbr = { dbrType: type, value: readValue(buf, layout, count) };
  if (layout.hasAlarm) decoded.alarm = { status: buf.readUInt16BE(0), severity: buf.readUInt16BE(2) };
  if (layout.hasTimestamp) decoded.timestamp = { secPastEpoch: buf.readUInt32BE(4), nsec: buf.readUInt32BE(8) };
  if (layout.family === DbrFamily.GR || layout.family === DbrFamily.CTRL) {
    const meta = readMetadata(buf, layout);
    if (meta) decoded.meta = meta;
  }
  if (layout.ackOffset !== undefined) {
    decoded.ackTransient = buf.readUInt16BE(layout.ackOffset) !== 0;
    decoded.ackSeverity = buf.readUInt16BE(layout.ackOffset + 2);
  }
  return decoded;
}

/**
 * decodeDbr for the commonest write, one element of a plain DBR type (0–6), read straight from
 * the received bytes at `offset` (`size` bytes of payload) without a view of them. Undefined
 * where decodeDbr must decide (another type or count, a short payload, a NaN whose bits the bulk
 * path keeps). A DBR_STRING may come shortened to strlen + 1 (libca does): the text ends at the
 * first NUL, the payload's end or 40 bytes, as decodeDbr of the padded slot reads it. With
 * `into`, the value and the result are those of the scratch, not new ones.
 */
export function decodePlainScalar(dbrType: number, buf: Buffer, offset: number, size: number, into?: ScalarScratch): DecodedDbr | undefined {
  switch (dbrType) {
    case NativeType.STRING: {
      const text = readCString(buf, offset, Math.min(size, MAX_STRING_SIZE));
      return into === undefined ? { dbrType, value: [text] } : into.hold(dbrType, oneString(into.string, text));
    }
    case NativeType.SHORT: {
      if (size < 2) return undefined;
      const v = getI16(buf, offset);
      return into === undefined ? { dbrType, value: oneOf(new Int16Array(1), v) } : into.hold(dbrType, oneOf(into.short, v));
    }
    case NativeType.FLOAT: {
      if (size < 4) return undefined;
      const v = getF32(buf, offset);
      if (v !== v) return undefined;
      return into === undefined ? { dbrType, value: oneOf(new Float32Array(1), v) } : into.hold(dbrType, oneOf(into.float, v));
    }
    case NativeType.ENUM: {
      if (size < 2) return undefined;
      const v = getU16(buf, offset);
      return into === undefined ? { dbrType, value: oneOf(new Uint16Array(1), v) } : into.hold(dbrType, oneOf(into.enum, v));
    }
    case NativeType.CHAR: {
      if (size < 1) return undefined;
      const v = buf[offset];
      return into === undefined ? { dbrType, value: oneOf(new Uint8Array(1), v) } : into.hold(dbrType, oneOf(into.char, v));
    }
    case NativeType.LONG: {
      if (size < 4) return undefined;
      const v = getI32(buf, offset);
      return into === undefined ? { dbrType, value: oneOf(new Int32Array(1), v) } : into.hold(dbrType, oneOf(into.long, v));
    }
    case NativeType.DOUBLE: {
      if (size < 8) return undefined;
      const v = getF64(buf, offset);
      if (v !== v) return undefined;
      return into === undefined ? { dbrType, value: oneOf(new Float64Array(1), v) } : into.hold(dbrType, oneOf(into.double, v));
    }
    default:
      return undefined;
  }
}

/**
 * Where decodePlainScalar puts what it decodes instead of new arrays: one array of each type and
 * one result, overwritten by the next decode. Only for a write whose PV is done with the value
 * when write() returns (CaPv.copiesScalarWrites): a new Float64Array per put was a seventh of
 * the time of a put to a record.
 */
export class ScalarScratch extends OneElementArrays {
  private readonly decoded: DecodedDbr = { dbrType: NativeType.DOUBLE, value: this.double };

  hold(dbrType: DbrType, value: NativeArray): DecodedDbr {
    this.decoded.dbrType = dbrType;
    this.decoded.value = value;
    return this.decoded;
  }
}

function oneString(array: string[], text: string): string[] {
  array[0] = text;
  return array;
}

function oneOf<T extends Int16Array | Float32Array | Uint16Array | Uint8Array | Int32Array | Float64Array>(array: T, x: number): T {
  array[0] = x;
  return array;
}
