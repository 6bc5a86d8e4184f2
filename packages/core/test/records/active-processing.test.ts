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
