/**
 * subArray (subArrayRecord.c, devSASoft.c): reads up to INDX + NELM elements (at most MALM)
 * of FTVL from INP and keeps NELM of them from index INDX on; NORD is how many it got.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { AlarmStatus, type NativeArray, NativeType } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import { arrayUnitsAndPrecision, caStoredReading, limitFtvl, convertedReading, ftvlNative, toPutArray, toStoredArrayOf } from './arrays.js';
import type { RecordSupport } from './support.js';

const malm = (rec: EpicsRecord): number => Math.max(1, rec.num('MALM'));

/** subset(): the NELM elements from INDX of the `n` read (none when INDX is beyond them). */
function subset(rec: EpicsRecord, source: NativeArray, n: number): void {
  const count = Math.max(0, Math.min(n - rec.num('INDX'), rec.num('NELM')));
  const part = source.slice(rec.num('INDX'), rec.num('INDX') + count) as NativeArray;
  rec.setQuiet('VAL', toStoredArrayOf(rec.num('FTVL'), malm(rec), part, ftvlNative(rec)));
  rec.setQuiet('NORD', count);
  rec.setQuiet('UDF', 0);
}

/** Reads INP: at most INDX + NELM (and MALM) elements of FTVL; false when nothing came. */
function readInput(rec: EpicsRecord): boolean {
  const limit = Math.min(rec.num('INDX') + rec.num('NELM'), malm(rec));
  const spec = rec.links.spec('INP');
  if (spec.kind === 'none') {
    // read_sa: an empty INP "reads" the NORD elements VAL holds (a client's put), and subset()
    // then keeps NELM of them from INDX on.
    const held = rec.v.VAL as NativeArray;
    subset(rec, held, Math.min(rec.num('NORD'), held.length));
    return true;
  }
  let source: NativeArray;
  if (spec.kind === 'constant') {
    const values = Array.isArray(spec.value) ? spec.value : [spec.value];
    const strings = values.some((v) => typeof v === 'string');
    source = toStoredArrayOf(rec.num('FTVL'), limit, strings ? values.map(String) : Float64Array.from(values as number[]), strings ? NativeType.STRING : NativeType.DOUBLE);
  } else {
    const reading = ftvlNative(rec) === NativeType.STRING ? rec.links.readText('INP') : rec.links.read('INP');
    if (reading === undefined) return false;
    const stored =
      rec.links.status('INP') !== 'local'
        ? caStoredReading(rec.num('FTVL'), limit, reading, rec.v.VAL as NativeArray)
        : convertedReading(rec, 'INP', () => toStoredArrayOf(rec.num('FTVL'), limit, reading.value, reading.type));
    if (stored === undefined) return false;
    source = stored;
  }
  subset(rec, source, source.length);
  return true;
}

export const subArraySupport: RecordSupport = {
  type: 'subArray',
  initialValue: () => new Float64Array(0),
  init(rec) {
    limitFtvl(rec);
    if (rec.num('MALM') <= 0) rec.setQuiet('MALM', 1);
    // init_record keeps NELM inside MALM; INDX is only kept inside by a processing (readValue).
    if (rec.num('NELM') > malm(rec)) rec.setQuiet('NELM', malm(rec));
    rec.setQuiet('VAL', toStoredArrayOf(rec.num('FTVL'), malm(rec), new Float64Array(0), NativeType.DOUBLE));
    rec.setQuiet('NORD', 0);
    if (rec.links.spec('INP').kind === 'constant') readInput(rec);
  },
  process(rec) {
    const oldNord = rec.num('NORD');
    // readValue() keeps NELM and INDX inside MALM (the rset has no special(): a put to either
    // keeps its value until the record processes, as when it is disabled).
    if (rec.num('NELM') > malm(rec)) rec.setQuiet('NELM', malm(rec));
    if (rec.num('INDX') >= malm(rec)) rec.setQuiet('INDX', malm(rec) - 1);
    // readValue(): no element read (NORD 0) is a failure too: UDF and a UDF alarm.
    const ok = readInput(rec) && rec.num('NORD') > 0;
    rec.stampTime();
    rec.setQuiet('UDF', ok ? 0 : 1);
    if (!ok) rec.setSevr(AlarmStatus.UDF, rec.num('UDFS'));
    if (rec.num('NORD') !== oldNord) rec.post('NORD', Dbe.VALUE | Dbe.LOG);
    const mask = rec.resetAlarms() | Dbe.VALUE | Dbe.LOG;
    rec.post('VAL', mask);
    rec.links.forward();
  },
  valueFromNative: (rec, f, value, from) => {
    if (f.name !== 'VAL') return undefined;
    const stored = toPutArray(rec, 'VAL', rec.num('FTVL'), malm(rec), value, from);
    // put_array_info: NORD posted when the put changed it.
    rec.set('NORD', stored.length, Dbe.VALUE | Dbe.LOG);
    return stored;
  },
  nativeValue: (rec, f) => {
    if (f.name !== 'VAL') return undefined;
    // get_array_info: no elements while UDF.
    const value = rec.get('VAL') as NativeArray;
    return { value: (rec.num('UDF') !== 0 ? value.slice(0, 0) : value.slice(0, rec.num('NORD'))) as NativeArray, type: ftvlNative(rec) };
  },
  shape: (rec, f) => (f.name === 'VAL' ? { type: ftvlNative(rec), count: malm(rec) } : undefined),
  rangeLimits: true,
  metadata: (rec, field) => {
    const m = malm(rec);
    const meta = arrayUnitsAndPrecision(rec, field);
    switch (field) {
      case 'VAL': return { ...meta, upperDisplay: rec.num('HOPR'), lowerDisplay: rec.num('LOPR'), upperControl: rec.num('HOPR'), lowerControl: rec.num('LOPR') };
      case 'INDX': return { ...meta, upperDisplay: m - 1, lowerDisplay: 0, upperControl: m - 1, lowerControl: 0 };
      case 'NELM': return { ...meta, upperDisplay: m, lowerDisplay: 0, upperControl: m, lowerControl: 1 };
      case 'NORD': return { ...meta, upperDisplay: m, lowerDisplay: 0, upperControl: m, lowerControl: 0 };
      case 'BUSY': return { ...meta, upperDisplay: 1, lowerDisplay: 0, upperControl: 1, lowerControl: 0 };
      default: return meta;
    }
  },
};
