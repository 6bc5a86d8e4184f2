/**
 * Device supports beyond Soft Channel (Soft Timestamp, getenv), DTYP's states as softIoc.dbd
 * lists them, and the refusal of a DTYP devioc does not implement.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RecordDatabase, instantiateDb, parseDb } from '@devioc/core/records';
import { EPICS_EPOCH_OFFSET, formatEpicsTime } from '../../src/records/devices/time-format.js';

const db = new RecordDatabase();
afterAll(() => db.close());
process.env.DEVIOC_TEST_ENV_VALUE = 'from the environment';
instantiateDb(
  db,
  parseDb(
    `record(ai, "D:ts") { field(DTYP, "Soft Timestamp") }
record(stringin, "D:tsText") { field(DTYP, "Soft Timestamp") field(INP, "@%Y|%H:%M:%S.%03f") }
record(stringin, "D:env") { field(DTYP, "getenv") field(INP, "@DEVIOC_TEST_ENV_VALUE") }
record(stringin, "D:noEnv") { field(DTYP, "getenv") field(INP, "@DEVIOC_TEST_NO_SUCH_VARIABLE") }
record(calc, "D:calc") {}
`,
    { file: 'devices.db' },
  ),
);

describe('device supports', () => {
  it('Soft Timestamp ai: seconds past the EPICS epoch of the processing', () => {
    const before = Date.now() / 1000 - EPICS_EPOCH_OFFSET;
    const r = db.get('D:ts')!;
    r.process();
    expect(r.num('VAL')).toBeGreaterThanOrEqual(Math.floor(before));
    expect(r.num('VAL')).toBeLessThanOrEqual(Date.now() / 1000 - EPICS_EPOCH_OFFSET + 1);
    expect(r.num('VAL')).toBeCloseTo(r.time.secPastEpoch + r.time.nsec * 1e-9, 6);
    expect(r.num('SEVR')).toBe(0);
  });

  it('Soft Timestamp stringin: the time formatted by INP, with milliseconds', () => {
    const r = db.get('D:tsText')!;
    r.process();
    expect(r.str('VAL')).toMatch(/^\d{4}\|\d\d:\d\d:\d\d\.\d{3}$/);
  });

  it('formats EPICS times as epicsTimeToStrftime (fractions truncated)', () => {
    const t = { secPastEpoch: 1_000_000_000, nsec: 123_987_654 };
    const local = new Date((t.secPastEpoch + EPICS_EPOCH_OFFSET) * 1000);
    expect(formatEpicsTime('%Y-%m-%d %f %03f %9f %%', t)).toBe(
      `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')} 123987 123 123987654 %`,
    );
  });

  it('getenv: the variable, or an UDF alarm with "No such ENV"', () => {
    const env = db.get('D:env')!;
    env.process();
    expect(env.str('VAL')).toBe('from the environment');
    const missing = db.get('D:noEnv')!;
    missing.process();
    expect(missing.str('VAL')).toBe('');
    expect([missing.num('STAT'), missing.num('SEVR'), missing.str('AMSG')]).toEqual([17, 3, 'No such ENV']);
  });

  it('DTYP states are the device supports softIoc lists for the type (none for calc)', () => {
    const ai = db.get('D:ts')!;
    expect(ai.snapshot('DTYP').meta.enumStrings).toEqual(['Soft Channel', 'Raw Soft Channel', 'Async Soft Channel', 'Soft Timestamp', 'General Time']);
    expect(ai.device).toBe('Soft Timestamp');
    expect(db.get('D:calc')!.snapshot('DTYP').meta.enumStrings).toEqual([]);
  });

  it('refuses a device support it does not implement, naming the field and what it has', () => {
    expect(() => instantiateDb(db, parseDb('record(bo, "D:x") {\n  field(DTYP, "Db State")\n}\n', { file: 'x.db' }))).toThrow(
      'x.db:2: D:x.DTYP: no device support "Db State" (devioc has "Soft Channel", "Raw Soft Channel", "Async Soft Channel" for bo records)',
    );
    expect(() => instantiateDb(db, parseDb('record(calc, "D:y") {\n  field(DTYP, "Soft Channel")\n}\n', { file: 'y.db' }))).toThrow(
      'y.db:2: D:y.DTYP: no device support "Soft Channel" (calc records have no device support)',
    );
    expect(db.get('D:x')).toBeUndefined();
  });
});
