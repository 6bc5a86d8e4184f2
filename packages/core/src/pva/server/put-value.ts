/**
 * A PVA put's value as the DBR write the record layer takes: the `value` field (or
 * `value.index` of an NTEnum, or a choice name given as `value`) in the type that loses nothing.
 */
import { DbrType, type DecodedDbr } from '../../ca/protocol/dbr/types.js';
import type { BitSet } from '../protocol/bitset.js';
import { fieldOffset } from '../protocol/field-desc.js';
import type { PvaStruct, PvaValue } from '../protocol/value.js';
import type { NtMapping } from './nt-mapping.js';

const sentAt = (mapping: NtMapping, changed: BitSet, path: string): boolean => {
  // A field is sent when its own bit or any enclosing structure's bit is set.
  const parts = path.split('.');
  for (let i = 0; i <= parts.length; i++) {
    const at = fieldOffset(mapping.type, parts.slice(0, i).join('.'));
    if (at !== undefined && changed.get(at)) return true;
  }
  return false;
};

function scalarDbr(v: PvaValue): DecodedDbr | string {
  if (typeof v === 'number') return { dbrType: DbrType.DOUBLE, value: Float64Array.of(v) };
  if (typeof v === 'bigint') return { dbrType: DbrType.DOUBLE, value: Float64Array.of(Number(v)) };
  if (typeof v === 'boolean') return { dbrType: DbrType.LONG, value: Int32Array.of(v ? 1 : 0) };
  if (typeof v === 'string') return { dbrType: DbrType.STRING, value: [v] };
  return 'value of a type this PV cannot take';
}

function arrayDbr(v: PvaValue): DecodedDbr | string {
  if (v instanceof Float64Array) return { dbrType: DbrType.DOUBLE, value: v };
  if (v instanceof Float32Array) return { dbrType: DbrType.FLOAT, value: v };
  if (v instanceof Int32Array) return { dbrType: DbrType.LONG, value: v };
  if (v instanceof Int16Array) return { dbrType: DbrType.SHORT, value: v };
  if (v instanceof Uint8Array) return { dbrType: DbrType.CHAR, value: v };
  if (v instanceof Int8Array) return { dbrType: DbrType.CHAR, value: new Uint8Array(v.buffer, v.byteOffset, v.length) };
  if (v instanceof Uint16Array || v instanceof Uint32Array) return { dbrType: DbrType.DOUBLE, value: Float64Array.from(v) };
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return { dbrType: DbrType.DOUBLE, value: Float64Array.from(v, Number) };
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return { dbrType: DbrType.STRING, value: v as string[] };
    if (v.every((x) => typeof x === 'boolean')) return { dbrType: DbrType.LONG, value: Int32Array.from(v as boolean[], (b) => (b ? 1 : 0)) };
  }
  return 'value of a type this PV cannot take';
}

/** undefined: the put sent nothing for the record; a string: why it is refused. */
export function putValueFor(mapping: NtMapping, changed: BitSet, value: PvaStruct): DecodedDbr | string | undefined {
  if (mapping.kind === 'enum') {
    const v = value.value as PvaStruct;
    if (sentAt(mapping, changed, 'value.index')) return { dbrType: DbrType.ENUM, value: Uint16Array.of(Number(v.index)) };
    return undefined;
  }
  if (!sentAt(mapping, changed, 'value')) return undefined;
  return mapping.kind === 'array' ? arrayDbr(value.value ?? null) : scalarDbr(value.value ?? null);
}
