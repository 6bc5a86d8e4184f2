/**
 * How record fields hold their values, and how those values cross to and from Channel Access.
 * Scalars are JS numbers or strings (menus and enums are indexes, links are their text); array
 * fields (waveform VAL) hold a typed array of their FTVL.
 */
import { ConversionError, convertArray, doubleToFloat, doubleToInt32, toNativeArray, type NumericArray } from '../ca/protocol/dbr/index.js';
import { emptyTextState, isExpectedArray, type ConversionContext } from '../ca/protocol/dbr/convert.js';
import { parseDouble, parseFloat32, parseInt64, parseSignedInt, parseULongField, parseUnsignedInt } from '../ca/protocol/dbr/parse-number.js';
import { NativeType, type NativeArray } from '../ca/protocol/dbr/types.js';
import type { OneElementArrays } from '../ca/protocol/dbr/one-element-arrays.js';
import { caNativeTypeOf, isLinkDbf } from './fields/dbf.js';
import { linkFieldText, linkFieldType } from './links/parse-link.js';
import type { DbfType } from './fields/field-def.js';

export { isLinkDbf };

export type FieldValue = number | string | NativeArray;

/**
 * A stored field value as a number, as num() reads it. Hot support code reads fields as
 * `numOf(rec.v.VAL)`: a load by a name written at the call site, which V8 caches per site
 * (about 1 ns), where num('VAL') goes through one keyed load shared by every caller of num,
 * so megamorphic (about 10 ns). A processing reads some 30 fields.
 */
export function numOf(x: FieldValue | undefined): number {
  return typeof x === 'number' ? x : Number(x ?? 0);
}

/**
 * A stored field value as text, as str() reads it: a string as it is (String() on one is a
 * builtin call), anything else through String(). Read by name at the call site, as numOf.
 */
export function strOf(x: FieldValue | undefined): string {
  return typeof x === 'string' ? x : String(x ?? '');
}

/** The CA native type a DBF type is served as (the field tables' mapping, §5.1). */
export const nativeTypeOfDbf = caNativeTypeOf;

export const isNumericDbf = (dbf: DbfType): boolean =>
  dbf !== 'DBF_STRING' && dbf !== 'DBF_NOACCESS' && !isLinkDbf(dbf);

/** DBF_FLOAT or DBF_DOUBLE: the fields get_precision is asked for, and whose text has a precision. */
export const isFloatDbf = (dbf: DbfType): boolean => dbf === 'DBF_DOUBLE' || dbf === 'DBF_FLOAT';

/**
 * Numbers to text without a source's precision or state strings: precision 6, as dbCa converts a
 * CA link's number (an ao with PREC 3 holding 2.5, read through a CA link: "2.500000" in softIoc)
 * and dbPut a number written to a record without get_precision (stringin, lsi).
 */
export const DEFAULT_TEXT: ConversionContext = { precision: 6, enumStrings: [] };

export const isEnumLikeDbf = (dbf: DbfType): boolean => dbf === 'DBF_ENUM' || dbf === 'DBF_MENU' || dbf === 'DBF_DEVICE';

/**
 * Stores a double into a field of an integer or float DBF type the way a C assignment would
 * (dbConvert's casts): integers truncate toward zero and wrap to their width.
 */
export function castToDbf(dbf: DbfType, v: number): number {
  switch (dbf) {
    case 'DBF_CHAR':
      return (doubleToInt32(v) << 24) >> 24;
    case 'DBF_UCHAR':
      return doubleToInt32(v) & 0xff;
    case 'DBF_SHORT':
      return (doubleToInt32(v) << 16) >> 16;
    case 'DBF_USHORT':
    case 'DBF_ENUM':
    case 'DBF_MENU':
    case 'DBF_DEVICE':
      return doubleToInt32(v) & 0xffff;
    case 'DBF_LONG':
      return doubleToInt32(v);
    case 'DBF_ULONG':
      return Number.isFinite(v) ? Math.trunc(v) >>> 0 : 0;
    case 'DBF_INT64':
    case 'DBF_UINT64':
      return Number.isFinite(v) ? Math.trunc(v) : 0;
    case 'DBF_FLOAT':
      return doubleToFloat(v);
    default:
      return v;
  }
}

/**
 * A scalar field value as a one-element array of the field's CA native type: a new one, or the
 * one of `reuse` (a reply's, encoded at once and filled again by the next read).
 */
export function scalarToNative(dbf: DbfType, value: number | string, reuse?: OneElementArrays): NativeArray {
  const native = nativeTypeOfDbf(dbf);
  switch (native) {
    case NativeType.STRING: {
      const text = isLinkDbf(dbf) ? linkFieldText(String(value), linkFieldType(dbf)) : String(value);
      if (reuse === undefined) return [text];
      reuse.string[0] = text;
      return reuse.string;
    }
    case NativeType.CHAR:
      return one(reuse?.char ?? new Uint8Array(1), Number(value) & 0xff);
    case NativeType.SHORT:
      return one(reuse?.short ?? new Int16Array(1), Number(value));
    case NativeType.LONG:
      return one(reuse?.long ?? new Int32Array(1), Number(value));
    case NativeType.FLOAT:
      return one(reuse?.float ?? new Float32Array(1), Number(value));
    case NativeType.ENUM:
      return one(reuse?.enum ?? new Uint16Array(1), Number(value));
    default:
      return one(reuse?.double ?? new Float64Array(1), Number(value));
  }
}

/** `array` holding `x` (as TypedArray.of(x) stores it, without of()'s generic path: every get of a changed record makes one). */
function one<T extends Uint8Array | Int16Array | Int32Array | Float32Array | Uint16Array | Float64Array>(array: T, x: number): T {
  array[0] = x;
  return array;
}

/** Conversion context for a field: the precision numbers print with, and its state strings. */
export interface FieldConversion {
  precision: number;
  enumStrings: readonly string[];
}

/**
 * Converts a value a client or the application wrote (already a native array of some CA type)
 * into the stored form of a scalar field of type `dbf`. Throws ConversionError when EPICS
 * would refuse it (an unparsable string, an unknown state name).
 */
export function nativeToScalar(dbf: DbfType, value: NativeArray, from: NativeType, ctx: FieldConversion): number | string {
  const target = nativeTypeOfDbf(dbf) ?? NativeType.DOUBLE;
  if (target === NativeType.STRING) {
    return (convertArray(value, from, NativeType.STRING, ctx) as string[])[0] ?? '';
  }
  if (target === NativeType.ENUM) {
    if (from === NativeType.STRING) return stringToState(String((value as string[])[0] ?? ''), ctx.enumStrings);
    return (convertArray(value, from, NativeType.ENUM, ctx) as Uint16Array)[0] ?? 0;
  }
  // Numbers go through double so that every DBF (ULONG, INT64) keeps its full range.
  const d = (convertArray(value, from, NativeType.DOUBLE, ctx) as Float64Array)[0] ?? 0;
  return castToDbf(dbf, d);
}

/**
 * One DBR_STRING element put to a number field, read as dbPut reads it (dbFastLinkConv.c
 * cvt_st_*): with the parser of the field's own type, so an integer field takes the integer at
 * the start of the text ("1e3" and "1.9" are 1, "0x1A" is 0, "3000000000" fails for a LONG)
 * and a FLOAT field refuses what a float cannot hold. Undefined where EPICS refuses the text;
 * `current` is what a ULONG keeps when EPICS leaves it (parseULongField). DBF_UINT64 (no
 * record type here has such a field) is read as a double.
 */
export function stringToDbfNumber(dbf: DbfType, text: string, current: number): number | undefined {
  switch (dbf) {
    case 'DBF_CHAR':
      return parseSignedInt(text, 8);
    case 'DBF_UCHAR':
      return parseUnsignedInt(text, 8);
    case 'DBF_SHORT':
      return parseSignedInt(text, 16);
    case 'DBF_USHORT':
      return parseUnsignedInt(text, 16);
    case 'DBF_LONG':
      return parseSignedInt(text, 32);
    case 'DBF_ULONG':
      return parseULongField(text, current);
    case 'DBF_INT64':
      return parseInt64(text);
    case 'DBF_FLOAT':
      return parseFloat32(text);
    default: {
      const d = parseDouble(text);
      return d === undefined ? undefined : castToDbf(dbf, d);
    }
  }
}

/**
 * nativeToScalar's number for one written number (not a string: see stringToDbfNumber), before
 * castToDbf, for a field whose CA type is a number (not a string, not an enum): what
 * convertArray to DOUBLE gives for it, without building the array and conversion context.
 * Undefined where nativeToScalar must decide (it then refuses the value with its own message).
 */
export function oneAsDouble(value: NativeArray, from: NativeType): number | undefined {
  if (value.length !== 1 || from === NativeType.STRING || !isExpectedArray(value, from)) return undefined;
  return (value as NumericArray)[0];
}

/** Whether a DBF's CA type is a number (its one written element goes through oneAsDouble). */
export function isPlainNumericDbf(dbf: DbfType): boolean {
  const native = nativeTypeOfDbf(dbf);
  return native !== undefined && native !== NativeType.STRING && native !== NativeType.ENUM;
}

/**
 * A state (or menu choice) by name, else by decimal index. Unlike a CA ENUM, a menu may have
 * more than 16 choices (menuAlarmStat has 22), and dbPut matches every one of them.
 */
export function stringToState(text: string, states: readonly string[]): number {
  const exact = states.indexOf(text);
  if (exact >= 0) return exact;
  if (text === '') {
    const empty = emptyTextState(states);
    if (empty !== undefined) return empty;
  }
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed) && Number(trimmed) < Math.max(states.length, 1)) return Number(trimmed);
  // Records without state strings (an mbbo with none set) take any index.
  if (states.length === 0 && /^\d+$/.test(trimmed)) return Number(trimmed) & 0xffff;
  throw new ConversionError(`"${text}" is not one of the states ${states.map((x) => `"${x}"`).join(', ')}`);
}

/** Parses the text of a field as written in a .db file or a model definition. */
export function parseFieldText(dbf: DbfType, text: string, ctx: FieldConversion): number | string {
  if (dbf === 'DBF_STRING' || isLinkDbf(dbf)) return text;
  return nativeToScalar(dbf, [text], NativeType.STRING, ctx);
}

/** Turns any JS value an application passes for a scalar field into its stored form. */
export function jsToScalar(dbf: DbfType, value: unknown, ctx: FieldConversion): number | string {
  if (typeof value === 'string') return parseFieldText(dbf, value, ctx);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') {
    if (dbf === 'DBF_STRING') return nativeToScalar(dbf, Float64Array.of(value), NativeType.DOUBLE, ctx);
    return isNumericDbf(dbf) ? castToDbf(dbf, value) : String(value);
  }
  const arr = toNativeArray(NativeType.DOUBLE, value);
  return jsToScalar(dbf, arr.length > 0 ? (arr as Float64Array)[0] : 0, ctx);
}
