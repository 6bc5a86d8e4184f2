/**
 * What records post to monitors beyond VAL, as their monitor() and special() in EPICS 7.0.8.1
 * post it; each case was seen with camonitor against softIoc 7.0.8.1 before it was written here:
 * - a state string written at run time (mbbi/mbbo special()): VAL with DBE_PROPERTY, and
 *   DBE_VALUE|DBE_LOG when it is the current state's ("caput M:mbbi.ONST B" while M:mbbi is 1:
 *   the value monitor printed "B STATE MINOR"; nothing for another state's string);
 * - mbboDirect's bits: all of them when the alarm changes, with DBE_VALUE|DBE_LOG (its first
 *   processing clears UDF: camonitor of B1 printed "0" again), else those that changed;
 * - mbbiDirect's bits: a changed bit with DBE_VALUE|DBE_LOG, the others with the alarm's events;
 * - ai's RVAL (Raw Soft Channel): with VAL's events only, so not to a value monitor when VAL
 *   moved less than MDEL (camonitor of RVAL printed 0 and 5 for sources 1, 2, 3, 5, 4…).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Dbe } from '../../src/ca/protocol/constants.js';
import { RecordDatabase, RecordPut, instantiateDb } from '../../src/records/index.js';
import { parseDb } from '../../src/records/db-file/parse.js';

const db = new RecordDatabase();
afterAll(() => db.close());
instantiateDb(
  db,
  parseDb(
    `record(mbbi, "S:mbbi") { field(VAL, "1") field(ZRST, "a") field(ONST, "b") }
record(mbbo, "S:mbbo") { field(VAL, "0") field(ZRST, "x") field(ONST, "y") }
record(mbboDirect, "S:mbbod") { field(NOBT, "4") }
record(mbbiDirect, "S:mbbid") { field(NOBT, "4") field(INP, "S:src") }
record(longout, "S:src") {}
record(ai, "S:aiRaw") { field(DTYP, "Raw Soft Channel") field(INP, "S:src") field(MDEL, "2") field(ASLO, "0.5") }
`,
    { file: 'posts.db' },
  ),
);
const client = (): RecordPut => new RecordPut('client');
// Processed once, so that the writes below (pp fields: each processes the record) change no alarm.
for (const name of ['S:mbbi', 'S:mbbo']) db.get(name)!.putJs('PROC', 1, client());

/** The posts of `fields` while `act` runs: [field, mask]. */
function postsDuring(name: string, fields: string[], act: () => void): [string, number][] {
  const rec = db.get(name)!;
  const posts: [string, number][] = [];
  const stops = fields.map((f) => rec.subscribe(f, (mask) => posts.push([f, mask])));
  act();
  for (const stop of stops) stop();
  return posts;
}

describe('mbbi and mbbo state strings written at run time', () => {
  it("post VAL with DBE_PROPERTY, DBE_VALUE and DBE_LOG for the current state's string", () => {
    expect(postsDuring('S:mbbi', ['VAL', 'SEVR'], () => db.get('S:mbbi')!.putJs('ONST', 'B', client()))).toEqual([['VAL', Dbe.PROPERTY | Dbe.VALUE | Dbe.LOG]]);
    expect(db.get('S:mbbi')!.snapshot('VAL').meta.enumStrings).toEqual(['a', 'B']);
    expect(postsDuring('S:mbbo', ['VAL'], () => db.get('S:mbbo')!.putJs('ZRST', 'X', client()))).toEqual([['VAL', Dbe.PROPERTY | Dbe.VALUE | Dbe.LOG]]);
  });

  it("post VAL with DBE_PROPERTY alone for another state's string", () => {
    expect(postsDuring('S:mbbi', ['VAL'], () => db.get('S:mbbi')!.putJs('ZRST', 'A', client()))).toEqual([['VAL', Dbe.PROPERTY]]);
    expect(postsDuring('S:mbbo', ['VAL'], () => db.get('S:mbbo')!.putJs('TWST', 'z', client()))).toEqual([['VAL', Dbe.PROPERTY]]);
  });
});

describe('bit records', () => {
  const BITS = ['B0', 'B1', 'B2', 'B3'];
  it('mbboDirect posts every bit when its alarm changes, then only the bits that changed', () => {
    const rec = db.get('S:mbbod')!;
    const all = Dbe.VALUE | Dbe.LOG | Dbe.ALARM;
    // The first write clears UDF's alarm: all four bits, B0 and B2 set.
    expect(postsDuring('S:mbbod', BITS, () => rec.putJs('VAL', 5, client()))).toEqual(BITS.map((b) => [b, all]));
    expect(postsDuring('S:mbbod', BITS, () => rec.putJs('VAL', 6, client()))).toEqual([
      ['B0', Dbe.VALUE | Dbe.LOG],
      ['B1', Dbe.VALUE | Dbe.LOG],
    ]);
    // A bit written sets its bit of VAL; the bit itself is posted by the write or the monitor.
    rec.putJs('B3', 1, client());
    expect(rec.num('VAL')).toBe(14);
    expect(rec.num('RVAL')).toBe(14);
  });

  it('mbbiDirect posts a changed bit with DBE_VALUE|DBE_LOG and the others with the alarm events', () => {
    db.get('S:src')!.putJs('VAL', 1, client());
    const rec = db.get('S:mbbid')!;
    expect(postsDuring('S:mbbid', BITS, () => rec.putJs('PROC', 1, client()))).toEqual([
      ['B0', Dbe.VALUE | Dbe.LOG | Dbe.ALARM],
      ['B1', Dbe.ALARM],
      ['B2', Dbe.ALARM],
      ['B3', Dbe.ALARM],
    ]);
  });
});

describe('raw values', () => {
  it("ai posts RVAL with VAL's events only: not to a value monitor while VAL stays inside MDEL", () => {
    const rec = db.get('S:aiRaw')!;
    const src = db.get('S:src')!;
    const seen: [number, number][] = [];
    const stop = rec.subscribe('RVAL', (mask, snap) => seen.push([mask, Number((snap.value as ArrayLike<number>)[0])]));
    for (const v of [2, 3, 5, 6]) {
      src.putJs('VAL', v, client());
      rec.putJs('PROC', 1, client());
    }
    stop();
    // VAL 1, 1.5, 2.5, 3 against MDEL 2 from MLST 0: DBE_VALUE only at 2.5. ADEL 0 gives
    // DBE_LOG at every change, so RVAL is posted each time, to a value monitor only once.
    expect(seen.filter(([mask]) => (mask & Dbe.VALUE) !== 0).map(([, v]) => v)).toEqual([5]);
    expect(seen.map(([, v]) => v)).toEqual([2, 3, 5, 6]);
  });
});
