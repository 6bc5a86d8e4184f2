/**
 * Builders for the soft record types of EPICS base beyond DevIOC's: fanout, dfanout, seq, sel,
 * compress, histogram, subArray, printf, permissive, state, event, sub and aSub. Each takes the
 * type's fields as typed options named after the EPICS field in lower case (`selm`, `nsam`…),
 * so that a model reads like the .db it stands for; anything else goes in `fields`.
 */
import { registerSubroutine, type Subroutine } from '../records/support/subroutines.js';
import { charBytes } from '../ca/protocol/dbr/native-array.js';
import { arrayCodec, numberCodec, stringCodec } from './codecs.js';
import { type CommonOptions, ModelDefinitionError, type AlarmOptions, type ArrayElement, type ArrayOf, alarms, common, declare, FTVL, label, named } from './builders.js';
import type { RecordHandle, ValueCodec } from './handle.js';

type Field = [string, unknown];

/** Copies the options that are set into fields, `selm` → SELM. */
function pick<O extends object>(opts: O, keys: readonly (keyof O & string)[]): Field[] {
  return keys.filter((k) => opts[k] !== undefined).map((k) => [k.toUpperCase(), opts[k]]);
}

const HEX = '0123456789ABCDEF';

/** Puts links given as a list into numbered fields (LNK0…LNKF), refusing more than there are. */
function numbered(name: string, kind: string, prefix: string, items: readonly unknown[] | undefined, max: number, first = 0): Field[] {
  if (items === undefined) return [];
  if (items.length > max) throw new ModelDefinitionError(`${label(name, kind)}: ${items.length} ${prefix} links; a ${kind} has ${max}`);
  return items.flatMap((v, i) => (v === undefined ? [] : [[`${prefix}${HEX[i + first]}`, v] as Field]));
}

/** Puts links given as a list into lettered fields (INPA…), refusing more than there are. */
function lettered(name: string, kind: string, prefix: string, items: readonly (string | undefined)[] | undefined, max: number): Field[] {
  if (items === undefined) return [];
  if (items.length > max) throw new ModelDefinitionError(`${label(name, kind)}: ${items.length} ${prefix} links; a ${kind} has ${max}`);
  return items.flatMap((v, i) => (v === undefined ? [] : [[`${prefix}${String.fromCharCode(65 + i)}`, v] as Field]));
}

type SelectMode = 'All' | 'Specified' | 'Mask';

// ------------------------------------------------------------------ fanout, dfanout, seq

export interface FanoutOptions extends CommonOptions<number> {
  /** SELM: process all links, the one SELN names, or those SELN's bits set. */
  selm?: SelectMode;
  seln?: number;
  /** SELL: where SELN is read from. */
  sell?: string;
  /** OFFS and SHFT (Mask: SELN >> SHFT; Specified: SELN + OFFS). */
  offs?: number;
  shft?: number;
  /** LNK0…LNKF, in order. */
  links?: readonly (string | undefined)[];
}

/** A fanout: processes up to 16 forward links (LNK0…LNKF). */
export function Fanout(nameOrOptions?: string | FanoutOptions, options?: FanoutOptions): RecordHandle<number, number | boolean> {
  const [name, opts] = named<FanoutOptions>(nameOrOptions, options);
  const fields = common(opts, [...pick(opts, ['selm', 'seln', 'sell', 'offs', 'shft']), ...numbered(name, 'fanout', 'LNK', opts.links, 16)]);
  return declare('fanout', name, fields, numberCodec, opts);
}

export interface DfanoutOptions extends CommonOptions<number>, AlarmOptions {
  selm?: SelectMode;
  seln?: number;
  sell?: string;
  /** DOL with OMSL "closed_loop": the value is read from DOL. */
  dol?: string;
  omsl?: 'supervisory' | 'closed_loop';
  /** OUTA…OUTH, in order. */
  outs?: readonly (string | undefined)[];
  prec?: number;
  units?: string;
  default?: number;
}

/** A dfanout: writes its value to up to 8 output links (OUTA…OUTH). */
export function Dfanout(nameOrOptions?: string | DfanoutOptions, options?: DfanoutOptions): RecordHandle<number, number | boolean> {
  const [name, opts] = named<DfanoutOptions>(nameOrOptions, options);
  const fields = common(opts, [...pick(opts, ['selm', 'seln', 'sell', 'dol', 'omsl', 'prec']), ...lettered(name, 'dfanout', 'OUT', opts.outs, 8), ...alarms(opts)]);
  if (opts.units !== undefined) fields.push(['EGU', opts.units]);
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('dfanout', name, fields, numberCodec, opts);
}

/** One step of a seq: after `dly` seconds, the value from `dol` (or `do`) is written to `lnk`. */
export interface SeqStep {
  dol?: string;
  do?: number;
  lnk?: string;
  dly?: number;
}

export interface SeqOptions extends CommonOptions<number> {
  selm?: SelectMode;
  seln?: number;
  sell?: string;
  offs?: number;
  shft?: number;
  prec?: number;
  /** Steps 0…F (DOLn, DOn, LNKn, DLYn). */
  steps?: readonly (SeqStep | undefined)[];
}

/** A seq: writes up to 16 values to links in order, each after its delay. */
export function Seq(nameOrOptions?: string | SeqOptions, options?: SeqOptions): RecordHandle<number, number | boolean> {
  const [name, opts] = named<SeqOptions>(nameOrOptions, options);
  const steps = opts.steps ?? [];
  if (steps.length > 16) throw new ModelDefinitionError(`${label(name, 'seq')}: ${steps.length} steps; a seq has 16`);
  const stepFields = steps.flatMap((s, i): Field[] => {
    if (s === undefined) return [];
    const n = HEX[i];
    return pick(s, ['dol', 'do', 'lnk', 'dly']).map(([k, v]) => [`${k}${n}`, v]);
  });
  const fields = common(opts, [...pick(opts, ['selm', 'seln', 'sell', 'offs', 'shft', 'prec']), ...stepFields]);
  return declare('seq', name, fields, numberCodec, opts);
}

// ------------------------------------------------------------------ sel, compress, histogram, subArray

export interface SelOptions extends CommonOptions<number>, AlarmOptions {
  /** SELM: "Specified" (input SELN), "High Signal", "Low Signal", "Median Signal". */
  selm?: 'Specified' | 'High Signal' | 'Low Signal' | 'Median Signal';
  seln?: number;
  /** NVL: where SELN is read from. */
  nvl?: string;
  /** INPA…INPL, in order. */
  inputs?: readonly (string | undefined)[];
  prec?: number;
  units?: string;
}

/** A sel: selects one of 12 inputs (A…L), or their highest, lowest or median. */
export function Sel(nameOrOptions?: string | SelOptions, options?: SelOptions): RecordHandle<number, number> {
  const [name, opts] = named<SelOptions>(nameOrOptions, options);
  const fields = common(opts, [...pick(opts, ['selm', 'seln', 'nvl', 'prec']), ...lettered(name, 'sel', 'INP', opts.inputs, 12), ...alarms(opts)]);
  if (opts.units !== undefined) fields.push(['EGU', opts.units]);
  return declare('sel', name, fields, numberCodec as ValueCodec<number, number>, opts);
}

export interface CompressOptions extends CommonOptions<Float64Array> {
  inp?: string;
  /** ALG: the N-to-1 reductions, an average, or a circular buffer. */
  alg?: 'N to 1 Low Value' | 'N to 1 High Value' | 'N to 1 Average' | 'Average' | 'Circular Buffer' | 'N to 1 Median';
  /** BALG for Circular Buffer: "FIFO Buffer" or "LIFO Buffer". */
  balg?: 'FIFO Buffer' | 'LIFO Buffer';
  /** NSAM: the buffer's length. */
  nsam?: number;
  /** N: values reduced to one. */
  n?: number;
  /** ILIL/IHIL: inputs outside are ignored (when they differ). */
  ilil?: number;
  ihil?: number;
  off?: number;
  prec?: number;
  units?: string;
}

/** A compress: reduces N inputs to one, averages, or keeps a circular buffer of NSAM values. */
export function Compress(nameOrOptions?: string | CompressOptions, options?: CompressOptions): RecordHandle<Float64Array, ArrayLike<number> | Float64Array> {
  const [name, opts] = named<CompressOptions>(nameOrOptions, options);
  const fields = common(opts, pick(opts, ['inp', 'alg', 'balg', 'nsam', 'n', 'ilil', 'ihil', 'off', 'prec']));
  if (opts.units !== undefined) fields.push(['EGU', opts.units]);
  return declare('compress', name, fields, arrayCodec<Float64Array>(), opts);
}

export interface HistogramOptions extends CommonOptions<Float64Array> {
  /** SVL: the signal's link. */
  svl?: string;
  /** NELM: the number of buckets between LLIM and ULIM. */
  nelm?: number;
  llim?: number;
  ulim?: number;
  /** SDEL: seconds between monitors of the counts (0: on every count change, MDEL apart). */
  sdel?: number;
  mdel?: number;
}

/** A histogram: counts SGNL values in NELM buckets between LLIM and ULIM. */
export function Histogram(nameOrOptions?: string | HistogramOptions, options?: HistogramOptions): RecordHandle<Float64Array, ArrayLike<number> | Float64Array> {
  const [name, opts] = named<HistogramOptions>(nameOrOptions, options);
  const fields = common(opts, pick(opts, ['svl', 'nelm', 'llim', 'ulim', 'sdel', 'mdel']));
  return declare('histogram', name, fields, arrayCodec<Float64Array>(), opts);
}

export interface SubArrayOptions<E extends ArrayElement> extends CommonOptions<ArrayOf[E]> {
  inp?: string;
  type?: E;
  /** MALM: the source's length; NELM: elements taken; INDX: the first taken. */
  malm?: number;
  nelm?: number;
  indx?: number;
  prec?: number;
  units?: string;
}

/** A subArray: NELM elements of an array read through INP, from INDX. */
export function SubArray<E extends ArrayElement = 'double'>(nameOrOptions?: string | SubArrayOptions<E>, options?: SubArrayOptions<E>): RecordHandle<ArrayOf[E], ArrayLike<number> | readonly string[] | ArrayOf[E]> {
  const [name, opts] = named<SubArrayOptions<E>>(nameOrOptions, options);
  const type = (opts.type ?? 'double') as E;
  const ftvl = FTVL[type];
  if (ftvl === undefined) throw new ModelDefinitionError(`${label(name, 'SubArray')}: unknown array type "${String(type)}"`);
  const fields = common(opts, [['FTVL', ftvl], ...pick(opts, ['inp', 'malm', 'nelm', 'indx', 'prec'])]);
  if (opts.units !== undefined) fields.push(['EGU', opts.units]);
  return declare('subArray', name, fields, arrayCodec<ArrayOf[E]>(), opts);
}

// ------------------------------------------------------------------ printf, permissive, state, event

/** Text held as a char array (printf's VAL) or a string, up to the first NUL. */
const textCodec: ValueCodec<string, string> = {
  fromSnapshot: (s, record) => {
    const bytes = charBytes(s.value);
    if (bytes !== undefined) {
      const nul = bytes.indexOf(0);
      return new TextDecoder().decode(nul === -1 ? bytes : bytes.subarray(0, nul));
    }
    return stringCodec.fromSnapshot(s, record);
  },
  toPut: (v) => v,
  equals: (a, b) => a === b,
};

export interface PrintfOptions extends CommonOptions<string> {
  /** FMT: a C format with %d, %f, %s, %ls… taking INP0…INP9 in order. */
  fmt: string;
  inputs?: readonly (string | undefined)[];
  /** SIZV: the text's buffer, 41 to 32767 bytes. */
  sizv?: number;
  out?: string;
  /** IVLS: what an invalid input prints. */
  ivls?: string;
}

/** A printf: formats its inputs with FMT into a long string and writes it to OUT. */
export function Printf(nameOrOptions?: string | PrintfOptions, options?: PrintfOptions): RecordHandle<string, string> {
  const [name, opts] = named<PrintfOptions>(nameOrOptions, options);
  if (opts.fmt === undefined) throw new ModelDefinitionError(`${label(name, 'Printf')}: a Printf needs a format (fmt: "%d items")`);
  const fields = common(opts, [...pick(opts, ['fmt', 'sizv', 'out', 'ivls']), ...numbered(name, 'printf', 'INP', opts.inputs, 10)]);
  return declare('printf', name, fields, textCodec, { ...opts, readOnly: opts.readOnly ?? true });
}

export interface PermissiveOptions extends CommonOptions<number> {
  /** LABL: the button's label (20 characters). */
  labl?: string;
  /** WFLG: the wait flag the server sets. */
  wflg?: number;
  default?: number;
}

/** A permissive: a client/server handshake of VAL (button) and WFLG (wait flag). */
export function Permissive(nameOrOptions?: string | PermissiveOptions, options?: PermissiveOptions): RecordHandle<number, number | boolean> {
  const [name, opts] = named<PermissiveOptions>(nameOrOptions, options);
  const fields = common(opts, pick(opts, ['labl', 'wflg']));
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('permissive', name, fields, numberCodec, opts);
}

export interface StateOptions extends CommonOptions<string> {
  default?: string;
}

/** A state: a 20-character string a program sets to say where it is. */
export function State(nameOrOptions?: string | StateOptions, options?: StateOptions): RecordHandle<string, string> {
  const [name, opts] = named<StateOptions>(nameOrOptions, options);
  const fields = common(opts, []);
  if (opts.default !== undefined) fields.push(['VAL', opts.default]);
  return declare('state', name, fields, stringCodec, opts);
}

export interface EventOptions extends CommonOptions<string> {
  /** VAL: the named event it posts when processed (records with SCAN "Event", EVNT = it, process). */
  event?: string;
  /** INP: where the event name is read from. */
  inp?: string;
}

/** An event: posts a named event when processed. */
export function Event(nameOrOptions?: string | EventOptions, options?: EventOptions): RecordHandle<string, string> {
  const [name, opts] = named<EventOptions>(nameOrOptions, options);
  const fields = common(opts, pick(opts, ['inp']));
  if (opts.event !== undefined) fields.push(['VAL', opts.event]);
  return declare('event', name, fields, stringCodec, opts);
}

// ------------------------------------------------------------------ sub, aSub

/** Names SNAM/INAM, registering the functions given with them (registerSubroutine). */
function subroutineFields(name: string, kind: string, snam: string | undefined, subroutine: Subroutine | undefined, inam: string | undefined, init: Subroutine | undefined): Field[] {
  const out: Field[] = [];
  if (subroutine !== undefined) {
    if (snam === undefined) throw new ModelDefinitionError(`${label(name, kind)}: a subroutine needs the name it is registered as (snam)`);
    registerSubroutine(snam, subroutine);
  }
  if (init !== undefined) {
    if (inam === undefined) throw new ModelDefinitionError(`${label(name, kind)}: an init subroutine needs the name it is registered as (inam)`);
    registerSubroutine(inam, init);
  }
  if (snam !== undefined) out.push(['SNAM', snam]);
  if (inam !== undefined) out.push(['INAM', inam]);
  return out;
}

export interface SubOptions extends CommonOptions<number>, AlarmOptions {
  /** SNAM: the registered subroutine run on every processing. */
  snam?: string;
  /** The function for SNAM, registered under that name when given. */
  subroutine?: Subroutine;
  /** INAM: the registered subroutine run once at start. */
  inam?: string;
  init?: Subroutine;
  /** INPA…INPL, in order. */
  inputs?: readonly (string | undefined)[];
  prec?: number;
  units?: string;
  /** BRSV: the severity when the subroutine returns a negative value. */
  brsv?: 'NO_ALARM' | 'MINOR' | 'MAJOR' | 'INVALID';
}

/** A sub: VAL set by a TypeScript subroutine from A…L. */
export function Sub(nameOrOptions?: string | SubOptions, options?: SubOptions): RecordHandle<number, number> {
  const [name, opts] = named<SubOptions>(nameOrOptions, options);
  const fields = common(opts, [
    ...subroutineFields(name, 'sub', opts.snam, opts.subroutine, opts.inam, opts.init), ...pick(opts, ['prec', 'brsv']),
    ...lettered(name, 'sub', 'INP', opts.inputs, 12), ...alarms(opts),
  ]);
  if (opts.units !== undefined) fields.push(['EGU', opts.units]);
  return declare('sub', name, fields, numberCodec as ValueCodec<number, number>, opts);
}

/** An aSub argument: its link, element type (FTA…) and element count (NOA…). */
export interface ASubArgument {
  link?: string;
  type?: ArrayElement;
  count?: number;
}

export interface ASubOptions extends CommonOptions<number> {
  snam?: string;
  subroutine?: Subroutine;
  inam?: string;
  init?: Subroutine;
  /** LFLG "READ": SNAM is read from SUBL on each processing. */
  lflg?: 'IGNORE' | 'READ';
  subl?: string;
  /** EFLG: when the outputs are written ("NEVER", "ON CHANGE", "ALWAYS"). */
  eflg?: 'NEVER' | 'ON CHANGE' | 'ALWAYS';
  brsv?: 'NO_ALARM' | 'MINOR' | 'MAJOR' | 'INVALID';
  /** INPA…INPU with FTA…FTU and NOA…NOU. */
  inputs?: readonly (ASubArgument | undefined)[];
  /** OUTA…OUTU with FTVA…FTVU and NOVA…NOVU. */
  outputs?: readonly (ASubArgument | undefined)[];
}

/** Fields of aSub arguments: link, element type and count, named by letter. */
function asubArguments(name: string, items: readonly (ASubArgument | undefined)[] | undefined, link: string, type: string, count: string): Field[] {
  if (items === undefined) return [];
  if (items.length > 21) throw new ModelDefinitionError(`${label(name, 'aSub')}: ${items.length} ${link} arguments; an aSub has 21`);
  return items.flatMap((a, i): Field[] => {
    if (a === undefined) return [];
    const letter = String.fromCharCode(65 + i);
    const out: Field[] = [];
    if (a.link !== undefined) out.push([`${link}${letter}`, a.link]);
    if (a.type !== undefined) {
      const ftvl = FTVL[a.type];
      if (ftvl === undefined) throw new ModelDefinitionError(`${label(name, 'aSub')}: unknown type "${String(a.type)}" for ${link}${letter}`);
      out.push([`${type}${letter}`, ftvl]);
    }
    if (a.count !== undefined) out.push([`${count}${letter}`, a.count]);
    return out;
  });
}

/** An aSub: a TypeScript subroutine over array arguments A…U, writing VALA…VALU. */
export function ASub(nameOrOptions?: string | ASubOptions, options?: ASubOptions): RecordHandle<number, number> {
  const [name, opts] = named<ASubOptions>(nameOrOptions, options);
  const fields = common(opts, [
    ...subroutineFields(name, 'aSub', opts.snam, opts.subroutine, opts.inam, opts.init), ...pick(opts, ['lflg', 'subl', 'eflg', 'brsv']),
    ...asubArguments(name, opts.inputs, 'INP', 'FT', 'NO'), ...asubArguments(name, opts.outputs, 'OUT', 'FTV', 'NOV'),
  ]);
  return declare('aSub', name, fields, numberCodec as ValueCodec<number, number>, opts);
}
