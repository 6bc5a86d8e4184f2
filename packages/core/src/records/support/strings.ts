/**
 * stringin, stringout (40-byte VAL) and lsi, lso (long strings of SIZV bytes) with Soft
 * Channel device support. MPST/APST choose whether VAL posts on every processing or on change.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { convertArray } from '../../ca/protocol/dbr/index.js';
import { AlarmStatus, NativeType } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import { DEFAULT_TEXT, finishProcessing, firstOf, initConstantLink, isClosedLoop, isConstantLink, readLongString, readString, writeLongString, writeString } from './common.js';
import { SIMM_INVALID, SIMM_NO, readSimulatedString, simulationMode, writeSimulatedString } from './simulation.js';
import type { RecordSupport } from './support.js';
import { GETENV, SOFT_TIMESTAMP } from '../devices/device-table.js';
import { formatEpicsTime } from '../devices/time-format.js';

/**
 * Posts VAL per MPST ("On Change" 0 / "Always" 1) and APST; the value last posted is OVAL, as
 * the records' monitor() keep it. lsi/lso keep its length in OLEN, and post LEN (not OLEN)
 * when the length changed, before VAL.
 */
function postString(rec: EpicsRecord, long: boolean): void {
  let mask = rec.resetAlarms();
  const val = rec.str('VAL');
  const changed = val !== rec.str('OVAL');
  if (changed || rec.num('MPST') === 1) mask |= Dbe.VALUE;
  if (changed || rec.num('APST') === 1) mask |= Dbe.LOG;
  rec.setQuiet('OVAL', val);
  if (long && rec.num('OLEN') !== rec.num('LEN')) {
    rec.setQuiet('OLEN', rec.num('LEN'));
    rec.post('LEN', Dbe.VALUE | Dbe.LOG);
  }
  if (mask !== 0) rec.post('VAL', mask);
}

/** Long strings are cut to SIZV - 1 bytes of UTF-8 (the buffer keeps a NUL). */
function clip(rec: EpicsRecord, text: string): string {
  const size = rec.num('SIZV') || 41;
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length < size ? text : bytes.subarray(0, size - 1).toString('utf8').replace(/\uFFFD$/, '');
}

/** Device supports of stringin/lsi other than Soft Channel; false when Soft Channel reads INP. */
function readFromDevice(rec: EpicsRecord, long: boolean): boolean {
  const spec = rec.links.spec('INP');
  const parameter = spec.kind === 'instio' ? spec.parameter : '';
  if (rec.device === SOFT_TIMESTAMP) {
    rec.stampTime();
    const text = formatEpicsTime(parameter, rec.time);
    if (Buffer.byteLength(text) >= 40) {
      rec.setQuiet('UDF', 1);
      rec.setSevr(AlarmStatus.UDF, rec.num('UDFS'));
    } else {
      rec.setQuiet('VAL', text);
      rec.setQuiet('UDF', 0);
    }
    return true;
  }
  if (rec.device === GETENV) {
    const value = process.env[parameter];
    if (value === undefined) {
      rec.setQuiet('VAL', '');
      rec.setQuiet('UDF', 1);
      rec.setSevr(AlarmStatus.UDF, rec.num('UDFS'), 'No such ENV');
    } else {
      rec.setQuiet('VAL', long ? clip(rec, value) : Buffer.from(value).subarray(0, 39).toString('utf8').replace(/\uFFFD$/, ''));
      rec.setQuiet('UDF', 0);
    }
    return true;
  }
  return false;
}

/**
 * stringin and lsi in simulation mode (readValue's YES branch): SIOL as DBR_STRING into SVAL and
 * VAL (lsi: into VAL, with LEN); a constant or empty SIOL reads successfully without a value
 * (stringin's VAL is then SVAL). UDF is cleared unless the read failed.
 */
function readSimulatedText(rec: EpicsRecord, long: boolean): void {
  const text = readSimulatedString(rec);
  if (text !== undefined) {
    rec.setQuiet('VAL', long ? clip(rec, text) : text);
    if (long) rec.setQuiet('LEN', Buffer.byteLength(rec.str('VAL')) + 1);
  } else if (!isConstantLink(rec, 'SIOL')) return;
  rec.setQuiet('UDF', 0);
}

/**
 * recGblInitConstantLink as DBR_STRING (stringin INP, stringout DOL): a number given as plain
 * text is kept as written ("12.5", where a conversion made "12.500000"). Returns whether it loaded.
 */
function initStringConstant(rec: EpicsRecord, link: string): boolean {
  const spec = rec.links.spec(link);
  if (spec.kind === 'constant' && spec.text !== undefined) {
    rec.setQuiet('VAL', spec.text.slice(0, 39));
    return true;
  }
  return initConstantLink(rec, link, 'VAL');
}

/**
 * dbLoadLinkLS (lsi INP, lso DOL): a constant loads as JSON text, so only a string (or an array
 * of one) gives its text; a plain number gives "" (softIoc: LEN 1, UDF 0), and a {const: number}
 * nothing at all (LEN 0, UDF 1). Returns whether it loaded.
 */
function initLongStringConstant(rec: EpicsRecord, link: string): boolean {
  const spec = rec.links.spec(link);
  if (spec.kind !== 'constant') return false;
  const value = Array.isArray(spec.value) ? spec.value[0] : spec.value;
  if (typeof value !== 'string' && spec.text === undefined) return false;
  rec.setQuiet('VAL', typeof value === 'string' ? clip(rec, value) : '');
  return true;
}

function stringRecord(type: string, output: boolean, long: boolean): RecordSupport {
  const support: RecordSupport = {
    type,
    init(rec) {
      // lsi/lso init_record: SIZV at least 16 and at most 0x7fff (dbAddr's field_size is signed).
      if (long) rec.setQuiet('SIZV', Math.min(0x7fff, Math.max(16, rec.num('SIZV'))));
      const link = output ? 'DOL' : 'INP';
      const loaded = long ? initLongStringConstant(rec, link) : initStringConstant(rec, link);
      if (loaded) rec.setQuiet('UDF', 0);
      // LEN counts the bytes of VAL with its NUL once something set it, 0 before (lsi/lso init_record).
      if (long) rec.setQuiet('LEN', rec.str('VAL') === '' && !loaded ? 0 : Buffer.byteLength(rec.str('VAL')) + 1);
      // init_record: OVAL (and OLEN) start as VAL.
      rec.setQuiet('OVAL', rec.str('VAL'));
      if (long) rec.setQuiet('OLEN', rec.num('LEN'));
    },
    process(rec) {
      const source = output ? (isClosedLoop(rec) ? 'DOL' : undefined) : 'INP';
      // readValue: SIML, then the device or, in simulation mode, SIOL.
      const mode = output ? SIMM_NO : simulationMode(rec);
      if (mode !== SIMM_NO) {
        if (mode !== SIMM_INVALID) readSimulatedText(rec, long);
      } else if (!output && readFromDevice(rec, long)) {
        // Soft Timestamp / getenv set VAL (and UDF) themselves.
      } else if (source !== undefined) {
        const text = long ? readLongString(rec, source) : readString(rec, source);
        if (text !== undefined) {
          rec.setQuiet('VAL', long ? clip(rec, text) : text);
          // devSiSoft and lsoRecord.c clear UDF after a read; devLsiSoft does not, so an lsi
          // that reads INP keeps the UDF it had (no alarm comes of it: lsiRecord.c checks none).
          if (output || !long) rec.setQuiet('UDF', 0);
          if (long) rec.setQuiet('LEN', Buffer.byteLength(rec.str('VAL')) + 1);
        }
      }
      // Only the outputs raise a UDF alarm (stringoutRecord.c, lsoRecord.c); stringinRecord.c
      // and lsiRecord.c have no alarm check of their own.
      if (output && rec.num('UDF') !== 0) rec.checkUdf();
      if (output) {
        let out = rec.str('VAL');
        if (rec.nsev >= 3 && rec.num('IVOA') === 2) out = rec.str('IVOV');
        if (!(rec.nsev >= 3 && rec.num('IVOA') === 1)) {
          // writeValue: OUT, or SIOL in simulation mode.
          const writeMode = simulationMode(rec);
          if (writeMode === SIMM_NO) (long ? writeLongString : writeString)(rec, 'OUT', out);
          else if (writeMode !== SIMM_INVALID) writeSimulatedString(rec, out);
        }
      }
      finishProcessing(rec, () => postString(rec, long));
    },
  };
  if (!long) return support;
  // lsi/lso VAL holds SIZV bytes; it is served as one STRING (VAL$ gives all of it), or as no
  // element at all while LEN is 0 (get_array_info gives LEN as the element count).
  return {
    ...support,
    special(rec, field, after) {
      // lsi/lso special(): a put to VAL sets LEN to its length with the NUL, and posts it.
      if (after && field === 'VAL') {
        rec.setQuiet('LEN', Buffer.byteLength(rec.str('VAL')) + 1);
        rec.post('LEN', Dbe.VALUE | Dbe.LOG);
      }
    },
    valueFromJs: (rec, f, value) => (f.name === 'VAL' ? clip(rec, String(value)) : undefined),
    valueFromNative: (rec, f, value, from) => {
      if (f.name !== 'VAL') return undefined;
      if (value.length === 0) return clip(rec, '');
      // dbPut's text of a number (lsi and lso have no get_precision: precision 6, "3.700000").
      // VAL is one DBF_STRING (cvt_dbaddr), so a CHAR array written to it (an aao's through OUT)
      // is its first element's number, as putCharString makes it ("-4"); text comes as VAL$.
      const text = (convertArray(firstOf(value), from, NativeType.STRING, DEFAULT_TEXT) as string[])[0];
      return clip(rec, text ?? '');
    },
    shape: (_rec, f) => (f.name === 'VAL' || f.name === 'OVAL' ? { type: NativeType.STRING, count: 1 } : undefined),
    nativeValue: (rec, f) => {
      if (f.name === 'OVAL') return { value: rec.num('OLEN') === 0 ? [] : [rec.str('OVAL')], type: NativeType.STRING };
      if (f.name !== 'VAL') return undefined;
      return { value: rec.num('LEN') === 0 ? [] : [rec.str('VAL')], type: NativeType.STRING };
    },
  };
}

export const stringinSupport = stringRecord('stringin', false, false);
export const stringoutSupport = stringRecord('stringout', true, false);
export const lsiSupport = stringRecord('lsi', false, true);
export const lsoSupport = stringRecord('lso', true, true);
