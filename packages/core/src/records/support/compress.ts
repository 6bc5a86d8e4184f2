/**
 * compress (compressRecord.c): INP values go into a ring buffer of NSAM doubles, either
 * compressed N to 1 (lowest, highest, average, median of each N samples, or for a scalar
 * input the running value over N processings), averaged array by array ("N to 1 Average"
 * over N arrays: ALG "Average"), or stored as they come ("Circular Buffer"). BALG FIFO reads
 * oldest first, LIFO newest first; NUSE counts the valid elements, RES resets.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { convertArray } from '../../ca/protocol/dbr/index.js';
import { AlarmSeverity, AlarmStatus, type NativeArray, NativeType, type PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import { caStoredReading, convertedReading } from './arrays.js';
import { DEFAULT_TEXT, isFloatField, recGblGetPrec } from './common.js';
import type { RecordSupport } from './support.js';

/** menuFtype DOUBLE: compress reads its input as doubles. */
const FTYPE_DOUBLE = 10;

const LOW = 0;
const HIGH = 1;
const AVERAGE_N = 2;
const ARRAY_AVERAGE = 3;
const CIRCULAR = 4; // 5 is "N to 1 Median"

interface CompressState {
  buffer: Float64Array;
  sum: Float64Array | undefined;
}

const nsam = (rec: EpicsRecord): number => Math.max(1, rec.num('NSAM'));
const fifo = (rec: EpicsRecord): boolean => rec.num('BALG') === 0;

function stateOf(rec: EpicsRecord): CompressState {
  let s = rec.state.compress as CompressState | undefined;
  if (s === undefined || s.buffer.length !== nsam(rec)) {
    s = { buffer: new Float64Array(nsam(rec)), sum: undefined };
    rec.state.compress = s;
  }
  return s;
}

function reset(rec: EpicsRecord): void {
  const s = stateOf(rec);
  rec.setQuiet('NUSE', 0);
  rec.setQuiet('OFF', 0);
  rec.setQuiet('INX', 0);
  rec.setQuiet('CVB', 0);
  rec.setQuiet('RES', 0);
  s.buffer.fill(0);
  s.sum = undefined;
}

/** put_value: FIFO writes at OFF then moves on; LIFO moves back then writes. */
function putValues(rec: EpicsRecord, values: ArrayLike<number>): void {
  const s = stateOf(rec);
  const n = nsam(rec);
  let off = rec.num('OFF');
  for (let i = 0; i < values.length; i++) {
    if (!fifo(rec)) off = (off + n - 1) % n;
    s.buffer[off] = values[i];
    if (fifo(rec)) off = (off + 1) % n;
  }
  rec.setQuiet('OFF', off);
  rec.setQuiet('NUSE', Math.min(n, rec.num('NUSE') + values.length));
}

/** compress_array: N to 1 over each N input elements (IHIL/ILIL skip leading outliers). */
function compressArray(rec: EpicsRecord, input: Float64Array): boolean {
  let start = 0;
  const ilil = rec.num('ILIL');
  const ihil = rec.num('IHIL');
  if (ilil < ihil) while (start < input.length && (input[start] < ilil || input[start] > ihil)) start++;
  if (rec.num('N') <= 0) rec.setQuiet('N', 1);
  let n = rec.num('N');
  let remaining = Math.min(input.length - start, nsam(rec) * n);
  let written = 0;
  let p = start;
  while (remaining > 0) {
    if (remaining < n && rec.num('PBUF') !== 1) break;
    n = Math.min(n, remaining);
    const group = input.subarray(p, p + n);
    p += n;
    let value: number;
    switch (rec.num('ALG')) {
      case LOW: value = group.reduce((a, b) => (a > b ? b : a)); break;
      case HIGH: value = group.reduce((a, b) => (a < b ? b : a)); break;
      case AVERAGE_N: value = group.reduce((a, b) => a + b) / n; break;
      default: value = Float64Array.from(group).sort()[Math.trunc(n / 2)];
    }
    remaining -= n;
    putValues(rec, [value]);
    written++;
  }
  return written > 0;
}

/** compress_scalar: a running low/high/mean over N processings in CVB. */
function compressScalar(rec: EpicsRecord, value: number): boolean {
  const inx = rec.num('INX');
  const cvb = rec.num('CVB');
  switch (rec.num('ALG')) {
    case LOW: if (value < cvb || inx === 0) rec.setQuiet('CVB', value); break;
    case HIGH: if (value > cvb || inx === 0) rec.setQuiet('CVB', value); break;
    default: rec.setQuiet('CVB', (inx * cvb + value) / (inx + 1));
  }
  const next = inx + 1;
  if (next >= rec.num('N') || rec.num('PBUF') === 1) {
    putValues(rec, [rec.num('CVB')]);
    rec.setQuiet('INX', next >= rec.num('N') ? 0 : next);
    return true;
  }
  rec.setQuiet('INX', next);
  return false;
}

/** array_average: sums N arrays element by element, then stores their mean. */
function arrayAverage(rec: EpicsRecord, input: Float64Array): boolean {
  const s = stateOf(rec);
  const nuse = Math.min(nsam(rec), input.length);
  const inx = rec.num('INX');
  if (s.sum === undefined || s.sum.length !== nsam(rec)) s.sum = new Float64Array(nsam(rec));
  if (inx === 0) {
    s.sum.fill(0);
    s.sum.set(input.subarray(0, nuse));
  } else for (let i = 0; i < nuse; i++) s.sum[i] += input[i];
  if (rec.num('N') <= 0) rec.setQuiet('N', 1);
  const n = rec.num('N');
  if (inx + 1 < n) {
    rec.setQuiet('INX', inx + 1);
    return false;
  }
  if (n > 1) for (let i = 0; i < nuse; i++) s.sum[i] /= n;
  putValues(rec, s.sum.subarray(0, nuse));
  rec.setQuiet('INX', 0);
  return true;
}

/** The valid elements in read order (get_array_info's offset, wrapping). */
export function compressValue(rec: EpicsRecord): Float64Array {
  const s = stateOf(rec);
  const n = nsam(rec);
  const nuse = rec.num('NUSE');
  const first = fifo(rec) ? (rec.num('OFF') + n - nuse) % n : rec.num('OFF');
  const out = new Float64Array(nuse);
  for (let i = 0; i < nuse; i++) out[i] = s.buffer[(first + i) % n];
  return out;
}

/**
 * compressRecord.c's get_units (EGU for VAL and every DBF_DOUBLE field), get_precision (PREC for
 * VAL as it is, for every other float field through recGblGetPrec), get_graphic_double and
 * get_control_double (HOPR/LOPR for VAL, IHIL and ILIL; the type's range for the rest).
 */
function compressMetadata(rec: EpicsRecord, field: string): Partial<PvMetadata> {
  const meta: Partial<PvMetadata> = {};
  if (field === 'VAL' || rec.field(field)?.dbf === 'DBF_DOUBLE') meta.units = rec.str('EGU');
  if (field === 'VAL') meta.precision = rec.num('PREC');
  else if (isFloatField(rec, field)) meta.precision = recGblGetPrec(rec.num('PREC'));
  if (field === 'VAL' || field === 'IHIL' || field === 'ILIL') {
    meta.upperDisplay = meta.upperControl = rec.num('HOPR');
    meta.lowerDisplay = meta.lowerControl = rec.num('LOPR');
  }
  return meta;
}

export const compressSupport: RecordSupport = {
  type: 'compress',
  initialValue: () => new Float64Array(0),
  init(rec) {
    if (rec.num('NSAM') < 1) rec.setQuiet('NSAM', 1);
    reset(rec);
  },
  special(rec, field, after) {
    if (after && (field === 'RES' || field === 'ALG' || field === 'PBUF' || field === 'BALG' || field === 'N')) reset(rec);
  },
  process(rec) {
    const reading = rec.links.spec('INP').kind === 'pv' ? rec.links.read('INP') : undefined;
    // dbGetLink as DBR_DOUBLE: text that is no number fails it, with the link's alarm.
    // Through CA the error is ignored (caStoredReading; the elements that fail read as 0 here,
    // where EPICS leaves the previous input's in its buffer).
    const converted =
      reading === undefined || reading.value.length === 0
        ? undefined
        : rec.links.status('INP') !== 'local'
          ? (caStoredReading(FTYPE_DOUBLE, reading.value.length, reading, new Float64Array(0)) as Float64Array)
          : convertedReading(rec, 'INP', () => convertArray(reading.value, reading.type, NativeType.DOUBLE, DEFAULT_TEXT) as Float64Array);
    let complete = true;
    if (converted === undefined) {
      rec.setSevr(AlarmStatus.LINK, AlarmSeverity.INVALID);
    } else {
      const input = Float64Array.from(converted);
      const alg = rec.num('ALG');
      if (alg === ARRAY_AVERAGE) complete = arrayAverage(rec, input);
      else if (alg === CIRCULAR) putValues(rec, input);
      else if (input.length > 1) complete = compressArray(rec, input);
      else complete = compressScalar(rec, input[0]);
    }
    if (!complete) return;
    rec.setQuiet('UDF', 0);
    rec.stampTime();
    const alarm = rec.resetAlarms();
    const mask = alarm | Dbe.VALUE | Dbe.LOG;
    if (alarm !== 0 || rec.num('NUSE') !== rec.num('OUSE')) {
      rec.post('NUSE', mask);
      rec.setQuiet('OUSE', rec.num('NUSE'));
    }
    rec.post('VAL', mask);
    rec.links.forward();
  },
  valueFromNative: (rec, f, value: NativeArray, from) => {
    if (f.name !== 'VAL') return undefined;
    // A FIFO put appends (put_array_info); a LIFO buffer is read-only (cvt_dbaddr).
    if (!fifo(rec)) throw new Error('a LIFO compress buffer cannot be written');
    const values = convertArray(value, from, NativeType.DOUBLE, { precision: 6, enumStrings: [] }) as Float64Array;
    const s = stateOf(rec);
    const n = nsam(rec);
    const off = rec.num('OFF');
    const count = Math.min(values.length, n);
    for (let i = 0; i < count; i++) s.buffer[(off + i) % n] = values[i];
    rec.setQuiet('OFF', (off + count) % n);
    const before = rec.num('NUSE');
    rec.setQuiet('NUSE', Math.min(n, before + count));
    if (rec.num('NUSE') !== before) rec.post('NUSE', Dbe.VALUE | Dbe.LOG);
    return new Float64Array(0);
  },
  writable: (rec, f) => (f.name === 'VAL' ? fifo(rec) : undefined),
  rangeLimits: true,
  nativeValue: (rec, f) => (f.name === 'VAL' ? { value: compressValue(rec), type: NativeType.DOUBLE } : undefined),
  shape: (rec, f) => (f.name === 'VAL' ? { type: NativeType.DOUBLE, count: nsam(rec) } : undefined),
  metadata: compressMetadata,
};
