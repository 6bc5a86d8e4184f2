/**
 * Reading .db files as dbLoadRecords(file, substitutions) does: each line macro-expanded,
 * then lexed and parsed, includes followed, records created or continued.
 */
import path from 'node:path';
import { expandMacros, MacroError, type MacroSource } from '../../macros/index.js';
import { DatabaseBuilder, type RecordStore } from './database-builder.js';
import { DbParseError } from './errors.js';
import { IncludePath, type DbFileReader } from './include-path.js';
import { DbLexer } from './lexer.js';
import { nodeFileReader } from './node-reader.js';
import { ParsedRecords } from './parsed-records.js';
import { DbParser } from './parser.js';
import { DbSource } from './source.js';
import type { DbDatabase, DbLocation, DbWarning } from './types.js';

export interface ParseDbOptions {
  /** The file name used in locations and messages, and to find includes. Default "<string>". */
  file?: string;
  /**
   * The substitutions, as dbLoadRecords()' second argument ("P=IOC:,R=x") or by name. Lines
   * are expanded even without any (as EPICS does), so an undefined macro is always noticed.
   */
  macros?: MacroSource;
  /**
   * 'error' (default): an undefined macro is a DbParseError naming it. 'keep': EPICS'
   * behaviour, "$(name,undefined)" stays in the text and onWarning is called.
   */
  undefinedMacros?: 'error' | 'keep';
  /** EPICS' dbQuietMacroWarnings: in 'keep' mode leave "$(name)" and do not warn. */
  quietMacroWarnings?: boolean;
  /** false: no macro processing at all (for text that is already expanded). Default true. */
  expandMacros?: boolean;
  /** Reads included files. parseDb() has none by default (an include is then an error). */
  readFile?: DbFileReader;
  /**
   * The include path before any `path` statement (dbLoadRecords' path, EPICS_DB_INCLUDE_PATH),
   * relative entries taken from the directory of `file`. Without one, an include is looked up
   * next to the file that includes it.
   */
  includePath?: readonly string[];
  /** Variables for "$(VAR)" in include file names (EPICS uses the environment: macEnvExpand). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Records loaded before (not modified): new records join them, record("*", X) finds them. */
  base?: DbDatabase;
  /** EPICS' dbRecordsOnceOnly: redefining a record is an error unless its type is "*". */
  recordsOnceOnly?: boolean;
  /** Non-fatal diagnostics; default console.warn. */
  onWarning?: (warning: DbWarning) => void;
  /** Includes may nest this deep. Default 64. */
  maxIncludeDepth?: number;
}

const DEFAULT_MAX_INCLUDE_DEPTH = 64;

const defaultWarning = (w: DbWarning): void => {
  console.warn(`${w.location.file}:${w.location.line}:${w.location.column}: warning: ${w.message}`);
};

/**
 * Parses the text of a .db file.
 *
 * @throws DbParseError for anything dbLoadRecords() would refuse, with file, line and column
 */
export function parseDb(text: string, options: ParseDbOptions = {}): DbDatabase {
  const store = new ParsedRecords(options.base);
  readDb(text, options, store);
  return store.result();
}

/**
 * Reads the text of a .db file into `store` (parseDb's records, or an IOC's records made as
 * they are read). `options.base` is not used: the store knows what was loaded before.
 *
 * @throws DbParseError as parseDb; what the store holds is then incomplete
 */
export function readDb<R>(text: string, options: ParseDbOptions, store: RecordStore<R>): void {
  const file = options.file ?? '<string>';
  const onWarning = options.onWarning ?? defaultWarning;
  const source = new DbSource(
    file,
    text,
    options.expandMacros === false
      ? null
      : { macros: options.macros ?? {}, undefinedMacros: options.undefinedMacros ?? 'error', quiet: options.quietMacroWarnings ?? false },
    onWarning,
  );
  const includeChain = (): DbLocation[] => source.includeChain();
  const builder = new DatabaseBuilder({ recordsOnceOnly: options.recordsOnceOnly ?? false, onWarning, includeChain }, store);
  const includePath = new IncludePath(options.includePath, path.dirname(file));
  const readFile = options.readFile;
  const maxDepth = options.maxIncludeDepth ?? DEFAULT_MAX_INCLUDE_DEPTH;

  const cannotOpen = (name: string, location: DbLocation, why: string, cause?: unknown): never => {
    throw new DbParseError(`Can't open include file "${name}"${why}`, location, includeChain(), { cause });
  };

  const include = (name: string, location: DbLocation): void => {
    let expanded = name;
    if (name.includes('$(') || name.includes('${')) {
      try {
        expanded = expandMacros(name, filterEnv(options.env), { undefined: 'error' });
      } catch (e) {
        if (e instanceof MacroError) cannotOpen(name, location, `: ${e.message}`, e);
        throw e;
      }
    }
    if (readFile === undefined) return cannotOpen(name, location, ' (no file reader given)');
    const open = source.openFiles();
    if (open.length > maxDepth) cannotOpen(name, location, `: includes nested deeper than ${maxDepth}`);
    for (const candidate of includePath.candidates(expanded, location.file)) {
      let content: string | undefined;
      try {
        content = readFile(candidate);
      } catch (e) {
        cannotOpen(name, location, `: ${e instanceof Error ? e.message : String(e)}`, e);
      }
      if (content === undefined) continue;
      if (open.some((f) => path.normalize(f) === path.normalize(candidate))) {
        cannotOpen(name, location, ': the file includes itself');
      }
      source.pushFile(candidate, content, location);
      return;
    }
    cannotOpen(name, location, '');
  };

  const parser = new DbParser(new DbLexer(source), builder, {
    include,
    path: (list, location, append) => (append ? includePath.add(list, location.file) : includePath.set(list, location.file)),
    includeChain,
  });
  parser.parseDatabase();
}

function filterEnv(env: Readonly<Record<string, string | undefined>> | undefined): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [k, v] of Object.entries(env ?? {})) if (v !== undefined) defined[k] = v;
  return defined;
}

/**
 * Reads and parses a .db file and what it includes, from the file system unless
 * `options.readFile` says otherwise.
 *
 * @throws DbParseError also when the file cannot be found
 */
export function loadDbFile(file: string, options: Omit<ParseDbOptions, 'file'> = {}): DbDatabase {
  const store = new ParsedRecords(options.base);
  readDbFile(file, options, store);
  return store.result();
}

/** loadDbFile into a store, as readDb. */
export function readDbFile<R>(file: string, options: Omit<ParseDbOptions, 'file'>, store: RecordStore<R>): void {
  const readFile = options.readFile ?? nodeFileReader;
  const text = readFile(file);
  if (text === undefined) throw new DbParseError(`Can't open file "${file}"`, { file, line: 1, column: 1 });
  readDb(text, { ...options, file, readFile }, store);
}
