/**
 * The LUT IOC end to end through Channel Access: the input PV (MONO:energy) on one IOC, the
 * target (UND:gap) on another, the LUT IOC between them with its own CA server and client, and
 * pyepics (the real libca) as the beamline operator's client. Covers every item of issue 7's
 * record list: the input moves the target, offsets, fits, enable, the input/target names,
 * new (target or readback PV), null, table edits over CA with their errors, save/load, the
 * table surviving a restart, and corrupt files refused and reported.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupPath, createInterpolator, FitType, readTableFile } from '@devioc/lut';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';
import { type LutUnderTest, type Mono, type Served, startLutIoc, startMono, startUndulator, type Undulator, until } from './helpers/lut.js';

const TABLE = `# energy (keV) -> gap (mm)
fit = LINEAR
4  10
6  14
8  20
10 28
`;

describe('the LUT IOC between two IOCs, driven by pyepics', () => {
  let dir: string;
  let file: string;
  let mono: Served<Mono>;
  let und: Served<Undulator>;
  let lut: LutUnderTest;
  let lutPort: number;
  let spare: number;
  let py: PyEpics;

  const get = async <T = number>(pv: string, extra: Record<string, unknown> = {}): Promise<T> =>
    (await py.call<{ value: T }>('get', { pv, ...extra })).value;
  const text = (pv: string): Promise<string> => get<string>(pv, { as_string: true });
  const put = (pv: string, value: unknown, extra: Record<string, unknown> = {}): Promise<unknown> => py.call('put', { pv, value, wait: true, ...extra });
  const gap = (): number => und.model.gap.get();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lut-e2e-'));
    file = path.join(dir, 'gap.lut');
    writeFileSync(file, TABLE);
    mono = await startMono();
    und = await startUndulator();
    lutPort = await freePort();
    spare = await freePort();
    lut = await startLutIoc([mono.port, und.port], { tableFile: file, port: lutPort });
    py = await operator();
  });

  /** pyepics as the operator's client, finding the three IOCs (and a spare port for a fourth). */
  async function operator(): Promise<PyEpics> {
    return new PyEpics({
      serverPort: lutPort,
      repeaterPort: await freePort(),
      addrList: [lutPort, mono.port, und.port, spare].map((p) => `127.0.0.1:${p}`).join(' '),
    });
  }

  afterAll(async () => {
    await py?.close();
    await lut?.close();
    await und?.close();
    await mono?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('changing the input moves the target: y = f(x) written over CA', async () => {
    await until(() => gap() === 12, 'the target to get f(5) = 12 at start');
    await put('MONO:energy', 7);
    await until(() => gap() === 17, 'the target to follow the input');
    expect(await get('LUT:output')).toBe(17);
    expect(await text('LUT:status')).toBe('OK');
    // What the IOC computes and reports is not for clients to write.
    for (const pv of ['LUT:output', 'LUT:status', 'LUT:message', 'LUT:xfine', 'LUT:yfine', 'LUT:file']) {
      expect((await py.call<{ write_access: boolean }>('get', { pv })).write_access, pv).toBe(false);
    }
    expect((await py.call<{ write_access: boolean }>('get', { pv: 'LUT:xoff' })).write_access).toBe(true);
    await put('MONO:energy', 9.5);
    await until(() => gap() === 26, 'the target to follow the input again');
  });

  it('xoff is added before the lookup and yoff after it', async () => {
    await put('MONO:energy', 7);
    await put('LUT:xoff', 1);
    await until(() => gap() === 20, 'f(7 + 1) = 20');
    await put('LUT:yoff', -0.5);
    await until(() => gap() === 19.5, 'f(8) - 0.5');
    expect(await get('LUT:output')).toBe(19.5);
    await put('LUT:xoff', 0);
    await put('LUT:yoff', 0);
    await until(() => gap() === 17, 'the offsets removed');
  });

  it('fit changes refit at once; a fit the table cannot take is reported and the previous curve kept', async () => {
    const table = { x: [4, 6, 8, 10], y: [10, 14, 20, 28] };
    const expected = (fit: FitType, degree?: number): number => createInterpolator(table, fit, { degree, outOfRange: 'clamp' }).evaluate(7);
    await put('LUT:fit', 'SPLINE3');
    await until(() => gap() === expected(FitType.SPLINE3), 'the SPLINE3 value');
    expect(await get('LUT:output')).toBe(expected(FitType.SPLINE3));
    const fine = await get<number[]>('LUT:yfine');
    expect(fine).toHaveLength(255);
    await put('LUT:fit', 'NEAREST');
    await until(() => gap() === 14, 'NEAREST: half-way takes the lower x');
    await put('LUT:degree', 1);
    await put('LUT:fit', 'POLY');
    await until(() => Math.abs(gap() - expected(FitType.POLY, 1)) < 1e-9, 'the POLY value');
    await put('LUT:degree', 4);
    expect(await text('LUT:status')).toBe('TABLE ERROR');
    expect(await text('LUT:message')).toBe('POLY of degree 4 needs at least 5 points, the table has 4; still using the previous curve (POLY of degree 1 on 4 points)');
    expect(Math.abs(gap() - expected(FitType.POLY, 1))).toBeLessThan(1e-9);
    await put('LUT:fit', 'LINEAR');
    await until(() => gap() === 17, 'back to LINEAR');
    expect(await text('LUT:status')).toBe('OK');
  });

  it('enable OFF computes the output and leaves the target alone; ON writes it at once', async () => {
    const writes: number[] = [];
    const sub = und.model.gap.changes$.subscribe((v) => writes.push(v));
    try {
      await put('LUT:enable', 'OFF');
      await put('MONO:energy', 9);
      await until(async () => (await get('LUT:output')) === 24, 'the output to follow the input');
      expect(gap()).toBe(17);
      await put('LUT:enable', 'ON');
      await until(() => gap() === 24, 'the target written when enabled');
      // The LUT writes the target over one circuit, in order: had it written while disabled,
      // that write would have arrived before this one.
      expect(writes).toEqual([24]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('the input and target records name the PVs followed, and can be changed live', async () => {
    await put('LUT:input', 'MONO:energy2');
    await until(() => gap() === 10, 'the target to follow MONO:energy2 = 3 (clamped to the table)');
    await put('MONO:energy2', 5);
    await until(() => gap() === 12, 'the second input');
    await put('LUT:input', 'MONO:energy');
    await until(() => gap() === 24, 'back on MONO:energy = 9');
    expect(await text('LUT:target')).toBe('UND:gap');
  });

  it('new adds the point at the current input with the target readback, refits and saves', async () => {
    await put('MONO:energy', 7);
    await until(() => gap() === 17, 'f(7)');
    await put('UND:gap', 18); // the operator finds a better gap by hand
    await put('LUT:new', 1);
    expect(await get('LUT:count')).toBe(5);
    expect(Array.from(await get<number[]>('LUT:xtable')).slice(0, 5)).toEqual([4, 6, 7, 8, 10]);
    expect(Array.from(await get<number[]>('LUT:ytable')).slice(0, 5)).toEqual([10, 14, 18, 20, 28]);
    expect(await text('LUT:message')).toBe('new: added the point x = 7, y = 18 (UND:gap = 18); 5 points, LINEAR on 5 points');
    expect(await get('LUT:output')).toBe(18);
    await lut.app.settled();
    expect((await readTableFile(file))?.table).toEqual({ x: [4, 6, 7, 8, 10], y: [10, 14, 18, 20, 28] });
  });

  it('new reads a separate readback PV when one is set, replacing the point at the same x', async () => {
    await put('LUT:readback', 'UND:gaprbv');
    await put('UND:gaprbv', 18.25);
    await put('LUT:new', 1);
    expect(Array.from(await get<number[]>('LUT:ytable')).slice(0, 5)).toEqual([10, 14, 18.25, 20, 28]);
    await until(() => gap() === 18.25, 'the target written with the new curve');
    await put('LUT:readback', '');
  });

  it('null sets yoff so that the output equals the target now', async () => {
    await put('MONO:energy', 9);
    await until(() => gap() === 24, 'f(9)');
    await put('UND:gap', 24.4);
    await put('LUT:null', 1);
    expect(await get('LUT:yoff')).toBeCloseTo(0.4, 12);
    expect(await get('LUT:output')).toBeCloseTo(24.4, 12);
    expect(await text('LUT:message')).toMatch(/^null: yoff = 0\.39999\d*, so that the output equals UND:gap = 24\.4 at x = 9$/);
    await put('MONO:energy', 10);
    await until(() => Math.abs(gap() - 28.4) < 1e-12, 'the offset applied to the next input');
    await put('LUT:yoff', 0);
    await until(() => gap() === 28, 'yoff back to 0');
  });

  it('table edits over CA are applied together and saved; a bad edit is refused with the reason and the table kept', async () => {
    // x without a callback, y with one: its completion means the whole edit is in use.
    await put('LUT:xtable', [4, 6, 8, 10, 12], { wait: false });
    await put('LUT:ytable', [10, 14, 20, 28, 40]);
    expect(lut.app.table).toEqual({ x: [4, 6, 8, 10, 12], y: [10, 14, 20, 28, 40] });
    expect(await text('LUT:status')).toBe('OK');
    await put('MONO:energy', 11);
    await until(() => gap() === 34, 'the edited table in use');
    expect(await get('LUT:count')).toBe(5);
    await lut.app.settled();
    expect((await readTableFile(file))?.table).toEqual({ x: [4, 6, 8, 10, 12], y: [10, 14, 20, 28, 40] });

    await put('LUT:xtable', [4, 8, 6, 10, 12]);
    await until(async () => (await text('LUT:status')) === 'TABLE ERROR', 'the refusal');
    expect(await text('LUT:message')).toBe('table edit refused: xtable[2] = 6 is below xtable[1] = 8; the points must be in increasing x; still using the previous table of 5 points');
    await put('MONO:energy', 7);
    await until(() => gap() === 17, 'the previous table still in use');
    // A put-callback completes once the edit is applied: OK at once.
    await put('LUT:xtable', [4, 6, 8, 10, 12]);
    expect(await text('LUT:status')).toBe('OK');
  });

  it('out of range: CLAMP, EXTRAPOLATE and REFUSE, chosen by the range record', async () => {
    await put('MONO:energy', 14);
    await until(() => gap() === 40, 'clamped to f(12)');
    await put('LUT:range', 'EXTRAPOLATE');
    await until(() => gap() === 52, 'the last segment continued');
    await put('LUT:range', 'REFUSE');
    expect(await text('LUT:status')).toBe('OUT OF RANGE');
    expect(await text('LUT:message')).toBe('x + xoff = 14 is outside the table [4, 12] (range REFUSE): the target is not written');
    expect(gap()).toBe(52);
    await put('LUT:range', 'CLAMP');
    await until(() => gap() === 40, 'clamped again');
  });

  it('the table and settings survive a restart of the LUT IOC', async () => {
    await put('LUT:fit', 'SPLINE2');
    await put('LUT:xoff', 0.25);
    const before = { x: await get<number[]>('LUT:xtable'), y: await get<number[]>('LUT:ytable'), count: await get('LUT:count') };
    await lut.close();
    lut = await startLutIoc([mono.port, und.port], { tableFile: file, port: lutPort });
    // A fresh operator client: libca holds the channels of a server that went away in its
    // "disconnect governor" for ~10 s before searching again; a new client searches at once.
    await py.close();
    py = await operator();
    expect(await get('LUT:count')).toBe(before.count);
    expect(Array.from(await get<number[]>('LUT:xtable'))).toEqual(Array.from(before.x));
    expect(Array.from(await get<number[]>('LUT:ytable'))).toEqual(Array.from(before.y));
    expect(await text('LUT:fit')).toBe('SPLINE2');
    expect(await get('LUT:xoff')).toBe(0.25);
    const f = createInterpolator({ x: [4, 6, 8, 10, 12], y: [10, 14, 20, 28, 40] }, FitType.SPLINE2, { outOfRange: 'clamp' });
    await put('MONO:energy', 7);
    await until(() => gap() === f.evaluate(7.25), 'the restarted IOC following the input with the saved table');
    await put('LUT:xoff', 0);
    await put('LUT:fit', 'LINEAR');
  });

  it('a corrupt table file is refused on load and reported; the table in use stays; save overwrites it', async () => {
    await lut.app.settled();
    const good = readFileSync(file, 'utf8');
    const corrupt = good.replace(/^(\s+8\s+)20$/m, '$1twenty');
    expect(corrupt).not.toBe(good);
    writeFileSync(file, corrupt);
    await put('LUT:load', 1);
    expect(await text('LUT:status')).toBe('FILE ERROR');
    expect(await text('LUT:message')).toMatch(new RegExp(`^refused: ${file}, line \\d+: y "twenty" is not a number; keeping the current table of 5 points`));
    expect(await get('LUT:count')).toBe(5);
    await put('MONO:energy', 9);
    await until(() => gap() === 24, 'the table in use unchanged');
    // Automatic saves wait: the operator's file is not overwritten by a change...
    await put('LUT:yoff', 0.5);
    await until(() => gap() === 24.5, 'the change applied');
    await lut.app.settled();
    expect(readFileSync(file, 'utf8')).toBe(corrupt);
    // ...until the operator says so: save replaces it, keeping the corrupt one as the backup.
    await put('LUT:save', 1);
    expect(await text('LUT:status')).toBe('OK');
    expect((await readTableFile(file))?.yoff).toBe(0.5);
    expect(readFileSync(backupPath(file), 'utf8')).toBe(corrupt);
    await put('LUT:yoff', 0);
  });

  it('a corrupt file at start: the IOC starts, refuses it, says so, and leaves the file alone', async () => {
    const bad = path.join(dir, 'bad.lut');
    writeFileSync(bad, 'fit = LINEAR\n4 10\n4 11\n');
    const second = await startLutIoc([mono.port, und.port], { tableFile: bad, port: spare, device: 'LUT2', enable: false });
    try {
      expect(await text('LUT2:status')).toBe('FILE ERROR');
      expect(await text('LUT2:message')).toBe(
        `refused: ${bad}, line 3: the point on line 3 = 4 repeats the point on line 2; each x may appear once; starting with an empty table. Automatic saves wait until the file loads (load) or is overwritten (save)`,
      );
      expect(await get('LUT2:count')).toBe(0);
      expect(readFileSync(bad, 'utf8')).toBe('fit = LINEAR\n4 10\n4 11\n');
    } finally {
      await second.close();
    }
  });
});
