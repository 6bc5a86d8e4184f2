/**
 * printf("%g" / "%.Ne" / "%.Nf" / "%.Ng") for doubles, exactly as glibc prints them, for the value
 * column of get/monitor/put (caget's dblFormatStr, set by -e/-f/-g). Built on the exact %e/%f of the
 * DBR codec (ties to even on the binary value).
 */
import { formatExponential, formatFixed } from '../../ca/protocol/dbr/c-printf.js';

export type FloatConversion = 'e' | 'f' | 'g';

export interface FloatFormat {
  conversion: FloatConversion;
  /** Digits; undefined = printf's default (6). */
  precision?: number;
}

/** caget's default, "%g". */
export const DEFAULT_FLOAT_FORMAT: FloatFormat = { conversion: 'g' };

function nonFinite(x: number): string {
  if (Number.isNaN(x)) return 'nan'; // glibc prints "-nan" for a negative NaN; JS cannot see its sign
  return x > 0 ? 'inf' : '-inf';
}

/** printf("%.*g", precision, x) */
export function formatGeneral(x: number, precision = 6, alternate = false): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const p = precision === 0 ? 1 : precision;
  const e = formatExponential(x, p - 1);
  const exponent = Number(e.slice(e.indexOf('e') + 1));
  let text: string;
  if (exponent < p && exponent >= -4) {
    text = formatFixed(x, p - 1 - exponent);
  } else {
    text = e;
  }
  const ePos = text.indexOf('e');
  // %#g keeps the trailing zeros, and always a decimal point.
  if (alternate) return text.includes('.') ? text : ePos >= 0 ? `${text.slice(0, ePos)}.${text.slice(ePos)}` : `${text}.`;
  // %g drops trailing zeros of the fraction, and the point when nothing is left after it.
  let mantissa = ePos >= 0 ? text.slice(0, ePos) : text;
  const tail = ePos >= 0 ? text.slice(ePos) : '';
  if (mantissa.includes('.')) mantissa = mantissa.replace(/0+$/, '').replace(/\.$/, '');
  return mantissa + tail;
}

/** Formats a double with a caget float format. */
export function formatFloat(x: number, format: FloatFormat): string {
  switch (format.conversion) {
    case 'g': return formatGeneral(x, format.precision ?? 6);
    case 'e': return Number.isFinite(x) ? formatExponential(x, format.precision ?? 6) : nonFinite(x);
    case 'f': return formatFixed(x, format.precision ?? 6);
  }
}

/** printf("%+12.6f") as camonitor prints relative timestamps. */
export const formatSignedSeconds = (x: number): string => {
  const t = formatFixed(Math.abs(x), 6);
  return `${x < 0 ? '-' : '+'}${t}`.padStart(12, ' ');
};
