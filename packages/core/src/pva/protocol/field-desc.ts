/**
 * pvData type descriptors (FieldDesc) and their wire encoding: scalars, scalar arrays,
 * structures with an id, unions, `any`, and arrays of structures and unions. Decoding honours
 * the per-connection type cache (0xFD key = define, 0xFE key = reference) that pvAccessCPP's
 * clients use for pvRequests and even for authentication payloads.
 */
import type { PvaReader, PvaWriter } from './buffer.js';
import { PvaDecodeError } from './errors.js';

/** Scalar type codes (the type byte without the array bits). */
export const ScalarCode = {
  bool: 0x00,
  int8: 0x20, int16: 0x21, int32: 0x22, int64: 0x23,
  uint8: 0x24, uint16: 0x25, uint32: 0x26, uint64: 0x27,
  float32: 0x42, float64: 0x43,
  string: 0x60,
} as const;
export type ScalarName = keyof typeof ScalarCode;

const scalarByCode = new Map<number, ScalarName>(Object.entries(ScalarCode).map(([k, v]) => [v, k as ScalarName]));

export type FieldDesc =
  | { readonly kind: 'scalar'; readonly type: ScalarName }
  | { readonly kind: 'scalarArray'; readonly type: ScalarName }
  | { readonly kind: 'struct'; readonly id: string; readonly fields: readonly (readonly [string, FieldDesc])[] }
  | { readonly kind: 'union'; readonly id: string; readonly fields: readonly (readonly [string, FieldDesc])[] }
  | { readonly kind: 'any' }
  | { readonly kind: 'structArray'; readonly element: Extract<FieldDesc, { kind: 'struct' }> }
  | { readonly kind: 'unionArray'; readonly element: Extract<FieldDesc, { kind: 'union' }> };

export type StructDesc = Extract<FieldDesc, { kind: 'struct' }>;

export const scalar = (type: ScalarName): FieldDesc => ({ kind: 'scalar', type });
export const scalarArray = (type: ScalarName): FieldDesc => ({ kind: 'scalarArray', type });
export const struct = (id: string, fields: [string, FieldDesc][]): StructDesc => ({ kind: 'struct', id, fields });

/** Type descriptors deeper than this are refused (a hostile peer cannot exhaust the stack). */
const MAX_DEPTH = 64;

/** Writes a type in full (no cache use: always allowed, as pvxs does). `undefined` is null (0xFF). */
export function writeFieldDesc(w: PvaWriter, desc: FieldDesc | undefined): void {
  if (desc === undefined) {
    w.u8(0xff);
    return;
  }
  switch (desc.kind) {
    case 'scalar':
      w.u8(ScalarCode[desc.type]);
      return;
    case 'scalarArray':
      w.u8(ScalarCode[desc.type] | 0x08);
      return;
    case 'struct':
    case 'union':
      w.u8(desc.kind === 'struct' ? 0x80 : 0x81);
      w.string(desc.id);
      w.size(desc.fields.length);
      for (const [name, f] of desc.fields) {
        w.string(name);
        writeFieldDesc(w, f);
      }
      return;
    case 'any':
      w.u8(0x82);
      return;
    case 'structArray':
      w.u8(0x88);
      writeFieldDesc(w, desc.element);
      return;
    case 'unionArray':
      w.u8(0x89);
      writeFieldDesc(w, desc.element);
      return;
  }
}

/** The receive-side type cache of one connection. */
export type TypeCache = Map<number, FieldDesc | undefined>;

/** Reads a type; `undefined` for the null type (0xFF). */
export function readFieldDesc(r: PvaReader, cache: TypeCache, depth = 0): FieldDesc | undefined {
  if (depth > MAX_DEPTH) throw new PvaDecodeError('type descriptor nested too deeply');
  const code = r.u8();
  if (code === 0xff) return undefined;
  if (code === 0xfd) {
    const key = r.u16();
    const desc = readFieldDesc(r, cache, depth + 1);
    cache.set(key, desc);
    return desc;
  }
  if (code === 0xfe) {
    const key = r.u16();
    if (!cache.has(key)) throw new PvaDecodeError(`type cache key ${key} was never defined`);
    return cache.get(key);
  }
  if (code === 0x80 || code === 0x81) {
    const id = r.string();
    const n = r.count(2);
    const fields: [string, FieldDesc][] = [];
    for (let i = 0; i < n; i++) {
      const name = r.string();
      const f = readFieldDesc(r, cache, depth + 1);
      if (f === undefined) throw new PvaDecodeError(`field "${name}" has the null type`);
      fields.push([name, f]);
    }
    return { kind: code === 0x80 ? 'struct' : 'union', id, fields };
  }
  if (code === 0x82) return { kind: 'any' };
  if (code === 0x88 || code === 0x89) {
    const element = readFieldDesc(r, cache, depth + 1);
    if (element?.kind !== (code === 0x88 ? 'struct' : 'union')) throw new PvaDecodeError('array of structures without a structure type');
    return code === 0x88
      ? { kind: 'structArray', element: element as StructDesc }
      : { kind: 'unionArray', element: element as Extract<FieldDesc, { kind: 'union' }> };
  }
  if (code === 0x83) {
    // bounded string: treated as a string
    r.size();
    return scalar('string');
  }
  const array = code & 0x18;
  const base = scalarByCode.get(code & ~0x18);
  if (base === undefined) throw new PvaDecodeError(`unknown type code 0x${code.toString(16)}`);
  if (array === 0) return scalar(base);
  if (array === 0x18) r.size(); // fixed-size array: the size follows
  if (array === 0x10) r.size(); // bounded array
  return scalarArray(base);
}

/** Number of bit offsets a field takes (itself plus every field inside a structure). */
export function fieldCount(desc: FieldDesc): number {
  if (desc.kind !== 'struct') return 1;
  let n = 1;
  for (const [, f] of desc.fields) n += fieldCount(f);
  return n;
}

/** The bit offset of a dotted sub-field path ("alarm.severity"), or undefined. */
export function fieldOffset(desc: FieldDesc, path: string): number | undefined {
  if (path === '') return 0;
  let offset = 0;
  let at: FieldDesc = desc;
  for (const part of path.split('.')) {
    if (at.kind !== 'struct') return undefined;
    offset += 1;
    let found: FieldDesc | undefined;
    for (const [name, f] of at.fields) {
      if (name === part) {
        found = f;
        break;
      }
      offset += fieldCount(f);
    }
    if (found === undefined) return undefined;
    at = found;
  }
  return offset;
}

/** The sub-type at a dotted path, or undefined. */
export function subField(desc: FieldDesc, path: string): FieldDesc | undefined {
  if (path === '') return desc;
  let at: FieldDesc | undefined = desc;
  for (const part of path.split('.')) {
    if (at?.kind !== 'struct') return undefined;
    at = at.fields.find(([n]) => n === part)?.[1];
  }
  return at;
}

/** The text form pvxinfo prints (for logs and tests). */
export function describeType(desc: FieldDesc | undefined, indent = ''): string {
  if (desc === undefined) return `${indent}(null)`;
  switch (desc.kind) {
    case 'scalar':
      return desc.type;
    case 'scalarArray':
      return `${desc.type}[]`;
    case 'any':
      return 'any';
    case 'structArray':
      return `${describeType(desc.element, indent)}[]`;
    case 'unionArray':
      return `${describeType(desc.element, indent)}[]`;
    case 'struct':
    case 'union': {
      const lines = [`${desc.kind}${desc.id ? ` "${desc.id}"` : ''} {`];
      for (const [name, f] of desc.fields) lines.push(`${indent}    ${describeType(f, `${indent}    `)} ${name}`);
      lines.push(`${indent}}`);
      return lines.join('\n');
    }
  }
}
