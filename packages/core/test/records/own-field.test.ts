/**
 * Every record type keeps V8's fast properties in `v` through its configuration, a put and its
 * processing (own-field.ts, EpicsRecord.storeField): calc, calcout, sel, mbbiDirect, mbboDirect and aSub records became
 * dictionaries, each field access a hash lookup (10,000 calc at 10 Hz: 48-62 % of a core
 * instead of 35-42 %). %HasFastProperties is V8's own answer, allowed here by its flag.
 */
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { NativeType } from '../../src/ca/protocol/dbr/types.js';
import { RecordDatabase } from '../../src/records/database.js';
import { RecordPut } from '../../src/records/put.js';
import { addOwnField } from '../../src/records/own-field.js';

v8.setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

const TYPES = ['ai', 'ao', 'bi', 'bo', 'calc', 'calcout', 'compress', 'dfanout', 'event', 'fanout', 'histogram', 'int64in', 'int64out', 'longin', 'longout', 'lsi', 'lso', 'mbbi', 'mbbiDirect', 'mbbo', 'mbboDirect', 'permissive', 'printf', 'sel', 'seq', 'state', 'stringin', 'stringout', 'sub', 'subArray', 'waveform', 'aai', 'aao', 'aSub'];
const INPUTS = 'ABCDEFGHIJKL';

let db: RecordDatabase;
afterEach(() => db?.close());

describe('record fields stay fast properties', () => {
  it('in records of every type, configured, written and processed', () => {
    db = new RecordDatabase();
    const records = TYPES.flatMap((type) =>
      [1, 2].map((n) => {
        const r = db.create(type, `own:${type}:${n}`);
        r.configure('DESC', 'a description');
        if (type === 'calc' || type === 'calcout' || type === 'sel') {
          for (const [i, c] of [...INPUTS].entries()) r.configure(`INP${c}`, String(i + 0.5));
          if (type !== 'sel') r.configure('CALC', 'A+B+C+D+E+F+G+H+I+J+K+L');
        }
        return r;
      }),
    );
    db.initialise(records);
    const slow: string[] = [];
    for (const r of records) {
      for (let i = 0; i < 3; i++) {
        if (r.isWritable('VAL') && r.typeName !== 'aSub') {
          try {
            r.put('VAL', Float64Array.of(i + 0.25), NativeType.DOUBLE, RecordPut.client(false));
          } catch {
            // a put the record refuses (a menu out of range) still processes it or not: as it may
          }
        }
        r.process();
      }
      if (!hasFastProperties(r.v)) slow.push(r.name);
    }
    expect(slow).toEqual([]);
    // Records of a type shaped alike share one hidden class.
    for (const type of ['ao', 'calc', 'mbboDirect']) expect(haveSameMap(db.get(`own:${type}:1`)!.v, db.get(`own:${type}:2`)!.v)).toBe(true);
  });

  it('addOwnField adds 100 fields to an object with a prototype and keeps it fast, where keyed stores do not', () => {
    const proto = Object.create(null) as object;
    const keyed = Object.create(proto) as Record<string, number>;
    const own = Object.create(proto) as Record<string, number>;
    for (let i = 0; i < 100; i++) {
      keyed[`F${i}`] = i;
      addOwnField(own, `F${i}`, i, i);
    }
    expect(hasFastProperties(keyed)).toBe(false);
    expect(hasFastProperties(own)).toBe(true);
    expect(Object.keys(own)).toHaveLength(100);
    expect(own.F77).toBe(77);
  });

  it('storeField adds a field once and then updates it; a record holding 100 fields is fast', () => {
    db = new RecordDatabase();
    const r = db.create('aSub', 'own:many');
    const before = Object.keys(r.v).length;
    r.storeField('DESC', 'one');
    r.storeField('DESC', 'two');
    expect(r.v.DESC).toBe('two');
    expect(Object.keys(r.v)).toHaveLength(before + 1);
    for (const f of r.typeDef.fields) if (f.dbf !== 'DBF_NOACCESS') r.storeField(f.name, r.v[f.name]!);
    expect(Object.keys(r.v).length).toBeGreaterThan(100);
    expect(hasFastProperties(r.v)).toBe(true);
  });
});
