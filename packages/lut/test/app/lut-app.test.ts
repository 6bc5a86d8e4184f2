/**
 * The LUT application's logic on fake PVs (no sockets): following the input, writing the
 * target, offsets, fits, ranges, enable, table edits, new, null, the file and status/message.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Runtime } from '@devioc/core';
import { afterEach, describe, expect, it } from 'vitest';
import { backupPath, createInterpolator, FitType, LutApp, LutStatus, readTableFile, resample } from '../../src/index.js';
import { clientPut, clientWrite, flush, type Harness, startLut, until } from './fakes.js';

const TABLE = 'fit = LINEAR\n1 10\n2 20\n4 30\n10 100\n';
const write = (text: string) => (_dir: string, file: string) => writeFileSync(file, text);

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The input IOC changes x; the writes it causes are done when this resolves. */
const input = async (x: Harness, value: unknown): Promise<void> => {
  x.energy.set(value);
  await flush();
};

const statusOf = (x: Harness) => ({ status: x.app.ioc.status.get(), message: x.app.ioc.message.get() });

describe('following the input', () => {
  it('writes f(x + xoff) + yoff to the target on every change of the input', async () => {
    h = await startLut({}, write(TABLE));
    expect(h.app.table).toEqual({ x: [1, 2, 4, 10], y: [10, 20, 30, 100] });
    // E = 5 at start: between 4 → 30 and 10 → 100.
    expect(h.gap.puts).toEqual([30 + 70 / 6]);
    expect(h.app.ioc.output.get()).toBeCloseTo(30 + 70 / 6, 12);
    await input(h, 1.5);
    expect(h.gap.puts.at(-1)).toBe(15);
    await input(h, 3);
    expect(h.gap.puts.at(-1)).toBe(25);
    expect(statusOf(h).status).toBe(LutStatus.OK);
  });

  it('applies xoff before and yoff after the lookup', async () => {
    h = await startLut({}, write(TABLE));
    await input(h, 1);
    await clientPut(h.app.ioc.xoff, 1); // f(2) = 20
    expect(h.gap.puts.at(-1)).toBe(20);
    await clientPut(h.app.ioc.yoff, -0.5);
    expect(h.gap.puts.at(-1)).toBe(19.5);
    expect(h.app.ioc.output.get()).toBe(19.5);
  });

  it('writes only changes: the same y is not written twice', async () => {
    h = await startLut({}, write(TABLE));
    await input(h, 2);
    const n = h.gap.puts.length;
    await input(h, 2);
    await clientPut(h.app.ioc.yoff, 0);
    expect(h.gap.puts.length).toBe(n);
  });

  it('enable OFF computes the output but leaves the target alone; ON writes the current output at once', async () => {
    h = await startLut({}, write(TABLE));
    await clientPut(h.app.ioc.enable, 0);
    const n = h.gap.puts.length;
    await input(h, 2);
    expect(h.app.ioc.output.get()).toBe(20);
    expect(h.gap.puts.length).toBe(n);
    expect(statusOf(h).message).toMatch(/enable OFF/);
    await clientPut(h.app.ioc.enable, 'ON');
    expect(h.gap.puts.at(-1)).toBe(20);
  });

  it('follows another input PV when the input record changes (the old one is dropped)', async () => {
    h = await startLut({}, write(TABLE));
    const other = h.net.add('E2', 4);
    await clientPut(h.app.ioc.input, 'E2');
    expect(h.gap.puts.at(-1)).toBe(30);
    await input(h, 1);
    expect(h.gap.puts.at(-1)).toBe(30);
    other.set(2);
    expect(h.gap.puts.at(-1)).toBe(20);
  });

  it('reports an input that is unset, not connected, lost or not a number, and recovers', async () => {
    h = await startLut({}, write(TABLE));
    await clientPut(h.app.ioc.input, 'NOWHERE');
    expect(statusOf(h)).toEqual({ status: LutStatus.NO_INPUT, message: 'waiting for input NOWHERE to connect' });
    await clientPut(h.app.ioc.input, ' ');
    expect(statusOf(h)).toEqual({ status: LutStatus.NO_INPUT, message: 'no input PV: set the input record' });
    await clientPut(h.app.ioc.input, 'E');
    expect(statusOf(h).status).toBe(LutStatus.OK);
    h.energy.disconnect();
    expect(statusOf(h)).toEqual({ status: LutStatus.NO_INPUT, message: 'input E disconnected' });
    h.energy.connect();
    expect(statusOf(h).status).toBe(LutStatus.OK);
    await input(h, 'fast');
    expect(statusOf(h)).toEqual({ status: LutStatus.NO_INPUT, message: 'input E = "fast" is not a number' });
    await input(h, Float64Array.of(2, 99));
    expect(statusOf(h).status).toBe(LutStatus.OK);
    expect(h.gap.puts.at(-1)).toBe(20);
  });

  it('writes a target that connects late, and again after it reconnects (it may have restarted)', async () => {
    h = await startLut({ target: 'LATE' }, write(TABLE));
    const late = h.net.pvs.get('LATE')!;
    expect(statusOf(h)).toEqual({ status: LutStatus.TARGET_ERROR, message: 'waiting for target LATE to connect' });
    expect(late.puts).toEqual([]);
    late.connect();
    await flush();
    expect(late.puts).toEqual([30 + 70 / 6]);
    late.disconnect();
    expect(statusOf(h)).toEqual({ status: LutStatus.TARGET_ERROR, message: 'target LATE disconnected' });
    late.value = 0;
    late.connect();
    await flush();
    expect(late.puts).toEqual([30 + 70 / 6, 30 + 70 / 6]);
    expect(statusOf(h).status).toBe(LutStatus.OK);
  });

  it('reports a failed write as TARGET ERROR and retries with the next value', async () => {
    h = await startLut({}, write(TABLE));
    h.gap.failPuts = 'no write access';
    await input(h, 2);
    await flush();
    expect(statusOf(h)).toEqual({ status: LutStatus.TARGET_ERROR, message: 'cannot write 20 to G: no write access' });
    h.gap.failPuts = undefined;
    await input(h, 2);
    await flush();
    expect(h.gap.puts.at(-1)).toBe(20);
    expect(statusOf(h).status).toBe(LutStatus.OK);
  });
});

describe('fits and ranges', () => {
  it('refits on a fit change: output and fine curve follow, exactly as the interpolation module computes', async () => {
    h = await startLut({}, write(TABLE));
    await input(h, 3);
    await clientPut(h.app.ioc.fit, 'SPLINE3');
    const f = createInterpolator({ x: [1, 2, 4, 10], y: [10, 20, 30, 100] }, FitType.SPLINE3, { outOfRange: 'clamp' });
    expect(h.app.ioc.output.get()).toBe(f.evaluate(3));
    expect(h.gap.puts.at(-1)).toBe(f.evaluate(3));
    const fine = resample(f);
    expect(Array.from(h.app.ioc.xfine.get())).toEqual(Array.from(fine.x));
    expect(Array.from(h.app.ioc.yfine.get())).toEqual(Array.from(fine.y));
    expect(h.app.ioc.xfine.get()).toHaveLength(255);
    expect(h.app.ioc.xfine.get()[0]).toBe(1);
    expect(h.app.ioc.xfine.get()[254]).toBe(10);
  });

  it('a fit the table cannot take keeps the previous curve and says so; adding points makes it good', async () => {
    h = await startLut({}, write('fit = LINEAR\n1 10\n2 20\n3 40\n'));
    await input(h, 2.5);
    expect(h.gap.puts.at(-1)).toBe(30);
    await clientPut(h.app.ioc.fit, 'SPLINE3');
    expect(h.app.ioc.fit.get()).toBe(FitType.SPLINE3);
    expect(statusOf(h)).toEqual({
      status: LutStatus.TABLE_ERROR,
      message: 'SPLINE3 needs at least 4 points, the table has 3; still using the previous curve (LINEAR on 3 points)',
    });
    await input(h, 1.5);
    expect(h.gap.puts.at(-1)).toBe(15);
    h.gap.value = 55;
    await input(h, 4);
    await clientPut(h.app.ioc.new, 1);
    expect(h.app.table.x).toEqual([1, 2, 3, 4]);
    expect(h.app.interpolator?.fit).toBe(FitType.SPLINE3);
    expect(statusOf(h).status).toBe(LutStatus.OK);
  });

  it('POLY uses the degree record', async () => {
    h = await startLut({ fit: FitType.POLY, degree: 1 }, write('1 1\n2 4\n3 9\n4 16\n'));
    await input(h, 2.5);
    expect(h.app.ioc.output.get()).toBeCloseTo(5 * 2.5 - 5, 12);
    await clientPut(h.app.ioc.degree, 2);
    expect(h.app.ioc.output.get()).toBeCloseTo(6.25, 12);
    await clientPut(h.app.ioc.degree, 4);
    expect(statusOf(h).message).toMatch(/POLY of degree 4 needs at least 5 points, the table has 4; still using the previous curve \(POLY of degree 2 on 4 points\)/);
  });

  it('outside the table: CLAMP holds the end value, EXTRAPOLATE continues, REFUSE writes nothing and says why', async () => {
    h = await startLut({}, write(TABLE));
    await input(h, 12);
    expect(h.gap.puts.at(-1)).toBe(100);
    await clientPut(h.app.ioc.range, 'EXTRAPOLATE');
    expect(h.gap.puts.at(-1)).toBeCloseTo(100 + (70 / 6) * 2, 12);
    await clientPut(h.app.ioc.range, 'REFUSE');
    const n = h.gap.puts.length;
    expect(statusOf(h)).toEqual({
      status: LutStatus.OUT_OF_RANGE,
      message: 'x + xoff = 12 is outside the table [1, 10] (range REFUSE): the target is not written',
    });
    await input(h, 13);
    expect(h.gap.puts.length).toBe(n);
    await input(h, 10);
    expect(h.gap.puts.at(-1)).toBe(100);
    expect(statusOf(h).status).toBe(LutStatus.OK);
  });

  it('never writes NaN: NEXT extrapolated above the table is reported instead', async () => {
    h = await startLut({ fit: FitType.NEXT, range: 'extrapolate' }, write(TABLE));
    await input(h, 11);
    expect(h.gap.puts.every(Number.isFinite)).toBe(true);
    expect(statusOf(h).status).toBe(LutStatus.OUT_OF_RANGE);
    expect(statusOf(h).message).toMatch(/f\(x \+ xoff\) \+ yoff is NaN at x \+ xoff = 11 \(NEXT on 4 points, range EXTRAPOLATE\)/);
  });
});

describe('records clients may not break', () => {
  it('refuses a state beyond the choices and a non-finite offset; the values stay', async () => {
    h = await startLut({}, write(TABLE));
    await expect(clientPut(h.app.ioc.fit, 9)).rejects.toThrow('fit: 9 is none of the states (0..8: LINEAR, NEAREST, NEXT, PREVIOUS, SPLINE0, SPLINE1, SPLINE2, SPLINE3, POLY)');
    await expect(clientPut(h.app.ioc.range, 3)).rejects.toThrow(/range: 3 is none of the states/);
    await expect(clientPut(h.app.ioc.enable, 2)).rejects.toThrow(/enable: 2 is none of the states/);
    await expect(clientPut(h.app.ioc.xoff, Number.NaN)).rejects.toThrow('xoff must be a finite number, not NaN');
    await expect(clientPut(h.app.ioc.yoff, Number.POSITIVE_INFINITY)).rejects.toThrow('yoff must be a finite number, not Infinity');
    expect([h.app.ioc.fit.get(), h.app.ioc.range.get(), h.app.ioc.enable.get(), h.app.ioc.xoff.get(), h.app.ioc.yoff.get()]).toEqual([FitType.LINEAR, 0, 1, 0, 0]);
    expect(statusOf(h).status).toBe(LutStatus.OK);
  });
});

describe('new and null', () => {
  it('new adds the point (x + xoff, readback − yoff), so the output at x equals the readback; saved at once', async () => {
    h = await startLut({}, write(TABLE));
    await input(h, 3);
    await clientPut(h.app.ioc.xoff, 0.5);
    await clientPut(h.app.ioc.yoff, 1);
    h.gap.value = 28; // moved by hand to the best position
    await clientPut(h.app.ioc.new, 1);
    expect(h.app.table).toEqual({ x: [1, 2, 3.5, 4, 10], y: [10, 20, 27, 30, 100] });
    expect(h.app.ioc.output.get()).toBe(28);
    expect(Array.from(h.app.ioc.xtable.get())).toEqual([1, 2, 3.5, 4, 10]);
    expect(h.app.ioc.count.get()).toBe(5);
    expect(statusOf(h).message).toBe('new: added the point x = 3.5, y = 27 (G = 28); 5 points, LINEAR on 5 points');
    await h.app.settled();
    expect((await readTableFile(h.file))?.table).toEqual(h.app.table);
  });

  it('new at an existing x replaces it; it reads a separate readback PV when one is set', async () => {
    h = await startLut({ readback: 'RBV' }, write(TABLE));
    h.net.add('RBV', 21.5);
    await input(h, 2);
    await clientPut(h.app.ioc.new, 1);
    expect(h.app.table.y).toEqual([10, 21.5, 30, 100]);
    expect(statusOf(h).message).toMatch(/^new: replaced the point x = 2, y = 21.5 \(RBV = 21.5\)/);
    expect(h.gap.puts.at(-1)).toBe(21.5);
  });

  it('builds a table from nothing with new', async () => {
    h = await startLut({ fit: FitType.LINEAR });
    expect(statusOf(h).status).toBe(LutStatus.TABLE_ERROR);
    expect(statusOf(h).message).toMatch(/^the table is empty: add points with new/);
    for (const [e, g] of [[1, 10], [3, 50], [2, 25]]) {
      await input(h, e);
      h.gap.value = g;
      await clientPut(h.app.ioc.new, 1);
    }
    expect(h.app.table).toEqual({ x: [1, 2, 3], y: [10, 25, 50] });
    expect(statusOf(h).status).toBe(LutStatus.OK);
    await h.app.settled();
    expect((await readTableFile(h.file))?.table).toEqual(h.app.table);
  });

  it('new and null fail clearly without an input value, a readable target, or room', async () => {
    h = await startLut({}, write(TABLE));
    h.energy.disconnect();
    await clientPut(h.app.ioc.new, 1);
    expect(statusOf(h)).toEqual({ status: LutStatus.NO_INPUT, message: 'new: no input value (input E not connected or not a number)' });
    h.energy.connect();
    h.gap.disconnect();
    await clientPut(h.app.ioc.null, 1);
    expect(h.app.problems.map((p) => p.source)).toContain('command');
    expect(h.app.problems.find((p) => p.source === 'command')?.message).toBe('null: cannot read G: G not connected (timeout)');
    h.gap.connect();
    h.gap.value = 'stuck';
    await clientPut(h.app.ioc.new, 1);
    expect(statusOf(h).message).toBe('new: G = stuck is not a number');
    h.gap.value = 12;
    const full = Array.from({ length: 120 }, (_, i) => `${i} ${i}`).join('\n');
    writeFileSync(h.file, full);
    await clientPut(h.app.ioc.load, 1);
    await input(h, 200);
    await clientPut(h.app.ioc.new, 1);
    expect(statusOf(h)).toEqual({ status: LutStatus.TABLE_ERROR, message: 'new: the table is full (120 points): remove a point before adding x = 200' });
    await input(h, 5);
    await clientPut(h.app.ioc.new, 1);
    expect(statusOf(h).status).toBe(LutStatus.OK);
  });

  it('null sets yoff so that the output equals the readback at the current input', async () => {
    h = await startLut({}, write(TABLE));
    await input(h, 3);
    expect(h.gap.puts.at(-1)).toBe(25);
    h.gap.value = 25.75; // the beam says the gap should be a little wider here
    await clientPut(h.app.ioc.null, 1);
    expect(h.app.ioc.yoff.get()).toBe(0.75);
    expect(h.app.ioc.output.get()).toBe(25.75);
    expect(statusOf(h).message).toBe('null: yoff = 0.75, so that the output equals G = 25.75 at x = 3');
    await input(h, 2);
    expect(h.gap.puts.at(-1)).toBe(20.75);
    await h.app.settled();
    expect((await readTableFile(h.file))?.yoff).toBe(0.75);
  });

  it('null refuses an input outside the table in REFUSE mode', async () => {
    h = await startLut({ range: 'refuse' }, write(TABLE));
    await input(h, 20);
    await clientPut(h.app.ioc.null, 1);
    expect(h.app.problems.find((p) => p.source === 'command')).toEqual({
      source: 'command',
      status: LutStatus.OUT_OF_RANGE,
      message: 'null: x + xoff = 20 is outside the table [1, 10] (range REFUSE)',
    });
    expect(h.app.ioc.yoff.get()).toBe(0);
  });
});

describe('table edits by clients', () => {
  it('applies x, y and count written in turn once, when they have settled, and saves', async () => {
    // A settling time no test machine stalls through between three puts.
    h = await startLut({ editSettleMs: 500 }, write(TABLE));
    await input(h, 3);
    const n = h.gap.puts.length;
    await clientWrite(h.app.ioc.xtable, [1, 2, 3, 4, 10]);
    await clientWrite(h.app.ioc.ytable, [10, 20, 40, 30, 100]);
    await clientWrite(h.app.ioc.count, 5);
    expect(h.gap.puts.length).toBe(n); // nothing yet: the edit is settling
    await until(() => h!.app.table.x.length === 5, 'the edit');
    expect(h.gap.puts.slice(n)).toEqual([40]);
    expect(statusOf(h).message).toBe('table edited: 5 points, LINEAR on 5 points');
    await h.app.settled();
    expect((await readTableFile(h.file))?.table).toEqual({ x: [1, 2, 3, 4, 10], y: [10, 20, 40, 30, 100] });
  });

  it('takes the length of x and y as the count when they agree; a smaller count drops the last points', async () => {
    h = await startLut({}, write(TABLE));
    await clientWrite(h.app.ioc.xtable, [1, 2]);
    await clientWrite(h.app.ioc.ytable, [5, 6]);
    await until(() => h!.app.table.x.length === 2, 'the edit');
    expect(h.app.ioc.count.get()).toBe(2);
    await clientWrite(h.app.ioc.xtable, [1, 2, 3]);
    await clientWrite(h.app.ioc.ytable, [5, 6, 7]);
    await until(() => h!.app.table.x.length === 3, 'the edit');
    await clientPut(h.app.ioc.count, 1);
    await until(() => h!.app.table.x.length === 1, 'the edit');
    expect(Array.from(h.app.ioc.xtable.get())).toEqual([1]);
    // LINEAR needs 2 points: the previous curve stays.
    expect(statusOf(h).message).toBe('LINEAR needs at least 2 points, the table has 1; still using the previous curve (LINEAR on 3 points)');
  });

  it.each([
    ['unsorted x', [1, 3, 2, 10], [1, 2, 3, 4], 'xtable[2] = 2 is below xtable[1] = 3; the points must be in increasing x'],
    ['duplicate x', [1, 2, 2, 10], [1, 2, 3, 4], 'xtable[2] = 2 repeats xtable[1]; each x may appear once'],
    ['NaN', [1, 2, 3, 10], [1, Number.NaN, 3, 4], 'ytable[1] is NaN; table values must be finite numbers'],
    ['mismatched lengths', [1, 2, 3], [1, 2, 3, 4], 'xtable has 3 values and ytable 4: write both with as many values, or set count'],
  ])('refuses %s, keeps the previous table and curve, and says where', async (_what, xs, ys, why) => {
    h = await startLut({}, write(TABLE));
    await input(h, 3);
    await clientWrite(h.app.ioc.xtable, xs);
    await clientWrite(h.app.ioc.ytable, ys);
    await until(() => h!.app.ioc.status.get() === LutStatus.TABLE_ERROR, 'the refusal');
    expect(statusOf(h).message).toBe(`table edit refused: ${why}; still using the previous table of 4 points`);
    expect(h.app.table).toEqual({ x: [1, 2, 4, 10], y: [10, 20, 30, 100] });
    await input(h, 2);
    expect(h.gap.puts.at(-1)).toBe(20);
    // Fixing the edit clears the error.
    await clientWrite(h.app.ioc.xtable, [1, 2, 3, 10]);
    await clientWrite(h.app.ioc.ytable, [1, 2, 3, 4]);
    await until(() => h!.app.ioc.status.get() === LutStatus.OK, 'the fixed edit');
    expect(h.app.table.x).toEqual([1, 2, 3, 10]);
  });

  it("a put-callback on a table write completes only once the edit is applied (or refused)", async () => {
    h = await startLut({ editSettleMs: 300 }, write(TABLE));
    await input(h, 3);
    const n = h.gap.puts.length;
    await clientWrite(h.app.ioc.xtable, [1, 2, 3, 4, 10]);
    // The last write with a callback (caput -c, pyepics wait=True): when it completes, the
    // whole edit is in use and the target has been written.
    await clientPut(h.app.ioc.ytable, [10, 20, 40, 30, 100]);
    expect(h.app.table).toEqual({ x: [1, 2, 3, 4, 10], y: [10, 20, 40, 30, 100] });
    expect(h.gap.puts.slice(n)).toEqual([40]);
    expect(statusOf(h)).toEqual({ status: LutStatus.OK, message: 'table edited: 5 points, LINEAR on 5 points' });
    // A refused one: the refusal is shown when the callback completes.
    await clientPut(h.app.ioc.count, 7);
    expect(statusOf(h).status).toBe(LutStatus.TABLE_ERROR);
  });

  it('refuses a count beyond the values written', async () => {
    h = await startLut({}, write(TABLE));
    await clientPut(h.app.ioc.count, 6);
    await until(() => h!.app.ioc.status.get() === LutStatus.TABLE_ERROR, 'the refusal');
    expect(statusOf(h).message).toBe('table edit refused: count is 6 but xtable has 4 values and ytable 4; still using the previous table of 4 points');
  });
});

describe('the table file', () => {
  it('loads the file at start; the command line wins over its settings', async () => {
    h = await startLut({ fit: FitType.SPLINE1 }, write('input = X\ntarget = Y\nfit = LINEAR\nxoff = 1\nyoff = 2\nenable = OFF\n1 10\n2 20\n'));
    const ioc = h.app.ioc;
    expect([ioc.input.get(), ioc.target.get(), ioc.fit.get(), ioc.xoff.get(), ioc.yoff.get(), ioc.enable.get()]).toEqual(['E', 'G', FitType.SPLINE1, 1, 2, 0]);
    expect(ioc.file.get()).toBe(h.file);
    // The settings given at start are saved (the file's own are kept as the backup).
    expect(await readTableFile(h.file)).toMatchObject({ input: 'E', target: 'G', fit: FitType.SPLINE1, xoff: 1, yoff: 2, enable: false });
    expect(await readTableFile(backupPath(h.file))).toMatchObject({ input: 'X', fit: FitType.LINEAR });
  });

  it('creates a missing file at start, and saves every change', async () => {
    h = await startLut({ fit: FitType.LINEAR });
    expect(await readTableFile(h.file)).toEqual({ input: 'E', target: 'G', readback: '', fit: FitType.LINEAR, degree: 3, range: 'clamp', xoff: 0, yoff: 0, enable: true, table: { x: [], y: [] } });
    await clientPut(h.app.ioc.xoff, 0.25);
    await clientPut(h.app.ioc.range, 'REFUSE');
    await clientPut(h.app.ioc.readback, 'RBV');
    await h.app.settled();
    expect(await readTableFile(h.file)).toMatchObject({ xoff: 0.25, range: 'refuse', readback: 'RBV' });
  });

  it('a corrupt file at start is refused and reported; the IOC runs and does not overwrite it until told to', async () => {
    h = await startLut({ fit: FitType.NEAREST }, write('1 10\n2 20\n3 oops\n'));
    expect(statusOf(h)).toEqual({
      status: LutStatus.FILE_ERROR,
      message: `refused: ${h.file}, line 3: y "oops" is not a number; starting with an empty table. Automatic saves wait until the file loads (load) or is overwritten (save)`,
    });
    await input(h, 1);
    h.gap.value = 7;
    await clientPut(h.app.ioc.new, 1);
    await h.app.settled();
    expect(readFileSync(h.file, 'utf8')).toBe('1 10\n2 20\n3 oops\n');
    expect(statusOf(h).status).toBe(LutStatus.FILE_ERROR);
    await clientPut(h.app.ioc.save, 1);
    expect((await readTableFile(h.file))?.table).toEqual({ x: [1], y: [7] });
    expect(readFileSync(backupPath(h.file), 'utf8')).toBe('1 10\n2 20\n3 oops\n');
    expect(statusOf(h).status).not.toBe(LutStatus.FILE_ERROR);
  });

  it('load: a corrupt file is refused and the table stays; a good one replaces table and settings', async () => {
    h = await startLut({}, write(TABLE));
    await input(h, 3);
    writeFileSync(h.file, 'fit = LINEAR\n1 10\n1 20\n');
    await clientPut(h.app.ioc.load, 1);
    expect(statusOf(h)).toEqual({
      status: LutStatus.FILE_ERROR,
      message: `refused: ${h.file}, line 3: the point on line 3 = 1 repeats the point on line 2; each x may appear once; keeping the current table of 4 points. Automatic saves wait until the file loads (load) or is overwritten (save)`,
    });
    expect(h.app.table).toEqual({ x: [1, 2, 4, 10], y: [10, 20, 30, 100] });
    await input(h, 2);
    expect(h.gap.puts.at(-1)).toBe(20);
    writeFileSync(h.file, 'fit = NEAREST\nyoff = 1\n1 10\n3 30\n');
    await clientPut(h.app.ioc.load, 1);
    expect(h.app.table).toEqual({ x: [1, 3], y: [10, 30] });
    expect(h.app.ioc.fit.get()).toBe(FitType.NEAREST);
    expect(h.gap.puts.at(-1)).toBe(11);
    expect(statusOf(h)).toEqual({ status: LutStatus.OK, message: `loaded 2 points from ${h.file}; 2 points, NEAREST on 2 points` });
  });

  it('load of a missing file and a failed save are reported as FILE ERROR', async () => {
    h = await startLut({}, write(TABLE));
    rmSync(h.file);
    await clientPut(h.app.ioc.load, 1);
    expect(statusOf(h)).toEqual({ status: LutStatus.FILE_ERROR, message: `load: ${h.file} does not exist; keeping the current table of 4 points` });
    await clientPut(h.app.ioc.save, 1);
    expect(existsSync(h.file)).toBe(true);
    expect(statusOf(h).status).toBe(LutStatus.OK);
  });

  it('a save that fails says so, and the next good one clears it', async () => {
    h = await startLut({}, write(TABLE));
    const moved = `${h.dir}.moved`;
    renameSync(h.dir, moved);
    writeFileSync(h.dir, 'a file where the directory was');
    try {
      await clientPut(h.app.ioc.xoff, 1);
      await h.app.settled();
      expect(statusOf(h)).toEqual({
        status: LutStatus.FILE_ERROR,
        message: `cannot save ${h.file}: a part of the path is not a directory: the changes are not saved`,
      });
    } finally {
      rmSync(h.dir);
      renameSync(moved, h.dir);
    }
    await clientPut(h.app.ioc.xoff, 2);
    await h.app.settled();
    expect(statusOf(h).status).toBe(LutStatus.OK);
    expect((await readTableFile(h.file))?.xoff).toBe(2);
  });

  it('a file that cannot be read at start is refused like a corrupt one', async () => {
    h = await startLut({ tableFile: '/dev/null/table.lut' });
    expect(statusOf(h)).toEqual({
      status: LutStatus.FILE_ERROR,
      message: 'refused: cannot read /dev/null/table.lut: a part of the path is not a directory; starting with an empty table. Automatic saves wait until the file loads (load) or is overwritten (save)',
    });
  });

  it('survives a restart: a new IOC on the same file has the same table and settings', async () => {
    h = await startLut({}, write(TABLE));
    await input(h, 3);
    h.gap.value = 26;
    await clientPut(h.app.ioc.new, 1);
    await clientPut(h.app.ioc.yoff, 0.5);
    await clientPut(h.app.ioc.fit, 'SPLINE2');
    await h.app.settled();
    const before = h.app.snapshot();
    await h.app.shutdown();
    const runtime = new Runtime({ serve: false });
    const again = new LutApp({ device: 'LUT', tableFile: h.file, runtime, pvs: h.net.factory });
    await again.start();
    try {
      expect(again.snapshot()).toEqual(before);
      expect(again.interpolator?.fit).toBe(FitType.SPLINE2);
    } finally {
      await again.shutdown();
      await runtime.close();
    }
  });
});

describe('status and message', () => {
  it('shows the most serious standing problem, not the newest; clearing it shows the next, then OK', async () => {
    h = await startLut({}, write(TABLE));
    writeFileSync(h.file, 'junk\n');
    await clientPut(h.app.ioc.load, 1);
    expect(statusOf(h).status).toBe(LutStatus.FILE_ERROR);
    h.energy.disconnect();
    // The input lost after the refused file does not hide it.
    expect(statusOf(h).status).toBe(LutStatus.FILE_ERROR);
    expect(h.app.problems.map((p) => p.status)).toEqual([LutStatus.FILE_ERROR, LutStatus.NO_INPUT]);
    h.energy.set(2); // not connected: not delivered
    h.energy.connect();
    expect(statusOf(h).status).toBe(LutStatus.FILE_ERROR);
    expect(h.app.problems.map((p) => p.status)).toEqual([LutStatus.FILE_ERROR]);
    await clientPut(h.app.ioc.save, 1);
    expect(statusOf(h)).toEqual({ status: LutStatus.OK, message: `saved 4 points to ${h.file}` });
  });

  it('cuts a long message to what the record holds, marking the cut', async () => {
    const blocked = await startLut({ tableFile: `/dev/null/${'d'.repeat(300)}/table.lut` });
    try {
      const msg = blocked.app.ioc.message.get();
      expect(msg).toMatch(/^refused: cannot read \/dev\/null\/ddd+…$/);
      expect(Buffer.byteLength(msg)).toBe(255);
    } finally {
      await blocked.stop();
    }
  });
});
