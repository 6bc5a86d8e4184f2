/**
 * The name lists of dbTest.c and dbStaticLib: dbgrep (record names and aliases matching a
 * glob), dbla (aliases), dbli (info items), in the order dbStatic keeps them: by record type,
 * each type's records in load order with its aliases after them. Each returns the text to
 * print, lines ending in "\n".
 */
import type { RecordDatabase } from '../records/database.js';
import { recordTypesInOrder, recordsByType } from './db-report.js';

/** epicsStrGlobMatch: `*` any run of characters, `?` any one, everything else itself. */
export function globMatcher(pattern: string): (text: string) => boolean {
  const source = [...pattern].map((c) => (c === '*' ? '[^]*' : c === '?' ? '[^]' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  const re = new RegExp(`^${source}$`, 'u');
  return (text) => re.test(text);
}

/** Names as dbStatic walks them: per record type, its records, then the aliases made of them. */
function namesByType(db: RecordDatabase): { name: string; alias?: string; record: string }[] {
  const byType = recordsByType(db, true);
  return recordTypesInOrder().flatMap((t) =>
    (byType.get(t) ?? []).map(({ name, record }) => (name === record.name ? { name, record: name } : { name, alias: name, record: record.name })),
  );
}

/** dbgrep "pattern": every record name and alias matching it. */
export function dbgrep(db: RecordDatabase, pattern: string | undefined): string {
  if (pattern === undefined || pattern === '') return 'Usage: dbgrep "pattern"\n';
  const match = globMatcher(pattern);
  return namesByType(db)
    .filter((e) => match(e.name))
    .map((e) => `${e.name}\n`)
    .join('');
}

/** dbla ["pattern"]: each alias (matching the pattern) with the record it names. */
export function dbla(db: RecordDatabase, pattern: string | undefined): string {
  const match = pattern === undefined || pattern === '' ? () => true : globMatcher(pattern);
  return namesByType(db)
    .filter((e) => e.alias !== undefined && match(e.alias))
    .map((e) => `${e.alias} -> ${e.record}\n`)
    .join('');
}

/** dbli ["pattern"]: each info item (its name matching the pattern) of every record, as `REC info(NAME, "VALUE")`. */
export function dbli(db: RecordDatabase, pattern: string | undefined): string {
  const match = pattern === undefined || pattern === '' ? () => true : globMatcher(pattern);
  let out = '';
  for (const e of namesByType(db)) {
    if (e.alias !== undefined) continue;
    const info = db.get(e.name)?.state.info as Map<string, string> | undefined;
    for (const [name, value] of info ?? []) if (match(name)) out += `${e.name} info(${name}, "${value}")\n`;
  }
  return out;
}
