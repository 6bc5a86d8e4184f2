/**
 * ai, ao, longin, longout, int64in and int64out with Soft Channel device support: an input
 * reads INP into VAL, an output takes VAL (or DOL in closed loop), clamps it to DRVH/DRVL and
 * writes OUT; both check limit alarms and post with deadbands.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { AlarmSeverity } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import { numOf } from '../field-value.js';
import { AI_RSET, ANALOG_METADATA_FIELDS, AO_RSET, type AnalogRset, INT64IN_RSET, INT64OUT_RSET, LONGIN_RSET, LONGOUT_RSET, analogMetadata } from './analog-metadata.js';
import {
  checkLimitAlarms,
  finishProcessing,
  initConstantLink,
  isConstantLink,
  isClosedLoop,
  postNumericValue,
  readNumberInto,
} from './common.js';
import type { RecordSupport } from './support.js';
import { SOFT_CHANNEL, SOFT_TIMESTAMP } from '../devices/device-table.js';
import { aoRawValue, convertAiRaw, initEguOffset, initRawConstant, isRawSoft, postRawValue, readRawInput, toLong } from './raw-soft.js';
import { SIMM_INVALID, SIMM_NO, SIMM_RAW, SIMM_YES, readSimulatedNumber, simulationMode, writeOutputNumber } from './simulation.js';

function monitorAndForward(rec: EpicsRecord): void {
  postNumericValue(rec);
  rec.links.forward();
}

/**
 * An input record's processing in simulation mode (readValue's YES/RAW branch): SIOL into SVAL
 * (ai as a double, longin as a long, int64in as an int64), then VAL = SVAL without conversion
 * or smoothing; ai's RAW sets RVAL = floor(SVAL) and converts it. A failed read leaves VAL. A
 * mode past the menu (SIMM_INVALID) reads nothing.
 */
function processSimulatedInput(rec: EpicsRecord, mode: number, ai: boolean): void {
  const sval = mode === SIMM_INVALID ? undefined : readSimulatedNumber(rec, ai ? 'double' : rec.typeName === 'longin' ? 'long' : 'int64');
  if (sval !== undefined) {
    if (mode === SIMM_YES) rec.setQuiet('VAL', sval);
    else if (mode === SIMM_RAW) {
      // (long)floor(sval) into the 32-bit RVAL.
      rec.setQuiet('RVAL', toLong(Math.floor(sval)));
      convertAiRaw(rec);
    }
    // aiRecord.c: UDF = isnan(VAL); longin and int64in: UDF = FALSE.
    rec.setQuiet('UDF', ai && Number.isNaN(numOf(rec.v.VAL)) ? 1 : 0);
  }
  checkLimitAlarms(rec, numOf(rec.v.VAL));
  finishProcessing(rec, () => {
    const mask = postNumericValue(rec);
    if (ai && mask !== 0) postRawValue(rec, mask);
  });
  if (ai) rec.setQuiet('INIT', 0);
}

/** An input record: INP → (SMOO smoothing for ai) → VAL. */
function analogInput(type: string, smoothing: boolean, rset: AnalogRset): RecordSupport {
  return {
    type,
    init(rec) {
      if (smoothing) initEguOffset(rec, rec.device !== SOFT_TIMESTAMP);
      if (isRawSoft(rec)) initRawConstant(rec, false);
      else if (initConstantLink(rec, 'INP', 'VAL')) rec.setQuiet('UDF', 0);
    },
    process(rec) {
      // readValue: SIML, then the device or, in simulation mode, SIOL.
      const mode = simulationMode(rec);
      if (mode !== SIMM_NO) {
        processSimulatedInput(rec, mode, smoothing);
        return;
      }
      if (isRawSoft(rec)) {
        // devAiSoftRaw reads INP into RVAL; aiRecord.c converts it (ROFF, ASLO/AOFF, ESLO/EOFF, SMOO).
        if (readRawInput(rec, false)) {
          convertAiRaw(rec);
          rec.setQuiet('UDF', Number.isNaN(numOf(rec.v.VAL)) ? 1 : 0);
        }
        checkLimitAlarms(rec, numOf(rec.v.VAL));
        finishProcessing(rec, () => {
          const mask = postNumericValue(rec);
          if (mask !== 0) postRawValue(rec, mask);
        });
        rec.setQuiet('INIT', 0);
        return;
      }
      if (rec.device === SOFT_TIMESTAMP) {
        // devTimestampAI: VAL is the processing time in seconds past the EPICS epoch.
        rec.stampTime();
        const stamp = rec.time;
        rec.setQuiet('VAL', stamp.secPastEpoch + stamp.nsec * 1e-9);
        rec.setQuiet('UDF', 0);
        checkLimitAlarms(rec, numOf(rec.v.VAL));
        monitorAndForward(rec);
        return;
      }
      const value = readNumberInto(rec, 'INP', 'VAL');
      if (value !== undefined) {
        const smoo = smoothing ? numOf(rec.v.SMOO) : 0;
        const old = numOf(rec.v.VAL);
        // devAiSoft: exponential smoothing with SMOO once a finite value exists.
        const next = smoo !== 0 && Number.isFinite(old) && numOf(rec.v.UDF) === 0 ? value * (1 - smoo) + old * smoo : value;
        rec.configureValue('VAL', next);
        rec.setQuiet('UDF', Number.isNaN(numOf(rec.v.VAL)) ? 1 : 0);
      } else if (isConstantLink(rec, 'INP')) {
        // A constant (or empty) INP reads successfully without changing VAL: aiRecord.c sets
        // UDF = isnan(VAL), longin/int64in clear it (their VAL cannot be NaN).
        rec.setQuiet('UDF', Number.isNaN(numOf(rec.v.VAL)) ? 1 : 0);
      }
      checkLimitAlarms(rec, numOf(rec.v.VAL));
      finishProcessing(rec, () => postNumericValue(rec));
      // aiRecord.c: INIT (set by init_record and a LINR change) is cleared by each processing.
      if (rec.field('INIT') !== undefined) rec.setQuiet('INIT', 0);
    },
    metadata: analogMetadata(rset),
    metadataFields: ANALOG_METADATA_FIELDS,
    // get_graphic_double's default branch: recGblGetGraphicDouble, the range of the field's type.
    rangeLimits: true,
  };
}

type OutputFields = { oif: boolean; oroc: boolean; pval: boolean; init: boolean; oval: boolean };

/**
 * aoRecord.c convert(): drive limits clamp VAL (when DRVH > DRVL; equal limits mean none), OROC
 * limits how far OVAL moves in one processing, and RVAL is OVAL in raw units. longout and
 * int64out only clamp. Returns VAL.
 */
function convertOutput(rec: EpicsRecord, fields: OutputFields): number {
  const v = rec.v;
  const drvh = numOf(v.DRVH);
  const drvl = numOf(v.DRVL);
  let val = numOf(v.VAL);
  if (drvh > drvl) {
    if (val > drvh) val = drvh;
    else if (val < drvl) val = drvl;
    rec.configureValue('VAL', val);
  }
  val = numOf(v.VAL);
  if (!fields.oval) return val;
  let out = val;
  const oroc = fields.oroc ? numOf(v.OROC) : 0;
  const previous = numOf(v.OVAL);
  if (oroc !== 0 && Number.isFinite(previous)) out = Math.min(previous + oroc, Math.max(previous - oroc, out));
  v.OVAL = out;
  v.RVAL = aoRawValue(rec, out);
  rec.touch();
  return val;
}

/** An output record: DOL (closed loop) → VAL → clamp → OVAL → RVAL → OUT (OVAL, or RVAL for Raw Soft Channel). */
function analogOutput(type: string, hasOval: boolean, udfFromValue: boolean, rset: AnalogRset): RecordSupport {
  // Which optional fields the type has, looked up once: every record of a support is of its type.
  let has: OutputFields | undefined;
  const fieldsOf = (rec: EpicsRecord): OutputFields =>
    (has ??= { oif: rec.defs.has('OIF'), oroc: rec.defs.has('OROC'), pval: rec.defs.has('PVAL'), init: rec.defs.has('INIT'), oval: hasOval });
  return {
    type,
    init(rec) {
      if (initConstantLink(rec, 'DOL', 'VAL')) rec.setQuiet('UDF', 0);
      if (hasOval) {
        // Of ao's device supports only Soft Channel has an init_record.
        initEguOffset(rec, rec.device === SOFT_CHANNEL);
        rec.setQuiet('OVAL', numOf(rec.v.VAL));
        rec.setQuiet('ORAW', numOf(rec.v.RVAL));
      }
      // longoutRecord's init_record: PVAL starts at VAL (OOPT compares against it).
      if (fieldsOf(rec).pval) rec.setQuiet('PVAL', numOf(rec.v.VAL));
    },
    process(rec) {
      const fields = fieldsOf(rec);
      const v = rec.v;
      if (isClosedLoop(rec)) {
        const value = readNumberInto(rec, 'DOL', 'VAL');
        if (value !== undefined) {
          // OIF "Incremental" adds DOL to the value instead of replacing it.
          const incremental = fields.oif && numOf(v.OIF) === 1;
          rec.configureValue('VAL', incremental ? numOf(v.VAL) + value : value);
          v.UDF = 0;
          rec.touch();
        }
      }
      // aoRecord.c: every processing makes VAL defined unless it is NaN (longout/int64out only
      // clear UDF when DOL was read).
      if (udfFromValue) {
        v.UDF = Number.isNaN(numOf(v.VAL)) ? 1 : 0;
        rec.touch();
      }
      const oldOval = hasOval ? numOf(v.OVAL) : Number.NaN;
      checkLimitAlarms(rec, convertOutput(rec, fields));
      // IVOA (invalidOutputAction, written out here: no closure per processing). "Set output to
      // IVOV" sets VAL itself, which ao converts again (drive limits, OROC, RVAL); longout and
      // int64out write it as it is.
      let write = true;
      if (rec.nsev >= AlarmSeverity.INVALID) {
        const ivoa = numOf(v.IVOA);
        if (ivoa === 1) write = false;
        else if (ivoa === 2) {
          v.VAL = numOf(v.IVOV);
          rec.touch();
          if (hasOval) convertOutput(rec, fields);
        }
      }
      const out = hasOval ? numOf(v.OVAL) : numOf(v.VAL);
      // writeValue: OUT (ao's Raw Soft Channel writes RVAL), or SIOL in simulation mode.
      if (write) {
        // ao's Soft Channel writes OVAL as DBR_DOUBLE; its Raw Soft Channel RVAL, longout and int64out VAL as integers.
        const raw = hasOval && isRawSoft(rec);
        writeOutputNumber(rec, raw ? numOf(v.RVAL) : out, out, numOf(v.RVAL), raw || !hasOval);
      }
      if (fields.pval) {
        v.PVAL = numOf(v.VAL);
        rec.touch();
      }
      // finishProcessing, written out.
      rec.stampTime();
      let mask = postNumericValue(rec);
      if (hasOval) {
        // aoRecord.c monitor(): OVAL (and RVAL when it changed) go with every post of VAL, and
        // on their own when OVAL moved.
        if (numOf(v.OVAL) !== oldOval) mask |= Dbe.VALUE | Dbe.LOG;
        if (mask !== 0) {
          rec.post('OVAL', mask);
          postRawValue(rec, mask | Dbe.VALUE | Dbe.LOG);
        }
      }
      rec.links.forward();
      if (fields.init) {
        v.INIT = 0;
        rec.touch();
      }
    },
    metadata: analogMetadata(rset),
    metadataFields: ANALOG_METADATA_FIELDS,
    rangeLimits: true,
  };
}

export const aiSupport = analogInput('ai', true, AI_RSET);
export const aoSupport = analogOutput('ao', true, true, AO_RSET);
export const longinSupport = analogInput('longin', false, LONGIN_RSET);
export const longoutSupport = analogOutput('longout', false, false, LONGOUT_RSET);
export const int64inSupport = analogInput('int64in', false, INT64IN_RSET);
export const int64outSupport = analogOutput('int64out', false, false, INT64OUT_RSET);

/** Silences an unused import warning when a record type has no alarm posting of its own. */
export type { EpicsRecord };
