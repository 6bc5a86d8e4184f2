/** include, path and addpath; loadDbFile() on the real file system. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DbParseError, loadDbFile, parseDb, type DbFileReader } from '../../../src/records/db-file/index.js';
import { memoryReader, plain } from './db-test-helpers.js';

const load = (files: Record<string, string>, main = 'main.db', extra: Parameters<typeof loadDbFile>[1] = {}) =>
  loadDbFile(main, { readFile: memoryReader(files), onWarning: () => {}, ...extra });

const names = (files: Record<string, string>, main?: string): string[] => load(files, main).records.map((r) => r.name);

describe('include', () => {
  it('reads the included file where the include is, macros applied', () => {
    const db = load(
      {
        'main.db': 'record(ai, a)\ninclude "b.db"\nrecord(ai, c)',
        'b.db': 'record(ai, "$(P)b")',
      },
      'main.db',
      { macros: 'P=x:' },
    );
    expect(db.records.map((r) => [r.name, r.location.file, r.location.line])).toEqual([
      ['a', 'main.db', 1],
      ['x:b', 'b.db', 1],
      ['c', 'main.db', 3],
    ]);
  });

  it('continues a record body from the included file', () => {
    const db = load({
      'main.db': 'record(ai, a) {\n  include "fields.db"\n  field(C, 3)\n}',
      'fields.db': 'field(A, 1)\nfield(B, 2)\n',
    });
    expect(plain(db).records[0]!.fields).toEqual([
      ['A', '1'],
      ['B', '2'],
      ['C', '3'],
    ]);
  });

  it('keeps where each field was set, in the included file or in the record itself', () => {
    const db = load({
      'main.db': 'record(ai, a) {\n  include "fields.db"\n  field(C, 3)\n}\nrecord(ai, a) { field(A, 4) }',
      'fields.db': 'field(A, 1)\nfield(B, 2)\n',
    });
    expect([...db.records[0]!.fieldLocations!]).toEqual([
      ['A', { file: 'main.db', line: 5, column: 23 }],
      ['B', { file: 'fields.db', line: 2, column: 7 }],
      ['C', { file: 'main.db', line: 3, column: 9 }],
    ]);
    expect(plain(db).records[0]!.fields).toEqual([['A', '4'], ['B', '2'], ['C', '3']]);
  });

  it('reads the rest of the including line before the included file (as flex does)', () => {
    expect(names({ 'main.db': 'include "b.db" record(ai, a)\nrecord(ai, c)', 'b.db': 'record(ai, b)' })).toEqual(['a', 'b', 'c']);
  });

  it('looks up names relative to the including file, also in nested directories', () => {
    const files = {
      'top/main.db': 'include "sub/a.db"\ninclude "b.db"',
      'top/sub/a.db': 'record(ai, a)\ninclude "c.db"',
      'top/sub/c.db': 'record(ai, c)',
      'top/b.db': 'record(ai, b)',
    };
    expect(names(files, 'top/main.db')).toEqual(['a', 'c', 'b']);
  });

  it('follows path and addpath, relative to the file with the statement', () => {
    const files = {
      'top/main.db': 'path "none:lib1"\ninclude "x.db"\naddpath "lib2"\ninclude "y.db"\npath "lib2"\ninclude "x.db"',
      'top/lib1/x.db': 'record(ai, x1)',
      'top/lib2/y.db': 'record(ai, y2)',
      'top/lib2/x.db': 'record(ai, x2)',
    };
    expect(names(files, 'top/main.db')).toEqual(['x1', 'y2', 'x2']);
  });

  it('treats an empty path entry as the file\'s own directory (dbAddPath)', () => {
    const files = { 'd/main.db': 'path "elsewhere:"\ninclude "x.db"', 'd/x.db': 'record(ai, x)' };
    expect(names(files, 'd/main.db')).toEqual(['x']);
    expect(() => names({ 'd/main.db': 'path "elsewhere"\ninclude "x.db"', 'd/x.db': '' }, 'd/main.db')).toThrow(
      `Can't open include file "x.db"`,
    );
  });

  it('takes the includePath option as the initial path', () => {
    const files = { 'main.db': 'include "x.db"', 'lib/x.db': 'record(ai, x)' };
    expect(load(files, 'main.db', { includePath: ['lib'] }).records.map((r) => r.name)).toEqual(['x']);
  });

  it('expands $(VAR) in file names from env after the line expansion (macEnvExpand)', () => {
    // EPICS expands the line first, leaving "$(TOP,undefined)", which macEnvExpand() then
    // reads as TOP with a scoped definition of "undefined": the environment still applies.
    const files = { 'main.db': 'include "$(TOP)/x.db"', 'abs/x.db': 'record(ai, x)' };
    expect(load(files, 'main.db', { env: { TOP: 'abs' }, undefinedMacros: 'keep' }).records.map((r) => r.name)).toEqual(['x']);
    expect(() => load(files, 'main.db', { undefinedMacros: 'keep' })).toThrow(
      `Can't open include file "$(TOP,undefined)/x.db": macro "TOP" is undefined`,
    );
    // In strict mode the line expansion already stops at the undefined macro.
    expect(() => load(files, 'main.db', { env: { TOP: 'abs' } })).toThrow('macro "TOP" is undefined');
  });

  it('reports an error in an included file there, with the include chain', () => {
    let error: unknown;
    try {
      load({ 'main.db': '\ninclude "a.db"', 'a.db': 'include "b.db"', 'b.db': 'record(ai, x) }' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DbParseError);
    const e = error as DbParseError;
    expect([e.file, e.line, e.column]).toEqual(['b.db', 1, 15]);
    expect(e.includedFrom.map((l) => [l.file, l.line])).toEqual([
      ['a.db', 1],
      ['main.db', 2],
    ]);
    expect(e.message).toBe("b.db:1:15: syntax error at or before '}'\n    included from a.db:1\n    included from main.db:2");
  });

  it('refuses a file that includes itself, and too deep nesting', () => {
    expect(() => load({ 'main.db': 'include "a.db"', 'a.db': 'include "main.db"' })).toThrow('the file includes itself');
    const chain: Record<string, string> = {};
    for (let i = 0; i < 100; i++) chain[`f${i}.db`] = `include "f${i + 1}.db"`;
    chain['f100.db'] = '';
    expect(() => load(chain, 'f0.db')).toThrow('includes nested deeper than 64');
    expect(() => load(chain, 'f0.db', { maxIncludeDepth: 200 })).not.toThrow();
  });

  it('turns a failing reader into a DbParseError, and needs a reader at all', () => {
    const failing: DbFileReader = (file) => {
      if (file === 'main.db') return 'include "x.db"';
      throw new Error('EACCES: permission denied');
    };
    expect(() => loadDbFile('main.db', { readFile: failing })).toThrow(`Can't open include file "x.db": EACCES: permission denied`);
    expect(() => parseDb('include "x.db"')).toThrow('no file reader given');
    expect(() => loadDbFile('missing.db', { readFile: () => undefined })).toThrow(`Can't open file "missing.db"`);
  });
});

describe('loadDbFile on the file system', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'devioc-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads files and their includes relative to each other', () => {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'main.db'), 'record(ai, "$(P)main")\ninclude "sub/inc.db"\n');
    writeFileSync(path.join(dir, 'sub', 'inc.db'), 'record(ai, "$(P)inc") { field(DESC, "café") }\n');
    const db = loadDbFile(path.join(dir, 'main.db'), { macros: 'P=fs:' });
    expect(plain(db).records.map((r) => [r.name, r.fields])).toEqual([
      ['fs:main', []],
      ['fs:inc', [['DESC', 'café']]],
    ]);
    expect(db.records[1]!.location.file).toBe(path.join(dir, 'sub', 'inc.db'));
    expect(() => loadDbFile(path.join(dir, 'nope.db'))).toThrow(DbParseError);
  });
});
