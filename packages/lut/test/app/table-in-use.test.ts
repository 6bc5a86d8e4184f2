/** The table and curve in use: shown in the records, fitted with the records' settings, edits applied or refused. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TableInUse } from '../../src/app/table-in-use.js';
import { FitType } from '../../src/interpolation/fit-types.js';
import { LutStatus } from '../../src/model/lut-model.js';
import { type ModelHarness, startModel } from './model.js';

let h: ModelHarness;
let sets: number;
let inUse: TableInUse;

beforeEach(async () => {
  h = await startModel();
  sets = 0;
  inUse = new TableInUse(h.ioc, h.status, h.log, () => sets++);
  await h.ioc.fit.put(FitType.LINEAR);
});

afterEach(() => h.stop());

describe('TableInUse', () => {
  it('shows a table in the records, fits it and shows the fine curve', () => {
    inUse.set({ x: [0, 1, 2], y: [0, 10, 20] });
    expect(sets).toBe(1);
    expect([...h.ioc.xtable.get()]).toEqual([0, 1, 2]);
    expect(h.ioc.count.get()).toBe(3);
    expect(inUse.refit()).toBe(true);
    expect(inUse.curve?.evaluate(1.5)).toBe(15);
    expect(h.ioc.xfine.get().length).toBeGreaterThan(3);
    expect(inUse.describe()).toBe('3 points, LINEAR on 3 points');
  });

  it('a table that cannot be fitted keeps the previous curve, and says so', async () => {
    inUse.set({ x: [0, 1, 2], y: [0, 10, 20] });
    inUse.refit();
    await h.ioc.fit.put(FitType.POLY);
    await h.ioc.degree.put(5);
    expect(inUse.refit()).toBe(false);
    expect(inUse.curve?.fit).toBe(FitType.LINEAR);
    expect(h.status.view.status).toBe(LutStatus.TABLE_ERROR);
    expect(h.status.view.message).toMatch(/; still using the previous curve \(LINEAR on 3 points\)$/);
  });

  it('a client edit: applied and fitted when it changes the table, refused with the reason otherwise', async () => {
    inUse.set({ x: [0, 1], y: [0, 10] });
    inUse.refit();
    await h.ioc.xtable.put([0, 1, 2]);
    await h.ioc.ytable.put([0, 10, 40]);
    expect(inUse.applyEdit(false)).toBe(true);
    expect(inUse.table).toEqual({ x: [0, 1, 2], y: [0, 10, 40] });
    expect(inUse.curve?.evaluate(1.5)).toBe(25);
    expect(h.status.view.message).toBe('table edited: 3 points, LINEAR on 3 points');
    expect(inUse.applyEdit(true)).toBe(false); // the same table
    await h.ioc.ytable.put([0, 10]);
    expect(inUse.applyEdit(false)).toBe(false);
    expect(h.status.view).toEqual({
      status: LutStatus.TABLE_ERROR,
      message: 'table edit refused: xtable has 3 values and ytable 2: write both with as many values, or set count; still using the previous table of 3 points',
    });
    expect(inUse.table.x).toEqual([0, 1, 2]);
  });
});
