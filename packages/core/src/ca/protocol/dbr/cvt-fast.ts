/**
 * FLOAT/DOUBLE → DBR_STRING with PREC, reproducing EPICS libcom cvtFast.c (cvtDoubleToString,
 * cvtFloatToString), which rsrv uses for every float → string read (dbFastLinkConv cvt_d_st/cvt_f_st,
 * dbConvert getDoubleString/getFloatString) and for numeric writes into string fields:
 *
 * - PREC is taken as an unsigned short, so a negative PREC counts as > 8.
 * - Fast path (|v| ≤ 1e7, PREC ≤ 8, not NaN): fixed notation with PREC decimals. The fraction is
 *   computed as (int)(frac · 10^PREC · 10), then (+5)/10: "round half up" on the *binary* value, which
 *   is why 0.125 → "0.13" and 2.5 → "3" (printf would print "0.12" and "2").
 * - Otherwise, if PREC > 8 or |v| > 1e16 (double) / |v| ≥ 1e8 (float): "%*.*e" with PREC capped at 17
 *   (double) / 12 (float) and a field width of PREC+7 (double) / PREC+6 (float), so Inf prints as
 *   right-aligned "inf".
 * - Else (1e7 < |v| ≤ 1e16, or NaN): "%.*f" with PREC capped at 3.
 * cvtFloatToString does its arithmetic in single precision; Math.fround reproduces each step.
 * Checked digit for digit against softIoc 7.0.8.1 (fixtures/softioc-golden.json, records F:*).
 */
import { formatExponential, formatFixed } from './c-printf.js';

const FRAC_MULTIPLIER = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

function fixedFromParts(negative: boolean, whole: number, fraction: number, precision: number): string {
  const sign = negative ? '-' : '';
  return precision > 0 ? `${sign}${whole}.${String(fraction).padStart(precision, '0')}` : `${sign}${whole}`;
}

export function cvtDoubleToString(value: number, prec: number): string {
  const precision = prec & 0xffff;
  if (Number.isNaN(value) || precision > 8 || value > 1e7 || value < -1e7) {
    if (precision > 8 || value > 1e16 || value < -1e16) {
      const p = Math.min(precision, 17);
      return formatExponential(value, p, p + 7);
    }
    return formatFixed(value, Math.min(precision, 3));
  }
  const negative = value < 0;
  const v = negative ? -value : value;
  let whole = v | 0;
  const fplace = FRAC_MULTIPLIER[precision];
  let fraction = Math.trunc((v - whole) * fplace * 10);
  fraction = Math.trunc((fraction + 5) / 10);
  if (Math.trunc(fraction / fplace) >= 1) {
    whole++;
    fraction -= fplace;
  }
  return fixedFromParts(negative, whole, fraction, precision);
}

export function cvtFloatToString(value: number, prec: number): string {
  const precision = prec & 0xffff;
  const f = Math.fround(value);
  if (Number.isNaN(f) || precision > 8 || f > 1e7 || f < -1e7) {
    if (precision > 8 || f >= 1e8 || f <= -1e8) {
      const p = Math.min(precision, 12);
      return formatExponential(f, p, p + 6);
    }
    return formatFixed(f, Math.min(precision, 3));
  }
  const negative = f < 0;
  const v = negative ? -f : f;
  let whole = v | 0;
  const fplace = FRAC_MULTIPLIER[precision];
  const ftemp = Math.fround(v - whole);
  let fraction = Math.trunc(Math.fround(Math.fround(ftemp * fplace) * 10));
  fraction = Math.trunc((fraction + 5) / 10);
  if (Math.trunc(fraction / fplace) >= 1) {
    whole++;
    fraction -= fplace;
  }
  return fixedFromParts(negative, whole, fraction, precision);
}
