/**
 * The LUT's own table file: read at start, saved after changes, and a refused file holding
 * automatic saves back until it loads or the save command overwrites it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LutFile } from '../../src/app/lut-file.js';
import { DEFAULT_SETTINGS } from '../../src/app/settings.js';
import { StatusBoard } from '../../src/app/status.js';
import { LutStatus } from '../../src/model/lut-model.js';
import type { LutFileData } from '../../src/table-file/format.js';
import { recordingLogger } from './model.js';

let dir: string;
let file: string;
let data: LutFileData;
let status: StatusBoard;
let lut: LutFile;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lut-file-'));
  file = path.join(dir, 'table.lut');
  data = { ...DEFAULT_SETTINGS, table: { x: [1, 2], y: [10, 20] } };
  status = new StatusBoard(() => undefined);
  lut = new LutFile({ path: file, device: 'T', snapshot: () => data, status, log: recordingLogger() });
});

afterEach(() => {
  lut.unsubscribe();
  rmSync(dir, { recursive: true, force: true });
});

describe('LutFile', () => {
  it('open: no file yet is nothing loaded; a file is its contents; one that cannot be used is a refusal', async () => {
    expect(await lut.open()).toEqual({ loaded: undefined });
    writeFileSync(file, 'format = 1\n1 10\n2 20\n');
    expect((await lut.open()).loaded?.table).toEqual({ x: [1, 2], y: [10, 20] });
    writeFileSync(file, 'format = 1\n2 10\n1 20\n');
    const { refusal } = await lut.open();
    expect(refusal).toMatch(/table\.lut, line 3/);
  });

  it('saves the newest state once for a burst of requests', async () => {
    lut.requestSave();
    data = { ...data, yoff: 1.5 };
    lut.requestSave();
    lut.requestSave();
    await lut.idle();
    expect(readFileSync(file, 'utf8')).toMatch(/yoff\s+= 1\.5/);
    expect(status.standing).toEqual([]);
  });

  it('a refused file holds automatic saves back until accepted; the save command overwrites it', async () => {
    writeFileSync(file, 'hand edit in progress\n');
    lut.refuse('line 1: not a setting or a point', 'starting with an empty table');
    expect(status.view.status).toBe(LutStatus.FILE_ERROR);
    lut.requestSave();
    await lut.idle();
    expect(readFileSync(file, 'utf8')).toBe('hand edit in progress\n');
    expect(await lut.saveNow()).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^# devioc LUT table/);
    expect(status.standing).toEqual([]);
    lut.refuse('again', 'keeping');
    lut.accept();
    expect(status.standing).toEqual([]);
    data = { ...data, xoff: 2 };
    lut.requestSave();
    await lut.idle();
    expect(readFileSync(file, 'utf8')).toMatch(/xoff\s+= 2/);
  });

  it('a save that cannot be made is FILE ERROR with the reason; after close nothing more is saved', async () => {
    const bad = new LutFile({ path: '/proc/nope/x.lut', device: 'T', snapshot: () => data, status, log: recordingLogger() });
    bad.requestSave();
    await bad.idle();
    expect(status.view.status).toBe(LutStatus.FILE_ERROR);
    expect(status.view.message).toMatch(/: the changes are not saved$/);
    bad.unsubscribe();
    lut.close();
    lut.requestSave();
    await lut.idle();
    expect(existsSync(file)).toBe(false);
  });
});
