/** Shared helpers for the .db file tests. */
import path from 'node:path';
import type { DbDatabase, DbFileReader, DbWarning } from '../../../src/records/db-file/index.js';

export interface PlainRecord {
  type: string;
  name: string;
  fields: Array<[string, string]>;
  infos: Array<[string, string]>;
  aliases: string[];
}

/** A database without locations and with maps as entry arrays, for toEqual(). */
export function plain(db: DbDatabase): { records: PlainRecord[]; aliases: Array<{ name: string; alias: string }> } {
  return {
    records: db.records.map((r) => ({
      type: r.type,
      name: r.name,
      fields: [...r.fields],
      infos: [...r.infos],
      aliases: [...r.aliases],
    })),
    aliases: db.aliases.map(({ name, alias }) => ({ name, alias })),
  };
}

/** A file reader over in-memory files, keyed by normalised relative path. */
export function memoryReader(files: Readonly<Record<string, string>>): DbFileReader {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [path.normalize(name), text]));
  return (file) => byPath.get(path.normalize(file));
}

/** Collects warnings instead of printing them. */
export function warningCollector(): { warnings: DbWarning[]; onWarning: (w: DbWarning) => void } {
  const warnings: DbWarning[] = [];
  return { warnings, onWarning: (w) => warnings.push(w) };
}
