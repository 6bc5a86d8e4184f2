/**
 * The record builders of a model: DevIOC's ten types with its names and defaults (Enum,
 * BinaryInput, BinaryOutput, Toggle, Integer, Float, String, Array, Calc, CalcOut), and the
 * input records DevIOC never had (Ai, Bi, Longin, Stringin, Mbbi), plus Record for any type.
 */
import { CalcSyntaxError, compileCalc } from '../calc/index.js';
import { recordType } from '../records/types/index.js';
import { STATE_PREFIXES } from '../records/support/binary.js';
import type { FieldDef } from '../records/fields/field-def.js';
import { arrayCodec, charArrayStringCodec, numberCodec, rawValueCodec, stateIndexCodec, stringCodec } from './codecs.js';
import { type HandleOptions, RecordHandle, type ValueCodec, handleOptionsOf } from './handle.js';

export class ModelDefinitionError extends Error {
  override name = 'ModelDefinitionError';
}

type Severity = 'NO_ALARM' | 'MINOR' | 'MAJOR' | 'INVALID';

/** Options every record takes. */
export interface CommonOptions<T> extends HandleOptions<T> {
  /** DESC: up to 40 characters. */
  desc?: string;
  /** SCAN: "Passive", "Event", ".1 second" … "10 second" ("I/O Intr" is made Passive, as softIoc's scanAdd does without device support for it). */
  scan?: string;
  /** PINI: process once at start. */
  pini?: boolean;
  /** FLNK: a record to process after this one. */
  flnk?: string;
  /** Any other EPICS field by name (DevIOC's add_field), e.g. `{ ASG: 'OPERATOR' }`. */
  fields?: Record<string, string | number>;
}

/** Alarm limits and deadbands of numeric records. */
export interface AlarmOptions {
  hihi?: number;
  high?: number;
  low?: number;
  lolo?: number;
  hhsv?: Severity;
  hsv?: Severity;
  lsv?: Severity;
  llsv?: Severity;
  hyst?: number;
  /** Monitor deadband: post value changes larger than this (negative: every processing). */
  mdel?: number;
  /** Archive deadband. */
  adel?: number;
}

type Field = [string, unknown];

/**
 * A field value standing for the record's name, for defaults that repeat it (a Toggle's
 * ZNAM): the name may only be known when the model names the record after its attribute.
 */
export const RECORD_NAME: unique symbol = Symbol('record name');

/**
 * A builder's arguments: `(name, options)`, or `(options)` alone, when the record takes its
 * name from the attribute it is declared as (`toggle = models.Toggle()` is "toggle").
 */
export function named<O>(nameOrOptions: string | O | undefined, options: O | undefined): [string, O] {
  if (typeof nameOrOptions === 'string') return [nameOrOptions, options ?? ({} as O)];
  return ['', nameOrOptions ?? options ?? ({} as O)];
}

export function common<T>(opts: CommonOptions<T>, fields: Field[]): Field[] {
  const out: Field[] = [];
  if (opts.desc !== undefined) out.push(['DESC', opts.desc]);
  out.push(...fields);
  if (opts.scan !== undefined) out.push(['SCAN', opts.scan]);
  if (opts.pini !== undefined) out.push(['PINI', opts.pini ? 'YES' : 'NO']);
  if (opts.flnk !== undefined) out.push(['FLNK', opts.flnk]);
  for (const [k, v] of Object.entries(opts.fields ?? {})) out.push([k.toUpperCase(), v]);
  return out;
}

export function alarms(opts: AlarmOptions): Field[] {
  const pairs: [keyof AlarmOptions, string][] = [
    ['hihi', 'HIHI'], ['high', 'HIGH'], ['low', 'LOW'], ['lolo', 'LOLO'],
    ['hhsv', 'HHSV'], ['hsv', 'HSV'], ['lsv', 'LSV'], ['llsv', 'LLSV'],
    ['hyst', 'HYST'], ['mdel', 'MDEL'], ['adel', 'ADEL'],
  ];
  return pairs.filter(([k]) => opts[k] !== undefined).map(([k, f]) => [f, opts[k]]);
}

const fieldMaps = new Map<string, ReadonlyMap<string, FieldDef>>();

/** A record type's fields by name, built once per type. */
function fieldsOf(type: string): ReadonlyMap<string, FieldDef> {
  let map = fieldMaps.get(type);
  if (map === undefined) {
    map = new Map(recordType(type).fields.map((f) => [f.name, f]));
    fieldMaps.set(type, map);
  }
  return map;
}

/** How an eager check names a record: by its name, or by its kind until its attribute names it. */
export const label = (name: string, kind: string): string => (name === '' ? `a ${kind} record` : `record "${name}"`);

const hasMacro = (v: unknown): boolean => typeof v === 'string' && /\$[({]/.test(v);

/**
 * Checks what can be checked when the model class is defined, so that a mistake is reported
 * at once with the record's name (DevIOC let softIoc silently reject the whole database).
 */
function validate(type: string, name: string, fields: Field[]): void {
  const fail = (message: string): never => {
    throw new ModelDefinitionError(`record "${name}" (${type}): ${message}`);
  };
  checkRecordName(name, fail);
  const known = fieldsOf(type);
  for (const [field, value] of fields) {
    const f = known.get(field);
    if (f === undefined) throw new ModelDefinitionError(`record "${name}" (${type}): unknown field ${field} for a ${type} record`);
    if (f.dbf === 'DBF_STRING' && typeof value === 'string' && !hasMacro(value) && f.size !== undefined && Buffer.byteLength(value) > f.size - 1) {
      fail(`${field} is ${Buffer.byteLength(value)} characters; EPICS allows ${f.size - 1}`);
    }
    if ((field === 'CALC' || field === 'OCAL') && typeof value === 'string' && !hasMacro(value) && !(field === 'OCAL' && value === '')) {
      try {
        compileCalc(value);
      } catch (err) {
        if (err instanceof CalcSyntaxError) fail(`bad ${field} expression "${value}": ${err.message}`);
        throw err;
      }
    }
  }
}

/** What a record name may not be or hold (spaces, quotes, "."), naming the culprit. */
export function checkRecordName(name: string, fail: (message: string) => never): void {
  if (name.trim() === '') fail('a record needs a name');
  if (/[\s"'.]/.test(name) && !hasMacro(name)) fail(`record names cannot contain spaces, quotes or "." ("${name}")`);
}

export function declare<T, P>(type: string, name: string, fields: Field[], codec: ValueCodec<T, P>, options: HandleOptions<T>): RecordHandle<T, P> {
  // A named record is checked now; one named after its attribute when the model names it
  // (at start), so that the message can say which record it is.
  if (name !== '') validate(type, name, fields);
  const handle = new RecordHandle<T, P>({ type, name, fields }, codec, handleOptionsOf(options));
  if (name === '') handle.onNamed((attribute) => validate(type, attribute, fields));
  return handle;
}

// ------------------------------------------------------------------ states


/** Choices: a list of state names, or a map of names to raw values (a TypeScript enum). */
export type Choices = readonly string[] | Readonly<Record<string, number | string>>;

/** Names and raw values of choices; a TS numeric enum's reverse entries are skipped. */
function statesOf(name: string, choices: Choices): { names: string[]; values: number[] | undefined } {
  if (Array.isArray(choices)) return { names: [...choices], values: undefined };
  const entries = Object.entries(choices).filter(([k, v]) => typeof v === 'number' && !/^\d+$/.test(k)) as [string, number][];
  if (entries.length === 0) throw new ModelDefinitionError(`${label(name, 'choice')}: choices must be a list of names or a map of names to numbers`);
  // As DevIOC does for Python enums: underscores in member names become spaces.
  return { names: entries.map(([k]) => k.replace(/_/g, ' ')), values: entries.map(([, v]) => v) };
}

function stateFields(recordName: string, names: readonly string[], values?: readonly number[]): Field[] {
  if (names.length > 16) throw new ModelDefinitionError(`${label(recordName, 'multi-state')}: ${names.length} states; EPICS allows at most 16`);
  const out: Field[] = [];
  names.forEach((state, i) => {
    if (Buffer.byteLength(state) > 25) throw new ModelDefinitionError(`${label(recordName, 'multi-state')}: state "${state}" is longer than 25 characters`);
    out.push([`${STATE_PREFIXES[i]}VL`, values?.[i] ?? i], [`${STATE_PREFIXES[i]}ST`, state]);
  });
  return out;
}

const enumCodec = (values?: readonly number[]): ValueCodec<number, number | string> =>
  values === undefined ? stateIndexCodec : rawValueCodec(values);

// ------------------------------------------------------------------ DevIOC's ten types

export interface EnumOptions extends CommonOptions<number> {
  /** State names, or a map of names to raw values. Default ["OFF", "ON"]. */
  choices?: Choices;
  /** Initial state (index, or raw value for map choices). */
  default?: number;
  out?: string;
}

/** An mbbo: a value chosen from up to 16 named states. */
export function Enum(nameOrOptions?: string | EnumOptions, options?: EnumOptions): RecordHandle<number, number | string> {
  const [name, opts] = named<EnumOptions>(nameOrOptions, options);
  const { names, values } = statesOf(name, opts.choices ?? ['OFF', 'ON']);
  // VAL goes through the value codec at start: an index for a list, a raw value for a map.
  const initial = opts.default ?? (values !== undefined ? values[0] : 0);
  const fields = common(opts, [...stateFields(name, names, values), ['OUT', opts.out ?? ''], ['VAL', initial]]);
  return declare('mbbo', name, fields, enumCodec(values), opts);
}

export interface BinaryOptions extends CommonOptions<number> {
  default?: number;
  /** SHFT (kept for DevIOC parity; soft channel device support ignores it, as in EPICS). */
  shift?: number;
}

export type BinaryInputOptions = BinaryOptions & { inp?: string };

/** An mbbiDirect: a 32-bit word with each bit as a field (B0…B1F). */
export function BinaryInput(nameOrOptions?: string | BinaryInputOptions, options?: BinaryInputOptions): RecordHandle<number, number> {
  const [name, opts] = named<BinaryInputOptions>(nameOrOptions, options);
  const fields = common(opts, [['VAL', opts.default ?? 0], ['INP', opts.inp ?? ''], ['SHFT', opts.shift ?? 0]]);
  return declare('mbbiDirect', name, fields, numberCodec, opts);
}

export type BinaryOutputOptions = BinaryOptions & { out?: string };

/** An mbboDirect: a 32-bit word written from the value or bit by bit. */
export function BinaryOutput(nameOrOptions?: string | BinaryOutputOptions, options?: BinaryOutputOptions): RecordHandle<number, number> {
  const [name, opts] = named<BinaryOutputOptions>(nameOrOptions, options);
  const fields = common(opts, [['VAL', opts.default ?? 0], ['OUT', opts.out ?? ''], ['SHFT', opts.shift ?? 0]]);
  return declare('mbboDirect', name, fields, numberCodec, opts);
}

export interface ToggleOptions extends CommonOptions<number> {
  /** Seconds before a 1 returns to 0 by itself; 0 latches. Default 0.1 (DevIOC's). */
  high?: number;
  /** State names; DevIOC's defaults are the record name and "". */
  zname?: string;
  oname?: string;
  out?: string;
}

/** A bo command button: a put of 1 returns to 0 after HIGH seconds. */
export function Toggle(nameOrOptions?: string | ToggleOptions, options?: ToggleOptions): RecordHandle<number, number | boolean | string> {
  const [name, opts] = named<ToggleOptions>(nameOrOptions, options);
  const fields = common(opts, [['ZNAM', opts.zname ?? (name === '' ? RECORD_NAME : name)], ['ONAM', opts.oname ?? ''], ['HIGH', opts.high ?? 0.1], ['OUT', opts.out ?? '']]);
  return declare('bo', name, fields, numberCodec as ValueCodec<number, number | boolean | string>, opts);
}

export interface StringOptions extends CommonOptions<string> {
  /** Longest text; up to 39 a stringout, above a char waveform of that length. Default 20. */
  maxLength?: number;
  default?: string;
}

/** Text: a stringout (up to 39 characters) or, for longer text, a char waveform. */
export function String_(nameOrOptions?: string | StringOptions, options?: StringOptions): RecordHandle<string, string> {
  const [name, opts] = named<StringOptions>(nameOrOptions, options);
  const max = opts.maxLength ?? 20;
  const where = label(name, 'String');
  if (!Number.isInteger(max) || max < 1) throw new ModelDefinitionError(`${where}: maxLength must be a positive integer`);
  const tooLong = (text: string): string | undefined => {
    const length = Buffer.byteLength(text);
    return length > max ? `"${text.length > 40 ? `${text.slice(0, 37)}...` : text}" is ${length} characters; maxLength is ${max}` : undefined;
  };
  if (opts.default !== undefined && tooLong(opts.default) !== undefined) throw new ModelDefinitionError(`${where}: default ${tooLong(opts.default)}`);
  // Text longer than maxLength is refused, from the application and from clients alike,
  // rather than cut short without a word.
  const limited: StringOptions = {
    ...opts,
    validate: (text) => {
      const problem = tooLong(text);
      if (problem !== undefined) throw new RangeError(problem);
      opts.validate?.(text);
    },
  };
  const codecOf = (codec: ValueCodec<string, string>): ValueCodec<string, string> => ({
    ...codec,
    toPut: (text, record) => {
      const problem = tooLong(text);
      if (problem !== undefined) throw new RangeError(`${record.name}: ${problem}`);
      return codec.toPut(text, record);
    },
  });
  // DevIOC made a 39-character stringout for maxLength 40; anything from 40 up is a waveform.
  if (max <= 39) {
    const fields = common(opts, [['VAL', opts.default ?? ' ']]);
    return declare('stringout', name, fields, codecOf(stringCodec), limited);
  }
  const fields = common(opts, [['FTVL', 'CHAR'], ['NELM', max]]);
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('waveform', name, fields, codecOf(charArrayStringCodec), limited);
}

export interface NumberOptions extends CommonOptions<number>, AlarmOptions {
  /** Upper display and drive limit (HOPR, DRVH); equal limits mean none. */
  maxVal?: number;
  minVal?: number;
  default?: number;
  units?: string;
}

/** A longout: an integer with drive limits. */
export function Integer(nameOrOptions?: string | NumberOptions, options?: NumberOptions): RecordHandle<number, number | boolean> {
  const [name, opts] = named<NumberOptions>(nameOrOptions, options);
  const max = opts.maxVal ?? 0;
  const min = opts.minVal ?? 0;
  const fields = common(opts, [['HOPR', max], ['LOPR', min], ['DRVH', max], ['DRVL', min], ['VAL', opts.default ?? 0], ['EGU', opts.units ?? ''], ...alarms(opts)]);
  return declare('longout', name, fields, numberCodec, opts);
}

export type FloatOptions = NumberOptions & { prec?: number };

/** An ao: a floating-point value with drive limits and a display precision. */
export function Float(nameOrOptions?: string | FloatOptions, options?: FloatOptions): RecordHandle<number, number | boolean> {
  const [name, opts] = named<FloatOptions>(nameOrOptions, options);
  const max = opts.maxVal ?? 0;
  const min = opts.minVal ?? 0;
  const fields = common(opts, [
    ['DRVH', max], ['DRVL', min], ['HOPR', max], ['LOPR', min], ['PREC', opts.prec ?? 4], ['EGU', opts.units ?? ''], ['VAL', opts.default ?? 0], ...alarms(opts),
  ]);
  return declare('ao', name, fields, numberCodec, opts);
}

/** Element types of an Array: DevIOC's int (LONG) and float (FLOAT), or any FTVL. */
export type ArrayElement = 'int' | 'float' | 'double' | 'str' | 'CHAR' | 'UCHAR' | 'SHORT' | 'USHORT' | 'LONG' | 'ULONG' | 'FLOAT' | 'DOUBLE' | 'STRING';

/** The typed array a waveform of each element type holds (its CA native form). */
export interface ArrayOf {
  int: Int32Array; LONG: Int32Array; USHORT: Int32Array;
  float: Float32Array; FLOAT: Float32Array;
  double: Float64Array; DOUBLE: Float64Array; ULONG: Float64Array;
  SHORT: Int16Array;
  CHAR: Int8Array; UCHAR: Uint8Array;
  str: string[]; STRING: string[];
}

export const FTVL: Record<ArrayElement, string> = {
  int: 'LONG', float: 'FLOAT', double: 'DOUBLE', str: 'STRING',
  CHAR: 'CHAR', UCHAR: 'UCHAR', SHORT: 'SHORT', USHORT: 'USHORT', LONG: 'LONG', ULONG: 'ULONG', FLOAT: 'FLOAT', DOUBLE: 'DOUBLE', STRING: 'STRING',
};

export interface ArrayOptions<E extends ArrayElement> extends CommonOptions<ArrayOf[E]> {
  /** Element type; DevIOC's int → LONG, float → FLOAT (32-bit); use 'double' for 64-bit. */
  type?: E;
  /** NELM; default 256. */
  length?: number;
  default?: ArrayLike<number> | readonly string[];
  units?: string;
  prec?: number;
}

/** A waveform of up to `length` elements. */
export function Array_<E extends ArrayElement = 'int'>(nameOrOptions?: string | ArrayOptions<E>, options?: ArrayOptions<E>): RecordHandle<ArrayOf[E], ArrayLike<number> | readonly string[] | ArrayOf[E]> {
  const [name, opts] = named<ArrayOptions<E>>(nameOrOptions, options);
  const type = (opts.type ?? 'int') as E;
  const ftvl = FTVL[type];
  if (ftvl === undefined) throw new ModelDefinitionError(`${label(name, 'Array')}: unknown array type "${String(type)}"`);
  const fields = common(opts, [['NELM', opts.length ?? 256], ['FTVL', ftvl]]);
  if (opts.units !== undefined) fields.push(['EGU', opts.units]);
  if (opts.prec !== undefined) fields.push(['PREC', opts.prec]);
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('waveform', name, fields, arrayCodec<ArrayOf[E]>(), opts);
}

type InputLetter = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l';

export type CalcOptions = CommonOptions<number> &
  AlarmOptions & {
    /** The expression, e.g. "A+B". */
    calc: string;
    prec?: number;
    units?: string;
  } & { [K in `inp${InputLetter}`]?: string };

function calcFields(name: string, opts: CalcOptions): Field[] {
  if (opts.calc === undefined || opts.calc.trim() === '') throw new ModelDefinitionError(`${label(name, 'Calc')}: a Calc needs an expression (calc: "A+B")`);
  const fields: Field[] = [['CALC', opts.calc], ['PREC', opts.prec ?? 0]];
  if (opts.units !== undefined) fields.push(['EGU', opts.units]);
  for (const letter of 'abcdefghijkl') {
    const link = opts[`inp${letter}` as `inp${InputLetter}`];
    if (link !== undefined) fields.push([`INP${letter.toUpperCase()}`, link]);
  }
  return [...fields, ...alarms(opts)];
}

/** A calc: VAL computed from A…L (fed by INPA…INPL) by an EPICS calc expression. */
export function Calc(nameOrOptions?: string | CalcOptions, options?: CalcOptions): RecordHandle<number, number> {
  const [name, opts] = named<CalcOptions>(nameOrOptions, options);
  return declare('calc', name, common(opts, calcFields(name, opts)), numberCodec, { ...opts, readOnly: opts.readOnly });
}

export type CalcOutOptions = CalcOptions & {
  out?: string;
  /** When to write OUT: "Every Time", "On Change", "When Zero", "When Non-zero", "Transition To Zero", "Transition To Non-zero". */
  oopt?: string | number;
  /** What to write: "Use CALC" or "Use OCAL". */
  dopt?: string | number;
  ocal?: string;
  /** Seconds to wait before writing. */
  odly?: number;
  /** On INVALID alarm: "Continue normally", "Don't drive outputs", "Set output to IVOV". */
  ivoa?: string | number;
  ivov?: number;
};

/** A calcout: a calc that also writes OUT, when and what OOPT/DOPT say, after ODLY. */
export function CalcOut(nameOrOptions?: string | CalcOutOptions, options?: CalcOutOptions): RecordHandle<number, number> {
  const [name, opts] = named<CalcOutOptions>(nameOrOptions, options);
  const fields = calcFields(name, opts);
  const extra: [keyof CalcOutOptions, string][] = [['oopt', 'OOPT'], ['dopt', 'DOPT'], ['ocal', 'OCAL'], ['odly', 'ODLY'], ['ivoa', 'IVOA'], ['ivov', 'IVOV'], ['out', 'OUT']];
  for (const [k, f] of extra) if (opts[k] !== undefined) fields.push([f, opts[k]]);
  return declare('calcout', name, common(opts, fields), numberCodec, opts);
}

// ------------------------------------------------------------------ input records

export interface InputOptions<T> extends CommonOptions<T> {
  /** INP: where the value comes from; empty for values the application sets. */
  inp?: string;
}

export type AiOptions = InputOptions<number> & AlarmOptions & { units?: string; prec?: number; hopr?: number; lopr?: number; default?: number };

/** An ai: a measured value with alarm limits and deadbands (the application or INP sets it). */
export function Ai(nameOrOptions?: string | AiOptions, options?: AiOptions): RecordHandle<number, number> {
  const [name, opts] = named<AiOptions>(nameOrOptions, options);
  const fields = common(opts, [['INP', opts.inp ?? ''], ['EGU', opts.units ?? ''], ['PREC', opts.prec ?? 4], ['HOPR', opts.hopr ?? 0], ['LOPR', opts.lopr ?? 0], ...alarms(opts)]);
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('ai', name, fields, numberCodec, opts);
}

export type LonginOptions = InputOptions<number> & AlarmOptions & { units?: string; default?: number };

/** A longin: an integer reading. */
export function Longin(nameOrOptions?: string | LonginOptions, options?: LonginOptions): RecordHandle<number, number> {
  const [name, opts] = named<LonginOptions>(nameOrOptions, options);
  const fields = common(opts, [['INP', opts.inp ?? ''], ['EGU', opts.units ?? ''], ...alarms(opts)]);
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('longin', name, fields, numberCodec, opts);
}

export type BiOptions = InputOptions<number> & { znam?: string; onam?: string; zsv?: Severity; osv?: Severity; cosv?: Severity; default?: number };

/** A bi: a two-state reading with state severities. */
export function Bi(nameOrOptions?: string | BiOptions, options?: BiOptions): RecordHandle<number, number | string> {
  const [name, opts] = named<BiOptions>(nameOrOptions, options);
  const fields = common(opts, [['INP', opts.inp ?? ''], ['ZNAM', opts.znam ?? ''], ['ONAM', opts.onam ?? '']]);
  for (const [k, f] of [['zsv', 'ZSV'], ['osv', 'OSV'], ['cosv', 'COSV']] as const) if (opts[k] !== undefined) fields.push([f, opts[k]]);
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('bi', name, fields, stateIndexCodec, opts);
}

export type MbbiOptions = InputOptions<number> & { choices?: Choices; default?: number };

/** An mbbi: a reading among up to 16 named states. */
export function Mbbi(nameOrOptions?: string | MbbiOptions, options?: MbbiOptions): RecordHandle<number, number | string> {
  const [name, opts] = named<MbbiOptions>(nameOrOptions, options);
  const { names, values } = statesOf(name, opts.choices ?? []);
  const fields = common(opts, [['INP', opts.inp ?? ''], ...stateFields(name, names, values)]);
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('mbbi', name, fields, enumCodec(values), opts);
}

export type StringinOptions = InputOptions<string> & { default?: string };

/** A stringin: a text reading (up to 39 characters). */
export function Stringin(nameOrOptions?: string | StringinOptions, options?: StringinOptions): RecordHandle<string, string> {
  const [name, opts] = named<StringinOptions>(nameOrOptions, options);
  const fields = common(opts, [['INP', opts.inp ?? '']]);
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('stringin', name, fields, stringCodec, opts);
}

/** Any record type with any fields: `Record('ao', 'x', { EGU: 'mm' })`. */
export function Record_(type: string, name: string, fields: Record<string, string | number> = {}, options: HandleOptions<unknown> = {}): RecordHandle<unknown, unknown> {
  const codec: ValueCodec<unknown, unknown> = {
    fromSnapshot: (s) => (s.value.length === 1 ? (s.value as ArrayLike<unknown>)[0] : s.value),
    toPut: (v) => v,
    equals: (a, b) => a === b,
  };
  return declare(type, name, Object.entries(fields).map(([k, v]) => [k.toUpperCase(), v]), codec, options);
}
