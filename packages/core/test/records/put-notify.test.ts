/**
 * A put-callback waits for the asynchronous completion of the records its record processes
 * through links, as EPICS' processNotify does (dbNotifyAdd). Seen with `caput -c` against softIoc
 * 7.0.8.1 first (ODLY 0.5 and seq delays of 0.3): a put to an ao whose FLNK is a calcout with
 * ODLY returned after 0.5 s; to an ao whose OUT writes that calcout's PROC, 0.5 s; to a fanout's
 * PROC (LNK1 the calcout, LNK2 a seq with two delays), 0.6 s; to a calcout with ODLY 0.3 whose
 * OUT processes the first, 0.8 s; to a dfanout writing both, 0.8 s. devioc completed the linked
 * cases at once before.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RecordDatabase, RecordPut, instantiateDb } from '../../src/records/index.js';
import { parseDb } from '../../src/records/db-file/parse.js';

const db = new RecordDatabase();
afterAll(() => db.close());
instantiateDb(
  db,
  parseDb(
    `record(ao, "N:t") { }
record(calcout, "N:co") { field(CALC, "VAL+1") field(ODLY, "0.2") field(OUT, "N:t PP") field(OOPT, "Every Time") field(DOPT, "Use CALC") }
record(seq, "N:seq") { field(SELM, "All") field(DLY1, "0.1") field(DO1, "5") field(LNK1, "N:s PP") field(DLY2, "0.15") field(DO2, "6") field(LNK2, "N:s PP") }
record(ao, "N:s") { }
record(ao, "N:fl") { field(FLNK, "N:co") }
record(ao, "N:out") { field(OUT, "N:co.PROC PP") }
record(fanout, "N:fan") { field(LNK1, "N:co") field(LNK2, "N:seq") }
record(calcout, "N:co2") { field(CALC, "1") field(ODLY, "0.1") field(OUT, "N:co.PROC PP") }
record(ao, "N:plain") { field(FLNK, "N:co") }
`,
    { file: 'put-notify.db' },
  ),
);
const rec = (name: string) => db.get(name)!;

/** Puts `value` to `pv` with a callback; the milliseconds until it completed. */
async function putCallback(pv: string, field: string, value: number): Promise<number> {
  const put = RecordPut.client(true);
  const started = performance.now();
  rec(pv).putJs(field, value, put);
  await put.completion();
  return performance.now() - started;
}

describe('a put-callback through links', () => {
  it('waits for a forward link to a calcout with ODLY', async () => {
    const before = rec('N:t').num('VAL');
    expect(await putCallback('N:fl', 'VAL', 1)).toBeGreaterThanOrEqual(190);
    expect(rec('N:t').num('VAL')).toBe(before + 1);
    expect(rec('N:co').num('PACT')).toBe(0);
  });

  it('waits for an output link that writes its PROC', async () => {
    const before = rec('N:t').num('VAL');
    expect(await putCallback('N:out', 'VAL', 1)).toBeGreaterThanOrEqual(190);
    expect(rec('N:t').num('VAL')).toBe(before + 1);
  });

  it('waits for each of a fanout’s links, a seq’s delays included', async () => {
    expect(await putCallback('N:fan', 'PROC', 1)).toBeGreaterThanOrEqual(240);
    expect(rec('N:s').num('VAL')).toBe(6);
    expect([rec('N:co').num('PACT'), rec('N:seq').num('PACT')]).toEqual([0, 0]);
  });

  it('waits for a delayed record that a delayed record processes (0.1 s, then 0.2 s)', async () => {
    const before = rec('N:t').num('VAL');
    expect(await putCallback('N:co2', 'PROC', 1)).toBeGreaterThanOrEqual(290);
    expect(rec('N:t').num('VAL')).toBe(before + 1);
  });

  it('leaves a put without callback with nothing to wait for', () => {
    const put = RecordPut.client(false);
    rec('N:plain').putJs('VAL', 1, put);
    expect(put.completion()).toBeUndefined();
    expect(rec('N:co').num('PACT')).toBe(1);
  });
});
