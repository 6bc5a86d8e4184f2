/**
 * Writing records back as .db text that EPICS softIoc loads unchanged: for each record, the
 * design-time fields (those with a promptgroup) whose value differs from the record type's
 * default, menus by their labels, links as text, and an array record's contents as a constant
 * INP/DOL link (EPICS cannot set an array VAL from a .db file).
 */
import { formatDb } from './db-file/format.js';
import type { DbRecord } from './db-file/types.js';
import type { FieldDef } from './fields/field-def.js';
import { isLinkDbf } from './field-value.js';
import type { EpicsRecord } from './record.js';
import { ftvlNative } from './support/arrays.js';
import { NativeType } from '../ca/protocol/dbr/types.js';

export interface ExportDbOptions {
  /** Write `$(device)` for this device name in record names and fields (DevIOC's template form). */
  deviceMacro?: { device: string; separator?: string };
  /** A comment line at the top. */
  header?: string;
}

const ARRAY_TYPES = new Set(['waveform', 'aai', 'aao']);
/** Design-time fields that hold run-time state once the record has run. */
const RUNTIME_STATE = new Set(['NAME', 'UDF']);

/** The text of a field as a .db file writes it. */
function fieldText(record: EpicsRecord, f: FieldDef): string {
  const value = record.get(f.name);
  if (f.dbf === 'DBF_MENU' && f.menu !== undefined) return record.enumStrings(f)[Number(value)] ?? String(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  return String(value);
}

/** The stored default of a field for this record type (what a fresh record holds). */
const defaultOf = (record: EpicsRecord, name: string): unknown => (Object.getPrototypeOf(record.v) as Record<string, unknown>)[name];

export function recordToDb(record: EpicsRecord): DbRecord {
  const fields = new Map<string, string>();
  for (const f of record.typeDef.fields) {
    if (f.promptgroup === undefined || f.dbf === 'DBF_NOACCESS' || RUNTIME_STATE.has(f.name)) continue;
    const value = record.get(f.name);
    const dflt = defaultOf(record, f.name);
    if (value === dflt || (value === '' && dflt === undefined)) continue;
    if (!isLinkDbf(f.dbf) && typeof value === 'number' && typeof dflt === 'number' && Number.isNaN(value) && Number.isNaN(dflt)) continue;
    fields.set(f.name, fieldText(record, f));
  }
  // Array contents go out as a constant input (waveform, aai) or DOL (aao) link.
  if (ARRAY_TYPES.has(record.typeName)) {
    const link = record.typeName === 'aao' ? 'DOL' : 'INP';
    const val = record.get('VAL');
    if (!fields.has(link) && (Array.isArray(val) || ArrayBuffer.isView(val)) && (val as ArrayLike<unknown>).length > 0) {
      const items = Array.from(val as ArrayLike<number | string>);
      fields.set(link, ftvlNative(record) === NativeType.STRING ? JSON.stringify(items) : `[${items.join(',')}]`);
    }
  }
  const info = record.state.info as Map<string, string> | undefined;
  return { type: record.typeName, name: record.name, fields, infos: new Map(info ?? []), aliases: [], location: { file: '<export>', line: 0, column: 0 } };
}

export function exportDb(records: readonly EpicsRecord[], options: ExportDbOptions = {}): string {
  const text = formatDb(records.map(recordToDb), options.header !== undefined ? { header: options.header } : {});
  const macro = options.deviceMacro;
  if (macro === undefined) return text;
  // The template form: dbLoadRecords expands $(device) inside quoted names and values too.
  const prefix = `${macro.device}${macro.separator ?? ':'}`;
  return text.split(prefix).join(`$(device)${macro.separator ?? ':'}`);
}
