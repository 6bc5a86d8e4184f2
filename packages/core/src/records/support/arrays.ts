/**
 * waveform, aai and aao with Soft Channel device support: VAL is an array of FTVL with at
 * most NELM elements, NORD of them valid. VAL is kept in the CA native form of FTVL (USHORT as
 * LONG, ULONG/INT64 as DOUBLE, as rsrv serves them) so that reads need no conversion.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { ConversionError, asSignedChars, charBytes, convertArray, toNativeArray } from '../../ca/protocol/dbr/index.js';
import { nativeTypeName, type ConversionContext } from '../../ca/protocol/dbr/convert.js';
import { AlarmSeverity, AlarmStatus, type NativeArray, NativeType, type PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { LinkReading } from '../links/link-target.js';
import type { FieldDef } from '../fields/field-def.js';
import type { EpicsRecord } from '../record.js';
import { DEFAULT_TEXT, finishProcessing, isFloatField, readFailed, recGblGetPrec } from './common.js';
import { SIMM_INVALID, SIMM_NO, SIMM_YES, simulationMode } from './simulation.js';
import type { RecordSupport } from './support.js';

/** menuFtype index → the CA native type its elements are served as. */
const FTVL_NATIVE: readonly NativeType[] = [
  NativeType.STRING, // STRING
  NativeType.CHAR, // CHAR
  NativeType.CHAR, // UCHAR
  NativeType.SHORT, // SHORT
  NativeType.LONG, // USHORT
  NativeType.LONG, // LONG
  NativeType.DOUBLE, // ULONG
  NativeType.DOUBLE, // INT64
  NativeType.DOUBLE, // UINT64
  NativeType.FLOAT, // FLOAT
  NativeType.DOUBLE, // DOUBLE
  NativeType.ENUM, // ENUM
];

/** menuFtype's CHAR (signed; UCHAR is 2). */
const FTYPE_CHAR = 1;

/**
 * Range limits the stored elements of narrow FTVLs keep (USHORT stored as LONG, …). CHAR and
 * UCHAR need none: their typed arrays (Int8Array, Uint8Array) wrap as a C store does.
 */
const FTVL_RANGE: readonly ([number, number] | undefined)[] = [
  undefined, undefined, undefined, undefined, [0, 65535], undefined, [0, 4294967295], undefined, [0, Number.MAX_SAFE_INTEGER], undefined, undefined, undefined,
];

export const ftvlNative = (rec: EpicsRecord): NativeType => FTVL_NATIVE[rec.num('FTVL')] ?? NativeType.DOUBLE;

/**
 * get_units and get_precision of waveform, aai, aao and subArray: EGU for HOPR, LOPR and VAL
 * (unless its elements are strings or states); PREC for VAL as it is, and for every other float
 * field through recGblGetPrec.
 */
export function arrayUnitsAndPrecision(rec: EpicsRecord, field: string): Partial<PvMetadata> {
  const meta: Partial<PvMetadata> = {};
  const states = ftvlNative(rec) === NativeType.STRING || ftvlNative(rec) === NativeType.ENUM;
  if (field === 'HOPR' || field === 'LOPR' || (field === 'VAL' && !states)) meta.units = rec.str('EGU');
  if (field === 'VAL') {
    meta.precision = rec.num('PREC');
    if (WIDE_FTYPES.has(rec.num('FTVL'))) meta.wideInteger = true;
  } else if (isFloatField(rec, field)) {
    meta.precision = recGblGetPrec(rec.num('PREC'));
  }
  return meta;
}

/** menuFtype's ULONG, INT64 and UINT64: elements served as DOUBLE that convert as integers (PvMetadata.wideInteger). */
const WIDE_FTYPES: ReadonlySet<number> = new Set([6, 7, 8]);

/** init_record: an FTVL beyond menuFtype's ENUM (a .db may store any index) becomes UCHAR. */
export function limitFtvl(rec: EpicsRecord): void {
  if (rec.num('FTVL') > FTYPE_ENUM) rec.setQuiet('FTVL', FTYPE_UCHAR);
}
const FTYPE_UCHAR = 2;
const FTYPE_ENUM = 11;

const nelm = (rec: EpicsRecord): number => Math.max(1, rec.num('NELM'));

/**
 * Converts written elements to the stored form: native type of FTVL, at most NELM, ranges kept.
 * `text`: the source's precision and state strings, for numbers read as text through a DB link.
 */
export function toStoredArray(rec: EpicsRecord, value: NativeArray, from: NativeType, text?: ConversionContext): NativeArray {
  return toStoredArrayOf(rec.num('FTVL'), nelm(rec), value, from, text);
}

/** The CA native type elements of menuFtype `ftype` are served as. */
export const ftypeNative = (ftype: number): NativeType => FTVL_NATIVE[ftype] ?? NativeType.DOUBLE;

/** toStoredArray for any array field: elements of menuFtype `ftype`, at most `max` of them. */
export function toStoredArrayOf(ftype: number, max: number, value: NativeArray, from: NativeType, text: ConversionContext = DEFAULT_TEXT): NativeArray {
  const type = ftypeNative(ftype);
  // A CHAR element is an epicsInt8: text is read by epicsParseInt8 ("200" fails, "-2" is -2).
  let out = convertArray(value, from, type, ftype === FTYPE_CHAR ? { ...text, signedChar: true } : text);
  if (out.length > max) out = out.slice(0, max) as NativeArray;
  else if (out === value) out = out.slice() as NativeArray; // never alias the caller's array
  // CHAR is kept as an Int8Array, so that every read widens an element with its sign as EPICS
  // does (DBR_LONG, DBR_STRING, links, PVA's int8): -2 stays -2, not 254. UCHAR as bytes.
  if (type === NativeType.CHAR) return ftype === FTYPE_CHAR ? asSignedChars(out as Uint8Array | Int8Array) : charBytes(out)!;
  const range = FTVL_RANGE[ftype];
  if (range !== undefined && !Array.isArray(out)) {
    const [lo, hi] = range;
    const a = out as Exclude<NativeArray, string[]>;
    for (let i = 0; i < a.length; i++) {
      // C conversion to an unsigned/narrow type wraps; keep that behaviour for in-range sizes.
      // The wrap is taken relative to `lo` (two's complement for a signed type).
      const v = Math.trunc(a[i]);
      const span = hi - lo + 1;
      a[i] = v < lo || v > hi ? ((((v - lo) % span) + span) % span) + lo : v;
    }
  }
  return out;
}

/** The content of an array for posting decisions (MPST/APST "On Change"). */
function arrayHash(a: NativeArray): string {
  if (Array.isArray(a)) return a.join('\u0000');
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 2166136261;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619);
  return `${a.length}:${h >>> 0}`;
}

function postArray(rec: EpicsRecord, oldNord: number): void {
  let mask = rec.resetAlarms();
  // waveformPOST / aaiPOST / aaoPOST: 0 "Always", 1 "On Change".
  const mpst = rec.num('MPST');
  const apst = rec.num('APST');
  if (mpst === 0) mask |= Dbe.VALUE;
  if (apst === 0) mask |= Dbe.LOG;
  if (mpst === 1 || apst === 1) {
    const hash = arrayHash(rec.get('VAL') as NativeArray);
    if (hash !== rec.state.hash) {
      if (mpst === 1) mask |= Dbe.VALUE;
      if (apst === 1) mask |= Dbe.LOG;
      rec.state.hash = hash;
    }
  }
  if (mask !== 0) rec.post('VAL', mask);
  if (rec.num('NORD') !== oldNord) rec.post('NORD', Dbe.VALUE | Dbe.LOG);
}

function arrayRecord(type: string, direction: 'in' | 'out'): RecordSupport {
  const valueField = (f: FieldDef): boolean => f.name === 'VAL';
  return {
    type,
    initialValue: () => new Float64Array(0),
    init(rec) {
      limitFtvl(rec);
      // VAL was created before FTVL was known: convert what the configuration left there.
      const current = rec.get('VAL') as NativeArray;
      const from = Array.isArray(current) ? NativeType.STRING : current instanceof Float64Array ? NativeType.DOUBLE : ftvlNative(rec);
      let initial = toStoredArray(rec, current, from);
      const link = direction === 'in' ? 'INP' : 'DOL';
      const spec = rec.links.spec(link);
      // aaoRecord.c's fetchValue loads a constant DOL only in closed loop (waveform and aai's INP always).
      if (spec.kind === 'constant' && (direction === 'in' || rec.num('OMSL') === 1)) {
        // A constant array link ({const: [1, 2, 3]} or [1, 2, 3]) initialises VAL once.
        const values = Array.isArray(spec.value) ? spec.value : [spec.value];
        const asStrings = values.some((v) => typeof v === 'string');
        initial = toStoredArray(rec, asStrings ? values.map(String) : Float64Array.from(values as number[]), asStrings ? NativeType.STRING : NativeType.DOUBLE);
      }
      rec.setQuiet('VAL', initial);
      rec.setQuiet('NORD', initial.length);
      if (initial.length > 0) rec.setQuiet('UDF', 0);
      rec.state.hash = arrayHash(initial);
    },
    process(rec) {
      const oldNord = rec.num('NORD');
      // An input's readValue: SIML, then INP through the device or, in simulation mode, SIOL.
      const mode = direction === 'in' ? simulationMode(rec) : SIMM_NO;
      const link = direction === 'in' ? (mode === SIMM_NO ? 'INP' : mode === SIMM_YES ? 'SIOL' : undefined) : rec.num('OMSL') === 1 ? 'DOL' : undefined;
      if (link !== undefined) {
        const reading = ftvlNative(rec) === NativeType.STRING ? rec.links.readText(link) : rec.links.read(link);
        const stored = reading === undefined ? undefined : storedReading(rec, link, reading);
        if (stored !== undefined) {
          rec.setQuiet('VAL', stored);
          rec.setQuiet('NORD', stored.length);
        } else if (direction === 'out' && (reading !== undefined || readFailed(rec, link, reading))) {
          // aaoRecord.c: process() returns fetchValue's failure (the link's, or a value that does
          // not convert) at once, with UDF cleared: no time stamp, no write, no alarm made
          // current, no monitor, no forward link (and a put fails). Its LINK alarm stays pending
          // until a processing gets through.
          rec.setQuiet('UDF', 0);
          return;
        }
      }
      // waveformRecord.c, aaiRecord.c and aaoRecord.c clear UDF on every processing, whatever
      // the link gave, and have no UDF alarm.
      rec.setQuiet('UDF', 0);
      if (direction === 'out') {
        const val = rec.get('VAL') as NativeArray;
        if (!(rec.nsev >= 3 && rec.num('IVOA') === 1)) {
          // writeValue: SIML, then OUT or, in simulation mode, SIOL (devAaoSoft).
          const writeMode = simulationMode(rec);
          if (writeMode !== SIMM_INVALID) rec.links.write(writeMode === SIMM_NO ? 'OUT' : 'SIOL', val, ftvlNative(rec));
        }
      }
      finishProcessing(rec, () => postArray(rec, oldNord));
    },
    valueFromJs: (rec, f, value) => {
      if (!valueField(f)) return undefined;
      const type = ftvlNative(rec);
      const stored = toStoredArray(rec, toNativeArray(type, value), type);
      rec.set('NORD', stored.length);
      return stored;
    },
    valueFromNative: (rec, f, value, from) => {
      if (!valueField(f)) return undefined;
      // dbPut's text of numbers for FTVL STRING: with the record's precision (get_precision: PREC).
      const stored = toPutArray(rec, 'VAL', rec.num('FTVL'), nelm(rec), value, from, { precision: rec.num('PREC'), enumStrings: [] });
      rec.set('NORD', stored.length);
      return stored;
    },
    jsToNative: (rec, f, value) => (valueField(f) ? { value: toNativeArray(ftvlNative(rec), value), type: ftvlNative(rec) } : undefined),
    nativeValue: (rec, f) => (valueField(f) ? { value: rec.get('VAL') as NativeArray, type: ftvlNative(rec) } : undefined),
    shape: (rec, f) => (valueField(f) ? { type: ftvlNative(rec), count: nelm(rec) } : undefined),
    metadata: (rec, field) => {
      const meta = arrayUnitsAndPrecision(rec, field);
      if (field === 'VAL') return { ...meta, upperDisplay: rec.num('HOPR'), lowerDisplay: rec.num('LOPR'), upperControl: rec.num('HOPR'), lowerControl: rec.num('LOPR') };
      // waveformRecord.c get_graphic_double / get_control_double: BUSY 0..1, NORD 0..NELM.
      if (field === 'BUSY' && rec.field('BUSY') !== undefined) return { ...meta, upperDisplay: 1, lowerDisplay: 0, upperControl: 1, lowerControl: 0 };
      if (field === 'NORD') return { ...meta, upperDisplay: nelm(rec), lowerDisplay: 0, upperControl: nelm(rec), lowerControl: 0 };
      return meta;
    },
    // The other fields: recGblGetGraphicDouble, the range of the field's type.
    rangeLimits: true,
  };
}

/**
 * A put's elements (a client's, or a link's write) in the stored form of array field `field`
 * (menuFtype `ftype`, at most `max`), as dbPut's putString* routines convert text: element by
 * element, where "" is no number (dbGet and the scalar fields read it as 0). At the first that
 * fails, the elements before it stay written, while NORD, UDF and the monitors are left as
 * they were, and the put fails. The field here holds NORD elements, so only those of the
 * prefix that fall within NORD can be seen, and only those are kept.
 */
export function toPutArray(rec: EpicsRecord, field: string, ftype: number, max: number, value: NativeArray, from: NativeType, text: ConversionContext = DEFAULT_TEXT): NativeArray {
  if (from !== NativeType.STRING || ftypeNative(ftype) === NativeType.STRING) return toStoredArrayOf(ftype, max, value, from, text);
  const strings = (value as string[]).slice(0, max);
  if (!strings.includes('')) {
    try {
      return toStoredArrayOf(ftype, max, strings, from, text);
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
    }
  }
  // Element by element, up to the first that fails: those before it stay written.
  const copy = (rec.get(field) as NativeArray).slice() as NativeArray;
  for (let i = 0; i < strings.length; i++) {
    let stored: NativeArray;
    try {
      if (strings[i] === '') throw new ConversionError(`cannot convert "" (element ${i}) to ${nativeTypeName(ftypeNative(ftype))}`);
      stored = toStoredArrayOf(ftype, 1, [strings[i]!], NativeType.STRING, text);
    } catch (err) {
      if (i > 0 && copy.length > 0) rec.setQuiet(field, copy);
      throw err;
    }
    if (i < copy.length) (copy as unknown[])[i] = stored[0];
  }
  return toStoredArrayOf(ftype, max, strings, from, text); // not reached: some element failed above
}

/**
 * A link's reading as `convert` makes it; undefined when an element does not convert (text that
 * is no number): dbGetLink fails, raising the link's alarm, and the record's fields stay as they
 * were.
 */
export function convertedReading<T>(rec: EpicsRecord, link: string, convert: () => T): T | undefined {
  try {
    return convert();
  } catch (err) {
    if (!(err instanceof ConversionError)) throw err;
    rec.setSevr(AlarmStatus.LINK, AlarmSeverity.INVALID, `field ${link}`);
    rec.reportFailure(link);
    return undefined;
  }
}

/** A link's reading in the stored form (convertedReading; through CA, caStoredReading). */
function storedReading(rec: EpicsRecord, link: string, reading: LinkReading): NativeArray | undefined {
  if (rec.links.status(link) !== 'local') return caStoredReading(rec.num('FTVL'), nelm(rec), reading, rec.get('VAL') as NativeArray);
  return convertedReading(rec, link, () => toStoredArray(rec, reading.value, reading.type, reading.text));
}

/**
 * A CA link's reading of several elements (dbCaGetLink with a count) as menuFtype `ftype`, at
 * most `max`: it ignores the conversion's error, so text that is no number leaves that element,
 * and those after it, as the record's buffer (`held`) had them, with no alarm, and the count
 * read stands ("abc" into a waveform of doubles: NORD 1, VAL[0] unchanged).
 */
export function caStoredReading(ftype: number, max: number, reading: LinkReading, held: NativeArray): NativeArray {
  try {
    return toStoredArrayOf(ftype, max, reading.value, reading.type, reading.text);
  } catch (err) {
    if (!(err instanceof ConversionError) || reading.type !== NativeType.STRING) throw err;
  }
  const strings = reading.value as string[];
  const n = Math.min(strings.length, max);
  const out = toStoredArrayOf(ftype, n, new Float64Array(n), NativeType.DOUBLE);
  for (let i = 0; i < Math.min(n, held.length); i++) (out as unknown[])[i] = (held as unknown[])[i];
  for (let i = 0; i < n; i++) {
    let element: NativeArray;
    try {
      element = toStoredArrayOf(ftype, 1, [strings[i]!], NativeType.STRING, reading.text);
    } catch (err) {
      if (err instanceof ConversionError) break;
      throw err;
    }
    (out as unknown[])[i] = element[0];
  }
  return out;
}

export const waveformSupport = arrayRecord('waveform', 'in');
export const aaiSupport = arrayRecord('aai', 'in');
export const aaoSupport = arrayRecord('aao', 'out');
