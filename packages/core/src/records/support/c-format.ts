/**
 * One C printf conversion (`%-8.3f`, `%05d`, `%x`, `%s`…) applied to a value, as glibc's
 * snprintf formats it: flags - + space # 0, width, precision; d i o u x X e E f F g G c s.
 */
import { formatExponential, formatFixed } from '../../ca/protocol/dbr/c-printf.js';
import { formatGeneral } from '../../cli/ca-format/c-format.js';

export interface CConversion {
  flags: string;
  width: number;
  /** undefined when no precision was given. */
  precision: number | undefined;
  conversion: string;
}

/** Parses "%-08.3f" (the whole directive) into its parts. */
export function parseConversion(directive: string): CConversion | undefined {
  const m = /^%([-+ #0]*)(\d*)(?:\.(\d*))?(?:hh|h|ll|l)?([diouxXeEfFgGcs%])$/.exec(directive);
  if (m === null) return undefined;
  return { flags: m[1], width: m[2] === '' ? 0 : Number(m[2]), precision: m[3] === undefined ? undefined : Number(m[3] || '0'), conversion: m[4] };
}

function pad(body: string, sign: string, c: CConversion, numeric: boolean): string {
  const left = c.flags.includes('-');
  const zero = numeric && c.flags.includes('0') && !left && !(c.precision !== undefined && 'diouxX'.includes(c.conversion));
  const len = sign.length + body.length;
  if (len >= c.width) return sign + body;
  if (left) return sign + body + ' '.repeat(c.width - len);
  if (zero && /^[0-9a-fA-F.]/.test(body)) return sign + '0'.repeat(c.width - len) + body;
  return ' '.repeat(c.width - len) + sign + body;
}

const signOf = (negative: boolean, flags: string): string => (negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '');

/** Formats `value` (a number, or a string for %s) by conversion `c`. */
export function formatConversion(c: CConversion, value: number | string): string {
  const conv = c.conversion;
  if (conv === '%') return '%';
  if (conv === 's') {
    const s = String(value);
    return pad(c.precision !== undefined ? s.slice(0, c.precision) : s, '', c, false);
  }
  if (conv === 'c') return pad(String.fromCharCode(Number(value) & 0xff), '', c, false);
  const x = Number(value);
  if ('di'.includes(conv)) {
    const n = BigInt(Math.trunc(Number.isFinite(x) ? x : 0));
    let digits = (n < 0n ? -n : n).toString();
    if (c.precision !== undefined) digits = c.precision === 0 && n === 0n ? '' : digits.padStart(c.precision, '0');
    return pad(digits, signOf(n < 0n, c.flags), c, true);
  }
  if ('ouxX'.includes(conv)) {
    const n = BigInt.asUintN(64, BigInt(Math.trunc(Number.isFinite(x) ? x : 0)));
    let digits = n.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16);
    if (conv === 'X') digits = digits.toUpperCase();
    if (c.precision !== undefined) digits = c.precision === 0 && n === 0n ? '' : digits.padStart(c.precision, '0');
    if (c.flags.includes('#') && n !== 0n) digits = conv === 'o' ? `0${digits}` : conv === 'x' ? `0x${digits}` : conv === 'X' ? `0X${digits}` : digits;
    return pad(digits, '', c, true);
  }
  const p = c.precision ?? 6;
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  if (Number.isNaN(x)) body = 'nan';
  else if (!Number.isFinite(x)) body = 'inf';
  else if (conv === 'f' || conv === 'F') body = formatFixed(a, p);
  else if (conv === 'e' || conv === 'E') body = formatExponential(a, p);
  else body = formatGeneral(a, p, c.flags.includes('#'));
  // %#f and %#e keep the decimal point even with no digits after it.
  if (c.flags.includes('#') && p === 0 && !body.includes('.')) {
    if (conv === 'f' || conv === 'F') body += '.';
    else if (conv === 'e' || conv === 'E') body = body.replace('e', '.e');
  }
  if (conv === 'E' || conv === 'G' || conv === 'F') body = body.toUpperCase();
  return pad(body, signOf(negative && !Number.isNaN(x), c.flags), c, Number.isFinite(x));
}
