/**
 * TSEL, as recGblGetTimeStamp reads it (seen with `caget -a` against softIoc 7.0.8.1 first: a
 * record with TSEL "SRC.TIME" showed SRC's time to the nanosecond, and `<undefined>` while SRC
 * had never processed; TSEL to a longout at -2 set TSE to -2, and the time stayed undefined;
 * TSE 5 or -1, or TSEL to an ai at 1, left the time undefined: a soft IOC has no event time).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RecordDatabase, RecordPut, instantiateDb } from '../../src/records/index.js';
import { parseDb } from '../../src/records/db-file/parse.js';

const db = new RecordDatabase();
afterAll(() => db.close());
instantiateDb(
  db,
  parseDb(
    `record(ai, "T:src") { field(VAL, "1") }
record(ai, "T:dst") { field(TSEL, "T:src.TIME") }
record(longout, "T:event") { field(VAL, "-2") }
record(ai, "T:ev") { field(TSEL, "T:event") }
record(ai, "T:tse5") { field(TSE, "5") }
record(ai, "T:best") { field(TSE, "-1") }
`,
    { file: 'tsel.db' },
  ),
);
const rec = (name: string) => db.get(name)!;
const process = (name: string): void => rec(name).putJs('PROC', 1, RecordPut.client(false));

describe('TSEL', () => {
  it('"REC.TIME" gives the record REC\'s time stamp, none while REC has none', async () => {
    process('T:dst');
    expect(rec('T:dst').time).toEqual({ secPastEpoch: 0, nsec: 0 });
    process('T:src');
    // Later than the source's processing: the linked record's time is copied, not read anew.
    await new Promise((r) => setTimeout(r, 5));
    process('T:dst');
    expect(rec('T:dst').time).toEqual(rec('T:src').time);
    expect(rec('T:dst').time.secPastEpoch).toBeGreaterThan(0);
  });

  it('a link to another field gives TSE, which then decides', () => {
    process('T:ev');
    expect(rec('T:ev').num('TSE')).toBe(-2);
    expect(rec('T:ev').time.secPastEpoch).toBe(0);
    rec('T:event').putJs('VAL', 0, RecordPut.client(false));
    process('T:ev');
    expect(rec('T:ev').num('TSE')).toBe(0);
    expect(rec('T:ev').time.secPastEpoch).toBeGreaterThan(0);
  });

  it('an event time (TSE -1, 1…255) leaves the time as it was: a soft IOC has no provider of one', () => {
    process('T:tse5');
    process('T:best');
    expect(rec('T:tse5').time.secPastEpoch).toBe(0);
    expect(rec('T:best').time.secPastEpoch).toBe(0);
    rec('T:event').putJs('VAL', 7, RecordPut.client(false));
    process('T:ev');
    expect(rec('T:ev').num('TSE')).toBe(7);
    expect(rec('T:ev').time.secPastEpoch).toBeGreaterThan(0); // as the last processing left it
    const before = rec('T:ev').time;
    process('T:ev');
    expect(rec('T:ev').time).toEqual(before);
  });
});
