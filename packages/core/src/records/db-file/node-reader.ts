/** The one piece of I/O: reading .db files from the local file system (UTF-8). */
import { readFileSync } from 'node:fs';
import type { DbFileReader } from './include-path.js';

export const nodeFileReader: DbFileReader = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
};
