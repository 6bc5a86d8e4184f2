/**
 * calc and calcout: read INPA…INPL into A…L, evaluate CALC into VAL; calcout then decides by
 * OOPT whether to write, what (VAL, or OCAL with DOPT), after ODLY seconds, with IVOA/IVOV.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { convertArray } from '../../ca/protocol/dbr/index.js';
import { AlarmSeverity, AlarmStatus, type NativeArray, NativeType } from '../../ca/protocol/dbr/types.js';
import { CalcSyntaxError, type CompiledCalc, compileCalc } from '../../calc/index.js';
import type { EpicsRecord } from '../record.js';
import type { FieldDef } from '../fields/field-def.js';
import { RecordFieldError } from '../record.js';
import { type FieldValue, numOf } from '../field-value.js';
import { ANALOG_METADATA_FIELDS, CALCOUT_RSET, CALC_RSET, analogMetadata } from './analog-metadata.js';
import { checkLimitAlarms, deadbandExceeded, finishProcessing, initConstantLink, postNumericValue, readFailed, readNumber, writeNumber } from './common.js';
import type { RecordSupport } from './support.js';

export const CALC_INPUTS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'];
const inputLink = (name: string): string => `INP${name}`;
// The link and last-value field of each input, made once (not a new string per processing).
const INPUT_LINKS = CALC_INPUTS.map(inputLink);
const LAST_FIELDS = CALC_INPUTS.map((name) => `L${name}`);

type Fields = EpicsRecord['v'];

/**
 * A…L into the arguments, each read by a property access of its own, in straight code: a
 * keyed load shared by every field (rec.num(name)) is megamorphic, and a closure per field
 * called from a table is a call V8 cannot inline (12 of them per processing, with 12 more for
 * LA…LL, were a tenth of the CPU of 10,000 calc records at 10 Hz).
 */
function inputValues(v: Fields, args: Float64Array): void {
  args[0] = numOf(v.A);
  args[1] = numOf(v.B);
  args[2] = numOf(v.C);
  args[3] = numOf(v.D);
  args[4] = numOf(v.E);
  args[5] = numOf(v.F);
  args[6] = numOf(v.G);
  args[7] = numOf(v.H);
  args[8] = numOf(v.I);
  args[9] = numOf(v.J);
  args[10] = numOf(v.K);
  args[11] = numOf(v.L);
}

interface CalcState {
  args: Float64Array;
  calc?: CompiledCalc;
  ocal?: CompiledCalc;
}

const stateOf = (rec: EpicsRecord): CalcState => {
  let s = rec.state.calc as CalcState | undefined;
  if (s === undefined) {
    s = { args: new Float64Array(12) };
    rec.state.calc = s;
  }
  return s;
};

/** Compiles an expression field; a bad expression is refused with its position. */
function compileField(rec: EpicsRecord, field: 'CALC' | 'OCAL'): CompiledCalc | undefined {
  const text = rec.str(field);
  if (text.trim() === '' && field === 'OCAL') return undefined;
  try {
    return compileCalc(text);
  } catch (err) {
    if (err instanceof CalcSyntaxError) throw new RecordFieldError(rec.name, field, `bad expression "${text}": ${err.message}`);
    throw err;
  }
}

/**
 * Reads every connected input link into A…L (fetch_values), then A…L into the arguments, as
 * calcPerform reads them from the record once every link is read. False when a PV link
 * failed: calc and calcout then leave VAL as it is (calcPerform is not run). A record without
 * PV links skips the reads (dbGetLink of a constant or empty link changes nothing).
 */
function fetchInputs(rec: EpicsRecord, s: CalcState): boolean {
  let fetched = true;
  if (rec.links.hasPvLinks()) {
    for (let i = 0; i < CALC_INPUTS.length; i++) {
      const link = INPUT_LINKS[i] as string;
      const value = readNumber(rec, link);
      if (value !== undefined) rec.setQuiet(CALC_INPUTS[i] as string, value);
      else if (readFailed(rec, link, value)) fetched = false;
    }
  }
  inputValues(rec.v, s.args);
  return fetched;
}

/** Runs an expression on A…L; a failure raises a CALC alarm. Writes back := assignments. */
function evaluate(rec: EpicsRecord, s: CalcState, compiled: CompiledCalc | undefined): number | undefined {
  if (compiled === undefined) {
    rec.setSevr(AlarmStatus.CALC, AlarmSeverity.INVALID, 'no expression');
    return undefined;
  }
  const result = compiled.evaluate(s.args, numOf(rec.v.VAL));
  if (compiled.inputsStored !== 0) {
    CALC_INPUTS.forEach((name, i) => {
      if ((compiled.inputsStored >> i) & 1) rec.setQuiet(name, s.args[i]);
    });
  }
  return result;
}

/** What calc and calcout both do first: A…L from their links, CALC into VAL, limit alarms. */
function computeValue(rec: EpicsRecord, s: CalcState): void {
  const result = fetchInputs(rec, s) ? evaluate(rec, s, s.calc) : undefined;
  if (result !== undefined) {
    rec.setQuiet('VAL', result);
    rec.setQuiet('UDF', Number.isNaN(result) ? 1 : 0);
  }
  checkLimitAlarms(rec, rec.num('VAL'));
}

/**
 * Posts A…L after the VAL post, as the calc and calcout monitor() do: those that changed
 * (against LA…LL), and all of them when the alarm changed (`mask`, the VAL post's, has
 * DBE_ALARM).
 */
function postInputs(rec: EpicsRecord, mask: number): void {
  const v = rec.v;
  const alarm = (mask & Dbe.ALARM) !== 0;
  postInput(rec, 0, v.A, v.LA, alarm, mask);
  postInput(rec, 1, v.B, v.LB, alarm, mask);
  postInput(rec, 2, v.C, v.LC, alarm, mask);
  postInput(rec, 3, v.D, v.LD, alarm, mask);
  postInput(rec, 4, v.E, v.LE, alarm, mask);
  postInput(rec, 5, v.F, v.LF, alarm, mask);
  postInput(rec, 6, v.G, v.LG, alarm, mask);
  postInput(rec, 7, v.H, v.LH, alarm, mask);
  postInput(rec, 8, v.I, v.LI, alarm, mask);
  postInput(rec, 9, v.J, v.LJ, alarm, mask);
  postInput(rec, 10, v.K, v.LK, alarm, mask);
  postInput(rec, 11, v.L, v.LL, alarm, mask);
}

/** One input of postInputs: posted, and its last value kept, when it changed or the alarm did. */
function postInput(rec: EpicsRecord, i: number, current: FieldValue | undefined, last: FieldValue | undefined, alarm: boolean, mask: number): void {
  const value = numOf(current);
  const previous = numOf(last);
  if (alarm || value !== previous || Number.isNaN(value) !== Number.isNaN(previous)) {
    rec.setQuiet(LAST_FIELDS[i] as string, value);
    rec.post(CALC_INPUTS[i] as string, mask | Dbe.VALUE | Dbe.LOG);
  }
}

/**
 * special() of CALC and OCAL, once the text is stored: compiled again. A bad expression stays
 * written, as in EPICS, and its record fails at processing (CALC/INVALID, VAL as it was); the
 * error is logged. calc's special then fails the put (S_db_badField: ECA_PUTFAIL, and a
 * put-callback's record still processes); calcout's takes it, setting CLCV or OCLV to -1
 * (postfix's status, posted), and logs a bad OCAL only while DOPT uses it.
 */
const calcSpecial = (rec: EpicsRecord, field: string, after: boolean): void => {
  if ((field !== 'CALC' && field !== 'OCAL') || !after) return;
  const s = stateOf(rec);
  const calcout = rec.field('CLCV') !== undefined;
  let compiled: CompiledCalc | undefined;
  let failure: RecordFieldError | undefined;
  try {
    compiled = compileField(rec, field);
  } catch (err) {
    if (!(err instanceof RecordFieldError)) throw err;
    failure = err;
  }
  if (field === 'CALC') s.calc = compiled;
  else s.ocal = compiled;
  if (failure !== undefined && (field === 'CALC' || rec.num('DOPT') === 1)) rec.host.warn(rec, failure.message);
  if (calcout) rec.set(field === 'CALC' ? 'CLCV' : 'OCLV', failure === undefined ? 0 : -1);
  else if (failure !== undefined) throw failure;
};

/** CALC and OCAL as written: their text (special() compiles it). */
const expressionText = (_rec: EpicsRecord, f: { name: string }, value: NativeArray, from: NativeType): string | undefined => {
  if (f.name !== 'CALC' && f.name !== 'OCAL') return undefined;
  return (convertArray(value, from, NativeType.STRING, { precision: 6, enumStrings: [] }) as string[])[0] ?? '';
};

function initCalc(rec: EpicsRecord): void {
  const s = stateOf(rec);
  for (const name of CALC_INPUTS) initConstantLink(rec, inputLink(name), name);
  s.calc = compileAtInit(rec, 'CALC');
  if (rec.field('OCAL') !== undefined) s.ocal = compileAtInit(rec, 'OCAL');
}

/**
 * init_record's postfix(): a bad expression is reported ("Illegal CALC field") and the record
 * goes on without one, failing each processing with CALC/INVALID as after a bad put; calcout
 * keeps postfix's status in CLCV or OCLV, and reports a bad OCAL only while DOPT uses it.
 */
function compileAtInit(rec: EpicsRecord, field: 'CALC' | 'OCAL'): CompiledCalc | undefined {
  const calcout = rec.field('CLCV') !== undefined;
  try {
    const compiled = compileField(rec, field);
    if (calcout) rec.setQuiet(field === 'CALC' ? 'CLCV' : 'OCLV', 0);
    return compiled;
  } catch (err) {
    if (!(err instanceof RecordFieldError)) throw err;
    if (field === 'CALC' || rec.num('DOPT') === 1) rec.host.warn(rec, `init_record: Illegal ${field} field: ${err.message}`);
    if (calcout) rec.setQuiet(field === 'CALC' ? 'CLCV' : 'OCLV', -1);
    return undefined;
  }
}

/** dbPutString of CALC or OCAL: postfix() must take it, an empty one too; the text stays. */
function checkExpression(rec: EpicsRecord, field: FieldDef, text: string): void {
  if (field.special !== 'SPC_CALC') return;
  try {
    compileCalc(text);
  } catch (err) {
    if (err instanceof CalcSyntaxError) throw new RecordFieldError(rec.name, field.name, `bad expression "${text}": ${err.message}`);
    throw err;
  }
}

export const calcSupport: RecordSupport = {
  type: 'calc',
  init: initCalc,
  special: calcSpecial,
  checkStatic: checkExpression,
  valueFromNative: expressionText,
  process(rec) {
    computeValue(rec, stateOf(rec));
    finishProcessing(rec, () => postInputs(rec, postNumericValue(rec)));
  },
  metadata: analogMetadata(CALC_RSET),
  metadataFields: ANALOG_METADATA_FIELDS,
  // get_graphic_double's default branch: recGblGetGraphicDouble, the range of the field's type.
  rangeLimits: true,
};

/** calcoutOOPT: Every Time, On Change, When Zero, When Non-zero, Transition To Zero, Transition To Non-zero. */
function shouldOutput(oopt: number, val: number, pval: number): boolean {
  switch (oopt) {
    case 0: return true;
    case 1: return deadbandExceeded(pval, val, 0);
    case 2: return val === 0;
    case 3: return val !== 0;
    case 4: return pval !== 0 && val === 0;
    case 5: return pval === 0 && val !== 0;
    default: return false;
  }
}

/** Computes OVAL (VAL, or OCAL for DOPT "Use OCAL") and writes OUT, honouring IVOA. */
function executeOutput(rec: EpicsRecord, s: CalcState): void {
  let oval = rec.num('VAL');
  if (rec.num('DOPT') === 1) {
    // An OCAL that fails (CALC/INVALID) leaves OVAL as it was, and that is written (IVOA allowing).
    oval = evaluate(rec, s, s.ocal) ?? rec.num('OVAL');
  }
  const invalid = rec.nsev >= AlarmSeverity.INVALID || rec.num('SEVR') >= AlarmSeverity.INVALID;
  const ivoa = rec.num('IVOA');
  if (invalid && ivoa === 2) oval = rec.num('IVOV');
  rec.setQuiet('OVAL', oval);
  if (!(invalid && ivoa === 1)) writeNumber(rec, 'OUT', oval);
}

function monitorCalcout(rec: EpicsRecord): void {
  const mask = postNumericValue(rec);
  postInputs(rec, mask);
  // calcoutRecord.c monitor(): OVAL posted when it differs from POVL, the OVAL last posted.
  if (rec.num('OVAL') !== rec.num('POVL')) {
    rec.post('OVAL', mask | Dbe.VALUE | Dbe.LOG);
    rec.setQuiet('POVL', rec.num('OVAL'));
  }
}

/** calcoutINAV's choices: Ext PV NC, Ext PV OK, Local PV, Constant. */
const LINK_VALIDITY = { disconnected: 0, connected: 1, local: 2, constant: 3 } as const;
const VALIDITY_FIELDS = [...CALC_INPUTS.map((name) => [inputLink(name), `IN${name}V`] as const), ['OUT', 'OUTV'] as const];

/**
 * INAV…INLV and OUTV from their links (calcoutRecord.c init_record, and its checkLinks as CA
 * links connect): posted when they change.
 */
function updateLinkValidity(rec: EpicsRecord, post: boolean): void {
  for (const [link, field] of VALIDITY_FIELDS) {
    const validity = LINK_VALIDITY[rec.links.status(link)];
    if (post) rec.set(field, validity);
    else rec.setQuiet(field, validity);
  }
}

export const calcoutSupport: RecordSupport = {
  type: 'calcout',
  init(rec) {
    initCalc(rec);
    updateLinkValidity(rec, false);
    rec.setQuiet('POVL', rec.num('OVAL'));
  },
  special: calcSpecial,
  checkStatic: checkExpression,
  valueFromNative: expressionText,
  process(rec) {
    const s = stateOf(rec);
    updateLinkValidity(rec, true);
    computeValue(rec, s);
    const output = shouldOutput(rec.num('OOPT'), rec.num('VAL'), rec.num('PVAL'));
    rec.setQuiet('PVAL', rec.num('VAL'));
    const odly = rec.num('ODLY');
    if (output && odly > 0) {
      // calcoutRecord.c: with ODLY the record stays active (PACT) for the delay, DLYA posted
      // at 1; then DLYA 0, the output, and only then the monitors (VAL, OVAL…) and FLNK. A put
      // meanwhile asks it to process again afterwards (RPRO); a scan is counted (LCNT).
      rec.set('DLYA', 1, Dbe.VALUE);
      rec.stampTime();
      rec.beginAsync();
      const timer = setTimeout(() => {
        rec.endAsync(() => {
          rec.set('DLYA', 0, Dbe.VALUE);
          rec.stampTime();
          executeOutput(rec, s);
          finishProcessing(rec, () => monitorCalcout(rec), false);
        });
      }, odly * 1000);
      timer.unref();
      return;
    }
    if (output) executeOutput(rec, s);
    finishProcessing(rec, () => monitorCalcout(rec));
  },
  metadata: analogMetadata(CALCOUT_RSET),
  metadataFields: ANALOG_METADATA_FIELDS,
  // get_graphic_double's default branch: recGblGetGraphicDouble, the range of the field's type.
  rangeLimits: true,
};
