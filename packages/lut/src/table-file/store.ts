/**
 * Reading and saving table files. A save never leaves a half-written table behind: the text
 * goes to a temporary file in the same directory, is flushed to disk (fsync), and only then
 * renamed over the table (rename is atomic on POSIX file systems); the version it replaces is
 * kept as `<file>.bak`.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { formatTableFile, type LutFileData, parseTableFile, TableFileError } from './format.js';

/** The backup of a table file: the version before the last save. */
export const backupPath = (file: string): string => `${file}.bak`;

/** Files bigger than this are not tables (120 points and the settings are a few kB). */
const MAX_FILE_BYTES = 1024 * 1024;

const reason = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return e?.message ?? String(err);
  }
};

/**
 * Reads and parses a table file. Resolves undefined when the file does not exist (a new
 * table); throws TableFileError, naming the file and the line, when it cannot be read or used.
 */
export async function readTableFile(file: string): Promise<LutFileData | undefined> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (stat.size > MAX_FILE_BYTES) throw new TableFileError(`${file}: ${stat.size} bytes is too big for a table file`);
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof TableFileError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TableFileError(`cannot read ${file}: ${reason(err)}`);
  }
  return parseTableFile(text, file);
}

let sequence = 0;

async function fsyncDirectory(dir: string): Promise<void> {
  // Makes the renames durable; not every platform can open a directory (Windows), and then
  // the rename is still atomic, only perhaps not yet on disk.
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, fsConstants.O_RDONLY);
    await handle.sync();
  } catch {
    /* best effort */
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export interface SaveResult {
  /** false when the file already held exactly this text (nothing was touched). */
  written: boolean;
  /** The backup made of the previous version, if there was one. */
  backup: string | undefined;
}

/**
 * Saves a table atomically: temp file, fsync, the current file kept as `<file>.bak`, rename.
 * When the file already holds exactly this text nothing is written (and the backup stays the
 * previous real change). Creates the directory if needed. Throws TableFileError.
 * (Messages name the file as given.)
 */
export async function writeTableFile(name: string, data: LutFileData, options: { device?: string } = {}): Promise<SaveResult> {
  const text = formatTableFile(data, options);
  // A symbolic link (say, into a repository of tables) is followed: the real file is replaced
  // and its backup made beside it, and the link stays a link.
  const file = await fs.realpath(name).catch(() => name);
  let previous: string | undefined;
  try {
    previous = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EACCES' && code !== 'EPERM') {
      throw new TableFileError(`cannot save ${name}: ${reason(err)}`);
    }
  }
  if (previous === text) return { written: false, backup: undefined };

  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  const tag = `${process.pid}.${++sequence}`;
  const tmp = path.join(dir, `.${base}.${tag}.tmp`);
  const bakTmp = path.join(dir, `.${base}.${tag}.bak.tmp`);
  const backup = backupPath(file);
  let madeBackup = false;
  try {
    await makeDirectory(dir);
    const handle = await fs.open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (previous !== undefined || (await exists(file))) {
      // The backup is made beside the old file and renamed into place, so that `.bak` is
      // always a complete earlier version too. A hard link costs nothing; copy where links
      // are not supported.
      try {
        await fs.link(file, bakTmp);
      } catch {
        await fs.copyFile(file, bakTmp);
      }
      await fs.rename(bakTmp, backup);
      madeBackup = true;
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    await fs.rm(bakTmp, { force: true }).catch(() => undefined);
    throw new TableFileError(`cannot save ${name}: ${reason(err)}`);
  }
  await fsyncDirectory(dir);
  return { written: true, backup: madeBackup ? backup : undefined };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates a directory and its missing parents, one level at a time from the nearest one that
 * exists. Not `fs.mkdir(dir, { recursive: true })`: on Node 20 that never settles, and spins a
 * core, for a path under /proc (`/proc/nope/x.lut`); here every step is a plain stat or mkdir
 * and the walk is as long as the path.
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    try {
      const stat = await fs.stat(at);
      if (!stat.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const parent = path.dirname(at);
      if (parent === at) throw err;
      missing.push(at);
      at = parent;
    }
  }
  for (const level of missing.reverse()) {
    try {
      await fs.mkdir(level);
    } catch (err) {
      // Made meanwhile by someone else: fine if it is a directory.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !(await fs.stat(level)).isDirectory()) throw err;
    }
  }
}

/** A temporary file left by a save older than this is stale whoever made it (a save takes milliseconds). */
const STALE_TEMP_MS = 10 * 60_000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files an interrupted save of this table left beside it
 * (`.<name>.<pid>.<n>.tmp` and `.<name>.<pid>.<n>.bak.tmp`, see writeTableFile): those of a
 * process that no longer runs, of this process (at start, none of its saves has begun; and in a
 * container the previous run often had the same pid), and any older than ten minutes. Resolves
 * the paths removed; never throws (a directory that cannot be read has nothing to clean).
 */
export async function removeStaleTemporaries(name: string): Promise<string[]> {
  const file = await fs.realpath(name).catch(() => name);
  const dir = path.dirname(path.resolve(file));
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(file))}\\.(\\d+)\\.\\d+(\\.bak)?\\.tmp$`);
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = pattern.exec(entry);
    if (match === null) continue;
    const pid = Number(match[1]);
    const tmp = path.join(dir, entry);
    try {
      const stat = await fs.lstat(tmp);
      if (!stat.isFile()) continue;
      const stale = pid === process.pid || !processAlive(pid) || Date.now() - stat.mtimeMs > STALE_TEMP_MS;
      if (!stale) continue;
      await fs.rm(tmp, { force: true });
      removed.push(tmp);
    } catch {
      /* gone meanwhile, or not ours to remove: left alone */
    }
  }
  return removed;
}
