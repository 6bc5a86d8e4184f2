/**
 * fanout, dfanout and seq (fanoutRecord.c, dfanoutRecord.c, seqRecord.c): SELM "All",
 * "Specified" (SELN + OFFS picks one link) or "Mask" (SELN shifted by SHFT picks several);
 * SELN comes from SELL. fanout processes LNK0…LNKF, dfanout writes VAL to OUTA…OUTH, seq
 * copies DOLn into DOn and writes it to LNKn, each after DLYn seconds.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { AlarmSeverity, AlarmStatus, type PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import { DFANOUT_RSET, analogMetadata } from './analog-metadata.js';
import { checkLimitAlarms, finishProcessing, isFloatField, recGblGetPrec, initConstantLink, postNumericValue, readNumber, writeNumber } from './common.js';
import type { RecordSupport } from './support.js';

export const HEX_DIGITS = '0123456789ABCDEF';
const SELM_ALL = 0;
const SELM_SPECIFIED = 1;
const SELM_MASK = 2;

/** SELN from SELL, as DBR_USHORT. */
function fetchSeln(rec: EpicsRecord): void {
  const seln = readNumber(rec, 'SELL');
  if (seln !== undefined) rec.setQuiet('SELN', Math.trunc(seln) & 0xffff);
}

/**
 * The link indexes (0-based) SELM and SELN choose out of `count`, or undefined after raising
 * the SOFT/INVALID alarm EPICS raises for an index or shift out of range.
 */
function selectedLinks(rec: EpicsRecord, count: number, offset: number): number[] | undefined {
  const selm = rec.num('SELM');
  const seln = rec.num('SELN');
  if (selm === SELM_ALL) return Array.from({ length: count }, (_, i) => i);
  if (selm === SELM_SPECIFIED) {
    const i = seln + offset;
    if (i < 0 || i >= count) {
      rec.setSevr(AlarmStatus.SOFT, AlarmSeverity.INVALID);
      return undefined;
    }
    return [i];
  }
  if (selm === SELM_MASK) {
    const shft = rec.num('SHFT');
    if (shft < -15 || shft > 15) {
      rec.setSevr(AlarmStatus.SOFT, AlarmSeverity.INVALID);
      return undefined;
    }
    const mask = (shft >= 0 ? seln >> shft : seln << -shft) & 0xffff;
    return Array.from({ length: count }, (_, i) => i).filter((i) => (mask >> i) & 1);
  }
  rec.setSevr(AlarmStatus.SOFT, AlarmSeverity.INVALID);
  return undefined;
}

/** Posts VAL with the alarm change and SELN when it moved (fanout and seq monitors). */
function postSelection(rec: EpicsRecord, oldSeln: number): void {
  const events = rec.resetAlarms();
  if (events !== 0) rec.post('VAL', events);
  if (rec.num('SELN') !== oldSeln) rec.post('SELN', events | Dbe.VALUE | Dbe.LOG);
}

export const fanoutSupport: RecordSupport = {
  type: 'fanout',
  init(rec) {
    initConstantLink(rec, 'SELL', 'SELN');
  },
  process(rec) {
    const oldSeln = rec.num('SELN');
    fetchSeln(rec);
    for (const i of selectedLinks(rec, 16, rec.num('OFFS')) ?? []) rec.links.forwardLink(`LNK${HEX_DIGITS[i]}`);
    rec.setQuiet('UDF', 0);
    finishProcessing(rec, () => postSelection(rec, oldSeln));
  },
};

const DFANOUT_OUTPUTS = ['OUTA', 'OUTB', 'OUTC', 'OUTD', 'OUTE', 'OUTF', 'OUTG', 'OUTH'];

/** dfanout's push_values: "Specified" counts SELN from 1 (0 writes nothing). */
function dfanoutTargets(rec: EpicsRecord): string[] {
  const selm = rec.num('SELM');
  const seln = rec.num('SELN');
  if (selm === SELM_ALL) return DFANOUT_OUTPUTS;
  if (selm === SELM_SPECIFIED) {
    if (seln > DFANOUT_OUTPUTS.length) {
      rec.setSevr(AlarmStatus.SOFT, AlarmSeverity.INVALID);
      return [];
    }
    return seln === 0 ? [] : [DFANOUT_OUTPUTS[seln - 1]];
  }
  if (selm === SELM_MASK) return DFANOUT_OUTPUTS.filter((_, i) => (seln >> i) & 1);
  rec.setSevr(AlarmStatus.SOFT, AlarmSeverity.INVALID);
  return [];
}

export const dfanoutSupport: RecordSupport = {
  type: 'dfanout',
  init(rec) {
    initConstantLink(rec, 'SELL', 'SELN');
    if (initConstantLink(rec, 'DOL', 'VAL')) rec.setQuiet('UDF', Number.isNaN(rec.num('VAL')) ? 1 : 0);
  },
  process(rec) {
    if (rec.num('OMSL') === 1) {
      const value = readNumber(rec, 'DOL');
      if (value !== undefined) {
        rec.setQuiet('VAL', value);
        rec.setQuiet('UDF', Number.isNaN(value) ? 1 : 0);
      }
    }
    rec.stampTime();
    fetchSeln(rec);
    checkLimitAlarms(rec, rec.num('VAL'));
    for (const out of dfanoutTargets(rec)) {
      if (rec.links.spec(out).kind !== 'pv') continue;
      if (!writeNumber(rec, out, rec.num('VAL'))) rec.setSevr(AlarmStatus.LINK, AlarmSeverity.MAJOR);
    }
    postNumericValue(rec);
    rec.links.forward();
  },
  rangeLimits: true,
  metadata: analogMetadata(DFANOUT_RSET),
};

/** The fields of seq link group n (0…F). */
const seqGroup = (i: number) => {
  const n = HEX_DIGITS[i];
  return { dly: `DLY${n}`, dol: `DOL${n}`, dov: `DO${n}`, lnk: `LNK${n}` };
};

/** Runs one seq link group: DOLn into DOn (posted when it changed), then DOn to LNKn. */
function runGroup(rec: EpicsRecord, i: number): void {
  const g = seqGroup(i);
  const old = rec.num(g.dov);
  const value = readNumber(rec, g.dol);
  if (value !== undefined) rec.setQuiet(g.dov, value);
  rec.stampTime();
  writeNumber(rec, g.lnk, rec.num(g.dov));
  if (rec.num(g.dov) !== old) rec.post(g.dov, Dbe.VALUE | Dbe.LOG);
}

function seqFinish(rec: EpicsRecord): void {
  rec.setQuiet('UDF', 0);
  rec.stampTime();
  const oldn = rec.num('OLDN');
  postSelection(rec, oldn);
  rec.setQuiet('OLDN', rec.num('SELN'));
  rec.links.forward();
}

/**
 * seqRecord.c's get_units/get_precision/get_graphic_double…, quirks kept: fields are counted
 * from DLY1 and told apart by bit 1 of their offset, so group 0 gets the defaults (PREC, the
 * type's range); DLYn and DOLn (n ≥ 1) show "s", precision 2, display limits 10…0 (the C sets
 * the lower limit twice) and control 0…100000; DOn and LNKn (n ≥ 1) take units, precision and
 * limits from DOL(n-1)'s target.
 */
function seqMetadata(rec: EpicsRecord, field: string): Partial<PvMetadata> {
  const m = /^(DLY|DOL|DO|LNK)([1-9A-F])$/.exec(field);
  const defaults: Partial<PvMetadata> = { precision: isFloatField(rec, field) ? recGblGetPrec(rec.num('PREC')) : 0 };
  if (m === null) return defaults;
  // A DOLn, a link, is not a float field: get_precision is not asked, precision 0.
  if (m[1] === 'DLY' || m[1] === 'DOL') return { units: 's', precision: m[1] === 'DLY' ? 2 : 0, lowerDisplay: 10, upperDisplay: 0, lowerControl: 0, upperControl: 100000 };
  const source = rec.links.metadata(`DOL${HEX_DIGITS[HEX_DIGITS.indexOf(m[2]) - 1]}`);
  if (source === undefined) return { ...defaults, lowerDisplay: 0, upperDisplay: 0 };
  return {
    units: source.units, precision: source.precision, lowerDisplay: source.lowerDisplay, upperDisplay: source.upperDisplay,
    lowerAlarm: source.lowerAlarm, lowerWarning: source.lowerWarning, upperWarning: source.upperWarning, upperAlarm: source.upperAlarm,
  };
}

export const seqSupport: RecordSupport = {
  type: 'seq',
  init(rec) {
    initConstantLink(rec, 'SELL', 'SELN');
    for (let i = 0; i < 16; i++) initConstantLink(rec, seqGroup(i).dol, seqGroup(i).dov);
    rec.setQuiet('OLDN', rec.num('SELN'));
  },
  process(rec) {
    if (rec.num('SELM') !== SELM_ALL) fetchSeln(rec);
    const chosen = (selectedLinks(rec, 16, rec.num('OFFS')) ?? []).filter((i) => {
      const g = seqGroup(i);
      return rec.links.spec(g.lnk).kind !== 'none' || rec.links.spec(g.dol).kind !== 'none';
    });
    // Groups without delay run at once; from the first delayed group on, the rest run after
    // their delays (EPICS runs every group on a callback; the record stays active, PACT).
    let next = 0;
    while (next < chosen.length && !(rec.num(seqGroup(chosen[next]).dly) > 0)) runGroup(rec, chosen[next++]);
    if (next === chosen.length) {
      seqFinish(rec);
      return;
    }
    rec.beginAsync();
    const step = (): void => {
      if (next === chosen.length) {
        rec.endAsync(() => seqFinish(rec));
        return;
      }
      const delay = rec.num(seqGroup(chosen[next]).dly);
      const run = (): void => {
        runGroup(rec, chosen[next++]);
        step();
      };
      if (delay > 0) setTimeout(run, delay * 1000).unref();
      else run();
    };
    step();
  },
  rangeLimits: true,
  metadata: seqMetadata,
};
