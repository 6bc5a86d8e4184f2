/**
 * sel (selRecord.c): reads INPA…INPL into A…L (only the selected one for "Specified", whose
 * index comes from NVL) and picks VAL by SELM: "Specified" (SELN), "High Signal", "Low Signal"
 * or "Median Signal", skipping NaN inputs; limit alarms and deadbands as an ai.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { AlarmSeverity, AlarmStatus } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import { SEL_RSET, analogMetadata } from './analog-metadata.js';
import { checkLimitAlarms, deadbandExceeded, initConstantLink, readFailed, readNumber } from './common.js';
import { type FieldValue, numOf } from '../field-value.js';
import type { RecordSupport } from './support.js';

export const SEL_INPUTS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'];
// Each input's link and last-value field, made once: a name made per processing (`INP${name}`)
// is a new string each time, which every property or Map look-up must first find in V8's
// string table (with A…L's keyed reads: 4.9 µs per processing of a sel with SELM High Signal
// in process, bench/scan-path.mjs; 1.4 to 2.1 µs with these names and named loads).
const INPUT_LINKS = SEL_INPUTS.map((name) => `INP${name}`);
const LAST_FIELDS = SEL_INPUTS.map((name) => `L${name}`);
const SPECIFIED = 0;
const HIGH = 1;
const LOW = 2;
const MEDIAN = 3;

/**
 * fetch_values: whether do_sel runs. selRecord.c returns the status of the NVL read and the
 * selected input's (Specified), else of the last input's (INPL) alone: a failed read of any
 * other input leaves the selection to run on the value it had.
 */
function fetchValues(rec: EpicsRecord): boolean {
  if (rec.num('SELM') === SPECIFIED) {
    const seln = readNumber(rec, 'NVL');
    if (seln !== undefined) rec.setQuiet('SELN', Math.trunc(seln) & 0xffff);
    else if (readFailed(rec, 'NVL', seln)) return false;
    const i = rec.num('SELN');
    if (i >= SEL_INPUTS.length) return true;
    const link = INPUT_LINKS[i] as string;
    const v = readNumber(rec, link);
    if (v !== undefined) rec.setQuiet(SEL_INPUTS[i], v);
    return !readFailed(rec, link, v);
  }
  // Without PV links no read changes anything, nor fails (dbGetLink of a constant or empty link).
  if (!rec.links.hasPvLinks()) return true;
  let fetched = true;
  for (let i = 0; i < SEL_INPUTS.length; i++) {
    const link = INPUT_LINKS[i] as string;
    const v = readNumber(rec, link);
    if (v !== undefined) rec.setQuiet(SEL_INPUTS[i] as string, v);
    fetched = !readFailed(rec, link, v);
  }
  return fetched;
}

/** do_sel: the selection rules of selRecord.c, NaN inputs ignored. */
export function selectValue(selm: number, seln: number, inputs: readonly number[]): { val?: number; seln: number; alarm?: 'soft' | 'calc' } {
  switch (selm) {
    case SPECIFIED:
      if (seln >= inputs.length) return { seln, alarm: 'soft' };
      return { val: inputs[seln], seln };
    case HIGH:
    case LOW: {
      let val = selm === HIGH ? -Infinity : Infinity;
      let chosen = seln;
      inputs.forEach((v, i) => {
        if (!Number.isNaN(v) && (selm === HIGH ? val < v : val > v)) {
          val = v;
          chosen = i;
        }
      });
      return { val, seln: chosen };
    }
    case MEDIAN: {
      const order = inputs.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
      return { val: order.length === 0 ? Number.NaN : order[Math.trunc(order.length / 2)], seln: order.length };
    }
    default:
      return { seln, alarm: 'calc' };
  }
}

function monitorSel(rec: EpicsRecord): void {
  let mask = rec.resetAlarms();
  const val = rec.num('VAL');
  if (deadbandExceeded(rec.num('MLST'), val, rec.num('MDEL'))) {
    mask |= Dbe.VALUE;
    rec.setQuiet('MLST', val);
  }
  if (deadbandExceeded(rec.num('ALST'), val, rec.num('ADEL'))) {
    mask |= Dbe.LOG;
    rec.setQuiet('ALST', val);
  }
  if (mask !== 0) rec.post('VAL', mask);
  mask |= Dbe.VALUE | Dbe.LOG;
  if (rec.num('NLST') !== rec.num('SELN')) {
    rec.setQuiet('NLST', rec.num('SELN'));
    rec.post('SELN', mask);
  }
  const v = rec.v;
  postInput(rec, 0, v.A, v.LA, mask);
  postInput(rec, 1, v.B, v.LB, mask);
  postInput(rec, 2, v.C, v.LC, mask);
  postInput(rec, 3, v.D, v.LD, mask);
  postInput(rec, 4, v.E, v.LE, mask);
  postInput(rec, 5, v.F, v.LF, mask);
  postInput(rec, 6, v.G, v.LG, mask);
  postInput(rec, 7, v.H, v.LH, mask);
  postInput(rec, 8, v.I, v.LI, mask);
  postInput(rec, 9, v.J, v.LJ, mask);
  postInput(rec, 10, v.K, v.LK, mask);
  postInput(rec, 11, v.L, v.LL, mask);
}

/** One input of monitorSel: C compares doubles, so NaN never equals and a NaN input posts every time. */
function postInput(rec: EpicsRecord, i: number, current: FieldValue | undefined, last: FieldValue | undefined, mask: number): void {
  const value = numOf(current);
  if (!(value === numOf(last))) {
    rec.post(SEL_INPUTS[i] as string, mask);
    rec.setQuiet(LAST_FIELDS[i] as string, value);
  }
}

/** A…L as do_sel reads them, each by a property access of its own (a keyed one is megamorphic). */
const inputValues = (v: EpicsRecord['v']): number[] => [
  numOf(v.A), numOf(v.B), numOf(v.C), numOf(v.D), numOf(v.E), numOf(v.F),
  numOf(v.G), numOf(v.H), numOf(v.I), numOf(v.J), numOf(v.K), numOf(v.L),
];

export const selSupport: RecordSupport = {
  type: 'sel',
  init(rec) {
    initConstantLink(rec, 'NVL', 'SELN');
    for (const name of SEL_INPUTS) {
      rec.setQuiet(name, Number.NaN);
      initConstantLink(rec, `INP${name}`, name);
    }
  },
  process(rec) {
    if (fetchValues(rec)) {
      const r = selectValue(rec.num('SELM'), rec.num('SELN'), inputValues(rec.v));
      rec.setQuiet('SELN', r.seln);
      if (r.alarm === 'soft') rec.setSevr(AlarmStatus.SOFT, AlarmSeverity.INVALID);
      else if (r.alarm === 'calc') rec.setSevr(AlarmStatus.CALC, AlarmSeverity.INVALID);
      else if (r.val !== undefined) {
        rec.setQuiet('VAL', r.val);
        rec.setQuiet('UDF', Number.isNaN(r.val) ? 1 : 0);
      }
    }
    rec.stampTime();
    checkLimitAlarms(rec, rec.num('VAL'));
    monitorSel(rec);
    rec.links.forward();
  },
  rangeLimits: true,
  // selRecord.c counts A…L and LA…LL with VAL among the fields shown within HOPR/LOPR.
  metadata: analogMetadata(SEL_RSET),
};

