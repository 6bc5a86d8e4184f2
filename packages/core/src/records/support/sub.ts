/**
 * sub and aSub (subRecord.c, aSubRecord.c): read the inputs, call the TypeScript function
 * registered under SNAM (INAM once at init), then check alarms (sub) or write OUTA…OUTU
 * (aSub) and post what changed. An unregistered name fails the load naming the field.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import { convertArray, toNativeArray } from '../../ca/protocol/dbr/index.js';
import { AlarmSeverity, AlarmStatus, type NativeArray, NativeType, type PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { FieldDef } from '../fields/field-def.js';
import type { EpicsRecord } from '../record.js';
import { RecordFieldError } from '../record.js';
import { ftypeNative, toPutArray, toStoredArrayOf } from './arrays.js';
import { SUB_RSET, analogMetadata } from './analog-metadata.js';
import { checkLimitAlarms, deadbandExceeded, initConstantLink, readNumber, readString } from './common.js';
import { type Subroutine, type SubroutineRecord, findSubroutine, registeredSubroutines } from './subroutines.js';
import type { RecordSupport } from './support.js';

const SUB_INPUTS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'];
// Each input's link and last-value field named once: a name made at each processing is a new
// string, which every look-up must first find in V8's string table (as sel's were).
const SUB_LINKS = SUB_INPUTS.map((name) => `INP${name}`);
const SUB_LAST = SUB_INPUTS.map((name) => `L${name}`);

function lookUp(rec: EpicsRecord, field: 'SNAM' | 'INAM'): Subroutine {
  const name = rec.str(field);
  const fn = findSubroutine(name);
  if (fn === undefined) {
    const known = registeredSubroutines();
    throw new RecordFieldError(rec.name, field, `subroutine "${name}" is not registered (registerSubroutine(name, fn); registered: ${known.length === 0 ? 'none' : known.join(', ')})`);
  }
  return fn;
}

/** The record as its subroutine sees it. */
function facade(rec: EpicsRecord): SubroutineRecord {
  return {
    name: rec.name,
    get: (field) => rec.get(field),
    num: (field) => rec.num(field),
    set: (field, value) => rec.configureValue(field, value),
  };
}

/**
 * Runs the subroutine: `done(status)` gets its status at once, or after the Promise settles
 * (the record is then asynchronous). A throw counts as status -1.
 */
function call(rec: EpicsRecord, fn: Subroutine, done: (status: number) => void): void {
  let result: ReturnType<Subroutine>;
  try {
    result = fn(facade(rec));
  } catch (err) {
    rec.host.warn(rec, `subroutine ${rec.str('SNAM')} failed: ${(err as Error).message}`);
    done(-1);
    return;
  }
  if (!(result instanceof Promise)) {
    done(typeof result === 'number' ? result : 0);
    return;
  }
  rec.beginAsync();
  result.then(
    (status) => rec.endAsync(() => done(typeof status === 'number' ? status : 0)),
    (err: unknown) => {
      rec.host.warn(rec, `subroutine ${rec.str('SNAM')} failed: ${(err as Error).message}`);
      rec.endAsync(() => done(-1));
    },
  );
}

function monitorSub(rec: EpicsRecord): void {
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
  for (let i = 0; i < SUB_INPUTS.length; i++) {
    const name = SUB_INPUTS[i] as string;
    const last = SUB_LAST[i] as string;
    if (!(rec.num(name) === rec.num(last))) {
      rec.post(name, mask | Dbe.VALUE | Dbe.LOG);
      rec.setQuiet(last, rec.num(name));
    }
  }
}

export const subSupport: RecordSupport = {
  type: 'sub',
  init(rec) {
    for (const name of SUB_INPUTS) initConstantLink(rec, `INP${name}`, name);
    if (rec.str('INAM') !== '') void lookUp(rec, 'INAM')(facade(rec));
    if (rec.str('SNAM') !== '') lookUp(rec, 'SNAM');
    else {
      // subRecord.c init_record: an empty SNAM leaves the record active (PACT reads 1) for
      // good, so it never processes (PINI, scans and puts do nothing) until SNAM names a
      // subroutine; it says so.
      rec.host.warn(rec, 'SNAM is empty');
      rec.holdActive(true);
    }
    // Only then does init_record go on to MLST, ALST and LALM (0 otherwise, as softIoc shows).
    if (rec.str('SNAM') === '') return;
    rec.setQuiet('MLST', rec.num('VAL'));
    rec.setQuiet('ALST', rec.num('VAL'));
    rec.setQuiet('LALM', rec.num('VAL'));
  },
  special(rec, field, after) {
    if (field !== 'SNAM') return;
    // subRecord.c special(): before the put a held record is let go (RPRO cleared), after it
    // held again while SNAM is still empty.
    if (!after) {
      if (rec.str('SNAM') === '' && rec.pact) {
        rec.holdActive(false);
        rec.rpro = false;
      }
      return;
    }
    if (rec.str('SNAM') !== '') {
      lookUp(rec, 'SNAM');
      return;
    }
    rec.host.warn(rec, 'SNAM is empty');
    rec.holdActive(true);
  },
  process(rec) {
    let fetched = true;
    for (let i = 0; i < SUB_INPUTS.length; i++) {
      const link = SUB_LINKS[i] as string;
      if (rec.links.spec(link).kind !== 'pv') continue;
      const v = readNumber(rec, link);
      if (v === undefined) fetched = false;
      else rec.setQuiet(SUB_INPUTS[i] as string, v);
    }
    const finish = (): void => {
      rec.stampTime();
      checkLimitAlarms(rec, rec.num('VAL'));
      monitorSub(rec);
      rec.links.forward();
    };
    const fn = rec.str('SNAM') === '' ? undefined : findSubroutine(rec.str('SNAM'));
    if (!fetched) {
      finish();
      return;
    }
    if (fn === undefined) {
      rec.setSevr(AlarmStatus.BAD_SUB, AlarmSeverity.INVALID);
      finish();
      return;
    }
    call(rec, fn, (status) => {
      if (status < 0) {
        rec.setSevr(AlarmStatus.SOFT, rec.num('BRSV'));
        rec.reportFailure('SNAM');
      } else rec.setQuiet('UDF', Number.isNaN(rec.num('VAL')) ? 1 : 0);
      finish();
    });
  },
  rangeLimits: true,
  metadata: analogMetadata(SUB_RSET),
};

// ------------------------------------------------------------------------------------ aSub

export const ASUB_LETTERS = 'ABCDEFGHIJKLMNOPQRSTU'.split('');

/** The array shape fields of an aSub argument field (A…U, VALA…VALU), if it is one. */
function argumentOf(field: string): { ft: string; no: string; ne: string } | undefined {
  if (field.length === 1 && ASUB_LETTERS.includes(field)) return { ft: `FT${field}`, no: `NO${field}`, ne: `NE${field}` };
  if (/^VAL[A-U]$/.test(field)) {
    const l = field[3];
    return { ft: `FTV${l}`, no: `NOV${l}`, ne: `NEV${l}` };
  }
  return undefined;
}

const maxOf = (rec: EpicsRecord, no: string): number => Math.max(1, rec.num(no));

function storeArgument(rec: EpicsRecord, field: string, value: NativeArray, from: NativeType): NativeArray {
  const arg = argumentOf(field)!;
  const stored = toPutArray(rec, field, rec.num(arg.ft), maxOf(rec, arg.no), value, from);
  rec.setQuiet(arg.ne, stored.length);
  return stored;
}

/** A JS value (number, array, typed array, string) as a native array. */
function jsToArray(value: unknown): { value: NativeArray; type: NativeType } {
  if (typeof value === 'string') return { value: [value], type: NativeType.STRING };
  if (Array.isArray(value) && value.some((v) => typeof v === 'string')) return { value: value.map(String), type: NativeType.STRING };
  return { value: toNativeArray(NativeType.DOUBLE, value), type: NativeType.DOUBLE };
}

const arrayKey = (a: NativeArray): string => (Array.isArray(a) ? a.join('\u0000') : Array.from(a as ArrayLike<number>).join(','));

function monitorASub(rec: EpicsRecord): void {
  const mask = rec.resetAlarms() | Dbe.VALUE | Dbe.LOG;
  if (rec.num('VAL') !== rec.num('OVAL')) {
    rec.post('VAL', mask);
    rec.setQuiet('OVAL', rec.num('VAL'));
  }
  const eflg = rec.num('EFLG');
  const old = (rec.state.ovl ??= new Map<string, string>()) as Map<string, string>;
  for (const l of ASUB_LETTERS) {
    const val = `VAL${l}`;
    if (eflg === 2) {
      rec.post(val, mask);
      rec.post(`NEV${l}`, mask);
    } else if (eflg === 1) {
      const key = arrayKey(rec.get(val) as NativeArray);
      if (old.get(val) !== key) {
        old.set(val, key);
        rec.post(val, mask);
        if (rec.num(`NEV${l}`) !== rec.num(`ONV${l}`)) {
          rec.setQuiet(`ONV${l}`, rec.num(`NEV${l}`));
          rec.post(`NEV${l}`, mask);
        }
      }
    }
  }
}

/** aSubRecord.c get_units/get_precision/get_graphic_double: A…U from INPx, VALA…VALU from OUTx. */
function aSubMetadata(rec: EpicsRecord, field: string): Partial<PvMetadata> {
  const floating = rec.field(field)?.dbf === 'DBF_DOUBLE';
  const letter = field.length === 1 && ASUB_LETTERS.includes(field) ? field : /^VAL[A-U]$/.test(field) ? field[3] : undefined;
  if (letter === undefined) return { precision: floating ? rec.num('PREC') : 0, lowerDisplay: 0, upperDisplay: 0 };
  const source = rec.links.metadata(field.length === 1 ? `INP${letter}` : `OUT${letter}`);
  if (source === undefined) return { precision: rec.num('PREC'), lowerDisplay: 0, upperDisplay: 0 };
  return { units: source.units, precision: source.precision, lowerDisplay: source.lowerDisplay, upperDisplay: source.upperDisplay };
}

export const aSubSupport: RecordSupport = {
  type: 'aSub',
  initialValue: () => new Float64Array(1),
  init(rec) {
    for (const l of ASUB_LETTERS) {
      for (const field of [l, `VAL${l}`]) {
        const arg = argumentOf(field)!;
        const current = rec.get(field) as NativeArray;
        const stored = toStoredArrayOf(rec.num(arg.ft), maxOf(rec, arg.no), current.length === 0 ? Float64Array.of(0) : current, current instanceof Float64Array ? NativeType.DOUBLE : ftypeNative(rec.num(arg.ft)));
        // Arrays start zero-filled, NOx elements long (EPICS callocs them).
        const full = toStoredArrayOf(rec.num(arg.ft), maxOf(rec, arg.no), new Float64Array(maxOf(rec, arg.no)), NativeType.DOUBLE);
        if (!Array.isArray(full) && !Array.isArray(stored)) (full as Float64Array).set(stored as Float64Array);
        rec.setQuiet(field, Array.isArray(full) ? full.map(() => '') : full);
        rec.setQuiet(arg.ne, maxOf(rec, arg.no)); // initFields: NEx = NOx
      }
      const spec = rec.links.spec(`INP${l}`);
      if (spec.kind === 'constant') {
        const values = Array.isArray(spec.value) ? spec.value : [spec.value];
        const { value, type } = jsToArray(values);
        rec.setQuiet(l, storeArgument(rec, l, value, type));
      }
    }
    if (rec.links.spec('SUBL').kind === 'constant') initConstantLink(rec, 'SUBL', 'SNAM');
    if (rec.str('INAM') !== '') void lookUp(rec, 'INAM')(facade(rec));
    if (rec.num('LFLG') === 0 && rec.str('SNAM') !== '') lookUp(rec, 'SNAM');
    rec.setQuiet('ONAM', rec.str('SNAM'));
    rec.setQuiet('OVAL', rec.num('VAL'));
    const old = new Map<string, string>();
    for (const l of ASUB_LETTERS) {
      rec.setQuiet(`ONV${l}`, rec.num(`NEV${l}`));
      old.set(`VAL${l}`, arrayKey(rec.get(`VAL${l}`) as NativeArray));
    }
    rec.state.ovl = old;
  },
  process(rec) {
    let status = 0;
    if (rec.num('LFLG') === 1) {
      const name = readString(rec, 'SUBL');
      if (name !== undefined) rec.setQuiet('SNAM', name);
      if (rec.str('SNAM') !== '' && findSubroutine(rec.str('SNAM')) === undefined) status = -1;
      rec.setQuiet('ONAM', rec.str('SNAM'));
    }
    for (const l of ASUB_LETTERS) {
      if (status !== 0 || rec.links.spec(`INP${l}`).kind !== 'pv') continue;
      const reading = rec.links.read(`INP${l}`);
      if (reading === undefined) status = -1;
      else rec.setQuiet(l, storeArgument(rec, l, reading.value, reading.type));
    }
    const finish = (code: number): void => {
      rec.stampTime();
      if (code === 0) {
        for (const l of ASUB_LETTERS) {
          const out = `OUT${l}`;
          if (rec.links.spec(out).kind !== 'pv') continue;
          const value = rec.get(`VAL${l}`) as NativeArray;
          const n = Math.min(value.length, rec.num(`NEV${l}`));
          rec.links.write(out, value.slice(0, n) as NativeArray, ftypeNative(rec.num(`FTV${l}`)));
        }
      }
      monitorASub(rec);
      rec.links.forward();
    };
    if (status !== 0) {
      finish(status);
      return;
    }
    if (rec.str('SNAM') === '') {
      rec.setQuiet('VAL', 0);
      finish(0);
      return;
    }
    const fn = findSubroutine(rec.str('SNAM'));
    if (fn === undefined) {
      rec.setSevr(AlarmStatus.BAD_SUB, AlarmSeverity.INVALID);
      finish(-1);
      return;
    }
    call(rec, fn, (code) => {
      if (code < 0) rec.setSevr(AlarmStatus.SOFT, rec.num('BRSV'));
      else rec.setQuiet('UDF', 0);
      rec.setQuiet('VAL', code);
      finish(code);
    });
  },
  valueFromNative: (rec, f, value, from) => (argumentOf(f.name) !== undefined ? storeArgument(rec, f.name, value, from) : undefined),
  valueFromJs: (rec, f, value) => {
    if (argumentOf(f.name) === undefined) return undefined;
    const { value: v, type } = jsToArray(value);
    return storeArgument(rec, f.name, v, type);
  },
  jsToNative: (_rec, f, value) => (argumentOf(f.name) !== undefined ? jsToArray(value) : undefined),
  nativeValue: (rec, f: FieldDef) => {
    const arg = argumentOf(f.name);
    if (arg === undefined) return undefined;
    const type = ftypeNative(rec.num(arg.ft));
    const value = rec.get(f.name) as NativeArray;
    // Served with NEx elements (get_array_info).
    const n = Math.min(value.length, rec.num(arg.ne));
    return { value: convertArray(value.slice(0, n) as NativeArray, type, type, { precision: 6, enumStrings: [] }), type };
  },
  shape: (rec, f) => {
    const arg = argumentOf(f.name);
    return arg === undefined ? undefined : { type: ftypeNative(rec.num(arg.ft)), count: maxOf(rec, arg.no) };
  },
  // get_control_double is recGbl's for every field; get_graphic_double only answers for A…U and
  // VALA…VALU (from their links), leaving other fields at 0…0.
  rangeLimits: true,
  metadata: aSubMetadata,
};
