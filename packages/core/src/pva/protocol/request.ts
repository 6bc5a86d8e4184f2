/**
 * The pvRequest a client sends with every operation: `field(...)` selects sub-fields (an
 * empty `field` or none selects everything), `record._options` carries process, block,
 * queueSize, pipeline and DBE. Pure: a decoded request and a type in, a mask and options out.
 */
import { BitSet } from './bitset.js';
import { type FieldDesc, fieldCount } from './field-desc.js';
import type { PvaStruct, PvaValue } from './value.js';

export interface RequestOptions {
  process?: 'true' | 'false' | 'passive';
  block?: boolean;
  queueSize?: number;
  pipeline?: boolean;
  /** DBE mask given as a number or names ("VALUE|ALARM"). */
  dbe?: number;
  /** Every option as text, for logging and unknown options. */
  raw: Record<string, string>;
}

const isStruct = (v: PvaValue | undefined): v is PvaStruct =>
  v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && !('selector' in v && 'value' in v) && !('type' in v && 'value' in v && Object.keys(v).length === 2);

function optionText(v: PvaValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && 'value' in v && ('selector' in v || 'type' in v)) return optionText((v as { value: PvaValue }).value);
  return undefined;
}

const truthy = (s: string | undefined): boolean | undefined =>
  s === undefined ? undefined : /^(true|1|yes)$/i.test(s) ? true : /^(false|0|no)$/i.test(s) ? false : undefined;

const DBE_NAMES: Record<string, number> = { VALUE: 1, LOG: 2, ARCHIVE: 2, ALARM: 4, PROPERTY: 8 };

export function requestOptions(request: PvaValue | undefined): RequestOptions {
  const out: RequestOptions = { raw: {} };
  if (!isStruct(request)) return out;
  const record = request.record;
  const options = isStruct(record) ? record._options : undefined;
  if (!isStruct(options)) return out;
  for (const [k, v] of Object.entries(options)) {
    const text = optionText(v);
    if (text !== undefined) out.raw[k] = text;
  }
  const p = out.raw.process;
  if (p !== undefined) out.process = truthy(p) === true ? 'true' : truthy(p) === false ? 'false' : 'passive';
  out.block = truthy(out.raw.block);
  if (out.raw.queueSize !== undefined) {
    const n = Number(out.raw.queueSize);
    if (Number.isFinite(n)) out.queueSize = n;
  }
  out.pipeline = truthy(out.raw.pipeline);
  if (out.raw.DBE !== undefined) {
    const n = Number(out.raw.DBE);
    if (Number.isFinite(n)) out.dbe = n;
    else out.dbe = out.raw.DBE.split(/[|,\s]+/).reduce((m, name) => m | (DBE_NAMES[name.toUpperCase()] ?? 0), 0);
  }
  return out;
}

/**
 * The bits of `type` that `field(...)` selects. Throws with the unknown field's name when the
 * request names a field the type does not have (pvxs refuses such requests the same way).
 */
export function requestMask(type: FieldDesc, request: PvaValue | undefined): BitSet {
  const all = new BitSet(fieldCount(type)).setRange(0, fieldCount(type));
  if (!isStruct(request)) return all;
  const field = request.field;
  if (!isStruct(field) || Object.keys(field).length === 0) return all;
  const mask = new BitSet(fieldCount(type));
  let matched = 0;
  const walk = (desc: FieldDesc, sel: PvaStruct, offset: number, path: string): void => {
    if (desc.kind !== 'struct') return;
    let at = offset + 1;
    for (const [name, f] of desc.fields) {
      const s = sel[name];
      if (s !== undefined) {
        matched++;
        if (isStruct(s) && Object.keys(s).length > 0 && f.kind === 'struct') {
          walk(f, s, at, `${path}${name}.`);
        } else {
          mask.setRange(at, at + fieldCount(f));
        }
      }
      at += fieldCount(f);
    }
  };
  walk(type, field, 0, '');
  if (matched === 0) throw new Error(`pvRequest selects no field of this PV (${Object.keys(field).join(', ')})`);
  return mask;
}
