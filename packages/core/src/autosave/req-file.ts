/**
 * synApps autosave request files (.req), read as save_restore.c's readReqFile does: one PV a
 * line (`xxx:m1.VAL`, a bare record name meaning .VAL), `#` comments, and
 * `file other.req P=$(P),M=m1` includes whose macros are expanded in the including file's
 * context. Unlike synApps, which skips what it cannot use, a malformed file is refused with
 * file:line: an undefined macro, an include that cannot be read or includes itself, a line
 * that is not a PV name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expandMacros, type MacroSource, parseMacroDefinitions } from '../macros/index.js';

export class ReqFileError extends Error {
  override name = 'ReqFileError';
}

export interface ReqEntry {
  /** The PV as written after macro expansion (`rec.FIELD`, or `rec` for `rec.VAL`). */
  readonly pv: string;
  readonly file: string;
  readonly line: number;
}

export interface ReadReqOptions {
  /** Macros for the top file (create_monitor_set's macro string). */
  macros?: MacroSource;
  /** Directories searched for included files after the including file's own (set_requestfile_path). */
  searchPath?: readonly string[];
}

// isValid1stPVChar, and '$' (a macro expanded away, or a long-string name).
const FIRST_PV_CHAR = /^[A-Za-z0-9_\-+:[\]<>;$]/;
const MAX_DEPTH = 20;

export function readReqFile(file: string, options: ReadReqOptions = {}): ReqEntry[] {
  const out: ReqEntry[] = [];
  readInto(file, options.macros ?? {}, options.searchPath ?? [], out, []);
  return out;
}

function readInto(file: string, macros: MacroSource, searchPath: readonly string[], out: ReqEntry[], chain: string[]): void {
  const resolved = path.resolve(file);
  if (chain.includes(resolved)) throw new ReqFileError(`${chain.at(-1)}: ${file} includes itself`);
  if (chain.length > MAX_DEPTH) throw new ReqFileError(`${file}: includes nested more than ${MAX_DEPTH} deep`);
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (err) {
    throw new ReqFileError(`${file}: cannot read the request file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const raw = lines[i]!;
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    let line: string;
    try {
      line = expandMacros(raw, macros, { undefined: 'error' });
    } catch (err) {
      throw new ReqFileError(`${where}: ${(err as Error).message}`);
    }
    const trimmed = line.replace(/#.*$/, '').trim();
    if (trimmed === '') continue;
    if (/^file(\s|"|$)/.test(trimmed)) {
      const m = /^file\s*"?([^\s"#]+)"?\s*(.*)$/.exec(trimmed);
      if (m === null) throw new ReqFileError(`${where}: "file" needs the name of a request file`);
      const name = m[1]!;
      // readReqFile: spaces and commas separate the definitions; quotes are dropped.
      const defs = m[2]!.replace(/"/g, '').split(/[\s,]+/).filter((d) => d !== '').join(',');
      let included: Map<string, string>;
      try {
        included = parseMacroDefinitions(defs);
      } catch (err) {
        throw new ReqFileError(`${where}: ${(err as Error).message}`);
      }
      const candidates = path.isAbsolute(name) ? [name] : [path.dirname(resolved), ...searchPath].map((d) => path.join(d, name));
      const found = candidates.find((c) => {
        try {
          readFileSync(c);
          return true;
        } catch {
          return false;
        }
      });
      if (found === undefined) throw new ReqFileError(`${where}: included request file "${name}" not found (looked in ${candidates.map((c) => path.dirname(c)).join(', ')})`);
      readInto(found, included, searchPath, out, [...chain, resolved]);
      continue;
    }
    const tokens = trimmed.split(/\s+/);
    const pv = tokens[0]!;
    if (!FIRST_PV_CHAR.test(pv)) throw new ReqFileError(`${where}: "${pv}" is not a PV name`);
    if (tokens.length > 1) throw new ReqFileError(`${where}: one PV a line ("${trimmed}")`);
    out.push({ pv, file, line: i + 1 });
  }
}
