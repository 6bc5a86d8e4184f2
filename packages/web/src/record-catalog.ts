/** The list of records the generated screen draws, from the record database. */
import type { RecordDatabase } from '@devioc/core/records';

export interface RecordEntry {
  name: string;
  /** The record type (ai, bo, waveform…). */
  type: string;
  desc: string;
  /** For waveform/aai/aao: the element type (FTVL), e.g. DOUBLE, CHAR. */
  ftvl?: string;
  /** Element count for array records. */
  nelm?: number;
}

const ARRAY_TYPES = new Set(['waveform', 'aai', 'aao', 'subArray', 'compress', 'histogram']);

export function catalogOf(db: RecordDatabase): RecordEntry[] {
  const out: RecordEntry[] = [];
  for (const name of db.names()) {
    const record = db.get(name);
    if (record === undefined) continue;
    const entry: RecordEntry = { name, type: record.typeName, desc: record.field('DESC') ? record.str('DESC') : '' };
    if (ARRAY_TYPES.has(record.typeName)) {
      if (record.field('FTVL')) entry.ftvl = record.str('FTVL');
      if (record.field('NELM')) entry.nelm = record.num('NELM');
    }
    out.push(entry);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
