/**
 * RecordDatabase.pause() and run(), the database's part of iocPause and iocRun (iocInit.c,
 * dbScan.c): PINI PAUSE records process before the servers stop and PINI PAUSED ones after
 * the scans pause; periodic, event and I/O Intr scans do nothing while paused; scanOnce and
 * CP links still process (scanOnce never looks at scanCtl, and dbCa's CP updates come through
 * it); iocRun processes PINI RUN, lets the scans go on, then PINI RUNNING. softIoc's own answers
 * for the PINI counts and a periodic record are in fixtures/iocsh/softioc-pause.txt
 * (test/softioc-pause.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RecordDatabase, instantiateDb } from '../../src/records/index.js';
import { parseDb } from '../../src/records/db-file/parse.js';

const db = new RecordDatabase();
afterAll(() => db.close());
instantiateDb(
  db,
  parseDb(
    `record(calc, "Z:tick") { field(SCAN, ".1 second") field(CALC, "VAL+1") }
record(calc, "Z:event") { field(SCAN, "Event") field(EVNT, "7") field(CALC, "VAL+1") }
record(calc, "Z:src") { field(CALC, "VAL+1") }
record(calc, "Z:cp") { field(INPA, "Z:src CP") field(CALC, "A") }
record(calc, "Z:pause") { field(PINI, "PAUSE") field(CALC, "VAL+1") }
record(calc, "Z:paused") { field(PINI, "PAUSED") field(CALC, "VAL+1") }
record(calc, "Z:run") { field(PINI, "RUN") field(CALC, "VAL+1") }
record(calc, "Z:running") { field(PINI, "RUNNING") field(CALC, "VAL+1") }
`,
    { file: 'pause.db' },
  ),
);
const val = (name: string): number => db.get(name)!.num('VAL');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const until = async (check: () => boolean): Promise<void> => {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
};

describe('iocPause and iocRun in the database', () => {
  it('runs the PINI passes at their steps and stops the scans, not scanOnce or CP links, while paused', async () => {
    expect([val('Z:pause'), val('Z:paused'), val('Z:run'), val('Z:running')]).toEqual([0, 0, 1, 1]);
    await until(() => val('Z:tick') >= 2);
    const steps: string[] = [];
    const paused = await db.pause({
      stopServers: async () => void steps.push(`servers stop after PAUSE ${val('Z:pause')}, before PAUSED ${val('Z:paused')}`),
      suspended: () => steps.push(`suspended before PAUSED ${val('Z:paused')}`),
    });
    expect(paused).toBe(true);
    expect(steps).toEqual(['servers stop after PAUSE 1, before PAUSED 0', 'suspended before PAUSED 0']);
    expect([val('Z:pause'), val('Z:paused'), val('Z:run'), val('Z:running')]).toEqual([1, 1, 1, 1]);
    expect(db.isPaused).toBe(true);
    expect(await db.pause()).toBe(false);

    // Scans: nothing. scanOnce and a CP link: as ever.
    const tick = val('Z:tick');
    expect(db.postEvent('7')).toBe(0);
    db.get('Z:src')!.process();
    expect(val('Z:cp')).toBe(1);
    db.processFromLink(db.get('Z:src')!);
    expect(val('Z:src')).toBe(2);
    await sleep(350);
    expect(val('Z:tick')).toBe(tick);
    expect(val('Z:event')).toBe(0);

    const order: string[] = [];
    expect(
      await db.run({
        startServers: async () => void order.push(`servers start after RUN ${val('Z:run')}, before RUNNING ${val('Z:running')}`),
        restarted: () => order.push(`restarted before RUNNING ${val('Z:running')}`),
      }),
    ).toBe(true);
    expect(order).toEqual(['servers start after RUN 2, before RUNNING 1', 'restarted before RUNNING 1']);
    expect([val('Z:pause'), val('Z:paused'), val('Z:run'), val('Z:running')]).toEqual([1, 1, 2, 2]);
    expect(await db.run()).toBe(false);
    expect(db.postEvent('7')).toBe(1);
    expect(val('Z:event')).toBe(1);
    await until(() => val('Z:tick') > tick);
  });
});
