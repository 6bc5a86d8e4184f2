/**
 * Async Soft Channel inputs (std/dev devXxSoftCallback.c), as softIoc 7.0.8.1 showed them (caget
 * after caput -c REC.PROC; the values are also in the behaviour scenario, records B:as:*):
 * add_record makes INP a channel to a record of this IOC, whatever its CA flag, and each read
 * processes a Passive source first (processNotify); when the IOC has no such record it prints
 * "linked record not found" once at init (an empty or constant INP: "Illegal INP field"), and the
 * record then processes without reading INP
 * (no LINK alarm; longin clears UDF, bi keeps it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmStatus } from '../../src/ca/protocol/dbr/types.js';
import type { Logger } from '../../src/log/logger.js';
import { RecordDatabase, RecordPut, instantiateDb } from '../../src/records/index.js';
import { parseDb } from '../../src/records/db-file/parse.js';

const errors: string[] = [];
const warnings: string[] = [];
const logger: Logger = {
  error: (m) => void errors.push(m),
  warn: (m) => void warnings.push(m),
  important: () => {},
  info: () => {},
  debug: () => {},
  isDebugEnabled: () => false,
  child: () => logger,
};
const db = new RecordDatabase({ logger });
afterAll(() => db.close());
instantiateDb(
  db,
  parseDb(
    `record(longin, "AS:li") { field(DTYP, "Async Soft Channel") field(INP, "AS:none CA") }
record(bi, "AS:bi") { field(DTYP, "Async Soft Channel") field(INP, "AS:none CP") }
record(longin, "AS:local") { field(DTYP, "Async Soft Channel") field(INP, "AS:src CA") }
record(calc, "AS:src") { field(CALC, "VAL+1") }
record(longin, "AS:soft") { field(INP, "AS:src2") }
record(calc, "AS:src2") { field(CALC, "VAL+1") }
record(bi, "AS:biConst") { field(DTYP, "Async Soft Channel") field(INP, "1") }
record(ai, "AS:aiEmpty") { field(DTYP, "Async Soft Channel") }
record(ai, "AS:aiSoft") { field(INP, "2.5") }
`,
    { file: 'async.db' },
  ),
);
const rec = (name: string) => db.get(name)!;
const proc = (name: string): void => rec(name).putJs('PROC', 1, RecordPut.client(false));

describe('Async Soft Channel inputs', () => {
  it('say once, at init, that INP names no record of this IOC, as an error', () => {
    expect(errors.filter((e) => e.includes('"AS:none"'))).toEqual([
      expect.stringMatching(/^AS:li: INP: no record "AS:none" in this IOC.*INP is not read/),
      expect.stringMatching(/^AS:bi: INP: no record "AS:none" in this IOC.*INP is not read/),
    ]);
    expect(warnings).toEqual([]);
  });

  it('say at init that an empty or constant INP is no link (softIoc: "Illegal INP field"), for Async Soft Channel only', () => {
    expect(errors.filter((e) => e.includes('empty or a constant'))).toEqual([
      expect.stringMatching(/^AS:biConst: INP: Async Soft Channel needs a link/),
      expect.stringMatching(/^AS:aiEmpty: INP: Async Soft Channel needs a link/),
    ]);
  });

  it('then process without reading INP: no LINK alarm, longin defined, bi still undefined', () => {
    proc('AS:li');
    proc('AS:bi');
    expect([rec('AS:li').num('STAT'), rec('AS:li').num('UDF')]).toEqual([AlarmStatus.NO_ALARM, 0]);
    expect([rec('AS:bi').num('STAT'), rec('AS:bi').num('UDF')]).toEqual([AlarmStatus.UDF, 1]);
    expect(errors).toHaveLength(4);
  });

  it('process a Passive source of this IOC before reading it, even through a CA link', () => {
    proc('AS:local');
    proc('AS:local');
    expect([rec('AS:src').num('VAL'), rec('AS:local').num('VAL')]).toEqual([2, 2]);
    // Soft Channel reads it without processing it (NPP).
    proc('AS:soft');
    expect([rec('AS:src2').num('VAL'), rec('AS:soft').num('VAL')]).toEqual([0, 0]);
  });
});
