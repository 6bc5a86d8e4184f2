/**
 * printf (printfRecord.c, devPrintfSoft.c): formats FMT into VAL (SIZV bytes), taking the
 * value of each conversion from INP0…INP9 in turn ("*" widths too); a link that gives no
 * value prints IVLS instead, a bad directive prints itself. `%ls` reads a long string. Soft
 * Channel then writes VAL to OUT.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { convertArray } from '../../ca/protocol/dbr/index.js';
import { NativeType } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import { type CConversion, formatConversion, parseConversion } from './c-format.js';
import { DEFAULT_TEXT, firstOf, readLinkNumber, readString, writeString } from './common.js';
import { toUlong } from './raw-soft.js';
import { doubleToInt32 } from '../../ca/protocol/dbr/c-cast.js';
import type { RecordSupport } from './support.js';

const INPUTS = 10;

/**
 * A value from INPn: a constant link gives its constant, a PV link its value; `wideInteger` when
 * the source holds an integer wider than DBR_LONG, or is a constant (read as the C type exactly).
 */
function linkValue(rec: EpicsRecord, n: number, asString: boolean): { value: number | string; wideInteger: boolean } | undefined {
  const link = `INP${n}`;
  const spec = rec.links.spec(link);
  if (spec.kind === 'none') return undefined;
  if (spec.kind === 'constant') {
    const v = Array.isArray(spec.value) ? spec.value[0] : spec.value;
    if (v === undefined) return undefined;
    return { value: asString ? String(v) : Number(v), wideInteger: true };
  }
  if (!asString) return readLinkNumber(rec, link);
  const text = readString(rec, link);
  return text === undefined ? undefined : { value: text, wideInteger: false };
}

/**
 * Integer conversions read the link as the C type the length modifier names (GET_PRINT): an
 * integer source is cast keeping its low bits; a double goes through dbConvert's double casts,
 * so 1e10 prints as INT32_MIN with %d, but 1410065408 with %u (DBR_ULONG: toUlong).
 */
function castFor(directive: string, conv: string, v: number, integerSource: boolean): number {
  const len = /(hh|h|ll|l)?[a-zA-Z%]$/.exec(directive)?.[1] ?? '';
  const t = Math.trunc(v);
  const signed = 'cdi'.includes(conv);
  if (len === 'll' && conv !== 'c') return signed ? t : t < 0 ? Number(BigInt.asUintN(64, BigInt(t))) : t;
  if (!signed && (len === '' || len === 'l')) return integerSource ? t >>> 0 : toUlong(v);
  const low32 = integerSource ? t | 0 : doubleToInt32(v);
  if (conv === 'c' || len === 'hh') return signed ? (low32 << 24) >> 24 : low32 & 0xff;
  if (len === 'h') return signed ? (low32 << 16) >> 16 : low32 & 0xffff;
  return low32;
}

/** doPrintf: the formatted text (without the SIZV limit applied). */
export function formatPrintf(rec: EpicsRecord): string {
  const fmt = rec.str('FMT');
  let out = '';
  let linkn = 0;
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i++];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    let directive = '%';
    let bad = false;
    let badLink = false;
    let done = false;
    while (!done && i < fmt.length) {
      const c = fmt[i++];
      if (c === '*') {
        if (/\d$/.test(directive)) bad = true;
        else if (linkn < INPUTS) {
          const v = linkValue(rec, linkn++, false);
          if (v === undefined) badLink = true;
          else directive += String(castFor('%hd', 'd', Number(v.value), v.wideInteger)); // read as DBR_SHORT
        } else badLink = true;
        continue;
      }
      directive += c;
      if (!'+ #-.0123456789hl'.includes(c)) {
        done = true;
        if (!'diouxXeEfFgGcs%'.includes(c)) bad = true;
      }
    }
    if (!done) break; // the format ended inside a directive
    const normalised = directive.replace(/(\d)-(\d)/, '$1$2');
    let conv: CConversion | undefined = parseConversion(normalised);
    if (conv !== undefined && conv.width < 0) conv = { ...conv, width: -conv.width, flags: `${conv.flags}-` };
    if (conv === undefined) bad = true;
    if (bad || conv === undefined) {
      out += directive;
      continue;
    }
    if (conv.conversion === '%') {
      out += '%';
      continue;
    }
    if (badLink || linkn >= INPUTS) {
      linkn++;
      out += rec.str('IVLS');
      continue;
    }
    const isString = conv.conversion === 's';
    const v = linkValue(rec, linkn++, isString);
    if (v === undefined) {
      out += rec.str('IVLS');
      continue;
    }
    const value = isString
      ? v.value
      : 'diouxXc'.includes(conv.conversion)
        ? castFor(directive, conv.conversion, Number(v.value), v.wideInteger)
        : /h[eEfFgG]$/.test(directive)
          ? Math.fround(Number(v.value))
          : Number(v.value);
    out += formatConversion(conv, value);
  }
  return out;
}

const sizv = (rec: EpicsRecord): number => Math.min(0x7fff, Math.max(16, rec.num('SIZV')));

/** VAL holds at most SIZV - 1 bytes of UTF-8. */
function clip(rec: EpicsRecord, text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length < sizv(rec) ? text : bytes.subarray(0, sizv(rec) - 1).toString('utf8').replace(/\uFFFD$/, '');
}

export const printfSupport: RecordSupport = {
  type: 'printf',
  initialValue: () => '',
  init(rec) {
    rec.setQuiet('SIZV', sizv(rec));
    rec.setQuiet('LEN', 0);
  },
  process(rec) {
    const text = clip(rec, formatPrintf(rec));
    rec.setQuiet('VAL', text);
    rec.setQuiet('LEN', Buffer.byteLength(text) + 1);
    rec.setQuiet('UDF', 0);
    rec.stampTime();
    if (rec.links.spec('OUT').kind === 'pv') writeString(rec, 'OUT', text);
    const events = rec.resetAlarms() | Dbe.VALUE | Dbe.LOG;
    rec.post('VAL', events);
    rec.post('LEN', events);
    rec.links.forward();
  },
  valueFromNative: (rec, f, value, from) => {
    if (f.name !== 'VAL') return undefined;
    if (value.length === 0) return clip(rec, '');
    // VAL is one DBF_STRING (cvt_dbaddr), as lsi's: a number is dbPut's text of it (no
    // get_precision: precision 6), a CHAR array its first element's; text comes as VAL$.
    return clip(rec, (convertArray(firstOf(value), from, NativeType.STRING, DEFAULT_TEXT) as string[])[0] ?? '');
  },
  valueFromJs: (rec, f, value) => (f.name === 'VAL' ? clip(rec, String(value)) : undefined),
  shape: (_rec, f) => (f.name === 'VAL' ? { type: NativeType.STRING, count: 1 } : undefined),
  // get_array_info: LEN elements, so nothing before the first processing.
  nativeValue: (rec, f) => (f.name === 'VAL' ? { value: rec.num('LEN') === 0 ? [] : [rec.str('VAL')], type: NativeType.STRING } : undefined),
};
