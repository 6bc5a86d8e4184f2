/**
 * Each directory under softioc-cases/ is a .db load that was checked against EPICS 7.0.8.1
 * softIoc: softioc.txt is what softIoc printed (its errors and warnings, then
 * `dbDumpRecord pdbbase * 0`). record-softioc.mjs re-records them; these tests need only
 * the files.
 *
 * Every case is parsed with EPICS' lenient macro handling and compared with the dump: the
 * same records of the same types, every field we read has the value softIoc stored (fields
 * softIoc normalises are listed in case.json), the same infos in the same order, the same
 * aliases; or, for a load softIoc refused, a DbParseError at the line softIoc named. Then the
 * strict mode must agree, except where undefined macros make it fail earlier.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DbParseError, formatDb, parseDb, type DbDatabase, type ParseDbOptions } from '../../../src/records/db-file/index.js';
import { memoryReader, plain, warningCollector } from './db-test-helpers.js';

interface CaseSpec {
  description: string;
  macros?: string;
  main?: string;
  /** The case has undefined macros: strict parsing fails with strictError. */
  lenient?: boolean;
  /** Our error message (a substring) when softIoc refused the load. */
  error?: string;
  strictError?: string;
  errorFile?: string;
  /** "record.FIELD": the text softIoc stores for a field whose text it normalises (links). */
  epicsNormalises?: Record<string, string>;
  /** Environment variables softIoc had (for include file names). */
  env?: Record<string, string>;
}

interface Case {
  name: string;
  dir: string;
  spec: CaseSpec;
  files: Record<string, string>;
  softIoc: string;
}

const CASES_DIR = fileURLToPath(new URL('./softioc-cases/', import.meta.url));

function filesIn(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(files, filesIn(full, path.join(prefix, name)));
    else if (name.endsWith('.db')) files[path.join(prefix, name)] = readFileSync(full, 'utf8');
  }
  return files;
}

const cases: Case[] = readdirSync(CASES_DIR)
  .filter((name) => statSync(path.join(CASES_DIR, name)).isDirectory())
  .sort()
  .map((name) => {
    const dir = path.join(CASES_DIR, name);
    return {
      name,
      dir,
      spec: JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseSpec,
      files: filesIn(dir),
      softIoc: readFileSync(path.join(dir, 'softioc.txt'), 'utf8'),
    };
  });

function options(c: Case, mode: 'error' | 'keep'): ParseDbOptions & { file: string } {
  return {
    file: c.spec.main ?? 'main.db',
    macros: c.spec.macros ?? '',
    undefinedMacros: mode,
    readFile: memoryReader(c.files),
    env: c.spec.env ?? {},
  };
}

const parseCase = (c: Case, extra: ParseDbOptions): DbDatabase => {
  const o = options(c, 'keep');
  return parseDb(c.files[o.file]!, { ...o, ...extra });
};

/** The records softIoc dumped, read with our own parser (the dump is .db text, already expanded). */
function dumpedDatabase(c: Case): DbDatabase {
  const marker = 'epics> dbDumpRecord pdbbase * 0\n';
  const at = c.softIoc.indexOf(marker);
  const dump = c.softIoc
    .slice(at + marker.length)
    .split('\n')
    .filter((l) => !l.startsWith('epics>'))
    .join('\n');
  return parseDb(dump, { file: 'dump', expandMacros: false });
}

function aliasPairs(db: DbDatabase): string[] {
  const pairs = db.aliases.map((a) => `${a.name} -> ${a.alias}`);
  for (const r of db.records) for (const a of r.aliases) pairs.push(`${r.name} -> ${a}`);
  return pairs.sort();
}

const loaded = cases.filter((c) => !c.softIoc.includes('failed to load'));
const refused = cases.filter((c) => c.softIoc.includes('failed to load'));

describe('loads softIoc accepted give the records softIoc made', () => {
  it.each(loaded.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { warnings, onWarning } = warningCollector();
    const ours = parseCase(c, { onWarning });
    const epics = dumpedDatabase(c);

    expect(ours.records.map((r) => `${r.type} ${r.name}`).sort()).toEqual(epics.records.map((r) => `${r.type} ${r.name}`).sort());
    for (const record of ours.records) {
      const dumped = epics.records.find((r) => r.name === record.name)!;
      for (const [field, value] of record.fields) {
        const normalised = c.spec.epicsNormalises?.[`${record.name}.${field}`];
        if (normalised !== undefined) {
          // The records layer's business (link parsing); the parser hands on the text as written.
          expect(dumped.fields.get(field)).toBe(normalised);
          continue;
        }
        // A field left at its default (an empty string) is not dumped.
        const expected = dumped.fields.has(field) ? dumped.fields.get(field) : '';
        expect({ field: `${record.name}.${field}`, value }).toEqual({ field: `${record.name}.${field}`, value: expected });
      }
      expect([...record.infos]).toEqual([...dumped.infos]);
    }
    expect(aliasPairs(ours)).toEqual(aliasPairs(epics));

    // EPICS' warnings: bad-looking names, and lines with undefined macros.
    for (const line of c.softIoc.split('\n')) {
      const macroLine = /^Warning: '(.+)' line (\d+) has undefined macros/.exec(line);
      if (macroLine !== null) {
        expect(warnings.some((w) => w.location.file === macroLine[1] && w.location.line === Number(macroLine[2]))).toBe(true);
      } else if (line.startsWith('Warning: ')) {
        expect(warnings.map((w) => w.message)).toContain(line.slice('Warning: '.length));
      }
    }
  });
});

describe('loads softIoc refused fail with a DbParseError at the same place', () => {
  it.each(refused.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const error = (() => {
      try {
        parseCase(c, { onWarning: () => {} });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DbParseError);
    const e = error as DbParseError;
    expect(e.reason).toContain(c.spec.error);
    const where = /file "([^"]+)" line (\d+)/.exec(c.softIoc);
    if (where !== null) {
      expect({ file: path.basename(e.file), line: e.line }).toEqual({ file: where[1], line: Number(where[2]) });
    }
  });
});

describe('strict macro handling agrees, or names the undefined macro', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const o = options(c, 'error');
    const strict = (): DbDatabase => parseDb(c.files[o.file]!, { ...o, onWarning: () => {} });
    if (c.spec.lenient === true) {
      expect(strict).toThrow(DbParseError);
      expect(strict).toThrow(c.spec.strictError);
    } else if (c.spec.error !== undefined) {
      expect(strict).toThrow(c.spec.error);
    } else {
      expect(plain(strict())).toEqual(plain(parseCase(c, { onWarning: () => {} })));
    }
  });
});

describe('the exported file softIoc loaded', () => {
  const c = cases.find((x) => x.name === 'export-round-trip')!;

  it('is formatDb() of source.db, unchanged', () => {
    const source = parseDb(c.files['source.db']!, { file: 'source.db' });
    expect(formatDb(source, { header: 'Written by formatDb() from source.db' })).toBe(c.files['main.db']);
  });

  it('reads back as the records of source.db', () => {
    const source = parseDb(c.files['source.db']!, { file: 'source.db' });
    const exported = parseDb(c.files['main.db']!, { file: 'main.db' });
    expect(plain(exported)).toEqual(plain(source));
  });
});
