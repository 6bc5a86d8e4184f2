import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FitType } from '../../src/interpolation/index.js';
import { spawn, spawnSync } from 'node:child_process';
import { utimesSync } from 'node:fs';
import { backupPath, formatTableFile, type LutFileData, readTableFile, removeStaleTemporaries, TableFileError, writeTableFile } from '../../src/table-file/index.js';

const table = (n: number): LutFileData => ({
  fit: FitType.LINEAR,
  table: { x: Array.from({ length: n }, (_, i) => i), y: Array.from({ length: n }, (_, i) => i * 10) },
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lut-store-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const root = process.getuid?.() === 0;

describe('reading table files', () => {
  it('reads what was saved; a missing file is undefined (a new table), not an error', async () => {
    const file = path.join(dir, 'a.lut');
    expect(await readTableFile(file)).toBeUndefined();
    await writeTableFile(file, table(3));
    expect(await readTableFile(file)).toEqual(table(3));
  });

  it('refuses corrupt and unreadable files with the file name and the reason', async () => {
    const file = path.join(dir, 'bad.lut');
    writeFileSync(file, '1 10\n2 twenty\n');
    await expect(readTableFile(file)).rejects.toThrow(TableFileError);
    await expect(readTableFile(file)).rejects.toThrow(`${file}, line 2: y "twenty" is not a number`);
    await expect(readTableFile(dir)).rejects.toThrow(`cannot read ${dir}: it is a directory`);
    writeFileSync(file, Buffer.alloc(2 * 1024 * 1024, 0x31));
    await expect(readTableFile(file)).rejects.toThrow(/bytes is too big for a table file/);
    if (!root) {
      writeFileSync(file, '1 10\n');
      chmodSync(file, 0o000);
      await expect(readTableFile(file)).rejects.toThrow(`cannot read ${file}: permission denied`);
    }
  });
});

describe('saving table files atomically', () => {
  it('creates the file (and its directory), then keeps the previous version as .bak on every save', async () => {
    const file = path.join(dir, 'sub', 'dir', 't.lut');
    expect(await writeTableFile(file, table(2))).toEqual({ written: true, backup: undefined });
    expect(existsSync(backupPath(file))).toBe(false);
    const first = readFileSync(file, 'utf8');

    expect(await writeTableFile(file, table(3))).toEqual({ written: true, backup: `${file}.bak` });
    expect(readFileSync(backupPath(file), 'utf8')).toBe(first);
    const second = readFileSync(file, 'utf8');
    expect(await readTableFile(file)).toEqual(table(3));

    await writeTableFile(file, table(4));
    expect(readFileSync(backupPath(file), 'utf8')).toBe(second);
    // Nothing else is left in the directory: no temporary files.
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['t.lut', 't.lut.bak']);
  });

  it('leaves an unchanged file alone, so the backup stays the previous real change', async () => {
    const file = path.join(dir, 't.lut');
    await writeTableFile(file, table(2));
    await writeTableFile(file, table(3));
    const mtime = statSync(file).mtimeMs;
    expect(await writeTableFile(file, table(3))).toEqual({ written: false, backup: undefined });
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(await readTableFile(backupPath(file))).toEqual(table(2));
  });

  it('replaces a corrupt file, which becomes the backup', async () => {
    const file = path.join(dir, 't.lut');
    writeFileSync(file, 'garbage garbage garbage\n');
    await writeTableFile(file, table(2));
    expect(readFileSync(backupPath(file), 'utf8')).toBe('garbage garbage garbage\n');
    expect(await readTableFile(file)).toEqual(table(2));
  });

  it('saves through a symbolic link to the real file, keeping the link', async () => {
    const real = path.join(dir, 'real.lut');
    const link = path.join(dir, 'link.lut');
    await writeTableFile(real, table(2));
    symlinkSync(real, link);
    await writeTableFile(link, table(3));
    expect(await readTableFile(real)).toEqual(table(3));
    expect(await readTableFile(`${real}.bak`)).toEqual(table(2));
    expect(readFileSync(link, 'utf8')).toBe(readFileSync(real, 'utf8'));
  });

  it('a failed save changes nothing and says why', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    await expect(writeTableFile(path.join(blocker, 't.lut'), table(2))).rejects.toThrow(
      new RegExp(`cannot save ${blocker}/t.lut: `),
    );
    if (!root) {
      const ro = path.join(dir, 'ro');
      mkdirSync(ro);
      const file = path.join(ro, 't.lut');
      await writeTableFile(file, table(2));
      chmodSync(ro, 0o555);
      await expect(writeTableFile(file, table(3))).rejects.toThrow(`cannot save ${file}: permission denied`);
      expect(await readTableFile(file)).toEqual(table(2));
      expect(readdirSync(ro)).toEqual(['t.lut']);
      chmodSync(ro, 0o755);
    }
  });

  it('every intermediate state on disk is a complete table: readers racing the saves never see a partial file', async () => {
    const file = path.join(dir, 't.lut');
    await writeTableFile(file, table(1));
    let stop = false;
    let reads = 0;
    const reader = (async () => {
      while (!stop) {
        const data = await readTableFile(file);
        expect(data).toBeDefined();
        expect(data!.table.x.length).toBe(data!.table.y.length);
        reads++;
      }
    })();
    for (let n = 2; n <= 120; n++) await writeTableFile(file, table(n));
    stop = true;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).toBe(formatTableFile(table(120)));
  });
});

describe('paths that cannot be saved to, and what interrupted saves leave', () => {
  // Node 20's fs.promises.mkdir(…, { recursive: true }) never settles for such a path (and spins a core).
  it.runIf(existsSync('/proc/self'))('a directory under /proc: refused at once with the reason, no hang', async () => {
    const started = Date.now();
    const err = await writeTableFile('/proc/nope/x.lut', table(2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TableFileError);
    expect((err as Error).message).toMatch(/^cannot save \/proc\/nope\/x\.lut: .*mkdir '\/proc\/nope'/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a file where a directory should be: refused, saying a part of the path is not a directory', async () => {
    writeFileSync(path.join(dir, 'plain'), 'x');
    await expect(writeTableFile(path.join(dir, 'plain', 'sub', 'x.lut'), table(2))).rejects.toThrow(
      `cannot save ${path.join(dir, 'plain', 'sub', 'x.lut')}: a part of the path is not a directory`,
    );
  });

  it('creates several missing levels of directories', async () => {
    const file = path.join(dir, 'a', 'b', 'c', 'x.lut');
    await writeTableFile(file, table(2));
    expect(await readTableFile(file)).toEqual(table(2));
  });

  it('removes the temporaries of saves that were interrupted (dead process, this process, or old), and nothing else', async () => {
    const file = path.join(dir, 't.lut');
    writeFileSync(file, formatTableFile(table(2)));
    const dead = spawnSync('true').pid!;
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const live = sleeper.pid!;
      const names = {
        dead: `.t.lut.${dead}.5.tmp`,
        deadBak: `.t.lut.${dead}.5.bak.tmp`,
        own: `.t.lut.${process.pid}.1.tmp`,
        liveNew: `.t.lut.${live}.2.tmp`,
        liveOld: `.t.lut.${live}.3.tmp`,
        otherTable: `.u.lut.${dead}.1.tmp`,
        notTemp: 't.lut.bak',
      };
      for (const name of Object.values(names)) writeFileSync(path.join(dir, name), 'partial');
      const old = new Date(Date.now() - 11 * 60_000);
      utimesSync(path.join(dir, names.liveOld), old, old);
      const removed = await removeStaleTemporaries(file);
      expect(removed.map((f) => path.basename(f)).sort()).toEqual([names.dead, names.deadBak, names.own, names.liveOld].sort());
      expect(readdirSync(dir).sort()).toEqual(['t.lut', names.liveNew, names.otherTable, names.notTemp].sort());
    } finally {
      sleeper.kill();
    }
  });

  it('a directory that cannot be read has nothing to clean', async () => {
    expect(await removeStaleTemporaries(path.join(dir, 'missing', 'x.lut'))).toEqual([]);
  });
});
