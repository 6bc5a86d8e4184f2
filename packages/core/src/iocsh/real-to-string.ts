/**
 * dbStaticLib's realToString: how dbpr and dbl print DOUBLE (14 digits) and FLOAT (6 digits)
 * fields: integers plainly, others with trailing zeros trimmed and the last digit rounded,
 * exponent form outside 1e-2..1e7.
 */
const DELTA = [1e-6, 1e-15] as const;
const PRECISION = [6, 14] as const;

export function realToString(input: number, isDouble: boolean): string {
  const d = isDouble ? 1 : 0;
  let value = input;
  if (value === 0) return '0';
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const abs = Math.abs(value);
  if (abs < 2147483647) {
    const intval = Math.trunc(value);
    if (Math.abs(value - intval) < abs * DELTA[d]) return String(intval);
  }
  let sign = '';
  if (value < 0) {
    sign = '-';
    value = -value;
  }
  const logval = Math.trunc(Math.log10(value));
  let ise = false;
  let prec: number;
  let tstr: string;
  let exponent = '';
  if (logval > 6 || logval < -2) {
    ise = true;
    prec = PRECISION[d];
    const s = value.toExponential(prec);
    const e = s.indexOf('e');
    tstr = s.slice(0, e);
    // C prints at least two exponent digits: e+07, e-05.
    const m = /^([+-])(\d+)$/.exec(s.slice(e + 1))!;
    exponent = `${m[1]}${m[2]!.padStart(2, '0')}`;
  } else {
    prec = Math.max(0, PRECISION[d] - logval);
    tstr = value.toFixed(prec);
  }
  const t = tstr.split('');
  if (prec > 0) {
    let end = t.length - 1;
    let round = false;
    while (end > 0) {
      if (t[end] === '.') {
        end--;
        break;
      }
      if (t[end] === '0') {
        end--;
        continue;
      }
      if (!round && end < PRECISION[d]) break;
      if (!round && t[end]! < '8') break;
      if (t[end - 1] === '.') {
        if (round) end = end - 2;
        break;
      }
      if (t[end - 1] !== '9') break;
      round = true;
      end--;
    }
    t.length = end + 1;
    while (round) {
      if (t[end]! < '9') {
        t[end] = String.fromCharCode(t[end]!.charCodeAt(0) + 1);
        break;
      }
      if (end === 0) {
        sign += '1';
        t[end] = '0';
        break;
      }
      t[end--] = '0';
    }
  }
  let out = sign + t.join('');
  if (ise) {
    if (!out.includes('.')) out += '.0';
    out += `e${exponent}`;
  }
  return out;
}
