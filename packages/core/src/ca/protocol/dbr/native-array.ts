/**
 * Native arrays ⇄ plain JS values, for records (a user sets a PV from JS) and the client (a user puts
 * a JS value, or reads one back).
 */
import { NativeType } from './types.js';
import type { NativeArray } from './types.js';
import { allocNumeric } from './c-cast.js';
import { convertArray } from './convert.js';
import type { ConversionContext } from './convert.js';
import type { NumericArray } from './numeric-types.js';
import { ConversionError } from './errors.js';
import { truncateUtf8 } from './c-string.js';
import { MAX_STRING_SIZE } from './layout.js';

/** Typed arrays accepted from JS (BigInt arrays are not: CA has no 64-bit integer type). */
export type NumericTypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array;

/** The JS values a PV can be set from (toNativeArray takes `unknown` and checks at run time). */
export type JsPvValue = number | boolean | string | readonly number[] | readonly boolean[] | readonly string[] | NumericTypedArray;

/**
 * The bytes of a CHAR array: a Uint8Array itself, a DBF_CHAR's Int8Array as a view of the same
 * memory; undefined for any other array. Text kept in a char array is read through this.
 */
export function charBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof Int8Array) return new Uint8Array(value.buffer, value.byteOffset, value.length);
  return undefined;
}

/** Text as a C string in a char array: its UTF-8 bytes and the NUL (a long string's form). */
export function textAsChars(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** CHAR bytes as a DBF_CHAR holds them (epicsInt8): a view of the same memory. */
export function asSignedChars(bytes: Uint8Array | Int8Array): Int8Array {
  return bytes instanceof Int8Array ? bytes : new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** A zeroed native array of `count` elements (empty strings for STRING). */
export function allocNative(type: NativeType, count: number): NativeArray {
  if (type === NativeType.STRING) return new Array<string>(count).fill('');
  return allocNumeric(type, count);
}

const defaultContext: ConversionContext = { precision: 6, enumStrings: [] };

function isNumericTypedArray(v: unknown): v is NumericTypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);
}

/** The native type a typed array already is, if any. */
function nativeTypeOfTypedArray(a: NumericTypedArray): NativeType | undefined {
  if (a instanceof Float64Array) return NativeType.DOUBLE;
  if (a instanceof Float32Array) return NativeType.FLOAT;
  if (a instanceof Int32Array) return NativeType.LONG;
  if (a instanceof Int16Array) return NativeType.SHORT;
  if (a instanceof Uint16Array) return NativeType.ENUM;
  if (a instanceof Uint8Array) return NativeType.CHAR; // includes Buffer; Uint8ClampedArray is not a subclass
  if (a instanceof Int8Array) return NativeType.CHAR; // a DBF_CHAR's elements, signed
  return undefined;
}

/**
 * JS numbers as a native array: LONG when every value is an int32 (so 42 → STRING gives "42"),
 * DOUBLE otherwise (so 1.5 → STRING is formatted with PREC, "1.500000" with the default PREC 6, as
 * rsrv does for a DBR_DOUBLE put into a stringout).
 */
function numbersToNative(values: ArrayLike<number>): { type: NativeType; array: NumericArray } {
  let allInt32 = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') throw new ConversionError(`cannot convert a ${typeof v} element to a PV value`);
    if ((v | 0) !== v || Object.is(v, -0)) allInt32 = false;
  }
  return allInt32
    ? { type: NativeType.LONG, array: Int32Array.from(values) }
    : { type: NativeType.DOUBLE, array: Float64Array.from(values) };
}

/**
 * Converts a JS value (see JsPvValue for what is accepted) into a native array of `type`, with the
 * same rules as convertArray: strings are parsed like epicsParse*, numbers are C-cast, enum strings
 * are matched against ctx.enumStrings. STRING results are cut to 39 UTF-8 bytes. Always returns a new
 * array. Throws ConversionError when the value cannot be converted.
 */
export function toNativeArray(type: NativeType, value: unknown, ctx: Partial<ConversionContext> = {}): NativeArray {
  const context: ConversionContext = { ...defaultContext, ...ctx };
  let from: NativeType;
  let source: NativeArray;
  if (typeof value === 'number') {
    ({ type: from, array: source } = numbersToNative([value]));
  } else if (typeof value === 'boolean') {
    from = NativeType.LONG;
    source = Int32Array.of(value ? 1 : 0);
  } else if (typeof value === 'string') {
    from = NativeType.STRING;
    source = [value];
  } else if (isNumericTypedArray(value)) {
    const native = nativeTypeOfTypedArray(value);
    if (native !== undefined) {
      from = native;
      source = value as NumericArray;
    } else {
      ({ type: from, array: source } = numbersToNative(value));
    }
  } else if (Array.isArray(value)) {
    const list = value as readonly unknown[];
    if (list.length > 0 && list.every((v) => typeof v === 'string')) {
      from = NativeType.STRING;
      source = list as string[];
    } else if (list.every((v) => typeof v === 'boolean')) {
      from = NativeType.LONG;
      source = Int32Array.from(list as boolean[], (b) => (b ? 1 : 0));
    } else {
      ({ type: from, array: source } = numbersToNative(list as number[]));
    }
  } else {
    const what = value === null ? 'null' : ArrayBuffer.isView(value) ? value.constructor.name : typeof value;
    throw new ConversionError(`cannot convert ${what} to a PV value`);
  }
  const converted = convertArray(source, from, type, context);
  if (type === NativeType.STRING) return (converted as string[]).map((s) => truncateUtf8(s, MAX_STRING_SIZE - 1));
  if (converted !== source) return converted;
  const copy = allocNumeric(type, source.length); // never alias the caller's array (nor a Buffer's memory)
  copy.set(source as NumericArray);
  return copy;
}

/** A 1-element array as its number or string; anything else (including empty) as the array itself. */
export function nativeToJs(type: NativeType, arr: NativeArray): number | string | NativeArray {
  if (arr.length !== 1) return arr;
  return type === NativeType.STRING ? (arr as string[])[0] : (arr as NumericArray)[0];
}

function kindOf(a: NativeArray): NativeType | undefined {
  return Array.isArray(a) ? NativeType.STRING : nativeTypeOfTypedArray(a);
}

/**
 * Same kind of array, same length, same elements. NaN equals NaN and 0 equals -0, so a monitor does
 * not fire for a NaN that stays NaN.
 */
export function nativeArraysEqual(a: NativeArray, b: NativeArray): boolean {
  if (a === b) return true;
  if (a.length !== b.length || kindOf(a) !== kindOf(b)) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && !(x !== x && y !== y)) return false;
  }
  return true;
}
