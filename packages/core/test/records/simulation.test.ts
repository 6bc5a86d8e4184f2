/**
 * Simulation mode beyond what the behaviour scenario (records B:sim:*, captured from softIoc)
 * reads: SDLY's delayed processing, a mode SIML gives past the record's menu, and SSCN. Each case
 * was seen with caget/caput against softIoc 7.0.8.1 first:
 * - ai with SIMM YES, SDLY 1, SIOL → a record at 3.5: after `caput REC.PROC 1`, REC read 0 and
 *   REC.PACT 1, then after the delay 3.5 and PACT 0; `caput -c` waited the delay;
 * - ao with SIMM YES, SDLY 0.5: after `caput REC 2` the SIOL target still read 0 and PACT 1,
 *   then 2 and 0;
 * - longin with SIML → a record at 2 (menuYesNo has no RAW): SOFT/INVALID, VAL unchanged, and
 *   `caput REC.PROC 1` failed ("Channel write request failed"); SIML → 0 then: no alarm, INP
 *   read again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmSeverity, AlarmStatus } from '../../src/ca/protocol/dbr/types.js';
import { RecordDatabase, RecordPut, instantiateDb } from '../../src/records/index.js';
import { parseDb } from '../../src/records/db-file/parse.js';

const db = new RecordDatabase();
afterAll(() => db.close());
instantiateDb(
  db,
  parseDb(
    `record(ao, "M:src") { field(VAL, "3.5") }
record(longout, "M:mode") { field(VAL, "2") }
record(ai, "M:ai") { field(SIMM, "YES") field(SIOL, "M:src") field(SDLY, "0.2") field(SIMS, "MINOR") }
record(ao, "M:ao") { field(SIMM, "YES") field(SIOL, "M:sink") field(OUT, "M:out") field(SDLY, "0.1") }
record(ao, "M:sink") {}
record(ao, "M:out") {}
record(longin, "M:li") { field(SIML, "M:mode") field(SIOL, "M:src") field(INP, "M:src") }
record(ai, "M:scan") { field(SSCN, "1 second") }
`,
    { file: 'simulation.db' },
  ),
);
const rec = (name: string) => db.get(name)!;

describe('simulation mode', () => {
  it('SDLY delays an input: the record stays active and a put-callback waits for SIOL to be read', async () => {
    const put = RecordPut.client(true);
    const started = performance.now();
    rec('M:ai').putJs('PROC', 1, put);
    expect(rec('M:ai').num('PACT')).toBe(1);
    expect(rec('M:ai').num('VAL')).toBe(0);
    const completion = put.completion();
    expect(completion).toBeDefined();
    await completion;
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(rec('M:ai').num('VAL')).toBe(3.5);
    expect(rec('M:ai').num('PACT')).toBe(0);
    expect([rec('M:ai').num('STAT'), rec('M:ai').num('SEVR')]).toEqual([AlarmStatus.SIMM, AlarmSeverity.MINOR]);
  });

  it('SDLY delays an output: SIOL is written after the delay, OUT never', async () => {
    const put = RecordPut.client(true);
    rec('M:ao').putJs('VAL', 2, put);
    expect(rec('M:ao').num('PACT')).toBe(1);
    expect(rec('M:sink').num('VAL')).toBe(0);
    await put.completion();
    expect(rec('M:sink').num('VAL')).toBe(2);
    expect(rec('M:out').num('VAL')).toBe(0);
    expect(rec('M:ao').num('PACT')).toBe(0);
  });

  it('a mode from SIML past the menu raises SOFT/INVALID, reads nothing and fails the put; NO reads INP again', () => {
    // softIoc: `caput M:li.PROC 1` printed "Channel write request failed" (process() returned -1).
    expect(() => rec('M:li').putJs('PROC', 1, RecordPut.client(false))).toThrow(/processing failed/);
    expect([rec('M:li').num('SIMM'), rec('M:li').num('VAL')]).toEqual([2, 0]);
    expect([rec('M:li').num('STAT'), rec('M:li').num('SEVR')]).toEqual([AlarmStatus.SOFT, AlarmSeverity.INVALID]);
    rec('M:mode').putJs('VAL', 0, RecordPut.client(false));
    rec('M:li').putJs('PROC', 1, RecordPut.client(false));
    expect([rec('M:li').num('SIMM'), rec('M:li').num('VAL'), rec('M:li').num('SEVR')]).toEqual([0, 3, AlarmSeverity.NO_ALARM]);
  });

  it('a SIMM written swaps SCAN and SSCN, and back', () => {
    rec('M:scan').putJs('SIMM', 1, RecordPut.client(false));
    expect([rec('M:scan').num('SCAN'), rec('M:scan').num('SSCN'), rec('M:scan').num('OLDSIMM')]).toEqual([6, 0, 0]);
    rec('M:scan').putJs('SIMM', 0, RecordPut.client(false));
    expect([rec('M:scan').num('SCAN'), rec('M:scan').num('SSCN'), rec('M:scan').num('OLDSIMM')]).toEqual([0, 6, 1]);
  });
});

describe('simulation mode and TSE -2', () => {
  it('stamps the time of the processing (softIoc: "caget -a" showed a time for SIMM YES, <undefined> without)', () => {
    const local = new RecordDatabase();
    try {
      instantiateDb(local, parseDb('record(ai, "E:sim") { field(SIMM, "YES") field(SIOL, "2.5") field(TSE, "-2") }\nrecord(ai, "E:dev") { field(TSE, "-2") }\n', { file: 'tse.db' }));
      for (const name of ['E:sim', 'E:dev']) local.get(name)!.putJs('PROC', 1, RecordPut.client(false));
      expect(local.get('E:sim')!.time.secPastEpoch).toBeGreaterThan(0);
      expect(local.get('E:dev')!.time.secPastEpoch).toBe(0);
    } finally {
      local.close();
    }
  });
});
