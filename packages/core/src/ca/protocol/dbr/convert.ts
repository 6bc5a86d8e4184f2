/**
 * Conversion of a native array to another native type, with the rules rsrv applies when a client
 * reads a PV as a type other than its native one (dbConvert.c, dbFastLinkConv.c, cvtFast.c) and when
 * a client writes a type other than the native one. Checked against softIoc 7.0.8.1 captures.
 *
 * | from → to            | rule                                                                  |
 * |----------------------|-----------------------------------------------------------------------|
 * | numeric → numeric    | C casts (c-cast.ts): truncation toward 0, low bits kept, NaN → INT_MIN |
 * | FLOAT/DOUBLE → STRING| cvtFloatToString/cvtDoubleToString with ctx.precision (cvt-fast.ts)    |
 * | SHORT/LONG/CHAR → STRING | decimal; CHAR bytes are unsigned (200 → "200"), a DBF_CHAR's Int8Array signed ("-56") |
 * | ENUM → STRING        | state string; index > 15 → "Illegal Value"; undefined state → ""      |
 * | STRING → numeric     | epicsParse* (parse-number.ts); failure → ConversionError              |
 * | STRING → ENUM        | exact match with a state string, else a decimal index < no. of states  |
 * | any → ENUM           | numeric cast to u16                                                   |
 */
import { NativeType } from './types.js';
import type { NativeArray } from './types.js';
import { allocNumeric, castNumeric } from './c-cast.js';
import type { NumericArray, NumericNativeType } from './numeric-types.js';
import { cvtDoubleToString, cvtFloatToString } from './cvt-fast.js';
import { parseDouble, parseFloat32, parseSignedInt, parseUnsignedInt } from './parse-number.js';
import { ConversionError } from './errors.js';
import { MAX_ENUM_STATES } from './layout.js';

export interface ConversionContext {
  /** PREC, for FLOAT/DOUBLE → STRING. EPICS uses 6 for a field whose record has no PREC (e.g. stringout). */
  precision: number;
  /** When present, FLOAT/DOUBLE → STRING uses it in place of `precision` (PvMetadata.textPrecision). */
  textPrecision?: number;
  /** The numbers are integers wider than DBR_LONG (PvMetadata.wideInteger): C integer casts and text. */
  wideInteger?: boolean;
  /** ENUM state strings (index = value), for ENUM ↔ STRING. */
  enumStrings: readonly string[];
  /**
   * STRING → CHAR range: rsrv reads plain and TIME CHAR through DBR_CHAR (epicsParseInt8, -128..127,
   * "200" fails) but STS/GR/CTRL CHAR and every write through DBR_UCHAR (epicsParseUInt8, "-1" → 255).
   * Default false (unsigned).
   */
  signedChar?: boolean;
}

const nativeTypeNames = ['STRING', 'SHORT', 'FLOAT', 'ENUM', 'CHAR', 'LONG', 'DOUBLE'];
export const nativeTypeName = (t: NativeType): string => nativeTypeNames[t] ?? `type ${String(t)}`;

const ILLEGAL_ENUM = 'Illegal Value';

/** Where withIllegalStateText keeps its text on a state-strings array. */
const ILLEGAL_STATE_TEXT = Symbol('text of an index past the states');

/**
 * `states`, whose indexes past the last are read as `text`: bo and bi, whose get_enum_str
 * answers "Illegal_Value" for a VAL past 1, where mbbo's rule (enumToString's own) gives its
 * empty state string. Kept on the array itself, so that it travels with the metadata.
 */
export function withIllegalStateText(states: string[], text: string): readonly string[] {
  return Object.defineProperty(states, ILLEGAL_STATE_TEXT, { value: text });
}

/** Where withEmptyTextState keeps the state empty text selects. */
const EMPTY_TEXT_STATE = Symbol('state of empty text');

/**
 * `states` (an mbb record's defined ones), where empty text selects `index`: mbbi's and mbbo's
 * put_enum_str compare the text with all 16 state strings once SDEF is set, so "" is the first
 * state without a string, which may lie past the defined ones.
 */
export function withEmptyTextState(states: string[], index: number): readonly string[] {
  return Object.defineProperty(states, EMPTY_TEXT_STATE, { value: index });
}

/** The state empty text selects (withEmptyTextState), if the states say. */
export const emptyTextState = (states: readonly string[]): number | undefined => (states as { [EMPTY_TEXT_STATE]?: number })[EMPTY_TEXT_STATE];

/** Where asMenuChoices marks a menu's choices. */
const MENU_CHOICES = Symbol('menu choices');

/**
 * A menu's choices, read as dbConvert's getMenuString reads a DBF_MENU field: every choice, even
 * past the 16 a CA enum carries (STAT's UDF is its 18th), and an index past them as its number
 * ("65535" for SSCN's default).
 */
export function asMenuChoices(labels: string[]): readonly string[] {
  return Object.defineProperty(labels, MENU_CHOICES, { value: true });
}

/** ENUM → STRING the way mbbo's get_enum_str does it (bo's and bi's: withIllegalStateText; menus: asMenuChoices). */
export function enumToString(index: number, enumStrings: readonly string[]): string {
  if ((enumStrings as { [MENU_CHOICES]?: boolean })[MENU_CHOICES] === true) return index < enumStrings.length ? enumStrings[index]! : String(index);
  if (index >= enumStrings.length) {
    const text = (enumStrings as { [ILLEGAL_STATE_TEXT]?: string })[ILLEGAL_STATE_TEXT];
    if (text !== undefined) return text;
  }
  if (index > MAX_ENUM_STATES - 1) return ILLEGAL_ENUM;
  return enumStrings[index] ?? '';
}

/** STRING → ENUM the way put_enum_str + dbConvert putStringEnum do it for mbbo. */
export function stringToEnum(text: string, enumStrings: readonly string[]): number | undefined {
  const match = enumStrings.indexOf(text);
  if (match >= 0 && match < MAX_ENUM_STATES) return match;
  const index = parseUnsignedInt(text, 16);
  const states = Math.min(enumStrings.length, MAX_ENUM_STATES);
  return index !== undefined && text.length > 0 && index < states ? index : undefined;
}

// The last floating-point value numericToString formatted, and its text: reads of one value
// come in runs (several gets, several clients), and formatting a double is the costly part of
// a DBR_STRING reply. 0 and -0 are told apart; NaN never matches.
let memoValue = Number.NaN;
let memoFrom = -1;
let memoPrecision = -1;
let memoText = '';

/** A double or float formatted as cvtDoubleToString/cvtFloatToString do, the last one kept. */
function floatingToString(v: number, from: NumericNativeType, precision: number): string {
  if (v === memoValue && from === memoFrom && precision === memoPrecision && (v !== 0 || 1 / v === 1 / memoValue)) return memoText;
  const text = from === NativeType.DOUBLE ? cvtDoubleToString(v, precision) : cvtFloatToString(v, precision);
  memoValue = v;
  memoFrom = from;
  memoPrecision = precision;
  memoText = text;
  return text;
}

/** One element of a numeric native array as DBR_STRING text. */
export function numericToString(v: number, from: NumericNativeType, precision: number, enumStrings: readonly string[], wideInteger = false): string {
  // cvtInt64ToString / cvtUInt32ToString: every digit (no integer this wide reaches 1e21, where JavaScript writes an exponent).
  if (wideInteger && Number.isFinite(v)) return String(Math.trunc(v));
  switch (from) {
    case NativeType.DOUBLE:
    case NativeType.FLOAT: return floatingToString(v, from, precision);
    case NativeType.ENUM: return enumToString(v, enumStrings);
    default: return String(v);
  }
}

function numericToStrings(value: NumericArray, from: NumericNativeType, ctx: ConversionContext): string[] {
  const out = new Array<string>(value.length);
  const precision = ctx.textPrecision ?? ctx.precision;
  for (let i = 0; i < value.length; i++) out[i] = numericToString(value[i], from, precision, ctx.enumStrings, ctx.wideInteger);
  return out;
}

function parseOne(text: string, to: NumericNativeType, ctx: ConversionContext): number | undefined {
  switch (to) {
    case NativeType.DOUBLE: return parseDouble(text);
    case NativeType.FLOAT: return parseFloat32(text);
    case NativeType.LONG: return parseSignedInt(text, 32);
    case NativeType.SHORT: return parseSignedInt(text, 16);
    case NativeType.CHAR: return ctx.signedChar ? parseSignedInt(text, 8) : parseUnsignedInt(text, 8);
    case NativeType.ENUM: return stringToEnum(text, ctx.enumStrings);
  }
}

function stringsToNumeric(value: readonly string[], to: NumericNativeType, ctx: ConversionContext): NumericArray {
  const dst = allocNumeric(to, value.length);
  for (let i = 0; i < value.length; i++) {
    const parsed = parseOne(value[i], to, ctx);
    if (parsed === undefined) {
      const what = value.length > 1 ? ` (element ${i})` : '';
      throw new ConversionError(`cannot convert "${value[i]}"${what} to ${nativeTypeName(to)}`);
    }
    dst[i] = parsed; // typed-array store keeps the low bits for the CHAR of a negative Int8 parse
  }
  return dst;
}

/** Whether `value` is the array class that holds elements of native type `type`. */
export const isExpectedArray = (value: NativeArray, type: NativeType): boolean => {
  switch (type) {
    case NativeType.STRING: return Array.isArray(value);
    case NativeType.SHORT: return value instanceof Int16Array;
    case NativeType.FLOAT: return value instanceof Float32Array;
    case NativeType.ENUM: return value instanceof Uint16Array;
    case NativeType.CHAR: return value instanceof Uint8Array || value instanceof Int8Array;
    case NativeType.LONG: return value instanceof Int32Array;
    case NativeType.DOUBLE: return value instanceof Float64Array;
  }
};

/**
 * Converts `value` (an array of native type `from`) to native type `to`. Returns `value` itself when
 * the types are equal. Throws ConversionError when EPICS would fail the conversion (the server turns
 * that into ECA_GETFAIL for reads and ECA_PUTFAIL for writes).
 */
export function convertArray(value: NativeArray, from: NativeType, to: NativeType, ctx: ConversionContext): NativeArray {
  if (!isExpectedArray(value, from)) {
    throw new ConversionError(`value is not a ${nativeTypeName(from)} native array`);
  }
  if (from === to) return value;
  if (from === NativeType.STRING) return stringsToNumeric(value as string[], to as NumericNativeType, ctx);
  if (to === NativeType.STRING) return numericToStrings(value as NumericArray, from, ctx);
  return castNumeric(value as NumericArray, from, to, ctx.wideInteger);
}
