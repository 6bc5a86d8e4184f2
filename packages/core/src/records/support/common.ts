/**
 * Pieces every record support shares, after EPICS' recGbl and the soft-channel device
 * supports: constant links, limit alarms with hysteresis, deadbands, state alarms.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { charBytes, convertArray, textAsChars } from '../../ca/protocol/dbr/index.js';
import { wideIntegerToInt32 } from '../../ca/protocol/dbr/c-cast.js';
import { AlarmSeverity, AlarmStatus, type NativeArray, NativeType } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import type { LinkReading } from '../links/link-target.js';
import { DEFAULT_TEXT, type FieldValue, isFloatDbf, numOf } from '../field-value.js';

export { DEFAULT_TEXT };

/** Reads a link's value as a double (undefined when empty, constant or unreadable). */
export function readNumber(rec: EpicsRecord, link: string): number | undefined {
  const reading = rec.links.read(link);
  return reading === undefined ? undefined : firstAsDouble(rec, link, reading);
}

/** The integer field types of 32 bits or fewer (dbGetLink reads into them as DBR_LONG, DBR_USHORT…). */
const NARROW_INTEGER_DBFS: ReadonlySet<string> = new Set(['DBF_CHAR', 'DBF_UCHAR', 'DBF_SHORT', 'DBF_USHORT', 'DBF_LONG', 'DBF_ULONG', 'DBF_ENUM', 'DBF_MENU']);

/**
 * Reads a link as dbGetLink reads it into `field`'s C type: readNumber's double, except that a
 * source holding a wider integer (an int64 or uint32 field) read into an integer field of 32 bits
 * or fewer keeps its low 32 bits, as dbConvert's integer casts do (getInt64Long: 1234567890123
 * reads as 1912276171), where a double beyond the range would become INT32_MIN.
 */
export function readNumberInto(rec: EpicsRecord, link: string, field: string): number | undefined {
  const reading = rec.links.read(link);
  if (reading === undefined) return undefined;
  const value = firstAsDouble(rec, link, reading);
  if (value === undefined || reading.text?.wideInteger !== true) return value;
  return NARROW_INTEGER_DBFS.has(rec.field(field)?.dbf ?? '') ? wideIntegerToInt32(value) : value;
}

/** A link's first element as a double, and whether its source holds an integer wider than DBR_LONG. */
export interface LinkNumber {
  value: number;
  wideInteger: boolean;
}

/** readNumber, telling also whether the source holds a wide integer (for the C type's cast). */
export function readLinkNumber(rec: EpicsRecord, link: string): LinkNumber | undefined {
  const reading = rec.links.read(link);
  if (reading === undefined) return undefined;
  const value = firstAsDouble(rec, link, reading);
  return value === undefined ? undefined : { value, wideInteger: reading.text?.wideInteger === true };
}

/** dbGetLink of one element as DBR_DOUBLE: an array source gives its first (the rest is not converted). */
function firstAsDouble(rec: EpicsRecord, link: string, reading: LinkReading): number | undefined {
  if (reading.value.length === 0) return undefined;
  try {
    return (convertArray(firstOf(reading.value), reading.type, NativeType.DOUBLE, DEFAULT_TEXT) as Float64Array)[0];
  } catch {
    // dbGetLink: setLinkAlarm, with its message.
    rec.setSevr(AlarmStatus.LINK, AlarmSeverity.INVALID, `field ${link}`);
    return undefined;
  }
}

/** An array's first element alone (the array itself when it has one). */
export const firstOf = (value: NativeArray): NativeArray => (value.length > 1 ? (value.slice(0, 1) as NativeArray) : value);

/** Whether a read of `link` that gave `value` failed (dbGetLink's error): a PV link that gave nothing. */
export const readFailed = (rec: EpicsRecord, link: string, value: unknown): boolean => value === undefined && rec.links.spec(link).kind === 'pv';

/** Reads a link's value as a string. */
export function readString(rec: EpicsRecord, link: string): string | undefined {
  const reading = rec.links.readText(link);
  return reading === undefined ? undefined : textOf(reading);
}

/** dbGet's text of a reading's first element: a number with the source's precision and state strings (a DB link). */
function textOf(reading: LinkReading): string {
  const s = convertArray(firstOf(reading.value), reading.type, NativeType.STRING, reading.text ?? DEFAULT_TEXT) as string[];
  return s[0] ?? '';
}

const utf8 = new TextDecoder();

/**
 * dbGetLinkLS (lsi INP, lso DOL): a CHAR or UCHAR array source is read as the text of its bytes
 * up to the first NUL; anything else as readString.
 */
export function readLongString(rec: EpicsRecord, link: string): string | undefined {
  const reading = rec.links.readText(link);
  if (reading === undefined) return undefined;
  const bytes = reading.type === NativeType.CHAR ? charBytes(reading.value) : undefined;
  if (bytes !== undefined) {
    const nul = bytes.indexOf(0);
    return utf8.decode(nul < 0 ? bytes : bytes.subarray(0, nul));
  }
  return textOf(reading);
}

/**
 * Whether a link is empty or a constant: dbGetLink on it succeeds without touching the value
 * (dbConstLink.c getValue), so a soft input record reading it counts the read as done.
 */
export function isConstantLink(rec: EpicsRecord, link: string): boolean {
  const kind = rec.links.spec(link).kind;
  return kind === 'constant' || kind === 'none';
}

/**
 * recGblInitConstantLink: a constant link sets its field once, at init (INP of an ai, DOL of
 * an ao, INPA of a calc). Returns whether it did.
 */
export function initConstantLink(rec: EpicsRecord, link: string, field: string): boolean {
  const spec = rec.links.spec(link);
  if (spec.kind !== 'constant') return false;
  const value = Array.isArray(spec.value) ? spec.value[0] : spec.value;
  if (value === undefined) return false;
  // An integer field loads text (the constant as written, or a JSON string) as epicsParseInt
  // reads it: strtol, base 0, the rest ignored. A JSON number is cast.
  const text = spec.text ?? (typeof value === 'string' ? value : undefined);
  if (text !== undefined && INTEGER_DBFS.has(rec.field(field)?.dbf ?? '')) {
    const n = leadingInteger(text);
    if (n === undefined) return false;
    rec.configureValue(field, n);
    return true;
  }
  rec.configureValue(field, value);
  return true;
}

/** Fields a constant link loads as an integer (dbConstLink.c: cvt_st_Int8 … Int64; menus and enums as UInt16). */
const INTEGER_DBFS: ReadonlySet<string> = new Set(['DBF_CHAR', 'DBF_UCHAR', 'DBF_SHORT', 'DBF_USHORT', 'DBF_LONG', 'DBF_INT64', 'DBF_UINT64', 'DBF_ENUM', 'DBF_MENU']);

/**
 * strtol(text, &end, 0) with the rest ignored, as epicsParseInt32 with a units pointer: "1e3" is
 * 1, "12.7" is 12, "0x10" 16, "010" 8. Undefined when no digits lead (no conversion).
 */
function leadingInteger(text: string): number | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (m === null) return undefined;
  const digits = m[2]!;
  const magnitude = /^0[xX]/.test(digits) ? Number.parseInt(digits.slice(2), 16) : digits.length > 1 && digits.startsWith('0') ? Number.parseInt(digits, 8) : Number(digits);
  return m[1] === '-' ? -magnitude : magnitude;
}

/**
 * Writes a number as dbPutLink does: DBR_DOUBLE, or, for the records that write an integer type
 * (`integer`: longout DBR_LONG, bo and mbbo DBR_USHORT, mbboDirect and raw values DBR_ULONG,
 * int64out DBR_INT64), DBR_LONG when it fits: a string field then reads "42", not "42.000000".
 */
export function writeNumber(rec: EpicsRecord, link: string, value: number, integer = false): boolean {
  // Most output links are empty: only a PV link is written, so only then is the value boxed.
  if (rec.links.spec(link).kind !== 'pv') return false;
  if (integer && Number.isInteger(value)) {
    if (value >= -2147483648 && value <= 2147483647) return rec.links.write(link, Int32Array.of(value), NativeType.LONG);
    return writeWideInteger(rec, link, value);
  }
  return rec.links.write(link, Float64Array.of(value), NativeType.DOUBLE);
}

/**
 * An int64out's value beyond 32 bits (dbPutLink as DBR_INT64), in the form the target's field
 * takes it with dbConvert's integer casts: a string field its digits ("1234567890123", where a
 * double would read "1234567890123.000"), an integer field of 32 bits or fewer its low bits
 * (1912276171, where a double would give -2147483648), anything else the double.
 */
function writeWideInteger(rec: EpicsRecord, link: string, value: number): boolean {
  const target = rec.links.targetType(link);
  if (target === NativeType.STRING) return rec.links.write(link, [String(value)], NativeType.STRING);
  if (target === undefined || target === NativeType.DOUBLE || target === NativeType.FLOAT) return rec.links.write(link, Float64Array.of(value), NativeType.DOUBLE);
  return rec.links.write(link, Int32Array.of(wideIntegerToInt32(value)), NativeType.LONG);
}

export const writeString = (rec: EpicsRecord, link: string, value: string): boolean =>
  rec.links.write(link, [value], NativeType.STRING);

/**
 * dbPutLinkLS (lso's OUT): text goes to a CHAR or UCHAR array as its bytes with the NUL (LEN of
 * them), to anything else as one DBR_STRING. A CA link's put does the same by itself.
 */
export function writeLongString(rec: EpicsRecord, link: string, value: string): boolean {
  if (value !== '' && rec.links.targetType(link) === NativeType.CHAR) return rec.links.write(link, textAsChars(value), NativeType.CHAR);
  return writeString(rec, link, value);
}

export const writeArray = (rec: EpicsRecord, link: string, value: NativeArray, type: NativeType): boolean =>
  rec.links.write(link, value, type);

/** The DOL link of an output record in closed loop (OMSL = closed_loop). */
export const isClosedLoop = (rec: EpicsRecord): boolean => numOf(rec.v.OMSL) === 1;

/**
 * Limit alarms of analog records (ai/ao/calc/longin…): HIHI, LOLO, HIGH, LOW in that order,
 * each only when its severity is set, with hysteresis around the last alarm value LALM.
 */
export function checkLimitAlarms(rec: EpicsRecord, val: number): void {
  const v = rec.v;
  if (numOf(v.UDF) !== 0) {
    rec.checkUdf();
    return;
  }
  const hyst = numOf(v.HYST);
  const lalm = numOf(v.LALM);
  if (limitAlarm(rec, val, hyst, lalm, numOf(v.HHSV), v.HIHI, AlarmStatus.HIHI, true)) return;
  if (limitAlarm(rec, val, hyst, lalm, numOf(v.LLSV), v.LOLO, AlarmStatus.LOLO, false)) return;
  if (limitAlarm(rec, val, hyst, lalm, numOf(v.HSV), v.HIGH, AlarmStatus.HIGH, true)) return;
  if (limitAlarm(rec, val, hyst, lalm, numOf(v.LSV), v.LOW, AlarmStatus.LOW, false)) return;
  // Out of every alarm band by at least HYST.
  v.LALM = val;
  rec.touch();
}

/**
 * One limit of checkLimitAlarms (a plain function: no closure per processing). The caller
 * reads the fields by name (see numOf); the limit is only converted when its severity is set.
 */
function limitAlarm(rec: EpicsRecord, val: number, hyst: number, lalm: number, sev: number, limitValue: FieldValue | undefined, status: number, upper: boolean): boolean {
  if (sev === 0) return false;
  const limit = numOf(limitValue);
  const beyond = upper ? val >= limit || (lalm === limit && val >= limit - hyst) : val <= limit || (lalm === limit && val <= limit + hyst);
  if (!beyond) return false;
  if (sev > rec.nsev) {
    rec.v.LALM = limit;
    rec.touch();
  }
  rec.setSevr(status, sev);
  return true;
}

/**
 * recGblCheckDeadband: posts when |new - last| exceeds the deadband (so 0 posts any change and
 * a negative deadband posts every time); NaN and infinities post whenever they differ.
 */
export function deadbandExceeded(last: number, value: number, deadband: number): boolean {
  let delta: number;
  if (Number.isFinite(value) && Number.isFinite(last)) delta = Math.abs(last - value);
  else if (Number.isNaN(value) && Number.isNaN(last)) delta = 0;
  else delta = value === last ? 0 : Number.POSITIVE_INFINITY;
  return !(delta <= deadband);
}

/**
 * The monitor() step of numeric records: reset alarms, then post VAL with DBE_VALUE/DBE_LOG
 * per MDEL/ADEL (updating MLST/ALST) and DBE_ALARM if the alarm changed.
 */
export function postNumericValue(rec: EpicsRecord, field = 'VAL'): number {
  let mask = rec.resetAlarms();
  const v = rec.v;
  const val = field === 'VAL' ? numOf(v.VAL) : rec.num(field);
  if (deadbandExceeded(numOf(v.MLST), val, numOf(v.MDEL))) {
    mask |= Dbe.VALUE;
    v.MLST = val;
    rec.touch();
  }
  if (rec.has.ADEL) {
    if (deadbandExceeded(numOf(v.ALST), val, numOf(v.ADEL))) {
      mask |= Dbe.LOG;
      v.ALST = val;
      rec.touch();
    }
  } else if ((mask & Dbe.VALUE) !== 0) {
    mask |= Dbe.LOG;
  }
  if (mask !== 0) rec.post(field, mask);
  return mask;
}

/** Posts a field if its value differs from a remembered one; returns the new memory. */
export function postIfChanged(rec: EpicsRecord, field: string, previous: unknown): void {
  if (rec.get(field) !== previous) rec.post(field, Dbe.VALUE | Dbe.LOG);
}

/**
 * State alarms of binary/multi-bit records: the severity of the current state (STATE alarm),
 * and a change-of-state alarm COSV when the value differs from the last one (LALM).
 */
export function checkStateAlarms(rec: EpicsRecord, stateSeverity: number, val: number): void {
  if (rec.num('UDF') !== 0) {
    rec.checkUdf();
    return;
  }
  rec.setSevr(AlarmStatus.STATE, stateSeverity);
  if (val !== rec.num('LALM')) rec.setSevr(AlarmStatus.COS, rec.num('COSV'));
  rec.setQuiet('LALM', val);
}

/** IVOA: what an output record does when its alarm is INVALID. Returns false to not write. */
export function invalidOutputAction(rec: EpicsRecord, setIvov: () => void): boolean {
  if (rec.nsev < AlarmSeverity.INVALID) return true;
  const ivoa = numOf(rec.v.IVOA);
  if (ivoa === 1) return false; // Don't drive outputs
  if (ivoa === 2) setIvov(); // Set output to IVOV
  return true;
}

/** recGblGetPrec of a float field: a precision outside 0..15 is 15. */
export const recGblGetPrec = (precision: number): number => (precision < 0 || precision > 15 ? 15 : precision);

/** Whether a record's field is DBF_FLOAT or DBF_DOUBLE (the fields get_precision is asked for). */
export function isFloatField(rec: EpicsRecord, field: string): boolean {
  const f = rec.field(field);
  return f !== undefined && isFloatDbf(f.dbf);
}

/**
 * The end of processing shared by every record: time stamp (unless the record skips it, as
 * mbbo does for an undefined value), monitors, forward link.
 */
export function finishProcessing(rec: EpicsRecord, monitor: () => void, stamp = true): void {
  if (stamp) rec.stampTime();
  monitor();
  rec.links.forward();
}
