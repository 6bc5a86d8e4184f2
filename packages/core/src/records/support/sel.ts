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
import type { RecordSupport } from './support.js';

export const SEL_INPUTS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'];
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
    const link = `INP${SEL_INPUTS[i]}`;
    const v = readNumber(rec, link);
    if (v !== undefined) rec.setQuiet(SEL_INPUTS[i], v);
    return !readFailed(rec, link, v);
  }
  let fetched = true;
  for (const name of SEL_INPUTS) {
    const v = readNumber(rec, `INP${name}`);
    if (v !== undefined) rec.setQuiet(name, v);
    fetched = !readFailed(rec, `INP${name}`, v);
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
  for (const name of SEL_INPUTS) {
    const last = `L${name}`;
    // C compares doubles: NaN never equals, so a NaN input posts every time.
    if (!(rec.num(name) === rec.num(last))) {
      rec.post(name, mask);
      rec.setQuiet(last, rec.num(name));
    }
  }
}

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
      const r = selectValue(rec.num('SELM'), rec.num('SELN'), SEL_INPUTS.map((n) => rec.num(n)));
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

