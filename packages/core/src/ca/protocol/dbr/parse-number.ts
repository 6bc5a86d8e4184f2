/**
 * STRING → number parsing as EPICS does it for DBF_STRING reads and for string writes into numeric
 * fields (dbConvert.c / dbFastLinkConv.c call epicsParseInt8/UInt8/Int16/UInt16/Int32/Float32/Float64
 * from libcom epicsStdlib.c, which wrap glibc strtol/strtoul/strtod):
 *
 * - An empty string (first byte NUL) is 0 without parsing; " " is not empty and fails.
 * - Leading whitespace is skipped; text after the number is ignored, because dbConvert passes an
 *   `end` pointer (so "1.5e3" → LONG 1, "12abc" → 12; verified on softIoc 7.0.8.1).
 * - Integers are base 10 only ("0x10" → LONG 0); floating point goes through strtod, so hex
 *   ("0x1A" → 26), "inf", "nan" are accepted; overflow or underflow (ERANGE) fails.
 * - Range checks: Int8/Int16/Int32 reject values outside their range; the unsigned parsers follow
 *   strtoul, which accepts a leading '-' and wraps ("-1" → UInt8 255), rejecting only values whose
 *   magnitude exceeds the type.
 * Every function returns undefined when EPICS would report a failed conversion.
 */

const SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

function skipSpace(text: string, i: number): number {
  while (i < text.length && SPACE.has(text[i])) i++;
  return i;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?/;
const SPECIAL = /^([+-]?)(?:(infinity|inf)|(nan)(?:\([0-9A-Za-z_]*\))?)/i;
const DBL_MIN = 2.2250738585072014e-308;

function hexValue(digits: string, exp: string | undefined): number {
  const dot = digits.indexOf('.');
  const intPart = dot >= 0 ? digits.slice(0, dot) : digits;
  const fracPart = dot >= 0 ? digits.slice(dot + 1) : '';
  const all = (intPart + fracPart).replace(/^0+/, '') || '0';
  const mantissa = BigInt(`0x${all}`);
  const binExp = (exp ? Number(exp) : 0) - 4 * fracPart.length;
  // scale in two steps so that large exponents neither overflow nor underflow prematurely
  const half = Math.trunc(binExp / 2);
  return Number(mantissa) * 2 ** half * 2 ** (binExp - half);
}

/** strtod() as glibc implements it, then epicsParseDouble's error rules; trailing text allowed. */
export function parseDouble(text: string): number | undefined {
  if (text.length === 0) return 0;
  const plain = plainDecimal(text);
  if (plain !== undefined) return plain;
  const rest = text.slice(skipSpace(text, 0));
  const special = SPECIAL.exec(rest);
  if (special) {
    if (special[3]) return Number.NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  const hex = HEX.exec(rest);
  let value: number;
  let nonZeroDigits: boolean;
  if (hex) {
    const magnitude = hexValue(hex[2], hex[3]);
    value = hex[1] === '-' ? -magnitude : magnitude;
    nonZeroDigits = /[1-9a-fA-F]/.test(hex[2]);
  } else {
    const dec = DECIMAL.exec(rest);
    if (!dec) return undefined; // S_stdlib_noConversion
    value = Number(dec[0]);
    nonZeroDigits = /[1-9]/.test(dec[0].replace(/[eE].*$/, ''));
  }
  // glibc sets ERANGE on overflow to ±Inf and on underflow to a subnormal or zero result
  if (!Number.isFinite(value)) return undefined;
  if (nonZeroDigits && Math.abs(value) < DBL_MIN) return undefined;
  return value;
}

/** 10^0 … 10^22: every power of ten a double holds exactly. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The common case, without regular expressions or Number(): an optional '-', then digits with
 * at most one '.' (at most 20 characters, so no overflow or underflow is possible). While the
 * digits make an integer below 2^53, the value is that integer divided by an exact power of
 * ten: one correctly rounded division, so the same double strtod gives (Clinger's fast path).
 * Longer mantissas go to Number(), which is exact too; anything else takes the full path.
 */
function plainDecimal(text: string): number | undefined {
  const length = text.length;
  if (length > 20) return undefined;
  const negative = text.charCodeAt(0) === 45;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1; // -1 until the '.'
  for (let i = negative ? 1 : 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fractionDigits >= 0) fractionDigits++;
    } else if (c === 46 && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return undefined;
    }
  }
  if (digits === 0) return undefined;
  if (mantissa > Number.MAX_SAFE_INTEGER) return Number(text);
  const magnitude = fractionDigits > 0 ? mantissa / EXACT_POWERS_OF_TEN[fractionDigits] : mantissa;
  return negative ? -magnitude : magnitude;
}

const FLT_MAX = 3.4028234663852886e38;
const FLT_MIN = 1.1754943508222875e-38;

/** epicsParseFloat: epicsParseDouble plus float range checks (only positive tiny values underflow). */
export function parseFloat32(text: string): number | undefined {
  if (text.length === 0) return 0;
  const v = parseDouble(text);
  if (v === undefined) return undefined;
  const abs = Math.abs(v);
  if (v > 0 && abs <= FLT_MIN) return undefined;
  if (Number.isFinite(v) && abs >= FLT_MAX) return undefined;
  return Math.fround(v);
}

const INTEGER = /^([+-]?)(\d+)/;
const TWO_63 = 2n ** 63n;
const TWO_64 = 2n ** 64n;

/**
 * strtol/strtoul base 10 on the text after leading whitespace: sign, magnitude and where the
 * number ends (strtol's `end`), or undefined where there is no number.
 */
function scanInteger(text: string): { negative: boolean; magnitude: bigint; end: number } | undefined {
  const start = skipSpace(text, 0);
  const m = INTEGER.exec(text.slice(start));
  if (!m) return undefined;
  return { negative: m[1] === '-', magnitude: BigInt(m[2]), end: start + m[0].length };
}

/** epicsParseInt8/Int16/Int32 (strtol, 64-bit long, then a range check). */
export function parseSignedInt(text: string, bits: 8 | 16 | 32): number | undefined {
  if (text.length === 0) return 0;
  const scanned = scanInteger(text);
  if (!scanned) return undefined;
  const value = scanned.negative ? -scanned.magnitude : scanned.magnitude;
  if (value >= TWO_63 || value < -TWO_63) return undefined; // ERANGE
  const limit = 1n << BigInt(bits - 1);
  if (value < -limit || value >= limit) return undefined;
  return Number(value);
}

/**
 * epicsParseUInt8/UInt16 (strtoul, then "value > max && value <= ~max" is an overflow). strtoul
 * negates in unsigned arithmetic, so "-1" is ULONG_MAX and passes the check, wrapping to max.
 */
export function parseUnsignedInt(text: string, bits: 8 | 16 | 32): number | undefined {
  if (text.length === 0) return 0;
  const scanned = scanInteger(text);
  return scanned === undefined ? undefined : unsignedOf(scanned, bits);
}

/** parseUnsignedInt's value of an integer scanInteger found. */
function unsignedOf(scanned: { negative: boolean; magnitude: bigint }, bits: 8 | 16 | 32): number | undefined {
  if (scanned.magnitude >= TWO_64) return undefined; // ERANGE
  const value = scanned.negative && scanned.magnitude !== 0n ? TWO_64 - scanned.magnitude : scanned.magnitude;
  const max = (1n << BigInt(bits)) - 1n;
  if (value > max && value <= TWO_64 - 1n - max) return undefined;
  return Number(value & max);
}

/** epicsParseInt64 (strtoll base 10): outside the int64 range fails. */
export function parseInt64(text: string): number | undefined {
  if (text.length === 0) return 0;
  const scanned = scanInteger(text);
  if (!scanned) return undefined;
  const value = scanned.negative ? -scanned.magnitude : scanned.magnitude;
  if (value >= TWO_63 || value < -TWO_63) return undefined; // ERANGE
  return Number(value);
}

/**
 * What cvt_st_ul has already stored when it then fails: epicsParseUInt32 writes the integer
 * before '.', 'e' or 'E' ("1e400" stores 1), and the double read that follows overflows. Undefined
 * when nothing was stored (parseULongField is then the whole answer).
 */
export function ulongStoredBeforeFailure(text: string): number | undefined {
  const scanned = scanInteger(text);
  if (scanned === undefined) return undefined;
  const next = text[scanned.end];
  if (next !== '.' && next !== 'e' && next !== 'E') return undefined;
  return parseDouble(text) === undefined ? unsignedOf(scanned, 32) : undefined;
}

/** ULONG_MAX of a 64-bit Linux as C compares a double with it (2^64). */
const ULONG_MAX_AS_DOUBLE = 2 ** 64;

/**
 * A DBR_STRING written to a DBF_ULONG field (dbFastLinkConv.c cvt_st_ul): epicsParseUInt32, but
 * where it finds no number, or one followed by '.', 'e' or 'E', the text is read as a double
 * ("1.0e3" is 1000) and taken when 0 <= it <= ULONG_MAX, converted as x86-64 does (truncated,
 * low 32 bits). Otherwise the integer stays, or where there was none, `current`: EPICS leaves
 * the field as it was and reports success.
 */
export function parseULongField(text: string, current: number): number | undefined {
  if (text.length === 0) return 0;
  const scanned = scanInteger(text);
  let value = current;
  if (scanned !== undefined) {
    const integer = unsignedOf(scanned, 32);
    if (integer === undefined) return undefined; // overflow: no second chance
    const next = text[scanned.end];
    if (next !== '.' && next !== 'e' && next !== 'E') return integer;
    value = integer;
  }
  const d = parseDouble(text);
  if (d === undefined) return undefined;
  if (!(d >= 0 && d <= ULONG_MAX_AS_DOUBLE)) return value;
  // (epicsUInt32)d: cvttsd2si to 64 bits, then the low half; 2^63 and above give 0.
  return d < 2 ** 63 ? Number(BigInt(Math.trunc(d)) & 0xffffffffn) : 0;
}
