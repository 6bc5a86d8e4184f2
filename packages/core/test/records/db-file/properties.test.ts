/**
 * Properties: parseDb(formatDb(db)) gives db back for any database formatDb accepts, and
 * parseDb() never fails with anything but a DbParseError, whatever the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DbParseError, formatDb, parseDb, type DbDatabase, type DbRecord } from '../../../src/records/db-file/index.js';
import { memoryReader, plain } from './db-test-helpers.js';

const location = { file: 'generated', line: 1, column: 1 };

/** Characters for names: everything EPICS accepts in a record name, and some it warns about. */
const nameChar = fc.constantFrom(
  ...'abcXYZ019_:-+[]<>;{}()#,=/@!%^&*~|?\\é中😀\x01'.match(/./gu)!,
);
const recordName = fc
  .string({ unit: nameChar, minLength: 1, maxLength: 12 })
  .filter((n) => /\\*$/.exec(n)![0].length % 2 === 0);
/** Field, info and type names: anything a quoted name can hold (or a bare word, keywords too). */
const otherName = fc.oneof(
  fc.constantFrom('DESC', 'VAL', 'INP', 'field', 'record', 'include', 'Q:group', 'a b', "it's", '{x}', '$', '$x'),
  fc
    .string({ unit: 'binary', maxLength: 10 })
    .filter((n) => !/["\n]|\$[({]/.test(n) && /\\*$/.exec(n)![0].length % 2 === 0),
);
const value = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('{const:5}', '$(P)', '${X}', '\\', '"', "'", '\r\n', '\x7f\x85\x9f\xa0', 'caf\xc3\xa9', '#', '\t'),
).filter((v) => !v.includes('\0'));

const database: fc.Arbitrary<DbDatabase> = fc
  .uniqueArray(recordName, { minLength: 0, maxLength: 12 })
  .chain((names) => {
    // The first names are records; the rest are shared out as aliases.
    const recordCount = Math.ceil(names.length / 2);
    const recordNames = names.slice(0, recordCount);
    const aliasNames = names.slice(recordCount);
    return fc.record({
      records: fc.tuple(
        ...recordNames.map((name) =>
          fc.record({
            type: otherName.filter((t) => t !== '' && t !== '*'),
            name: fc.constant(name),
            fields: fc.uniqueArray(fc.tuple(otherName, value), { selector: ([k]) => k, maxLength: 5 }).map((e) => new Map(e)),
            infos: fc
              .uniqueArray(fc.tuple(otherName.filter((n) => n !== ''), value), { selector: ([k]) => k, maxLength: 3 })
              .map((e) => new Map(e)),
            location: fc.constant(location),
          }),
        ),
      ),
      split: fc.array(fc.nat(), { minLength: aliasNames.length, maxLength: aliasNames.length }),
    }).map(({ records, split }) => {
      // Each run its own alias lists: the map runs again on the same records while shrinking.
      const db: DbDatabase = { records: records.map((r): DbRecord => ({ ...r, aliases: [] })), aliases: [] };
      aliasNames.forEach((alias, i) => {
        const target = db.records[split[i]! % db.records.length]!;
        if (split[i]! % 2 === 0) target.aliases.push(alias);
        else db.aliases.push({ name: target.name, alias });
      });
      return db;
    });
  });

describe('formatDb then parseDb', () => {
  it('gives the same records, fields, infos and aliases', () => {
    fc.assert(
      fc.property(database, (db) => {
        const text = formatDb(db);
        expect(plain(parseDb(text, { onWarning: () => {} }))).toEqual(plain(db));
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseDb on arbitrary input', () => {
  const tokens = fc.constantFrom(
    'record', 'grecord', 'field', 'info', 'alias', 'include', 'path', 'addpath', 'menu', '(', ')', '{', '}', '[', ']',
    ',', ':', '"', "'", '\\', '#', '\n', ' ', '\t', '%', '$(', '${', 'P', 'A', '=', 'x', '0x1', '1.5', '"a"',
    '"b.db"', 'null', '*', '\0', '\x01', 'é', '\r\n',
  );
  const soup = fc.array(tokens, { maxLength: 60 }).map((t) => t.join(''));
  const files = memoryReader({ 'a.db': 'record(ai, a) {', 'b.db': 'include "b.db"', 'c.db': '}' });

  const onlyDbParseErrors = (text: string, macros: string, mode: 'error' | 'keep'): void => {
    try {
      parseDb(text, { macros, undefinedMacros: mode, readFile: files, onWarning: () => {} });
    } catch (e) {
      if (!(e instanceof DbParseError)) throw e;
    }
  };

  it('token soup', () => {
    fc.assert(
      fc.property(soup, fc.constantFrom('', 'P=x', 'A=$(A)', 'P="a,b"'), fc.constantFrom('error', 'keep'), (text, macros, mode) =>
        onlyDbParseErrors(text, macros, mode as 'error' | 'keep'),
      ),
      { numRuns: 3000 },
    );
  });

  it('any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => onlyDbParseErrors(text, '', 'keep')),
      { numRuns: 2000 },
    );
  });

  it('valid files with one character changed', () => {
    const valid = 'record(ai, "x") {\n  field(INP, {const: [1, "a"]})\n  info(i, \'v\')\n  alias("y")\n}\ninclude "c.db"\n';
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.string({ unit: 'binary', maxLength: 2 }), (at, insert) =>
        onlyDbParseErrors(valid.slice(0, at) + insert + valid.slice(at + 1), 'P=x', 'keep'),
      ),
      { numRuns: 2000 },
    );
  });
});
