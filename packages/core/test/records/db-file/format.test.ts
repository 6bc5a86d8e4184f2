/** formatDb(): the text it writes and what it refuses. */
import { describe, expect, it } from 'vitest';
import { DbFormatError, formatDb, parseDb, type DbRecord } from '../../../src/records/db-file/index.js';
import { plain } from './db-test-helpers.js';

const record = (r: Partial<DbRecord> & Pick<DbRecord, 'type' | 'name'>): DbRecord => ({
  fields: new Map(),
  infos: new Map(),
  aliases: [],
  location: { file: 'test', line: 1, column: 1 },
  ...r,
});

describe('formatDb', () => {
  it('writes records, infos, aliases and top-level aliases', () => {
    const text = formatDb(
      {
        records: [
          record({
            type: 'ai',
            name: 'IOC:temp',
            fields: new Map([
              ['DESC', 'A "quoted" \\ value'],
              ['INP', '{const:5}'],
            ]),
            infos: new Map([['autosaveFields', 'VAL']]),
            aliases: ['IOC:t'],
          }),
          record({ type: 'bo', name: 'IOC:empty' }),
        ],
        aliases: [{ name: 'IOC:temp', alias: 'IOC:T' }],
      },
      { header: 'generated\nby a test' },
    );
    expect(text).toBe(
      [
        '# generated',
        '# by a test',
        '',
        'record(ai, "IOC:temp") {',
        '    field(DESC, "A \\"quoted\\" \\\\ value")',
        '    field(INP, "{const:5}")',
        '    info(autosaveFields, "VAL")',
        '    alias("IOC:t")',
        '}',
        '',
        'record(bo, "IOC:empty") {',
        '}',
        '',
        'alias("IOC:temp", "IOC:T")',
        '',
      ].join('\n'),
    );
  });

  it('accepts an array of records and an indent', () => {
    expect(formatDb([record({ type: 'ai', name: 'x', fields: new Map([['VAL', '1']]) })], { indent: '\t' })).toBe(
      'record(ai, "x") {\n\tfield(VAL, "1")\n}\n',
    );
    expect(formatDb([])).toBe('');
  });

  it('quotes types, field and info names that are not safe bare words (keywords included)', () => {
    const text = formatDb([
      record({
        type: 'record',
        name: 'x',
        fields: new Map([
          ['field', '1'],
          ['A B', '2'],
          ['', '3'],
        ]),
        infos: new Map([['Q:group', '4'], ['a,b', '5']]),
      }),
    ]);
    expect(text).toContain('record("record", "x") {');
    expect(text).toContain('field("field", "1")');
    expect(text).toContain('field("A B", "2")');
    expect(text).toContain('field("", "3")');
    expect(text).toContain('info(Q:group, "4")');
    expect(text).toContain('info("a,b", "5")');
    expect(plain(parseDb(text))).toMatchObject({ records: [{ type: 'record', fields: [['field', '1'], ['A B', '2'], ['', '3']] }] });
  });

  it('writes names raw, since EPICS reads them raw', () => {
    const text = formatDb([record({ type: 'ai', name: 'a\\b' })]);
    expect(text).toContain('record(ai, "a\\b")');
    expect(parseDb(text).records[0]!.name).toBe('a\\b');
  });

  it.each([
    ['a record name EPICS refuses', [record({ type: 'ai', name: 'a b' })]],
    ['an empty record name', [record({ type: 'ai', name: '' })]],
    ['a record name over 60 characters', [record({ type: 'ai', name: 'x'.repeat(61) })]],
    ['a name ending in a backslash', [record({ type: 'ai', name: 'x\\' })]],
    ['a field name with a quote', [record({ type: 'ai', name: 'x', fields: new Map([['A"', '1']]) })]],
    ['a field name with a macro reference', [record({ type: 'ai', name: 'x', fields: new Map([['$(A)', '1']]) })]],
    ['an empty info name', [record({ type: 'ai', name: 'x', infos: new Map([['', '1']]) })]],
    ['a NUL in a value', [record({ type: 'ai', name: 'x', fields: new Map([['DESC', 'a\0b']]) })]],
    ['the type "*"', [record({ type: '*', name: 'x' })]],
    ['a duplicate name', [record({ type: 'ai', name: 'x' }), record({ type: 'ai', name: 'y', aliases: ['x'] })]],
  ])('refuses %s', (_what, records) => {
    expect(() => formatDb(records)).toThrow(DbFormatError);
  });

  it('refuses a top-level alias of an unknown record unless validation is off', () => {
    const db = { records: [], aliases: [{ name: 'elsewhere', alias: 'a' }] };
    expect(() => formatDb(db)).toThrow(DbFormatError);
    expect(formatDb(db, { validate: false })).toBe('alias("elsewhere", "a")\n');
  });
});
