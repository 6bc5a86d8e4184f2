/**
 * Numeric literals, accepted exactly as EPICS postfix.c accepts them on Linux:
 *
 * - A literal starting with a digit, '.', INF or NAN is read by epicsParseDouble(), i.e. glibc
 *   strtod(): digits with an optional fraction and exponent, "INF", "INFINITY", or "NAN" with an
 *   optional "(chars)" suffix. strtod reporting ERANGE makes it a bad literal; glibc does that for
 *   overflow to infinity and for results below DBL_MIN (zero or subnormal), so "1e999" and
 *   "1e-310" are both rejected. Unary minus is an operator, never part of the literal.
 * - A literal starting with "0x" is read by epicsParseUInt32(base 0), i.e. strtoul(), and its 32
 *   bits are then used as a SIGNED integer: 0xffffffff is -1, 0x80000000 is -2147483648.
 *   epicsParseUInt32 rejects values above 0xffffffff, except (by its range test on a 64-bit long)
 *   those from 0xffffffff00000000 up to 2^64-1, which keep their low 32 bits. "0x" without hex
 *   digits reads just the "0", leaving the "x" to be a syntax error.
 */
import { isDigit, matchesAt } from './lexer.js';

export type LiteralScan =
  | { readonly ok: true; readonly value: number; readonly end: number }
  | { readonly ok: false; readonly reason: string; readonly end: number };

const DBL_MIN = 2.2250738585072014e-308;

const isHexDigit = (code: number): boolean =>
  isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
const isNanCharSequence = (code: number): boolean => /[A-Za-z0-9_]/.test(String.fromCharCode(code));

function digitsEnd(src: string, pos: number): number {
  while (pos < src.length && isDigit(src.charCodeAt(pos))) pos++;
  return pos;
}

/** Whether the literal at `pos` is hexadecimal ("0x" or "0X"). */
export function isHexLiteral(src: string, pos: number): boolean {
  return matchesAt(src, pos, '0X');
}

/** Reads a strtod()-style literal at `pos`. */
export function scanDecimalLiteral(src: string, pos: number): LiteralScan {
  if (matchesAt(src, pos, 'INFINITY')) return { ok: true, value: Infinity, end: pos + 8 };
  if (matchesAt(src, pos, 'INF')) return { ok: true, value: Infinity, end: pos + 3 };
  if (matchesAt(src, pos, 'NAN')) {
    let end = pos + 3;
    if (src[end] === '(') {
      let close = end + 1;
      while (close < src.length && isNanCharSequence(src.charCodeAt(close))) close++;
      if (src[close] === ')') end = close + 1;
    }
    return { ok: true, value: NaN, end };
  }

  const integerEnd = digitsEnd(src, pos);
  let end = integerEnd;
  let fractionEnd = integerEnd;
  if (src[end] === '.') fractionEnd = end = digitsEnd(src, end + 1);
  const mantissa = src.slice(pos, end);
  if (!/[0-9]/.test(mantissa)) return { ok: false, reason: 'no digits', end: fractionEnd };
  if (src[end] === 'e' || src[end] === 'E') {
    let exponentStart = end + 1;
    if (src[exponentStart] === '+' || src[exponentStart] === '-') exponentStart++;
    const exponentEnd = digitsEnd(src, exponentStart);
    if (exponentEnd > exponentStart) end = exponentEnd; // else strtod stops before the 'e'
  }

  const value = Number(src.slice(pos, end));
  if (value === Infinity) return { ok: false, reason: 'too large for a double', end };
  if (Math.abs(value) < DBL_MIN && /[1-9]/.test(mantissa)) {
    return { ok: false, reason: 'too small for a normal double', end };
  }
  return { ok: true, value, end };
}

/** Reads a strtoul()-style "0x" literal at `pos` and reinterprets it as a signed 32-bit value. */
export function scanHexLiteral(src: string, pos: number): LiteralScan {
  const digitsStart = pos + 2;
  let end = digitsStart;
  while (end < src.length && isHexDigit(src.charCodeAt(end))) end++;
  if (end === digitsStart) return { ok: true, value: 0, end: pos + 1 };

  const significant = src.slice(digitsStart, end).replace(/^0+/, '');
  if (significant.length > 16) return { ok: false, reason: 'more than 64 bits', end };
  const value = BigInt(`0x${significant || '0'}`);
  if (value > 0xffffffffn && value < 0xffffffff00000000n) {
    return { ok: false, reason: 'more than 32 bits', end };
  }
  return { ok: true, value: Number(BigInt.asIntN(32, value)), end };
}
