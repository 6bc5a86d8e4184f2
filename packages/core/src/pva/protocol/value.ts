/**
 * pvData values and their wire encoding, full or partial (by a BitSet of depth-first field
 * offsets). A structure is a plain object keyed by field name; scalars are numbers, bigints
 * (64-bit integers), booleans and strings; scalar arrays are typed arrays (string[] and
 * boolean[] for those); a union or `any` is an object naming its member or type, or null.
 */
import type { PvaReader, PvaWriter } from './buffer.js';
import { BitSet } from './bitset.js';
import { PvaDecodeError } from './errors.js';
import { type FieldDesc, type ScalarName, type TypeCache, fieldCount, readFieldDesc, writeFieldDesc } from './field-desc.js';

export type PvaScalar = number | bigint | boolean | string;
export type PvaArray =
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array
  | Float32Array | Float64Array
  | string[] | boolean[];
export interface PvaStruct {
  [field: string]: PvaValue;
}
export interface PvaUnionValue {
  /** Index of the member in the union's type. */
  selector: number;
  value: PvaValue;
}
export interface PvaAnyValue {
  type: FieldDesc;
  value: PvaValue;
}
export type PvaValue = PvaScalar | PvaArray | PvaStruct | PvaUnionValue | PvaAnyValue | (PvaStruct | null)[] | null;

/** Arrays longer than this are refused on receive (bounded memory for hostile peers). */
export const MAX_ARRAY_ELEMENTS = 64 * 1024 * 1024;

const ELEMENT_BYTES: Record<ScalarName, number> = {
  bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4,
  int64: 8, uint64: 8, float64: 8, string: 1,
};

export function defaultValue(desc: FieldDesc): PvaValue {
  switch (desc.kind) {
    case 'scalar':
      return desc.type === 'string' ? '' : desc.type === 'bool' ? false : desc.type === 'int64' || desc.type === 'uint64' ? 0n : 0;
    case 'scalarArray':
      return emptyArray(desc.type);
    case 'struct': {
      const out: PvaStruct = {};
      for (const [name, f] of desc.fields) out[name] = defaultValue(f);
      return out;
    }
    case 'union':
    case 'any':
      return null;
    case 'structArray':
    case 'unionArray':
      return [];
  }
}

function emptyArray(type: ScalarName): PvaArray {
  return makeArray(type, 0);
}

function makeArray(type: ScalarName, n: number): PvaArray {
  switch (type) {
    case 'bool': return new Array<boolean>(n).fill(false);
    case 'int8': return new Int8Array(n);
    case 'uint8': return new Uint8Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'int64': return new BigInt64Array(n);
    case 'uint64': return new BigUint64Array(n);
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'string': return new Array<string>(n).fill('');
  }
}

function toNumber(v: PvaValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return Number(v);
  return 0;
}

function toBigInt(v: PvaValue): bigint {
  if (typeof v === 'bigint') return v;
  const n = toNumber(v);
  return Number.isFinite(n) ? BigInt(Math.trunc(n)) : 0n;
}

export function writeScalar(w: PvaWriter, type: ScalarName, v: PvaValue): void {
  switch (type) {
    case 'bool': w.u8(v === true || (typeof v === 'number' && v !== 0) ? 1 : 0); return;
    case 'int8': w.i8(toNumber(v)); return;
    case 'uint8': w.u8(toNumber(v) & 0xff); return;
    case 'int16': w.i16(toNumber(v)); return;
    case 'uint16': w.u16(toNumber(v) & 0xffff); return;
    case 'int32': w.i32(toNumber(v)); return;
    case 'uint32': w.u32(toNumber(v)); return;
    case 'int64': w.i64(BigInt.asIntN(64, toBigInt(v))); return;
    case 'uint64': w.u64(BigInt.asUintN(64, toBigInt(v))); return;
    case 'float32': w.f32(toNumber(v)); return;
    case 'float64': w.f64(toNumber(v)); return;
    case 'string': w.string(typeof v === 'string' ? v : v === null ? '' : String(v)); return;
  }
}

export function readScalar(r: PvaReader, type: ScalarName): PvaScalar {
  switch (type) {
    case 'bool': return r.u8() !== 0;
    case 'int8': return r.i8();
    case 'uint8': return r.u8();
    case 'int16': return r.i16();
    case 'uint16': return r.u16();
    case 'int32': return r.i32();
    case 'uint32': return r.u32();
    case 'int64': return r.i64();
    case 'uint64': return r.u64();
    case 'float32': return r.f32();
    case 'float64': return r.f64();
    case 'string': return r.string();
  }
}

function writeArray(w: PvaWriter, type: ScalarName, v: PvaValue): void {
  const arr = Array.isArray(v) || ArrayBuffer.isView(v) ? (v as ArrayLike<PvaScalar>) : [];
  w.size(arr.length);
  for (let i = 0; i < arr.length; i++) writeScalar(w, type, arr[i]!);
}

function readArray(r: PvaReader, type: ScalarName): PvaArray {
  const n = r.count(ELEMENT_BYTES[type]);
  if (n > MAX_ARRAY_ELEMENTS) throw new PvaDecodeError(`array of ${n} elements refused`);
  const out = makeArray(type, n);
  for (let i = 0; i < n; i++) (out as unknown as PvaScalar[])[i] = readScalar(r, type);
  return out;
}

/** Writes a whole value of the given type. */
export function writeValue(w: PvaWriter, desc: FieldDesc, v: PvaValue): void {
  switch (desc.kind) {
    case 'scalar':
      writeScalar(w, desc.type, v);
      return;
    case 'scalarArray':
      writeArray(w, desc.type, v);
      return;
    case 'struct': {
      const s = (v ?? {}) as PvaStruct;
      for (const [name, f] of desc.fields) writeValue(w, f, s[name] ?? defaultValue(f));
      return;
    }
    case 'union': {
      const u = v as PvaUnionValue | null;
      if (u === null || u === undefined || u.selector < 0) {
        w.size(-1);
        return;
      }
      w.size(u.selector);
      const member = desc.fields[u.selector];
      if (member === undefined) throw new RangeError(`union selector ${u.selector} out of range`);
      writeValue(w, member[1], u.value);
      return;
    }
    case 'any': {
      const a = v as PvaAnyValue | null;
      if (a === null || a === undefined) {
        w.u8(0xff);
        return;
      }
      writeFieldDesc(w, a.type);
      writeValue(w, a.type, a.value);
      return;
    }
    case 'structArray':
    case 'unionArray': {
      const arr = (v ?? []) as (PvaStruct | null)[];
      w.size(arr.length);
      for (const el of arr) {
        if (el === null) w.u8(0);
        else {
          w.u8(1);
          writeValue(w, desc.element, el);
        }
      }
      return;
    }
  }
}

/** Reads a whole value of the given type. */
export function readValue(r: PvaReader, desc: FieldDesc, cache: TypeCache, depth = 0): PvaValue {
  if (depth > 64) throw new PvaDecodeError('value nested too deeply');
  switch (desc.kind) {
    case 'scalar':
      return readScalar(r, desc.type);
    case 'scalarArray':
      return readArray(r, desc.type);
    case 'struct': {
      const out: PvaStruct = {};
      for (const [name, f] of desc.fields) out[name] = readValue(r, f, cache, depth + 1);
      return out;
    }
    case 'union': {
      const sel = r.size(true);
      if (sel < 0) return null;
      const member = desc.fields[sel];
      if (member === undefined) throw new PvaDecodeError(`union selector ${sel} out of range`);
      return { selector: sel, value: readValue(r, member[1], cache, depth + 1) };
    }
    case 'any': {
      const type = readFieldDesc(r, cache);
      if (type === undefined) return null;
      return { type, value: readValue(r, type, cache, depth + 1) };
    }
    case 'structArray':
    case 'unionArray': {
      const n = r.count(1);
      const out: (PvaStruct | null)[] = [];
      for (let i = 0; i < n; i++) out.push(r.u8() === 0 ? null : (readValue(r, desc.element, cache, depth + 1) as PvaStruct));
      return out;
    }
  }
}

/**
 * Writes the fields whose bits are set (a set bit on a structure sends it whole), depth-first,
 * as pvAccess partial values are laid out. `offset` is the bit of `desc` itself.
 */
export function writePartial(w: PvaWriter, desc: FieldDesc, v: PvaValue, bits: BitSet, offset = 0): void {
  if (bits.get(offset)) {
    writeValue(w, desc, v);
    return;
  }
  if (desc.kind !== 'struct') return;
  const s = (v ?? {}) as PvaStruct;
  let at = offset + 1;
  for (const [name, f] of desc.fields) {
    writePartial(w, f, s[name] ?? defaultValue(f), bits, at);
    at += fieldCount(f);
  }
}

/** Reads the fields whose bits are set into `target` (a structure value of `desc`). */
export function readPartial(r: PvaReader, desc: FieldDesc, target: PvaStruct, bits: BitSet, cache: TypeCache, offset = 0): void {
  if (desc.kind !== 'struct') return;
  if (bits.get(offset)) {
    const whole = readValue(r, desc, cache) as PvaStruct;
    for (const k of Object.keys(whole)) target[k] = whole[k]!;
    return;
  }
  let at = offset + 1;
  for (const [name, f] of desc.fields) {
    if (bits.get(at)) target[name] = readValue(r, f, cache);
    else if (f.kind === 'struct') {
      const child = (target[name] ?? defaultValue(f)) as PvaStruct;
      target[name] = child;
      readPartial(r, f, child, bits, cache, at);
    }
    at += fieldCount(f);
  }
}
