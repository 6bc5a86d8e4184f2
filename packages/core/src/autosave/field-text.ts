/**
 * Field values as autosave writes and restores them (save_restore.c get_channel_values,
 * SR_write_array_data; dbrestore.c scalar_restore, SR_array_restore): DOUBLE with "%.14g",
 * FLOAT with "%.7g", menus and enums as their index, anything else as DBR_STRING reads it;
 * arrays element by element in the type of their elements.
 */
import { NativeType, type NativeArray } from '../ca/protocol/dbr/types.js';
import { formatGeneral } from '../cli/ca-format/c-format.js';
import { isEnumLikeDbf } from '../records/field-value.js';
import type { EpicsRecord } from '../records/record.js';
import { LINK_PUT } from '../records/put.js';

const FTVL_CHAR = 1;
const FTVL_FLOAT = 9;

function scalarText(dbf: string, value: unknown): string {
  if (typeof value === 'string') return value;
  const n = Number(value);
  if (dbf === 'DBF_DOUBLE') return formatGeneral(n, 14);
  if (dbf === 'DBF_FLOAT') return formatGeneral(n, 7);
  return Number.isInteger(n) ? String(n) : formatGeneral(n, 14);
}

function elementsOf(rec: EpicsRecord, value: NativeArray, type: NativeType): string[] {
  if (Array.isArray(value)) return value.map(String);
  const out: string[] = [];
  const ftvl = rec.field('FTVL') !== undefined ? rec.num('FTVL') : -1;
  for (const v of value) {
    // ULONG, INT64 and UINT64 elements are kept as doubles here but written as integers ("%u").
    if (type === NativeType.DOUBLE && ftvl >= 6 && ftvl <= 8) out.push(Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : formatGeneral(v, 14));
    else if (type === NativeType.DOUBLE) out.push(formatGeneral(v, 14));
    else if (type === NativeType.FLOAT || ftvl === FTVL_FLOAT) out.push(formatGeneral(v, 7));
    // FTVL CHAR is kept as bytes: print it signed, as SR_write_array_data's "%d" of a char.
    else if (type === NativeType.CHAR && ftvl === FTVL_CHAR) out.push(String(v > 127 ? v - 256 : v));
    else out.push(String(v));
  }
  return out;
}

/** A field's value for the .sav file: text, or array elements; undefined if there is no such field. */
export function saveText(rec: EpicsRecord, field: string): string | string[] | undefined {
  const f = rec.field(field);
  if (f === undefined) return undefined;
  const custom = rec.support.nativeValue?.(rec, f);
  const stored = rec.get(field);
  if (custom !== undefined && !(typeof stored === 'string' || typeof stored === 'number')) {
    const elements = elementsOf(rec, custom.value, custom.type);
    // write_it: one element or none is written as a scalar.
    return elements.length > 1 ? elements : (elements[0] ?? '');
  }
  if (isEnumLikeDbf(f.dbf)) return String(Number(stored ?? 0));
  return scalarText(f.dbf, stored);
}

/** Whether a field holds an array (restored only in pass 1, as SR_array_restore does). */
export function isArrayField(rec: EpicsRecord, field: string): boolean {
  const f = rec.field(field);
  if (f === undefined) return false;
  const stored = rec.get(field);
  return rec.support.nativeValue?.(rec, f) !== undefined && typeof stored !== 'string' && typeof stored !== 'number';
}

/**
 * Restores a field: pass 0 (before init) as dbStaticLib's dbPutString does, pass 1 (after init)
 * as dbPut does, without processing. Throws with the reason when the value does not fit.
 */
export function restoreText(rec: EpicsRecord, field: string, value: string | readonly string[], pass: 0 | 1): void {
  if (typeof value !== 'string' || isArrayField(rec, field)) {
    const elements = typeof value === 'string' ? (value === '' ? [] : [value]) : [...value];
    if (pass === 0) throw new Error('arrays are restored after record initialisation');
    const shape = rec.shape(field);
    const native = shape.type === NativeType.STRING ? elements : Float64Array.from(elements, (e) => Number(e));
    if (shape.type !== NativeType.STRING && elements.some((e) => e.trim() === '' || Number.isNaN(Number(e)))) throw new Error(`not a number among ${elements.length} elements`);
    rec.putFromLink(field, native, shape.type === NativeType.STRING ? NativeType.STRING : NativeType.DOUBLE, false, LINK_PUT);
    return;
  }
  if (pass === 0) {
    rec.configure(field, value);
    return;
  }
  const f = rec.field(field)!;
  if (isEnumLikeDbf(f.dbf) && /^\s*\d+\s*$/.test(value)) {
    rec.putFromLink(field, Uint16Array.of(Number(value)), NativeType.ENUM, false, LINK_PUT);
    return;
  }
  rec.putFromLink(field, [value], NativeType.STRING, false, LINK_PUT);
}
