/**
 * Writing a file so that a crash at any moment leaves either the old or the new content, never
 * a part: write a temporary file beside it, fsync it, keep the old file as the backup (a hard
 * link, itself renamed into place), rename the temporary over the file, fsync the directory.
 */
import { closeSync, fsyncSync, linkSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

const TMP = /\.(\d+)\.tmp$/;

export const tempName = (file: string): string => `${file}.${process.pid}.tmp`;

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Replaces `file` with `content`; the previous `file`, if any, becomes `backup`. */
export function writeFileAtomic(file: string, content: string, backup?: string): void {
  const tmp = tempName(file);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    const bytes = Buffer.from(content, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  if (backup !== undefined) {
    try {
      const bTmp = tempName(backup);
      rmSync(bTmp, { force: true });
      linkSync(file, bTmp);
      renameSync(bTmp, backup);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes the temporary files a killed writer left in `dir` (ours: `<file>.<pid>.tmp`): those of
 * a process that is gone, or of this process. Returns their names.
 */
export function removeStaleTemporaries(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TMP.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && alive(pid)) continue;
    try {
      if (statSync(path.join(dir, name)).isFile()) {
        rmSync(path.join(dir, name), { force: true });
        removed.push(name);
      }
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}
