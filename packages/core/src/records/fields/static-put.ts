/**
 * How a .db file's field() text becomes a field's value: dbStatic's dbPutString and
 * dbPutStringNum (dbStaticLib.c, dbStaticRun.c) as softIoc runs them (and, with iocsh's var
 * dbConvertStrict, as its strict parsers refuse what does not fit).
 * This is not how a CA put converts text (dbConvert.c): a load reads integers in any C base
 * ("0x10", "010" is 8), truncates them to the field's width, refuses trailing text ("1.5" into
 * a LONG), takes an ENUM as a number only, and a menu as a choice or its index.
 */
import { ConversionError } from '../../ca/protocol/dbr/index.js';
import { parseDouble, parseFloat32 } from '../../ca/protocol/dbr/parse-number.js';
import type { DbfType } from './field-def.js';

// epicsStdlib.h's texts for its status codes.
const NO_DIGITS = 'No digits to convert';
const EXTRANEOUS = 'Extraneous characters';
const TOO_LARGE = 'Too large to represent';
const TOO_SMALL = 'Too small to represent';

const TWO_63 = 2n ** 63n;
const TWO_64 = 2n ** 64n;

const isCSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
const isDigitIn = (c: string | undefined, base: number): boolean => c !== undefined && c !== '' && !Number.isNaN(parseInt(c, base));

/** The text's number must be all of it but trailing white space (epicsParse* without `units`). */
function requireEnd(text: string, end: number): void {
  let i = end;
  while (isCSpace(text[i])) i++;
  if (i < text.length) throw new ConversionError(EXTRANEOUS);
}

/**
 * strtoll/strtoull with base 0 after leading white space: sign and magnitude. The number must be
 * all of the text, but for trailing white space where `trailingSpace` allows it (epicsParse*
 * does; iocsh's var, which tests `*endp == 0`, does not).
 */
export function scanCInteger(text: string, trailingSpace = true): { negative: boolean; magnitude: bigint } {
  let i = 0;
  while (isCSpace(text[i])) i++;
  const negative = text[i] === '-';
  if (text[i] === '-' || text[i] === '+') i++;
  let base = 10;
  let start = i;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && isDigitIn(text[i + 2], 16)) {
    base = 16;
    start = i += 2;
  } else if (text[i] === '0') base = 8;
  while (isDigitIn(text[i], base)) i++;
  if (i === start) throw new ConversionError(NO_DIGITS);
  if (trailingSpace) requireEnd(text, i);
  else if (i < text.length) throw new ConversionError(EXTRANEOUS);
  const digits = text.slice(start, i);
  const magnitude = base === 16 ? BigInt(`0x${digits}`) : base === 8 ? BigInt(`0o${digits}`) : BigInt(digits);
  return { negative, magnitude };
}

/** epicsParseInt64 (base 0): the int64 range, else ERANGE. */
function parseCInt64(text: string): bigint {
  const { negative, magnitude } = scanCInteger(text);
  const value = negative ? -magnitude : magnitude;
  if (value >= TWO_63 || value < -TWO_63) throw new ConversionError(TOO_LARGE);
  return value;
}

/** epicsParseUInt64 (base 0): strtoull negates in unsigned arithmetic, so "-1" is UINT64_MAX. */
function parseCUInt64(text: string): bigint {
  const { negative, magnitude } = scanCInteger(text);
  if (magnitude >= TWO_64) throw new ConversionError(TOO_LARGE);
  return negative && magnitude !== 0n ? TWO_64 - magnitude : magnitude;
}

/** Where strtod stops reading `text` (after leading white space), or undefined for no number. */
export function doubleEnd(text: string): number | undefined {
  let i = 0;
  while (isCSpace(text[i])) i++;
  const rest = text.slice(i);
  const m =
    /^[+-]?(?:infinity|inf|nan(?:\([0-9A-Za-z_]*\))?)/i.exec(rest) ??
    /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?/.exec(rest) ??
    /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
  return m === null ? undefined : i + m[0].length;
}

/** epicsParseFloat64 / epicsParseFloat32 without `units`. */
function parseCDouble(t: string, float: boolean): number {
  const end = doubleEnd(t);
  if (end === undefined) throw new ConversionError(NO_DIGITS);
  requireEnd(t, end);
  const value = float ? parseFloat32(t) : parseDouble(t);
  if (value === undefined) throw new ConversionError(Math.abs(Number.parseFloat(t)) < 1 ? TOO_SMALL : TOO_LARGE);
  return value;
}

/**
 * dbPutStringNum for a number field (not a menu or device): "" is 0, integers in any C base
 * truncated to the field's width, an ENUM as a USHORT. With `strict` (iocsh's var
 * dbConvertStrict 1) an integer outside its field's range is refused instead of truncated, as
 * epicsParseInt8…UInt32 refuse it. Throws ConversionError with EPICS' words.
 */
export function staticNumber(dbf: DbfType, text: string, strict = false): number {
  try {
    return staticNumberOf(dbf, text === '' ? '0' : text, strict);
  } catch (err) {
    if (err instanceof ConversionError) throw new ConversionError(`"${text}": ${err.message}`);
    throw err;
  }
}

const SIGNED_BITS: Partial<Record<DbfType, number>> = { DBF_CHAR: 8, DBF_SHORT: 16, DBF_LONG: 32, DBF_INT64: 64 };
const UNSIGNED_BITS: Partial<Record<DbfType, number>> = { DBF_UCHAR: 8, DBF_USHORT: 16, DBF_ENUM: 16, DBF_ULONG: 32, DBF_UINT64: 64 };

function staticNumberOf(dbf: DbfType, t: string, strict: boolean): number {
  const signed = SIGNED_BITS[dbf];
  if (signed !== undefined) {
    const value = parseCInt64(t);
    const bits = BigInt(signed);
    // epicsParseInt8/16/32: outside the type's range is an overflow.
    if (strict && (value < -(1n << (bits - 1n)) || value >= 1n << (bits - 1n))) throw new ConversionError(TOO_LARGE);
    return Number(BigInt.asIntN(signed, value));
  }
  const unsigned = UNSIGNED_BITS[dbf];
  if (unsigned !== undefined) {
    const value = parseCUInt64(t);
    const max = (1n << BigInt(unsigned)) - 1n;
    // epicsParseUInt8/16/32: "value > max && value <= ~max" overflows ("-1" wraps to max).
    if (strict && value > max && value <= TWO_64 - 1n - max) throw new ConversionError(TOO_LARGE);
    return Number(BigInt.asUintN(unsigned, value));
  }
  return parseCDouble(t, dbf === 'DBF_FLOAT');
}

/**
 * dbPutStringNum for a menu or DTYP: a choice by its string, else its index as epicsParseUInt16
 * reads it (base 0; "-1" is 65535). dbStatic lets the index equal the number of choices, and
 * 65535, through (a SCAN of 10 is stored, and scanAdd then complains at iocInit).
 */
export function staticMenuIndex(text: string, choices: readonly string[]): number {
  const t = text === '' ? '0' : text;
  const exact = choices.indexOf(t);
  if (exact >= 0) return exact;
  let value: bigint;
  try {
    value = parseCUInt64(t);
  } catch {
    throw new ConversionError(`"${text}" is not one of the states ${choices.map((x) => `"${x}"`).join(', ')}`);
  }
  // epicsParseUInt16: "value > 0xffff && value <= ~0xffffUL" overflows; the rest wraps.
  if (value > 0xffffn && value <= TWO_64 - 1n - 0xffffn) throw new ConversionError(`"${text}": ${TOO_LARGE}`);
  const index = Number(value & 0xffffn);
  if (index > choices.length && choices.length > 0 && index < 0xffff) throw new ConversionError(`index ${index} is beyond the ${choices.length} states ${choices.map((x) => `"${x}"`).join(', ')}`);
  return index;
}

/** dbPutString refuses a value with a macro left in it ("$(" or "${"), for every field type. */
export function hasUnexpandedMacro(text: string): boolean {
  return text.includes('$(') || text.includes('${');
}
