/**
 * Clients' table edits: the pure check of xtable/ytable/count, the point `new` adds, and the
 * settling of a burst of writes into one edit, in virtual time (a TestScheduler, no sleeping).
 */
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { editedTable, TableEdits, withNewPoint } from '../../src/app/table-editor.js';
import { COARSE_POINTS } from '../../src/table/points.js';

const f64 = (...v: number[]): Float64Array => Float64Array.from(v);
const settledFlag = (p: Promise<void>): { done: boolean } => {
  const s = { done: false };
  void p.then(() => (s.done = true));
  return s;
};
const microtasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('editedTable', () => {
  it('takes all of xtable and ytable when count was not written', () => {
    expect(editedTable(f64(1, 2, 3), f64(10, 20, 30), undefined)).toEqual({ ok: true, table: { x: [1, 2, 3], y: [10, 20, 30] } });
  });

  it('takes the first count values when count was written', () => {
    expect(editedTable(f64(1, 2, 3), f64(10, 20, 30, 40), 2)).toEqual({ ok: true, table: { x: [1, 2], y: [10, 20] } });
    expect(editedTable(f64(1, 2), f64(10, 20), 0)).toEqual({ ok: true, table: { x: [], y: [] } });
  });

  it('refuses arrays of different lengths without count, and a count beyond them', () => {
    expect(editedTable(f64(1, 2, 3), f64(10, 20), undefined)).toEqual({
      ok: false,
      why: 'xtable has 3 values and ytable 2: write both with as many values, or set count',
    });
    expect(editedTable(f64(1, 2, 3), f64(10, 20), 3)).toEqual({ ok: false, why: 'count is 3 but xtable has 3 values and ytable 2' });
  });

  it('refuses a table that is not valid, naming the entry', () => {
    const unsorted = editedTable(f64(1, 3, 2), f64(10, 20, 30), undefined);
    expect(unsorted.ok).toBe(false);
    const nan = editedTable(f64(1, 2), f64(10, Number.NaN), undefined);
    expect(nan).toEqual({ ok: false, why: 'ytable[1] is NaN; table values must be finite numbers' });
  });
});

describe('withNewPoint', () => {
  it('adds a point in x order, or replaces the one at the same x', () => {
    const table = { x: [1, 3], y: [10, 30] };
    expect(withNewPoint(table, 2, 20)).toEqual({ ok: true, table: { x: [1, 2, 3], y: [10, 20, 30] }, replaced: false });
    expect(withNewPoint(table, 3, 33)).toEqual({ ok: true, table: { x: [1, 3], y: [10, 33] }, replaced: true });
    expect(table).toEqual({ x: [1, 3], y: [10, 30] });
  });

  it('refuses a point to a full table, and a point that is not finite', () => {
    const full = { x: Array.from({ length: COARSE_POINTS }, (_, i) => i), y: Array.from({ length: COARSE_POINTS }, () => 0) };
    const added = withNewPoint(full, 1000, 1);
    expect(added.ok === false && added.why).toMatch(/table is full/);
    expect(withNewPoint(full, 5, 7).ok).toBe(true); // a replacement fits
    expect(withNewPoint({ x: [], y: [] }, Number.NaN, 1).ok).toBe(false);
  });
});

describe('TableEdits', () => {
  it('applies a burst of writes once, settleMs after the last, and only then completes their put-callbacks', async () => {
    const ts = new TestScheduler(() => undefined);
    const applied: [number, boolean][] = [];
    const edits = new TableEdits((countEdited) => applied.push([ts.now(), countEdited]), 20, ts);
    const x = settledFlag(edits.written(false));
    // Virtual time moves to 10 (a no-op then), where the second write comes.
    ts.schedule(() => undefined, 10);
    ts.maxFrames = 10;
    ts.flush();
    const y = settledFlag(edits.written(false));
    ts.maxFrames = 25;
    ts.flush();
    await microtasks();
    // The second write at 10 moves the settling to 30: nothing applied yet.
    expect(applied).toEqual([]);
    expect([x.done, y.done]).toEqual([false, false]);
    ts.maxFrames = Number.POSITIVE_INFINITY;
    ts.flush();
    await microtasks();
    expect(applied).toEqual([[30, false]]);
    expect([x.done, y.done]).toEqual([true, true]);
    edits.close();
  });

  it('tells whether count was part of the edit', () => {
    const ts = new TestScheduler(() => undefined);
    const applied: boolean[] = [];
    const edits = new TableEdits((countEdited) => applied.push(countEdited), 20, ts);
    ts.run(({ cold }) => {
      cold('a-c------------------------x').subscribe((w) => void edits.written(w === 'c'));
    });
    expect(applied).toEqual([true, false]);
    edits.close();
  });

  it('a table set meanwhile (reset) replaces the edit: nothing is applied, the writes still complete', async () => {
    const ts = new TestScheduler(() => undefined);
    const applied: boolean[] = [];
    const edits = new TableEdits((countEdited) => applied.push(countEdited), 20, ts);
    const w = settledFlag(edits.written(true));
    edits.reset();
    ts.flush();
    await microtasks();
    expect(applied).toEqual([]);
    expect(w.done).toBe(true);
    edits.close();
  });

  it('close completes the writes waiting and takes no more', async () => {
    const ts = new TestScheduler(() => undefined);
    const applied: boolean[] = [];
    const edits = new TableEdits((countEdited) => applied.push(countEdited), 20, ts);
    const w = settledFlag(edits.written(false));
    edits.close();
    await microtasks();
    expect(w.done).toBe(true);
    await edits.written(true);
    ts.flush();
    expect(applied).toEqual([]);
  });
});
