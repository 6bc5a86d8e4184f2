/**
 * Exact C printf("%.*f") and printf("%*.*e") for doubles, as glibc prints them: the exact binary
 * value is rounded to the requested digits with ties to even (JS toFixed/toExponential round ties
 * away from zero and differ on values such as 12345678.125 → "%.2f" → "12345678.12").
 *
 * Used only off the fast path of cvtDoubleToString/cvtFloatToString (huge values, PREC > 8), so the
 * BigInt arithmetic is not performance-critical.
 */

/** |x| as digits / 10^scale, exactly. x must be finite. */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(x));
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) {
    exp2 = -1074; // subnormal
  } else {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  if (mantissa === 0n) return { digits: 0n, scale: 0 };
  while ((mantissa & 1n) === 0n && exp2 < 0) {
    mantissa >>= 1n;
    exp2++;
  }
  if (exp2 >= 0) return { digits: mantissa << BigInt(exp2), scale: 0 };
  // m * 2^-k = m * 5^k / 10^k
  return { digits: mantissa * 5n ** BigInt(-exp2), scale: -exp2 };
}

/** digits / 10^drop rounded to an integer, ties to even. */
function roundHalfEven(digits: bigint, drop: number): bigint {
  if (drop <= 0) return digits * 10n ** BigInt(-drop);
  const div = 10n ** BigInt(drop);
  const q = digits / div;
  const r = digits % div;
  const twice = r * 2n;
  if (twice > div || (twice === div && (q & 1n) === 1n)) return q + 1n;
  return q;
}

const isNegative = (x: number): boolean => x < 0 || Object.is(x, -0);

function nonFinite(x: number): string {
  // glibc prints "nan"/"-nan" by sign bit; JS cannot see a NaN's sign, so always "nan"
  if (Number.isNaN(x)) return 'nan';
  return x > 0 ? 'inf' : '-inf';
}

/** printf("%.*f", precision, x) */
export function formatFixed(x: number, precision: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const { digits, scale } = exactDecimal(x);
  const n = roundHalfEven(digits, scale - precision).toString().padStart(precision + 1, '0');
  const body = precision > 0 ? `${n.slice(0, n.length - precision)}.${n.slice(n.length - precision)}` : n;
  return isNegative(x) ? `-${body}` : body;
}

/** printf("%*.*e", width, precision, x) */
export function formatExponential(x: number, precision: number, width = 0): string {
  let text: string;
  if (!Number.isFinite(x)) {
    text = nonFinite(x);
  } else {
    const { digits, scale } = exactDecimal(x);
    let mantissa: string;
    let exp10: number;
    if (digits === 0n) {
      mantissa = '0'.repeat(precision + 1);
      exp10 = 0;
    } else {
      const len = digits.toString().length;
      exp10 = len - 1 - scale;
      let m = roundHalfEven(digits, len - (precision + 1)).toString();
      if (m.length > precision + 1) {
        // rounded up to the next power of ten (9.99 → 10.0)
        m = m.slice(0, precision + 1);
        exp10++;
      }
      mantissa = m;
    }
    const frac = precision > 0 ? `.${mantissa.slice(1)}` : '';
    const e = Math.abs(exp10).toString().padStart(2, '0');
    text = `${isNegative(x) ? '-' : ''}${mantissa[0]}${frac}e${exp10 < 0 ? '-' : '+'}${e}`;
  }
  return text.padStart(width, ' ');
}
