/**
 * The C numeric behaviour calcPerform.c relies on, as it comes out of gcc on linux-x86_64 (the
 * platform EPICS IOCs most often run on, and where these results were checked against libCom).
 * Out-of-range double-to-integer conversions are undefined in C; x86-64 yields INT_MIN from
 * cvttsd2si, and converts to unsigned through a 64-bit signed conversion.
 */

const INT32_MIN = -2147483648;
const TWO_POW_63 = 9223372036854775808;

/** `(epicsInt32) x`: truncate toward zero; NaN and values outside int32 give INT_MIN. */
export function cInt32(x: number): number {
  return x > -2147483649 && x < 2147483648 ? Math.trunc(x) | 0 : INT32_MIN;
}

/**
 * calcPerform's d2i(): the 32 bits bitwise operators work on. Negative values convert through
 * epicsInt32 (so below INT_MIN they give INT_MIN); others through epicsUInt32, which keeps the
 * low 32 bits of the truncated value (2863311530.1 gives 0xaaaaaaaa), and gives 0 for NaN,
 * +Inf and values of 2^63 and above.
 */
export function cBits32(x: number): number {
  if (x < 0) return cInt32(x);
  return x < TWO_POW_63 ? x | 0 : 0;
}

/** NINT: C's `(epicsInt32)(x >= 0 ? x + 0.5 : x - 0.5)`, so NINT(NaN) is INT_MIN. */
export function cNint(x: number): number {
  return cInt32(x >= 0 ? x + 0.5 : x - 0.5);
}

/**
 * '%': integer remainder of the operands converted by (epicsInt32), NaN for a zero divisor.
 * INT_MIN % -1 traps in C; we give its mathematical value, 0.
 */
export function cModulo(dividend: number, divisor: number): number {
  const d = cInt32(divisor);
  return d === 0 ? NaN : (cInt32(dividend) % d) | 0;
}

/** C99 pow(): unlike Math.pow, pow(1, y) is 1 for any y and pow(-1, ±Inf) is 1. */
export function cPow(base: number, exponent: number): number {
  if (base === 1) return 1;
  if (base === -1 && (exponent === Infinity || exponent === -Infinity)) return 1;
  return Math.pow(base, exponent);
}

/** isinf() as gcc expands it in C (__builtin_isinf_sign): -1 for -Inf, 1 for +Inf, else 0. */
export function cIsinf(x: number): number {
  return x === Infinity ? 1 : x === -Infinity ? -1 : 0;
}
