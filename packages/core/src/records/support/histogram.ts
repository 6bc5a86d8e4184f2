/**
 * histogram (histogramRecord.c, devHistogramSoft.c): SVL is read into SGNL and counted in one
 * of NELM bins of width WDTH = (ULIM - LLIM) / NELM while CSTA is on; CMD clears, starts or
 * stops collection. VAL (the counts, ULONG) posts once more than MDEL counts arrived, or
 * every SDEL seconds while counts arrived.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { AlarmSeverity, AlarmStatus, NativeType } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import { SIMM_NO, SIMM_YES, readSimulatedNumber, simulationMode } from './simulation.js';
import { toPutArray } from './arrays.js';
import { initConstantLink, readNumber } from './common.js';
import type { RecordSupport } from './support.js';

const nelm = (rec: EpicsRecord): number => Math.max(1, rec.num('NELM'));
/** menuFtype's ULONG: the type of the counts. */
const FTYPE_ULONG = 6;

function counts(rec: EpicsRecord): Float64Array {
  let c = rec.state.counts as Float64Array | undefined;
  if (c === undefined || c.length !== nelm(rec)) {
    c = new Float64Array(nelm(rec));
    rec.state.counts = c;
  }
  return c;
}

function clear(rec: EpicsRecord): void {
  counts(rec).fill(0);
  rec.setQuiet('MCNT', rec.num('MDEL') + 1);
  rec.setQuiet('UDF', 0);
}

/** add_count: the bin of SGNL (upper edges inclusive), LLIM ≥ ULIM is a SOFT/INVALID alarm. */
function addCount(rec: EpicsRecord): void {
  if (rec.num('CSTA') === 0) return;
  const llim = rec.num('LLIM');
  const ulim = rec.num('ULIM');
  if (llim >= ulim && rec.nsev < AlarmSeverity.INVALID) {
    // Stored straight into STAT and SEVR, not raised: monitor()'s recGblResetAlarms then
    // replaces them with the pending alarm, and posts that.
    rec.setQuiet('STAT', AlarmStatus.SOFT);
    rec.setQuiet('SEVR', AlarmSeverity.INVALID);
    return;
  }
  const sgnl = rec.num('SGNL');
  if (sgnl < llim || sgnl >= ulim) return;
  const temp = sgnl - llim;
  const wdth = rec.num('WDTH');
  let i = 1;
  for (; i <= nelm(rec); i++) if (temp <= i * wdth) break;
  const c = counts(rec);
  const bin = Math.min(i, nelm(rec)) - 1;
  c[bin] = c[bin] === 0xffffffff ? 1 : c[bin] + 1;
  rec.setQuiet('MCNT', rec.num('MCNT') + 1);
}

function startWatchdog(rec: EpicsRecord): void {
  clearInterval(rec.state.wdog as NodeJS.Timeout | undefined);
  rec.state.wdog = undefined;
  const sdel = rec.num('SDEL');
  if (!(sdel > 0)) return;
  const timer = setInterval(() => {
    if (rec.num('MCNT') > 0) {
      rec.stampTime();
      rec.post('VAL', Dbe.VALUE | Dbe.LOG);
      rec.setQuiet('MCNT', 0);
    }
  }, sdel * 1000);
  timer.unref();
  rec.state.wdog = timer;
}

export const histogramSupport: RecordSupport = {
  type: 'histogram',
  initialValue: () => new Float64Array(0),
  init(rec) {
    if (rec.num('NELM') <= 0) rec.setQuiet('NELM', 1);
    rec.setQuiet('WDTH', (rec.num('ULIM') - rec.num('LLIM')) / nelm(rec));
    counts(rec);
    if (initConstantLink(rec, 'SVL', 'SGNL')) rec.setQuiet('UDF', 0);
    startWatchdog(rec);
  },
  special(rec, field, after) {
    if (!after) return;
    if (field === 'CMD') {
      const cmd = rec.num('CMD');
      if (cmd <= 1) clear(rec);
      else rec.setQuiet('CSTA', cmd === 2 ? 1 : 0);
      rec.setQuiet('CMD', 0);
    } else if (field === 'SGNL') addCount(rec);
    else if (field === 'SDEL') startWatchdog(rec);
    else if (field === 'ULIM' || field === 'LLIM') {
      rec.setQuiet('WDTH', (rec.num('ULIM') - rec.num('LLIM')) / nelm(rec));
      clear(rec);
    }
  },
  process(rec) {
    // readValue: SIML, then SVL through the device or, in simulation mode, SIOL into SVAL.
    const mode = simulationMode(rec);
    const sgnl = mode === SIMM_NO ? readNumber(rec, 'SVL') : mode === SIMM_YES ? readSimulatedNumber(rec, 'double') : undefined;
    if (sgnl !== undefined) {
      rec.setQuiet('SGNL', sgnl);
      if (mode === SIMM_YES) rec.setQuiet('UDF', 0);
    }
    rec.stampTime();
    addCount(rec);
    let mask = rec.resetAlarms();
    if (rec.num('MCNT') > rec.num('MDEL')) {
      mask |= Dbe.VALUE | Dbe.LOG;
      rec.setQuiet('MCNT', 0);
    }
    if (mask !== 0) rec.post('VAL', mask);
    rec.links.forward();
  },
  rangeLimits: true,
  nativeValue: (rec, f) => (f.name === 'VAL' ? { value: Float64Array.from(counts(rec)), type: NativeType.DOUBLE } : undefined),
  shape: (rec, f) => (f.name === 'VAL' ? { type: NativeType.DOUBLE, count: nelm(rec) } : undefined),
  valueFromNative: (rec, f, value, from) => {
    if (f.name !== 'VAL') return undefined;
    // dbPut writes the counts (DBF_ULONG) from the first bin on; the bins after those written
    // keep their counts. A value field's put then clears UDF, as for any record.
    const written = toPutArray(rec, 'VAL', FTYPE_ULONG, nelm(rec), value, from);
    const c = counts(rec);
    for (let i = 0; i < written.length; i++) c[i] = Number(written[i]);
    return c;
  },
  // histogramRecord.c get_precision, get_graphic_double and get_control_double: HOPR/LOPR for VAL,
  // ULIM - LLIM and 0 for WDTH, the field type's range for SGNL, SVAL, ULIM and LLIM.
  metadata: (rec, field) => {
    // VAL's counts are DBF_ULONG, served as DOUBLE: they convert as integers.
    if (field === 'VAL') return { wideInteger: true, precision: rec.num('PREC'), upperDisplay: rec.num('HOPR'), lowerDisplay: rec.num('LOPR'), upperControl: rec.num('HOPR'), lowerControl: rec.num('LOPR') };
    if (field === 'WDTH') {
      const width = rec.num('ULIM') - rec.num('LLIM');
      return { precision: rec.num('PREC'), upperDisplay: width, lowerDisplay: 0, upperControl: width, lowerControl: 0 };
    }
    if (field === 'SGNL' || field === 'SVAL' || field === 'ULIM' || field === 'LLIM') return { precision: rec.num('PREC') };
    // get_units: SDEL is in seconds.
    return field === 'SDEL' ? { precision: 2, units: 's' } : {};
  },
};
