/**
 * A state string written at run time posts VAL, as mbbiRecord.c and mbboRecord.c special() do:
 * DBE_PROPERTY, with DBE_VALUE and DBE_LOG when it is the current state's, so that a value
 * monitor sees the new text. Checked against softIoc 7.0.8.1 with camonitor (caput M:mbbi.ONST B
 * while M:mbbi is 1: softIoc's value monitor printed "B STATE MINOR", and nothing for a state
 * that is not the current one).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Dbe } from '../../src/ca/protocol/constants.js';
import { RecordDatabase, instantiateDb, parseDb } from '@devioc/core/records';
import { RecordPut } from '../../src/records/put.js';

const db = new RecordDatabase();
afterAll(() => db.close());
instantiateDb(db, parseDb('record(mbbi, "S:mbbi") { field(VAL, "1") field(ZRST, "a") field(ONST, "b") }\nrecord(mbbo, "S:mbbo") { field(VAL, "0") field(ZRST, "x") field(ONST, "y") }\n', { file: 'mbb.db' }));

// Processed once, so that the writes below (pp fields: each processes the record) change no alarm.
for (const name of ['S:mbbi', 'S:mbbo']) db.get(name)!.putJs('PROC', 1, new RecordPut('client'));

function postsOfVal(name: string, field: string, text: string): { mask: number; text: readonly string[] }[] {
  const rec = db.get(name)!;
  const posts: { mask: number; text: readonly string[] }[] = [];
  const stop = rec.subscribe('VAL', (mask, snap) => posts.push({ mask, text: snap.meta.enumStrings ?? [] }));
  rec.putJs(field, text, new RecordPut('client'));
  stop();
  return posts;
}

describe('mbbi and mbbo state strings written at run time', () => {
  it("post VAL with DBE_PROPERTY, DBE_VALUE and DBE_LOG for the current state's string", () => {
    expect(postsOfVal('S:mbbi', 'ONST', 'B')).toEqual([{ mask: Dbe.PROPERTY | Dbe.VALUE | Dbe.LOG, text: ['a', 'B'] }]);
    expect(postsOfVal('S:mbbo', 'ZRST', 'X')).toEqual([{ mask: Dbe.PROPERTY | Dbe.VALUE | Dbe.LOG, text: ['X', 'y'] }]);
  });

  it("post VAL with DBE_PROPERTY alone for another state's string", () => {
    expect(postsOfVal('S:mbbi', 'ZRST', 'A')).toEqual([{ mask: Dbe.PROPERTY, text: ['A', 'B'] }]);
    expect(postsOfVal('S:mbbo', 'TWST', 'z')).toEqual([{ mask: Dbe.PROPERTY, text: ['X', 'y', 'z'] }]);
  });
});
