/** parseDb(): grammar, values, record semantics, macros and errors. */
import { describe, expect, it } from 'vitest';
import { DbParseError, parseDb, type DbDatabase, type ParseDbOptions } from '../../../src/records/db-file/index.js';
import { plain, warningCollector } from './db-test-helpers.js';

const parse = (text: string, options: ParseDbOptions = {}): DbDatabase => parseDb(text, { onWarning: () => {}, ...options });

const errorOf = (text: string, options: ParseDbOptions = {}): DbParseError => {
  try {
    parse(text, options);
  } catch (e) {
    if (e instanceof DbParseError) return e;
    throw e;
  }
  throw new Error('expected a DbParseError');
};

describe('where records and fields are', () => {
  it('is exact far down a large file and far along a long line', () => {
    // Locations are packed into numbers while a file is held (a Smi up to line 16,383); past
    // that, and past column 65,535, they must come back the same.
    const lines = Array.from({ length: 20000 }, (_, i) => `record(ai, r${i}) { field(DESC, "${i}") }`);
    lines.push(`record(ai, wide) {${' '.repeat(70000)}field(DESC, "w") field(EGU, "e") }`);
    const db = parse(lines.join('\n'), { file: 'big.db' });
    for (const i of [0, 16382, 16383, 16384, 19999]) {
      expect(db.records[i]!.location).toEqual({ file: 'big.db', line: i + 1, column: 1 });
      expect(db.records[i]!.fieldLocations!.get('DESC')).toEqual({ file: 'big.db', line: i + 1, column: 23 + String(i).length });
    }
    const wide = db.records[20000]!;
    expect(wide.location).toEqual({ file: 'big.db', line: 20001, column: 1 });
    expect([...wide.fieldLocations!]).toEqual([
      ['DESC', { file: 'big.db', line: 20001, column: 70025 }],
      ['EGU', { file: 'big.db', line: 20001, column: 70042 }],
    ]);
  });

  it('moves to the last definition of a field, which keeps its first place', () => {
    const db = parse('record(ai, x) { field(A, 1) field(B, 2) }\nrecord(ai, x) {\n field(A, 3) }', { file: 'r.db' });
    expect([...db.records[0]!.fields]).toEqual([['A', '3'], ['B', '2']]);
    expect(db.records[0]!.fieldLocations!.get('A')).toEqual({ file: 'r.db', line: 3, column: 8 });
    expect(db.records[0]!.fieldLocations!.get('B')).toEqual({ file: 'r.db', line: 1, column: 35 });
  });
});

/** The stored value of one field. */
const value = (text: string): string | undefined => parse(`record(ai, x) { field(F, ${text}) }`).records[0]!.fields.get('F');

describe('grammar', () => {
  it('reads records with fields, infos and aliases, and where each record starts', () => {
    const db = parse(
      [
        '# a comment',
        'record(ai, "IOC:a") {',
        '    field(DESC, "first")',
        '    info(autosave, "VAL")',
        '    alias("IOC:alias")',
        '}',
        '  grecord(bo, IOC:b)',
        'alias("IOC:a", "IOC:top")',
      ].join('\n'),
      { file: 'test.db' },
    );
    expect(plain(db)).toEqual({
      records: [
        { type: 'ai', name: 'IOC:a', fields: [['DESC', 'first']], infos: [['autosave', 'VAL']], aliases: ['IOC:alias'] },
        { type: 'bo', name: 'IOC:b', fields: [], infos: [], aliases: [] },
      ],
      aliases: [{ name: 'IOC:a', alias: 'IOC:top' }],
    });
    expect(db.records.map((r) => r.location)).toEqual([
      { file: 'test.db', line: 2, column: 1 },
      { file: 'test.db', line: 7, column: 3 },
    ]);
    expect(db.aliases[0]!.location).toEqual({ file: 'test.db', line: 8, column: 1 });
  });

  it('reads an empty file, and a body-less record followed by another item', () => {
    expect(plain(parse(''))).toEqual({ records: [], aliases: [] });
    expect(parse('record(ai, a) record(ai, b) {}').records.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('keeps field order and lets a later value replace an earlier one in place', () => {
    const db = parse('record(ai, x) { field(A, 1) field(B, 2) field(A, 3) }');
    expect([...db.records[0]!.fields]).toEqual([
      ['A', '3'],
      ['B', '2'],
    ]);
  });
});

describe('character classes (dbLex.l, every ASCII character)', () => {
  // dbLex.l's classes as it writes them: {bareword} in INITIAL, {barechar} in JSON, {hexdigit}.
  const bareword = /^[a-zA-Z0-9_\-+:.[\]<>;]$/;
  const barechar = /^[a-zA-Z0-9_\-+.]$/;
  const hexdigit = /^[0-9a-fA-F]$/;
  const chars = Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)).concat(['\t', 'é']);

  it('reads a bare word in INITIAL through the characters of {bareword} only', () => {
    for (const c of chars) {
      if (bareword.test(c)) {
        expect(parse(`record(x${c}y, r)`).records[0]!.type, JSON.stringify(c)).toBe(`x${c}y`);
      } else {
        expect(() => parse(`record(x${c}y, r)`), JSON.stringify(c)).toThrow(DbParseError);
      }
    }
  });

  it('reads a bare value in JSON through the characters of {barechar} only', () => {
    for (const c of chars) {
      const text = `record(ai, r) { field(DESC, x${c}y) }`;
      if (barechar.test(c)) expect(parse(text).records[0]!.fields.get('DESC'), JSON.stringify(c)).toBe(`x${c}y`);
      else expect(() => parse(text), JSON.stringify(c)).toThrow(DbParseError);
    }
  });

  it('takes \\x and \\u escapes of {hexdigit} characters only', () => {
    for (const c of chars) {
      const x = `record(ai, r) { info(i, "\\x4${c}") }`;
      const u = `record(ai, r) { info(i, "\\u004${c}") }`;
      if (hexdigit.test(c)) {
        expect(parse(x).records[0]!.infos.get('i'), JSON.stringify(c)).toBe(String.fromCharCode(0x40 + parseInt(c, 16)));
        expect(() => parse(u), JSON.stringify(c)).not.toThrow();
      } else {
        expect(() => parse(x), JSON.stringify(c)).toThrow(DbParseError);
        expect(() => parse(u), JSON.stringify(c)).toThrow(DbParseError);
      }
    }
  });
});

describe('values (the JSON start condition)', () => {
  it.each([
    ['"text"', 'text'],
    ["'single'", 'single'],
    ['"a\\"b\\\\c\\n"', 'a"b\\c\n'],
    ["'it\"s'", 'it"s'],
    ['bare_word-1.5+x', 'bare_word-1.5+x'],
    ['0x1F', '0x1F'],
    ['-1.5e3', '-1.5e3'],
    ['.5', '.5'],
    ['NaN', 'NaN'],
    ['null', 'null'],
    ['{const: 5}', '{const:5}'],
    ['{ "pva" : "IOC:x" }', '{"pva":"IOC:x"}'],
    ['{pva: IOC.x}', '{pva:"IOC.x"}'],
    ['{+a: 1, b-c: 2, d.e: 3, f_g: 4}', '{"+a":1,"b-c":2,"d.e":3,f_g:4}'],
    ['{a: 1,}', '{a:1}'],
    ['[1, two, "three", 4,]', '[1,"two","three",4,]'],
    ['[]', '[]'],
    ['{}', '{}'],
    ["{'k': 'v\\x41'}", "{'k':'v\\x41'}"],
    ['{a: [true, false, null, {b: [0x10]}]}', '{a:[true,false,null,{b:[0x10]}]}'],
    ['{ # comment\n a: 1 }', '{a:1}'],
  ])('%s is stored as %j', (text, stored) => {
    expect(value(text)).toBe(stored);
  });

  it('gives info values the same treatment', () => {
    expect(parse('record(ai, x) { info(i, {a: b}) info(j, "\\t") }').records[0]!.infos).toEqual(
      new Map([
        ['i', '{a:"b"}'],
        ['j', '\t'],
      ]),
    );
  });
});

describe('record semantics (dbRecordHead, dbRecordAlias, dbAlias)', () => {
  it('continues a record defined again with the same type, or with type "*"', () => {
    const db = parse('record(ai, x) { field(A, 1) info(i, 1) } record(ai, x) { field(B, 2) } record("*", x) { info(i, 2) }');
    expect(plain(db).records).toEqual([{ type: 'ai', name: 'x', fields: [['A', '1'], ['B', '2']], infos: [['i', '2']], aliases: [] }]);
  });

  it('continues a record through one of its aliases', () => {
    const db = parse('record(ai, x) { alias(y) } record(ai, y) { field(A, 1) } record("*", y) { field(B, 2) }');
    expect(plain(db).records).toEqual([{ type: 'ai', name: 'x', fields: [['A', '1'], ['B', '2']], infos: [], aliases: ['y'] }]);
  });

  it('makes an alias of an alias name the real record', () => {
    expect(parse('record(ai, x) { alias(y) } alias(y, z)').aliases.map(({ name, alias }) => [name, alias])).toEqual([['x', 'z']]);
  });

  it('continues records of a base database without changing it', () => {
    const base = parse('record(ai, x) { field(A, 1) }');
    const db = parse('record("*", x) { field(A, 2) } alias(x, y)', { base });
    expect(plain(db).records[0]!.fields).toEqual([['A', '2']]);
    expect(db.aliases).toHaveLength(1);
    expect(plain(base)).toEqual({ records: [{ type: 'ai', name: 'x', fields: [['A', '1']], infos: [], aliases: [] }], aliases: [] });
    expect(() => parse('alias(x, y)', { base: db })).toThrow('Can\'t create alias "y" referring to "x"');
  });

  it('refuses redefinition when recordsOnceOnly is set, except with "*"', () => {
    expect(() => parse('record(ai, x) record(ai, x)', { recordsOnceOnly: true })).toThrow('dbRecordsOnceOnly');
    expect(parse('record(ai, x) record("*", x) { field(A, 1) }', { recordsOnceOnly: true }).records).toHaveLength(1);
  });

  it('warns about names EPICS warns about', () => {
    const { warnings, onWarning } = warningCollector();
    parse('record(ai, "+x") record(ai, "{y") record(ai, "a\x02b")', { onWarning, file: 'w.db' });
    expect(warnings.map((w) => w.message)).toEqual([
      "Record/Alias name '+x' should not begin with '+'",
      "Record/Alias name '{y' should not begin with '{'",
      "Record/Alias name 'a\x02b' should not contain non-printable 0x02",
    ]);
    expect(warnings[0]!.location).toEqual({ file: 'w.db', line: 1, column: 1 });
  });
});

describe('errors', () => {
  it.each([
    ['record(ai, x) { field(DESC, "a" }', 1, 33, "syntax error at or before '}'"],
    ['record(ai, x)\n{\n  field(A 1)\n}', 3, 11, "syntax error at or before '1'"],
    ['record(ai, x) {\n  field(A, 1)\n', 2, 14, 'syntax error at end of input'],
    ['record(ai, record)', 1, 12, "syntax error at or before 'record'"],
    ['record(ai, x) {\n  field(A, abc:def)\n}', 2, 15, "syntax error at or before ':def'"],
    ['record(ai, x) { field(A, ) }', 1, 26, "Invalid character ')'"],
    ['record(ai, x) { field(A, "a\tb") }', 1, 26, 'Bad character in JSON string'],
    ["record(ai, x) { field(A, '\\1') }", 1, 26, 'Bad character in JSON string'],
    ['record(ai, x) { field(A, "abc\n") }', 1, 26, `Invalid character '"'`],
    ['record(ai, "x\n") {}', 1, 12, 'Newline in string, closing quote missing'],
    ["record(ai, 'x')", 1, 12, "Invalid character '''"],
    ['record(ai, x) @', 1, 15, "Invalid character '@'"],
    ['record(ai, x) \x01', 1, 15, 'Invalid character 0x01'],
    ['record(ai, x) é', 1, 15, 'Invalid character 0xc3'],
    ['%{ C code }', 1, 1, "syntax error at or before '%{ C code }'"],
    ['menu(m) { choice(a, "A") }', 1, 1, '"menu" is a .dbd definition'],
    ['record(ai, x) {}\nrecord(ao, x)', 2, 1, 'Record "x" of type "ai" redefined with new type "ao"'],
    ['record("*", x)', 1, 1, 'Record "x" not found'],
    ['record("", x)', 1, 1, 'unknown type'],
    ['record(ai, "a.b")', 1, 1, `Bad character '.' in Record/Alias name "a.b"`],
    ['record(ai, "")', 1, 1, "Record/Alias name can't be empty"],
    [`record(ai, "${'x'.repeat(61)}")`, 1, 1, "Can't create record"],
    ['record(ai, x) { info("", 1) }', 1, 22, "Info item name can't be empty"],
    ['record(ai, x) record(ai, y) { alias(x) }', 1, 37, `Can't create alias "x" for "y"`],
    ['alias(x, y)', 1, 1, 'Alias "y" refers to unknown record "x"'],
  ])('%j', (text, line, column, reason) => {
    const e = errorOf(text, { file: 'e.db' });
    expect(e.reason).toContain(reason);
    expect({ line: e.line, column: e.column, file: e.file }).toEqual({ line, column, file: 'e.db' });
    expect(e.message).toBe(`e.db:${line}:${column}: ${e.reason}`);
  });

  it('counts a 60-byte UTF-8 name as 60 characters, as EPICS counts bytes', () => {
    expect(() => parse(`record(ai, "${'é'.repeat(30)}")`)).not.toThrow();
    expect(() => parse(`record(ai, "${'é'.repeat(30)}x")`)).toThrow("Can't create record");
  });

  it('refuses deeply nested JSON instead of overflowing the stack', () => {
    expect(errorOf(`record(ai, x) { field(A, ${'['.repeat(5000)}) }`).reason).toBe('JSON value nested too deeply');
  });
});

describe('macros', () => {
  it('expands the substitutions given, like dbLoadRecords', () => {
    const db = parse('record(ai, "$(P)$(R=x)") { field(DESC, "${D}") }', { macros: 'P=IOC:,D="a,b"' });
    expect(plain(db).records[0]).toMatchObject({ name: 'IOC:x', fields: [['DESC', 'a,b']] });
  });

  it('names an undefined macro with its file, line and column', () => {
    const e = errorOf('record(ai, x) {\n  field(DESC, "$(P)$(Q)")\n}', { file: 'm.db', macros: { P: 'p' } });
    expect({ reason: e.reason, line: e.line, column: e.column }).toEqual({ reason: 'macro "Q" is undefined', line: 2, column: 20 });
  });

  it("in 'keep' mode leaves $(name,undefined) and warns with the place", () => {
    const { warnings, onWarning } = warningCollector();
    const db = parseDb('record(ai, x) {\n  info(i, "$(Q)")\n}', { file: 'k.db', undefinedMacros: 'keep', onWarning });
    expect(db.records[0]!.infos.get('i')).toBe('$(Q,undefined)');
    expect(warnings).toEqual([{ message: 'macro "Q" is undefined', location: { file: 'k.db', line: 2, column: 12 } }]);
  });

  it("with quietMacroWarnings leaves $(name) and does not warn", () => {
    const { warnings, onWarning } = warningCollector();
    const db = parseDb('record(ai, x) { info(i, "$(Q)") }', { undefinedMacros: 'keep', quietMacroWarnings: true, onWarning });
    expect(db.records[0]!.infos.get('i')).toBe('$(Q)');
    expect(warnings).toEqual([]);
  });

  it('expands each line on its own, as EPICS does', () => {
    const db = parse("record(ai, x) {\n  # don't\n  info(i, \"$(P)\")\n}", { macros: 'P=p' });
    expect(db.records[0]!.infos.get('i')).toBe('p');
  });

  it('can be switched off for text that is already expanded', () => {
    expect(parse('record(ai, x) { info(i, "$(P)") }', { expandMacros: false }).records[0]!.infos.get('i')).toBe('$(P)');
  });

  it('counts lines in the source even when a macro value holds a newline', () => {
    const macros = { N: 'field(A, 1)\nfield(B, 2)' };
    expect(plain(parse('record(ai, x) { $(N) }', { macros })).records[0]!.fields).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
    const e = errorOf('record(ai, x) { $(N) }\nrecord(ai, y) { field(C) }', { macros, file: 'n.db' });
    expect([e.line, e.reason]).toEqual([2, "syntax error at or before ')' (expected ',')"]);
  });
});
