/**
 * dbLoadRecords then iocInit through StagedRecords: records made as each file is read, added
 * and initialised at iocInit, with errors where softIoc-style users look for them (the .db's
 * file and line) and a failed load or iocInit leaving the database as it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmSeverity, AlarmStatus } from '@devioc/core/ca';
import { DbParseError, LoadErrors, RecordDatabase, StagedRecords, readDb } from '@devioc/core/records';

let db: RecordDatabase;
afterEach(() => db.close());

/** A load of `text` as file `file`, as the IOC shell reads one. */
const load = (staged: StagedRecords, file: string, text: string): number =>
  staged.load((store, again) => readDb(text, { file, onWarning: again ? () => undefined : (w) => expect.fail(w.message) }, store));

describe('StagedRecords', () => {
  it('makes no record in the database before iocInit, then every one of them', () => {
    db = new RecordDatabase();
    const staged = new StagedRecords(db);
    expect(load(staged, 'a.db', 'record(ao, "A") { field(DESC, "one") field(PREC, "3") }\nrecord(calc, "C") { field(CALC, "A+1") }\n')).toBe(2);
    expect(load(staged, 'b.db', 'record(ai, "B") {}\n')).toBe(1);
    expect(staged.size).toBe(3);
    expect(db.size).toBe(0);
    expect(staged.instantiate().map((r) => r.name)).toEqual(['A', 'C', 'B']);
    expect(db.get('A')!.str('DESC')).toBe('one');
    expect(db.get('A')!.num('PREC')).toBe(3);
    expect(db.get('C')!.str('CALC')).toBe('A+1');
  });

  it('a later load continues a record of an earlier one: a field replaced, an info item and an alias added', () => {
    db = new RecordDatabase();
    const staged = new StagedRecords(db);
    load(staged, 'a.db', 'record(ao, "A") { field(DESC, "one") info(autosaveFields, "VAL") }\n');
    expect(load(staged, 'b.db', 'record(ao, "A") { field(DESC, "two") info(other, "x") alias("A2") }\nrecord("*", "A") { field(PREC, "2") }\n')).toBe(0);
    staged.instantiate();
    const a = db.get('A')!;
    expect(a.str('DESC')).toBe('two');
    expect(a.num('PREC')).toBe(2);
    expect(db.get('A2')).toBe(a);
    expect([...(a.state.info as Map<string, string>)]).toEqual([
      ['autosaveFields', 'VAL'],
      ['other', 'x'],
    ]);
  });

  it('a load a syntax error stops keeps what it made before, as dbLoadRecords: records, aliases, a continued record\'s fields', () => {
    db = new RecordDatabase();
    const staged = new StagedRecords(db);
    load(staged, 'a.db', 'record(ao, "A") { field(DESC, "one") }\n');
    expect(() => load(staged, 'b.db', 'record(ao, "A") { field(DESC, "two") }\nrecord(ao, "B") { field(EGU, "mm") }\nalias("B", "B2")\nrecord(ao, "C" {\nrecord(ao, "D") {}\n')).toThrow(DbParseError);
    expect(staged.size).toBe(2);
    staged.instantiate();
    expect(db.get('A')!.str('DESC')).toBe('two');
    expect(db.get('B')!.str('EGU')).toBe('mm');
    expect(db.get('B2')).toBe(db.get('B'));
    expect(db.get('C')).toBeUndefined();
    expect(db.get('D')).toBeUndefined();
  });

  it('reports an alias to an unknown record, or a record redefined with another type, and goes on, skipping that body', () => {
    db = new RecordDatabase();
    const staged = new StagedRecords(db);
    let refused: LoadErrors | undefined;
    try {
      load(staged, 'a.db', 'record(ao, "A") { field(DESC, "one") }\nalias("nope", "N")\nrecord(bo, "A") { field(DESC, "two") }\nrecord("*", "nope") { field(DESC, "x") }\nrecord(ai, "B") { alias("A") alias("B2") }\n');
    } catch (err) {
      refused = err as LoadErrors;
    }
    expect(refused!.errors.map((e: Error) => e.message)).toEqual([
      'a.db:2:1: Alias "N" refers to unknown record "nope"',
      'a.db:3:1: Record "A" of type "ao" redefined with new type "bo"',
      'a.db:4:1: Record "nope" not found',
      `a.db:5:25: Can't create alias "A" for "B"`,
    ]);
    staged.instantiate();
    expect(db.get('A')!.str('DESC')).toBe('one');
    expect(db.get('B2')).toBe(db.get('B'));
    expect(db.get('N')).toBeUndefined();
  });

  it('a record of a type devioc does not have stops its file there, the records before it kept, as an unknown type stops dbLoadRecords', () => {
    db = new RecordDatabase();
    const staged = new StagedRecords(db);
    expect(() => load(staged, 'm.db', 'record(ai, "X:before") {}\n\nrecord(motor, "X:m") { field(VAL, "1") }\nrecord(ai, "X:after") {}\n')).toThrow(/^m\.db:3: record type "motor" of "X:m" is not supported/);
    staged.instantiate();
    expect(db.get('X:before')).toBeDefined();
    expect(db.get('X:m')).toBeUndefined();
    expect(db.get('X:after')).toBeUndefined();
  });

  it('a field its record refuses is left as it was and the load goes on, then fails naming each refusal with its line, as dbLoadRecords', () => {
    db = new RecordDatabase();
    const staged = new StagedRecords(db);
    const text = 'record(ao, "X:a") {\n    field(DESC, "ok")\n    field(PREC, "abc")\n    field(EGU, "mm")\n}\nrecord(calc, "X:b") {\n    field(CALC, "A+*B")\n}\n';
    let refused: LoadErrors | undefined;
    try {
      load(staged, 'x.db', text);
    } catch (err) {
      refused = err as LoadErrors;
    }
    expect(refused).toBeInstanceOf(LoadErrors);
    expect(refused!.errors.map((e) => e.message)).toEqual([
      'x.db:3: X:a.PREC: "abc": No digits to convert (PREC is a SHORT field)',
      expect.stringMatching(/^x\.db:7: X:b\.CALC: bad expression "A\+\*B": .*position 2/),
    ]);
    expect(staged.size).toBe(2);
    staged.instantiate();
    const a = db.get('X:a')!;
    expect([a.str('DESC'), a.num('PREC'), a.str('EGU')]).toEqual(['ok', 0, 'mm']);
    // The expression stays written, as dbPutString leaves it; the record fails at processing.
    const b = db.get('X:b')!;
    expect(b.str('CALC')).toBe('A+*B');
    b.process();
    expect([b.num('STAT'), b.num('SEVR')]).toEqual([AlarmStatus.CALC, AlarmSeverity.INVALID]);
  });

  it('a field refused in a continuation from a later load names the later line; the earlier record is kept', () => {
    db = new RecordDatabase();
    const staged = new StagedRecords(db);
    load(staged, 'a.db', 'record(ao, "X:a") {}\n');
    expect(() => load(staged, 'b.db', '\nrecord("*", "X:a") { field(NOPE, "1") field(DESC, "d") }\n')).toThrow(/^b\.db:2: .*X:a\.NOPE/);
    staged.instantiate();
    expect(db.get('X:a')!.str('DESC')).toBe('d');
  });

  it('reads numbers as dbStatic does, not as a put: any C base, truncated to the field, nothing after them', () => {
    db = new RecordDatabase();
    const staged = new StagedRecords(db);
    load(staged, 'n.db', 'record(longout, "N:a") { field(VAL, "010") field(HIHI, "0x10") field(LOW, "99999999999") }\nrecord(mbbo, "N:b") { field(VAL, "-1") }\nrecord(calc, "N:c") { field(SCAN, "+5") field(PHAS, " 7 ") }\n');
    expect(() => load(staged, 'm.db', 'record(ai, "N:d") { field(PREC, "1.5") field(HOPR, "1 2") field(VAL, "inf") }\nrecord(bo, "N:e") { field(ONAM, "On") field(VAL, "On") }\n')).toThrow(
      /^m\.db:1: N:d\.PREC: "1\.5": Extraneous characters .*\nm\.db:1: N:d\.HOPR: "1 2": Extraneous characters .*\nm\.db:2: N:e\.VAL: "On": No digits to convert/,
    );
    staged.instantiate();
    const a = db.get('N:a')!;
    expect([a.num('VAL'), a.num('HIHI'), a.num('LOW')]).toEqual([8, 16, 1215752191]);
    expect(db.get('N:b')!.num('VAL')).toBe(65535);
    expect([db.get('N:c')!.num('SCAN'), db.get('N:c')!.num('PHAS')]).toEqual([5, 7]);
    expect(db.get('N:d')!.num('VAL')).toBe(Infinity);
  });

  it('a name the database already serves (a model record) fails iocInit with the line of the record, the model record kept', () => {
    db = new RecordDatabase();
    const model = db.create('ao', 'M:a');
    db.initialise([model]);
    const staged = new StagedRecords(db);
    load(staged, 'd.db', 'record(ai, "D:first") {}\n\nrecord(ao, "M:a") {}\n');
    expect(() => staged.instantiate()).toThrow(/^d\.db:3: duplicate record name "M:a"/);
    expect(db.get('M:a')).toBe(model);
    expect(db.get('D:first')).toBeUndefined();
  });

  it('an init_record failure names the line of the field it is about, found by reading the files again', () => {
    db = new RecordDatabase();
    const staged = new StagedRecords(db);
    load(staged, 'a.db', 'record(ao, "A") {}\n');
    load(staged, 's.db', 'record(sub, "X:s") {\n    field(DESC, "d")\n    field(SNAM, "noSuchSubroutine")\n}\n');
    expect(() => staged.instantiate()).toThrow(/^s\.db:3: X:s\.SNAM: subroutine "noSuchSubroutine" is not registered/);
    expect(db.size).toBe(0);
  });
});
