/**
 * dbProcess of a record that is active (awaiting an asynchronous completion), as dbAccess.c and
 * processTarget do it. Seen against softIoc 7.0.8.1 first (a seq with DLY0 2 s writing a calc's
 * PROC, fanouts whose LNK0… all name the seq; caget after each step):
 *   caput -c L:seq.PROC 1         → L:cnt 1, L:seq NO_ALARM, LCNT 0
 *   caput L:seq.PROC 1; caput L:fan5.PROC 1 (5 links)   → LCNT 5, NO_ALARM
 *   caput L:fan.PROC 1 (12 links)                       → LCNT 11, SCAN INVALID "Async in progress"
 *   2.5 s later                   → L:cnt 2, LCNT 0, NO_ALARM (no reprocessing for the links)
 *   caput L:seq.PROC 1 twice      → the second marks it for reprocessing: L:cnt 3, then 4
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmSeverity, AlarmStatus } from '../../src/ca/protocol/dbr/types.js';
import { RecordDatabase, RecordPut, instantiateDb } from '../../src/records/index.js';
import { parseDb } from '../../src/records/db-file/parse.js';

const links = (n: number): string => Array.from({ length: n }, (_, i) => `field(LNK${i.toString(16).toUpperCase()}, "L:seq")`).join(' ');
const db = new RecordDatabase();
afterAll(() => db.close());
instantiateDb(
  db,
  parseDb(
    `record(seq, "L:seq") { field(DLY0, "0.15") field(DOL0, "1") field(LNK0, "L:cnt.PROC") }
record(calc, "L:cnt") { field(CALC, "VAL+1") }
record(fanout, "L:fan") { ${links(12)} }
record(fanout, "L:fan5") { ${links(5)} }
record(calcout, "Q:co") { field(INPA, "Q:a") field(CALC, "A+1") field(ODLY, "0.15") field(OUT, "Q:dst PP") }
record(ao, "Q:a") { field(VAL, "1") }
record(ao, "Q:dst") {}
`,
    { file: 'active.db' },
  ),
);
const rec = (name: string) => db.get(name)!;
const num = (name: string, field: string): number => rec(name).num(field);
const waitUntil = async (done: () => boolean): Promise<void> => {
  while (!done()) await new Promise((r) => setTimeout(r, 10));
};

describe('processing asked of an active record', () => {
  it('counts in LCNT and raises SCAN/INVALID "Async in progress" at the eleventh', async () => {
    const first = RecordPut.client(true);
    rec('L:seq').putJs('PROC', 1, first);
    await first.completion();
    expect([num('L:cnt', 'VAL'), num('L:seq', 'STAT'), num('L:seq', 'LCNT')]).toEqual([1, AlarmStatus.NO_ALARM, 0]);

    rec('L:seq').putJs('PROC', 1, RecordPut.client(false));
    rec('L:fan5').putJs('PROC', 1, RecordPut.client(false));
    expect([num('L:seq', 'LCNT'), num('L:seq', 'SEVR')]).toEqual([5, AlarmSeverity.NO_ALARM]);
    rec('L:fan').putJs('PROC', 1, RecordPut.client(false));
    expect([num('L:seq', 'LCNT'), num('L:seq', 'STAT'), num('L:seq', 'SEVR'), rec('L:seq').str('AMSG')]).toEqual([11, AlarmStatus.SCAN, AlarmSeverity.INVALID, 'Async in progress']);
    // The fanouts were processed by a put (PUTF), so processTarget also asked the seq to be
    // processed again once it completes (softIoc: PACT 1 again, L:cnt 3): once, not per link.
    await waitUntil(() => num('L:cnt', 'VAL') === 3 && num('L:seq', 'PACT') === 0);
    expect([num('L:seq', 'LCNT'), num('L:seq', 'STAT')]).toEqual([0, AlarmStatus.NO_ALARM]);
    await new Promise((r) => setTimeout(r, 300));
    expect(num('L:cnt', 'VAL')).toBe(3);
  });

  it('a processing not from a put (a scan, a forward link) is counted and not remembered', async () => {
    rec('L:seq').putJs('PROC', 1, RecordPut.client(false));
    for (let i = 0; i < 3; i++) rec('L:seq').process();
    expect(num('L:seq', 'LCNT')).toBe(3);
    await waitUntil(() => num('L:seq', 'PACT') === 0);
    await new Promise((r) => setTimeout(r, 300));
    expect([num('L:cnt', 'VAL'), num('L:seq', 'PACT')]).toEqual([4, 0]);
  });

  it('a put to an active record marks it for reprocessing (RPRO)', async () => {
    rec('L:seq').putJs('PROC', 1, RecordPut.client(false));
    rec('L:seq').putJs('PROC', 1, RecordPut.client(false));
    expect(num('L:seq', 'LCNT')).toBe(0);
    await waitUntil(() => num('L:cnt', 'VAL') === 6 && num('L:seq', 'PACT') === 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(num('L:cnt', 'VAL')).toBe(6);
  });
});

/**
 * calcout with ODLY (softIoc, ODLY 1.5 s: during the delay `caget` read VAL 2, PACT 1, DLYA 1,
 * the target still 0, and camonitor saw only DLYA 1; after it DLYA 0, then VAL and OVAL; a
 * second `caput REC.PROC 1` during the delay wrote 2 to the target after the first delay and 6
 * after a second one).
 */
describe('calcout with ODLY', () => {
  it('stays active for the delay, posts VAL after it, and a put meanwhile processes it again afterwards', async () => {
    const posts: string[] = [];
    const stops = ['VAL', 'DLYA', 'OVAL'].map((f) => rec('Q:co').subscribe(f, () => posts.push(`${f}=${rec('Q:co').num(f)}`)));
    rec('Q:co').putJs('PROC', 1, RecordPut.client(false));
    expect([num('Q:co', 'VAL'), num('Q:co', 'PACT'), num('Q:co', 'DLYA'), num('Q:dst', 'VAL')]).toEqual([2, 1, 1, 0]);
    expect(posts).toEqual(['DLYA=1']);
    rec('Q:a').putJs('VAL', 5, RecordPut.client(false));
    rec('Q:co').putJs('PROC', 1, RecordPut.client(false));
    expect([num('Q:co', 'VAL'), num('Q:dst', 'VAL')]).toEqual([2, 0]);
    await waitUntil(() => num('Q:dst', 'VAL') === 2);
    expect(posts.slice(0, 4)).toEqual(['DLYA=1', 'DLYA=0', 'VAL=2', 'OVAL=2']);
    await waitUntil(() => num('Q:dst', 'VAL') === 6 && num('Q:co', 'PACT') === 0);
    expect(num('Q:co', 'DLYA')).toBe(0);
    for (const stop of stops) stop();
  });
});

