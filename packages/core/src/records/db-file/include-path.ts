/**
 * Finding include files. EPICS' dbOpenFile() opens a name containing '/' as given and looks
 * other names up in the path list (`path`/`addpath`, else EPICS_DB_INCLUDE_PATH, else "."),
 * all relative to the IOC's current directory. devioc has no meaningful current directory, so
 * relative names and relative path entries are taken relative to the file that contains the
 * include or path statement; with no path list, a bare name is looked up next to that file.
 */
import path from 'node:path';

/** Reads a file; returns undefined when it does not exist (other failures may throw). */
export type DbFileReader = (file: string) => string | undefined;

const under = (dir: string, entry: string): string => (path.isAbsolute(entry) ? entry : path.join(dir, entry));

export class IncludePath {
  /** Directories to search, or null while no path was set. */
  private entries: string[] | null;

  constructor(initial: readonly string[] | undefined, baseDir: string) {
    this.entries = initial === undefined ? null : initial.map((d) => under(baseDir, d));
  }

  /** `path "a:b"`: replaces the list (dbPath()). */
  set(list: string, fromFile: string): void {
    this.entries = [];
    this.add(list === '' ? '.' : list, fromFile);
  }

  /** `addpath "a:b"`: appends to the list (dbAddPath()). */
  add(list: string, fromFile: string): void {
    const dir = path.dirname(fromFile);
    // dbAddPath(): entries are trimmed; an empty entry anywhere in a non-empty list adds "."
    // once, at the end.
    const parts = list.split(path.delimiter);
    const names = parts.map((p) => p.trim()).filter((p) => p !== '');
    const sawEmpty = names.length < parts.length && list.trim() !== '';
    if (sawEmpty) names.push('.');
    this.entries = [...(this.entries ?? []), ...names.map((n) => under(dir, n))];
  }

  /** The files to try for `include "name"` written in `fromFile`, in order. */
  candidates(name: string, fromFile: string): string[] {
    if (path.isAbsolute(name)) return [name];
    const here = path.dirname(fromFile);
    if (name.includes('/') || name.includes('\\') || this.entries === null) return [path.join(here, name)];
    return this.entries.map((d) => path.join(d, name));
  }
}
