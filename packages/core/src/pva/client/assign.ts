/**
 * Setting fields of a value fetched for a put: from JavaScript values, or from text as the
 * command-line tools take it (`3.5`, `[1,2,3]`, `value.index=1`, a choice name for an NTEnum).
 */
import { BitSet } from '../protocol/bitset.js';
import { type FieldDesc, type ScalarName, fieldOffset, subField } from '../protocol/field-desc.js';
import type { PvaArray, PvaStruct, PvaValue } from '../protocol/value.js';
import { PvaClientError } from './connection.js';

function scalarFrom(type: ScalarName, v: unknown, path: string): PvaValue {
  if (type === 'string') return typeof v === 'string' ? v : String(v);
  if (type === 'bool') {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string' && /^(true|false|1|0)$/i.test(v.trim())) return /^(true|1)$/i.test(v.trim());
    throw new PvaClientError(`${path}: "${String(v)}" is not a boolean`);
  }
  if (type === 'int64' || type === 'uint64') {
    try {
      return typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? Math.trunc(v) : String(v).trim());
    } catch {
      throw new PvaClientError(`${path}: "${String(v)}" is not an integer`);
    }
  }
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (Number.isNaN(n) && !(typeof v === 'string' && /^nan$/i.test(v.trim()))) throw new PvaClientError(`${path}: "${String(v)}" is not a number`);
  return n;
}

function arrayFrom(type: ScalarName, v: unknown, path: string): PvaArray {
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else if (ArrayBuffer.isView(v)) items = Array.from(v as unknown as ArrayLike<unknown>);
  else if (typeof v === 'string') {
    const t = v.trim();
    try {
      const parsed: unknown = JSON.parse(t.startsWith('[') ? t : `[${t}]`);
      items = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      items = t === '' ? [] : t.split(/[\s,]+/);
    }
  } else items = [v];
  const values = items.map((x) => scalarFrom(type, x, path));
  switch (type) {
    case 'float64': return Float64Array.from(values as number[]);
    case 'float32': return Float32Array.from(values as number[]);
    case 'int8': return Int8Array.from(values as number[]);
    case 'uint8': return Uint8Array.from(values as number[]);
    case 'int16': return Int16Array.from(values as number[]);
    case 'uint16': return Uint16Array.from(values as number[]);
    case 'int32': return Int32Array.from(values as number[]);
    case 'uint32': return Uint32Array.from(values as number[]);
    case 'int64': return BigInt64Array.from(values as bigint[]);
    case 'uint64': return BigUint64Array.from(values as bigint[]);
    case 'string': return values as string[];
    case 'bool': return values as boolean[];
  }
}

function setPath(type: FieldDesc, target: PvaStruct, path: string, v: unknown, changed: BitSet): void {
  const desc = subField(type, path);
  const at = fieldOffset(type, path);
  if (desc === undefined || at === undefined) throw new PvaClientError(`no field "${path}"`);
  const parts = path.split('.');
  let holder = target;
  for (const p of parts.slice(0, -1)) holder = holder[p] as PvaStruct;
  const leaf = parts[parts.length - 1]!;
  // An NTEnum's value given as a number or a choice name sets value.index.
  if (desc.kind === 'struct' && desc.id === 'enum_t') {
    const e = holder[leaf] as PvaStruct;
    const choices = (e.choices as string[] | undefined) ?? [];
    const text = typeof v === 'string' ? v.trim() : String(v);
    const byName = choices.indexOf(text);
    const index = byName >= 0 ? byName : Number(text);
    if (!Number.isInteger(index)) throw new PvaClientError(`${path}: "${text}" is not one of ${JSON.stringify(choices)} nor an index`);
    e.index = index;
    changed.set(at + 1);
    return;
  }
  if (desc.kind === 'scalar') holder[leaf] = scalarFrom(desc.type, v, path);
  else if (desc.kind === 'scalarArray') holder[leaf] = arrayFrom(desc.type, v, path);
  else throw new PvaClientError(`${path}: cannot put a ${desc.kind} from a plain value`);
  changed.set(at);
}

/** Applies `value` to `present` (a value of `type`) and returns the bits of the fields set. */
export function assignFields(type: FieldDesc, present: PvaStruct, value: unknown): BitSet {
  const changed = new BitSet();
  const isPlain =
    value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value);
  if (isPlain) {
    setPath(type, present, 'value', value, changed);
    return changed;
  }
  for (const [path, v] of Object.entries(value as Record<string, unknown>)) setPath(type, present, path, v, changed);
  return changed;
}

/** The tools' arguments: `VALUE`, several values for an array, or `field=value` pairs. */
export function putArgumentsToValue(args: string[]): unknown {
  if (args.length > 0 && args.every((a) => /^[A-Za-z_][A-Za-z0-9_.]*=/.test(a))) {
    const out: Record<string, string> = {};
    for (const a of args) {
      const eq = a.indexOf('=');
      out[a.slice(0, eq)] = a.slice(eq + 1);
    }
    return out;
  }
  if (args.length === 1) return args[0]!;
  return args;
}
