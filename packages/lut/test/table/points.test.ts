import { describe, expect, it } from 'vitest';
import { checkTable, COARSE_POINTS, EMPTY_TABLE, TableStructureError, withPoint } from '../../src/table/index.js';

describe('the coarse table', () => {
  it('accepts finite, strictly increasing x, up to 120 points', () => {
    expect(checkTable([1, 2, 3], [3, 1, 2])).toEqual({ x: [1, 2, 3], y: [3, 1, 2] });
    expect(checkTable([], [])).toEqual({ x: [], y: [] });
    const n = COARSE_POINTS;
    expect(checkTable(Array.from({ length: n }, (_, i) => i), new Array<number>(n).fill(0)).x).toHaveLength(120);
  });

  it.each([
    [[1, 2], [1], /x and y must have as many values \(x has 2, y has 1\)/, undefined],
    [[2, 1], [0, 0], /x\[1\] = 1 is below x\[0\] = 2; the points must be in increasing x/, 1],
    [[1, 1], [0, 0], /x\[1\] = 1 repeats x\[0\]; each x may appear once/, 1],
    [[1, NaN], [0, 0], /x\[1\] is NaN; table values must be finite numbers/, 1],
    [[1, 2], [0, Infinity], /y\[1\] is Infinity/, 1],
  ])('refuses x=%j y=%j', (x, y, message, index) => {
    let error: unknown;
    try {
      checkTable(x, y);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TableStructureError);
    expect((error as Error).message).toMatch(message);
    expect((error as TableStructureError).index).toBe(index);
  });

  it('refuses 121 points', () => {
    const n = COARSE_POINTS + 1;
    expect(() => checkTable(Array.from({ length: n }, (_, i) => i), new Array<number>(n).fill(0))).toThrow(/121 points; it holds at most 120/);
  });

  it('labels entries as the caller names them', () => {
    expect(() => checkTable([1, 0], [0, 0], (i, axis) => `${axis}table[${i}]`)).toThrow('xtable[1] = 0 is below xtable[0] = 1');
  });
});

describe('new points', () => {
  const t = { x: [1, 2, 4], y: [10, 20, 40] };

  it('inserts in order, at either end and in an empty table', () => {
    expect(withPoint(t, 3, 30)).toEqual({ table: { x: [1, 2, 3, 4], y: [10, 20, 30, 40] }, index: 2, replaced: false });
    expect(withPoint(t, 0, 0).index).toBe(0);
    expect(withPoint(t, 5, 50).index).toBe(3);
    expect(withPoint(EMPTY_TABLE, 5, 50)).toEqual({ table: { x: [5], y: [50] }, index: 0, replaced: false });
    expect(t).toEqual({ x: [1, 2, 4], y: [10, 20, 40] });
  });

  it('replaces the point at the same x, within float noise, keeping its x', () => {
    expect(withPoint(t, 2, 22)).toEqual({ table: { x: [1, 2, 4], y: [10, 22, 40] }, index: 1, replaced: true });
    expect(withPoint(t, 2 + 1e-12, 23).table).toEqual({ x: [1, 2, 4], y: [10, 23, 40] });
    expect(withPoint(t, 2 - 1e-12, 23).replaced).toBe(true);
    expect(withPoint(t, 2 + 1e-6, 23).replaced).toBe(false);
  });

  it('refuses a point that does not fit, or is not finite', () => {
    const full = { x: Array.from({ length: 120 }, (_, i) => i), y: new Array<number>(120).fill(0) };
    expect(() => withPoint(full, 200, 1)).toThrow(/the table is full \(120 points\)/);
    expect(withPoint(full, 5, 1).replaced).toBe(true);
    expect(() => withPoint(t, Number.NaN, 1)).toThrow(TableStructureError);
  });
});
