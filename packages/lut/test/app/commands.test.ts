/**
 * The commands and their queue: one at a time in the order asked, each button back to 0, a
 * failure shown until a command succeeds; new, null, save and load on a fake application.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CommandContext, CommandError, CommandQueue, type LutCommands, lutCommands } from '../../src/app/commands.js';
import { StatusBoard } from '../../src/app/status.js';
import { FitType } from '../../src/interpolation/fit-types.js';
import { createInterpolator } from '../../src/interpolation/interpolator.js';
import { LutStatus } from '../../src/model/lut-model.js';
import type { LutTable } from '../../src/table/points.js';
import { FakeNetwork, flush } from './fakes.js';
import { type ModelHarness, recordingLogger, startModel } from './model.js';

const deferred = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

const button = () => {
  const puts: number[] = [];
  return { puts, isLive: true, put: async (v: number) => void puts.push(v) };
};

describe('CommandQueue', () => {
  it('runs commands one at a time in order, each button back to 0 when its command is done', async () => {
    const status = new StatusBoard(() => undefined);
    const queue = new CommandQueue(status, recordingLogger(), () => false);
    const order: string[] = [];
    const slow = deferred();
    const a = button();
    const b = button();
    const first = queue.run(async () => {
      order.push('a starts');
      await slow.promise;
      order.push('a ends');
    }, a);
    const second = queue.run(async () => void order.push('b'), b);
    await flush();
    expect(order).toEqual(['a starts']);
    expect(a.puts).toEqual([]);
    slow.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['a starts', 'a ends', 'b']);
    expect([a.puts, b.puts]).toEqual([[0], [0]]);
  });

  it('a failed command is shown until one succeeds; an unexpected error is logged and the queue goes on', async () => {
    const status = new StatusBoard(() => undefined);
    const log = recordingLogger();
    const queue = new CommandQueue(status, log, () => false);
    await queue.run(async () => {
      throw new CommandError(LutStatus.TARGET_ERROR, 'new: cannot read G');
    }, button());
    expect(status.view).toEqual({ status: LutStatus.TARGET_ERROR, message: 'new: cannot read G' });
    const bug = queue.run(async () => {
      throw new Error('a bug');
    }, button());
    await expect(bug).rejects.toThrow('a bug');
    await queue.tail;
    expect(log.lines.some((l) => l.startsWith('error: command failed: Error: a bug'))).toBe(true);
    await queue.run(async () => undefined, button());
    expect(status.view.status).toBe(LutStatus.OK);
  });

  it('once stopped, a command not started does nothing, and its button still goes back to 0', async () => {
    let stopped = false;
    const queue = new CommandQueue(new StatusBoard(() => undefined), recordingLogger(), () => stopped);
    const b = button();
    let ran = false;
    stopped = true;
    await queue.run(async () => void (ran = true), b);
    expect(ran).toBe(false);
    expect(b.puts).toEqual([0]);
  });
});

describe('lutCommands', () => {
  let h: ModelHarness;
  let net: FakeNetwork;
  let dir: string;
  let table: LutTable;
  let x: number | undefined;
  const calls: string[] = [];
  let commands: LutCommands;
  const saves = { now: true };

  beforeEach(async () => {
    h = await startModel();
    net = new FakeNetwork();
    net.add('G', 25);
    await h.ioc.target.put('G');
    dir = mkdtempSync(path.join(os.tmpdir(), 'lut-commands-'));
    table = { x: [0, 10], y: [0, 100] };
    x = 2;
    calls.length = 0;
    const context: CommandContext = {
      ioc: h.ioc,
      status: h.status,
      file: {
        path: path.join(dir, 'table.lut'),
        saveNow: async () => (calls.push('saveNow'), saves.now),
        idle: async () => void calls.push('idle'),
        refuse: (reason, keeping) => void calls.push(`refuse: ${reason}; ${keeping}`),
        accept: () => {
          calls.push('accept');
          h.status.clear('file');
        },
        requestSave: () => void calls.push('requestSave'),
      },
      input: () => x,
      table: () => table,
      curve: () => (table.x.length >= 2 ? createInterpolator(table, FitType.LINEAR, { outOfRange: 'refuse' }) : undefined),
      pv: net.factory,
      useTable: (t) => {
        table = t;
        calls.push('useTable');
      },
      recompute: () => void calls.push('recompute'),
      forgetWritten: () => void calls.push('forgetWritten'),
    };
    commands = lutCommands(context);
  });

  afterEach(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('new: adds (x + xoff, readback − yoff), then the output and the file follow', async () => {
    await h.ioc.xoff.put(0.5);
    await h.ioc.yoff.put(1);
    await commands.new();
    expect(table).toEqual({ x: [0, 2.5, 10], y: [0, 24, 100] });
    expect(calls).toEqual(['useTable', 'recompute', 'requestSave']);
    expect(h.status.view.message).toBe('new: added the point x = 2.5, y = 24 (G = 25); 3 points, LINEAR on 3 points');
  });

  it('new and null without an input value, or with a readback that cannot be read, fail with the reason', async () => {
    x = undefined;
    await expect(commands.new()).rejects.toMatchObject({ status: LutStatus.NO_INPUT, message: 'new: no input value (no input PV set)' });
    await h.ioc.input.put('E');
    await expect(commands.null()).rejects.toMatchObject({ status: LutStatus.NO_INPUT, message: 'null: no input value (input E not connected or not a number)' });
    x = 2;
    net.factory('G').disconnect();
    await expect(commands.null()).rejects.toMatchObject({ status: LutStatus.TARGET_ERROR, message: 'null: cannot read G: G not connected (timeout)' });
    await h.ioc.target.put('');
    await expect(commands.new()).rejects.toMatchObject({ status: LutStatus.TARGET_ERROR, message: 'new: no target PV set' });
  });

  it('null: yoff so that the output equals the readback at the current input', async () => {
    await commands.null();
    expect(h.ioc.yoff.get()).toBe(5);
    expect(calls).toEqual(['recompute', 'requestSave']);
    x = 20;
    await expect(commands.null()).rejects.toMatchObject({ status: LutStatus.OUT_OF_RANGE, message: 'null: x + xoff = 20 is outside the table [0, 10] (range REFUSE)' });
    table = { x: [1], y: [1] };
    await expect(commands.null()).rejects.toMatchObject({ status: LutStatus.TABLE_ERROR, message: 'null: no curve yet (the table cannot be fitted)' });
  });

  it('save says so when written', async () => {
    await commands.save();
    expect(h.status.view.message).toMatch(/^saved 2 points to .*table\.lut$/);
    saves.now = false;
    h.status.info('before');
    await commands.save();
    expect(h.status.view.message).toBe('before');
  });

  it('load: a missing file or one that cannot be used changes nothing; a good one replaces table and settings', async () => {
    const file = path.join(dir, 'table.lut');
    await commands.load();
    expect(h.status.view).toEqual({ status: LutStatus.FILE_ERROR, message: `load: ${file} does not exist; keeping the current table of 2 points` });
    writeFileSync(file, 'nonsense\n');
    await commands.load();
    expect(calls.at(-1)).toMatch(/^refuse: .*; keeping the current table of 2 points$/);
    writeFileSync(file, 'format = 1\nyoff = 3\nfit = LINEAR\n1 10\n2 20\n3 30\n');
    calls.length = 0;
    await commands.load();
    expect(table).toEqual({ x: [1, 2, 3], y: [10, 20, 30] });
    expect(h.ioc.yoff.get()).toBe(3);
    expect(calls).toEqual(['idle', 'useTable', 'accept', 'forgetWritten', 'recompute']);
    expect(h.status.view.message).toBe(`loaded 3 points from ${file}; 3 points, LINEAR on 3 points`);
  });
});
