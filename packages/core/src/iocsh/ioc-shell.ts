/**
 * The iocsh of `devioc softioc`: runs st.cmd scripts and interactive lines with iocsh's
 * rules (macro expansion of $(X)/${X} from the environment, quoting, `#` comments, `#-`
 * comments not echoed, `< file`) and the commands people put in st.cmd and type at `epics>`.
 * Records loaded before iocInit are created together at iocInit, as EPICS does.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { expandMacros, MacroError, parseMacroDefinitions } from '../macros/index.js';
import { nodeFileReader, readDb, readDbFile, type DbWarning, type ParseDbOptions, type RecordStore } from '../records/db-file/index.js';
import { LoadErrors, StagedRecords } from '../records/load-db.js';
import { parseChannelName } from '../records/database.js';
import { RecordPut } from '../records/put.js';
import { ProcessingFailedError } from '../records/record.js';
import { NativeType } from '../ca/protocol/dbr/types.js';
import { textAsChars } from '../ca/protocol/dbr/native-array.js';
import { ConversionError } from '../ca/protocol/dbr/index.js';
import { parseDouble } from '../ca/protocol/dbr/parse-number.js';
import { doubleEnd, scanCInteger } from '../records/fields/static-put.js';
import type { Runtime } from '../runtime/runtime.js';
import { dbgf, dbl, dbnr, dbpr, formatG } from './db-report.js';
import { dbgrep, dbla, dbli, globMatcher } from './db-lists.js';
import { type OutputRedirect, splitLine, SplitError } from './split.js';
import { readSubstitutions, SubstitutionsError, type SubstitutionsWarning } from './substitutions.js';
import { help } from './help.js';
import { casr, scanpel, scanppl } from './server-report.js';
import { dbcar } from './ca-link-report.js';

export interface IocShellOptions {
  runtime: Runtime;
  /** Standard output and error of the shell. */
  out: (text: string) => void;
  err: (text: string) => void;
  /** The environment macros expand from and epicsEnvSet writes to. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Starts serving (CA, PVA, web): iocInit calls it once, after the records exist. */
  serve: () => Promise<void>;
  /** Colour "ERROR" as iocsh does (on a terminal). */
  color?: boolean;
}

/** What a line asks of the caller: nothing, or to leave the shell. */
export type LineResult = 'continue' | 'exit';

interface Where {
  file?: string;
  line: number;
}

class CommandError extends Error {}

/**
 * The variables softIoc registers, with its defaults, for `var`. devioc reads
 * dbRecordsOnceOnly, dbQuietMacroWarnings and dbConvertStrict; the others are kept and shown,
 * and change nothing (their limits and precisions are devioc's fixed ones, EPICS' defaults).
 */
const VARIABLES: ReadonlyArray<[string, number, 'int' | 'double']> = [
  ['CASDEBUG', 0, 'int'],
  ['asCaDebug', 0, 'int'],
  ['asCheckClientIP', 0, 'int'],
  ['atExitDebug', 0, 'int'],
  ['boHIGHlimit', 100000, 'double'],
  ['boHIGHprecision', 2, 'int'],
  ['calcoutODLYlimit', 100000, 'double'],
  ['calcoutODLYprecision', 2, 'int'],
  ['callbackParallelThreadsDefault', 2, 'int'],
  ['dbAccessDebugPUTF', 0, 'int'],
  ['dbBptNotMonotonic', 0, 'int'],
  ['dbConvertStrict', 0, 'int'],
  ['dbJLinkDebug', 0, 'int'],
  ['dbQuietMacroWarnings', 0, 'int'],
  ['dbRecordsAbcSorted', 0, 'int'],
  ['dbRecordsOnceOnly', 0, 'int'],
  ['dbTemplateMaxVars', 100, 'int'],
  ['dbThreadRealtimeLock', 1, 'int'],
  ['freeListBypass', 0, 'int'],
  ['histogramSDELprecision', 2, 'int'],
  ['lnkDebug_debug', 0, 'int'],
  ['logClientDebug', 0, 'int'],
  ['seqDLYlimit', 100000, 'double'],
  ['seqDLYprecision', 2, 'int'],
];
const VARIABLE_TYPES = new Map(VARIABLES.map(([name, , type]) => [name, type]));

export class IocShell {
  private readonly env: NodeJS.ProcessEnv;
  /** What dbLoadRecords has read (each load builds on the ones before), until iocInit. */
  private staged: StagedRecords | undefined;
  private initialised = false;
  private failure: Error | undefined;
  private asFile: string | undefined;
  private asMacros: string | undefined;
  private readonly vars = new Map(VARIABLES.map(([name, value]) => [name, value]));
  /** Errors reported so far (st.cmd's caller may want to know). */
  errors = 0;

  constructor(private readonly options: IocShellOptions) {
    this.env = options.env ?? process.env;
  }

  get isInitialised(): boolean {
    return this.initialised;
  }

  /** Why iocInit failed (an .acf refused, the server not started), if it did. */
  get initFailure(): Error | undefined {
    return this.failure;
  }

  /** Every record name (for completion). */
  recordNames(): string[] {
    return [...this.options.runtime.db.names(), ...[...this.options.runtime.db.aliasEntries()].map(([a]) => a)];
  }

  private error(where: Where, message: string): void {
    this.errors++;
    const label = this.options.color ? '\x1b[31;1mERROR\x1b[0m' : 'ERROR';
    this.options.err(where.file !== undefined ? `${label} ${where.file} line ${where.line}: ${message}\n` : `${message}\n`);
  }

  /** dbLoadRecords before iocInit (the -d option and the command); returns the new records' count. */
  loadRecords(file: string, macros: string | Map<string, string> = ''): number {
    return this.load('dbLoadRecords', (options, store) => readDbFile(file, { ...options, macros }, store));
  }

  /** Records from text (softIoc's built-in softIocExit.db for -x). */
  loadRecordsText(text: string, file: string, macros: string): number {
    return this.load('dbLoadRecords', (options, store) => readDb(text, { ...options, file, macros }, store));
  }

  /**
   * dbLoadTemplate: each set of the substitutions file loads its .db file as it is read. As in
   * EPICS, a set whose load fails is reported (`report`) and the next sets still load, and a
   * syntax error stops the file after the sets before it (thrown).
   */
  loadTemplate(file: string, macros = '', report: (message: string) => void = (m) => this.options.err(`${m}\n`)): number {
    if (this.initialised) throw new CommandError('dbLoadTemplate: the database is already initialised (iocInit ran); load records before iocInit');
    const text = readFileSync(file, 'utf8');
    let count = 0;
    const onWarning = (w: SubstitutionsWarning): void => this.options.err(`${w.file}:${w.line}: warning: ${w.message}\n`);
    readSubstitutions(
      text,
      (load) => {
        try {
          count += this.loadRecords(load.file, load.macros);
        } catch (err) {
          // Name the substitutions set that asked for the load as well as the .db's own place.
          const errors = err instanceof LoadErrors ? err.errors : [err as Error];
          for (const e of errors) report(`${file}:${load.line}: ${e.message}`);
        }
      },
      { file, macros, onWarning },
    );
    return count;
  }

  private load(command: string, read: <R>(options: ParseDbOptions, store: RecordStore<R>) => void): number {
    if (this.initialised) throw new CommandError(`${command}: the database is already initialised (iocInit ran); load records before iocInit`);
    // Fixed now: a second reading (to find the line of an iocInit error) must see this
    // moment's variables and environment, not those of a later epicsEnvSet.
    const options: ParseDbOptions = {
      // As dbLoadRecords: an undefined macro is a warning and stays as "$(NAME,undefined)",
      // which the field it is in then refuses (dbPutString's "unexpanded macro").
      undefinedMacros: 'keep',
      quietMacroWarnings: this.vars.get('dbQuietMacroWarnings') !== 0,
      recordsOnceOnly: this.vars.get('dbRecordsOnceOnly') !== 0,
      env: { ...this.env },
      readFile: nodeFileReader,
    };
    const warn = { ...options, onWarning: (w: DbWarning) => this.options.err(`${w.location.file}:${w.location.line}: warning: ${w.message}\n`) };
    const quiet = { ...options, onWarning: () => undefined };
    this.staged ??= new StagedRecords(this.options.runtime.db);
    return this.staged.load((store, again) => read(again ? quiet : warn, store), { convertStrict: this.vars.get('dbConvertStrict') !== 0 });
  }

  /** The access security file (asSetFilename / -a), loaded at iocInit. */
  setAccessSecurity(file: string, macros?: string): void {
    this.asFile = file;
    if (macros !== undefined) this.asMacros = macros;
  }

  get hasRecords(): boolean {
    return (this.staged?.size ?? 0) > 0;
  }

  /** iocInit: creates and initialises every loaded record, then serves. */
  async iocInit(): Promise<number> {
    if (this.initialised) {
      this.options.err('iocBuild: IOC can only be initialized from uninitialized or stopped state\n');
      return 0;
    }
    // softIoc prints these through errlog, on stderr.
    this.options.err('Starting iocInit\n');
    const runtime = this.options.runtime;
    const count = this.staged === undefined ? 0 : this.staged.instantiate().length;
    // Nothing loads after iocInit: the loads' names and lists go.
    this.staged = undefined;
    this.initialised = true;
    try {
      if (this.asFile !== undefined) await runtime.loadAccessSecurity({ file: this.asFile, ...(this.asMacros ? { macros: this.asMacros } : {}) });
      await this.options.serve();
    } catch (err) {
      // As iocBuild, a failed init cannot be retried; the caller decides what an IOC that serves nothing does.
      this.failure = err as Error;
      throw err;
    }
    this.options.err('iocRun: All initialization complete\n');
    return count;
  }

  /**
   * iocPause: freezes the IOC until iocRun (Runtime.pause). Its words are iocInit.c's, through
   * errlog (stderr); a refusal counts as an error, as iocshSetError does.
   */
  async iocPause(): Promise<boolean> {
    const err = this.options.err;
    if (!this.initialised || this.failure !== undefined || !(await this.options.runtime.pause(() => err('iocPause: IOC suspended\n')))) {
      this.errors++;
      err('iocPause: IOC not running\n');
      return false;
    }
    return true;
  }

  /** iocRun after iocPause: the IOC goes on (Runtime.run). */
  async iocRun(): Promise<boolean> {
    const err = this.options.err;
    if (!this.initialised || !(await this.options.runtime.run(() => err('iocRun: IOC restarted\n')))) {
      this.errors++;
      err('iocRun: IOC not paused\n');
      return false;
    }
    return true;
  }

  /** Runs a script file (st.cmd, `< file`, iocshLoad), echoing its lines as iocsh does. */
  async runScript(file: string, macros?: Map<string, string>, depth = 0): Promise<LineResult> {
    if (depth > 20) throw new CommandError(`${file}: scripts nested too deep`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      this.errors++;
      this.options.err(`Can't open ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (err as Error).message}\n`);
      return 'continue';
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i]!.replace(/\r$/, '');
      if (i === lines.length - 1 && raw === '') break;
      const result = await this.runLine(raw, { file, line: i + 1 }, { echo: true, macros, depth });
      if (result === 'exit') return 'exit';
    }
    return 'continue';
  }

  /**
   * Runs one line. `echo` (scripts) prints the expanded line first, as iocsh does for lines
   * read from a file.
   */
  async runLine(raw: string, where: Where, opts: { echo?: boolean; macros?: Map<string, string>; depth?: number } = {}): Promise<LineResult> {
    const trimmed = raw.trimStart();
    if (trimmed.startsWith('#')) {
      if (opts.echo && !trimmed.startsWith('#-')) this.options.out(`${raw}\n`);
      return 'continue';
    }
    let line: string;
    try {
      line = expandMacros(raw, this.macroSource(opts.macros), { undefined: 'error' });
    } catch (err) {
      if (!(err instanceof MacroError)) throw err;
      this.error(where, `macLib: ${err.message}`);
      return 'continue';
    }
    const start = line.trimStart();
    if (opts.echo && line !== '' && !start.startsWith('#-')) this.options.out(`${line}\n`);
    if (start === '' || start.startsWith('#')) return 'continue';
    let words;
    try {
      words = splitLine(start);
    } catch (err) {
      if (!(err instanceof SplitError)) throw err;
      this.error(where, err.message);
      return 'continue';
    }
    if (words.argv.length === 0 && words.input !== undefined) {
      return this.runScript(words.input, opts.macros, (opts.depth ?? 0) + 1);
    }
    const [name, ...args] = words.argv;
    if (name === undefined) return 'exit';
    if (name === 'exit') return 'exit';
    const restore = this.redirect(words.outputs ?? []);
    if (restore === undefined) return 'continue';
    try {
      await this.command(name, args, where, opts);
    } catch (err) {
      // Every field a load refused, each on its own line (the load itself went on, as dbLoadRecords does).
      if (err instanceof LoadErrors) for (const e of err.errors) this.error(where, `${name}: ${e.message}`);
      else if (err instanceof CommandError || err instanceof SubstitutionsError) this.error(where, err.message);
      else if (err instanceof Error) this.error(where, `${name}: ${err.message}`);
      else throw err;
    } finally {
      restore();
    }
    return 'continue';
  }

  /**
   * A command's output redirections (`> file`, `>> file`, `2> file`), as iocsh opens them
   * before the command runs: returns what puts the shell's own output back, or undefined when
   * a file cannot be opened (said as iocsh says it; the command does not run).
   */
  private redirect(outputs: readonly OutputRedirect[]): (() => void) | undefined {
    const saved = { out: this.options.out, err: this.options.err };
    const opened: number[] = [];
    const close = (): void => {
      for (const fd of opened) closeSync(fd);
    };
    for (const r of outputs) {
      if (r.fd !== 1 && r.fd !== 2) continue;
      let fd: number;
      try {
        fd = openSync(r.file, r.append ? 'a' : 'w');
      } catch (err) {
        close();
        this.errors++;
        saved.err(`Can't open "${r.file}": ${errnoText(err)}.\n`);
        return undefined;
      }
      opened.push(fd);
      const write = (text: string): void => void writeSync(fd, text);
      if (r.fd === 1) this.options.out = write;
      else this.options.err = write;
    }
    return () => {
      this.options.out = saved.out;
      this.options.err = saved.err;
      close();
    };
  }

  private macroSource(extra?: Map<string, string>): Map<string, string> {
    const map = new Map<string, string>();
    for (const [k, v] of Object.entries(this.env)) if (v !== undefined) map.set(k, v);
    for (const [k, v] of extra ?? []) map.set(k, v);
    return map;
  }

  private get db() {
    return this.options.runtime.db;
  }

  private requireInit(command: string): boolean {
    if (this.initialised) return true;
    this.options.out(`${command} only works after iocInit\n`);
    return false;
  }

  private async command(name: string, args: string[], where: Where, opts: { macros?: Map<string, string>; depth?: number }): Promise<void> {
    const out = this.options.out;
    const a = (i: number): string | undefined => args[i];
    switch (name) {
      case 'dbLoadRecords': {
        const file = a(0);
        if (file === undefined || file === '') throw new CommandError('dbLoadRecords: no file name given');
        this.loadRecords(file, a(1) ?? '');
        return;
      }
      case 'dbLoadTemplate': {
        const file = a(0);
        if (file === undefined || file === '') throw new CommandError('must specify variable substitution file');
        this.loadTemplate(file, a(1) ?? '', (message) => this.error(where, message));
        return;
      }
      // softIoc has already loaded its dbd and registered its supports: accepted, nothing to do.
      case 'dbLoadDatabase':
      case 'softIoc_registerRecordDeviceDriver':
      case 'registerRecordDeviceDriver':
      case 'registerAllRecordDeviceDrivers':
        return;
      // Tuning of EPICS' threads, queues, errlog and iocLog, which devioc does not have: accepted
      // silently as softIoc accepts them (the callback queue's size once iocInit has run refused,
      // as there), so that startup scripts written for softIoc run without an error.
      case 'callbackSetQueueSize':
        if (this.initialised) this.options.err('Callback system already initialized\n');
        return;
      case 'callbackParallelThreads':
      case 'scanOnceSetQueueSize':
      case 'errlogInit':
      case 'errlogInit2':
      case 'dbPvdTableSize':
      case 'installLastResortEventProvider':
      case 'iocLogInit':
      case 'iocLogPrefix':
      case 'setIocLogDisable':
      // Reports of hardware, I/O and driver support: softIoc's soft supports have nothing to say.
      case 'dbhcr':
      case 'dbior':
        return;
      case 'iocInit':
        await this.iocInit();
        return;
      case 'iocPause':
        await this.iocPause();
        return;
      case 'iocRun':
        await this.iocRun();
        return;
      case 'epicsEnvSet': {
        const key = a(0);
        if (key === undefined || key === '') throw new CommandError('Usage: epicsEnvSet "name", "value"');
        this.env[key] = a(1) ?? '';
        return;
      }
      case 'epicsEnvUnset':
        if (a(0) !== undefined) delete this.env[a(0)!];
        return;
      case 'epicsEnvShow': {
        const key = a(0);
        if (key !== undefined && key !== '') out(this.env[key] !== undefined ? `${key}=${this.env[key]}\n` : `${key} is not an environment variable.\n`);
        else for (const [k, v] of Object.entries(this.env).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) out(`${k}=${v}\n`);
        return;
      }
      case 'cd': {
        const dir = a(0);
        if (dir === undefined || dir === '') throw new CommandError('cd: no directory given');
        try {
          process.chdir(dir);
        } catch (err) {
          throw new CommandError(`cd: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? `${dir}: No such file or directory` : (err as Error).message}`);
        }
        return;
      }
      case 'pwd':
        out(`${process.cwd()}\n`);
        return;
      case 'echo':
        out(`${a(0) ?? ''}\n`);
        return;
      case 'iocshLoad':
      case 'iocsh': {
        const file = a(0);
        if (file === undefined) throw new CommandError(`${name}: no file name given`);
        const macros = new Map(opts.macros ?? []);
        for (const [k, v] of parseMacroDefinitions(a(1) ?? '')) macros.set(k, v);
        await this.runScript(file, macros, (opts.depth ?? 0) + 1);
        return;
      }
      case 'var':
        this.variable(a(0), a(1));
        return;
      case 'asSetFilename':
        if (a(0) === undefined || a(0) === '') this.asFile = undefined;
        else this.asFile = a(0);
        return;
      case 'asSetSubstitutions':
        this.asMacros = a(0);
        return;
      case 'asInit':
        if (this.asFile !== undefined && this.initialised) await this.options.runtime.loadAccessSecurity({ file: this.asFile, ...(this.asMacros ? { macros: this.asMacros } : {}) });
        return;
      case 'asprules':
        out(this.db.security.dumpRules(a(0)));
        return;
      case 'aspuag':
        out(this.db.security.dumpUags(a(0)));
        return;
      case 'asphag':
        out(this.db.security.dumpHags(a(0)));
        return;
      case 'ascar':
        out(this.db.security.dumpInputs(Number(a(0) ?? 0) || 0));
        return;
      case 'dbStateCreate':
        if (a(0)) this.db.states.create(a(0)!);
        return;
      case 'dbStateSet':
        if (a(0)) this.db.states.set(a(0)!);
        return;
      case 'dbStateClear':
        if (a(0)) this.db.states.clear(a(0)!);
        return;
      case 'dbStateShow':
        if (a(0)) out(this.db.states.show(a(0)!, Number(a(1) ?? 0) || 0));
        return;
      case 'dbStateShowAll':
        out(this.db.states.showAll(Number(a(0) ?? 0) || 0));
        return;
      case 'dbl':
        out(dbl(this.db, a(0), a(1)));
        return;
      case 'dbnr':
        out(dbnr(this.db, Number(a(0) ?? 0) || 0));
        return;
      case 'dbpr': {
        const pv = a(0);
        if (pv === undefined || pv === '') {
          out('Usage: dbpr "pv name", level\n');
          return;
        }
        out(dbpr(this.db, pv, Number(a(1) ?? 0) || 0));
        return;
      }
      case 'dbgf': {
        const pv = a(0);
        if (pv === undefined || pv === '') {
          out('Usage: dbgf "pv name"\n');
          return;
        }
        if (this.db.get(parseChannelName(pv).record) === undefined) {
          out(`PV '${pv}' not found\n`);
          return;
        }
        if (!this.requireInit('dbgf')) return;
        out(dbgf(this.db, pv));
        return;
      }
      case 'dbpf':
        this.dbpf(a(0), a(1), where);
        return;
      case 'dbtr': {
        const pv = a(0);
        if (pv === undefined || pv === '') {
          out('Usage: dbtr "pv name"\n');
          return;
        }
        const record = this.db.get(parseChannelName(pv).record);
        if (record === undefined) {
          out(`PV '${pv}' not found\n`);
          return;
        }
        if (!this.requireInit('dbtr')) return;
        if (record.pact) {
          out('record active\n');
          return;
        }
        record.process();
        out(dbpr(this.db, pv, 3));
        return;
      }
      case 'dbgrep':
        out(dbgrep(this.db, a(0)));
        return;
      case 'dbla':
        out(dbla(this.db, a(0)));
        return;
      case 'dbli':
        out(dbli(this.db, a(0)));
        return;
      case 'postEvent':
        // post_event through the event's name; "" is no event.
        if (a(0) !== undefined && a(0) !== '' && this.initialised) this.db.postEvent(a(0)!);
        return;
      case 'epicsThreadSleep': {
        const seconds = a(0) === undefined || a(0) === '' ? 0 : Number(a(0));
        if (!Number.isFinite(seconds)) {
          this.options.err(`Illegal double '${a(0)}'\n`);
          return;
        }
        if (seconds > 0) await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        return;
      }
      case 'system': {
        // iocshSystemCommand: the line goes to the system's command interpreter. The shell
        // waits for it, the IOC does not: records and the servers go on meanwhile.
        const line = a(0);
        if (line === undefined || line === '') return;
        await runSystemCommand(line, out, this.options.err);
        return;
      }
      case 'iocshCmd': {
        // One command line, run as if typed (iocshCmd's own macros: none).
        const line = a(0);
        if (line !== undefined && line !== '') await this.runLine(line, where, { macros: opts.macros, depth: (opts.depth ?? 0) + 1 });
        return;
      }
      case 'dbcar':
        out(dbcar(this.db, a(0), Number(a(1) ?? 0) || 0));
        return;
      case 'casr':
        out(casr(this.options.runtime, Number(a(0) ?? 0) || 0));
        return;
      case 'scanpel':
        out(scanpel(this.db, a(0)));
        return;
      case 'scanppl':
        out(scanppl(this.db, Number(a(0) ?? 0) || 0));
        return;
      case 'help':
        out(help(args));
        return;
      case 'date':
        out(`${new Date().toString()}\n`);
        return;
      default:
        throw new CommandError(`Command ${name} not found.`);
    }
  }

  /**
   * var (iocsh.cpp varCallFunc): without a value, the variables whose names match the glob (all
   * without one); with a value, sets the variable so named, an int by strtol (any C base) or a
   * double by strtod, all of the text. iocsh's words, in bold red on a terminal where it has them.
   */
  private variable(name: string | undefined, value: string | undefined): void {
    const red = (text: string): string => (this.options.color ? `\x1b[31;1m${text}\x1b[0m` : text);
    const show = (k: string, v: number): string => `${k} = ${VARIABLE_TYPES.get(k) === 'double' ? formatG(v, 6) : v}\n`;
    if (value === undefined) {
      const matches = name === undefined || name === '' ? () => true : globMatcher(name);
      let found = false;
      for (const [k, v] of this.vars) {
        if (!matches(k)) continue;
        found = true;
        this.options.out(show(k, v));
      }
      if (!found && name !== undefined && name !== '') this.options.err(`${red('No var matching')} ${name} found.\n`);
      return;
    }
    const type = name === undefined ? undefined : VARIABLE_TYPES.get(name);
    if (name === undefined || type === undefined) {
      this.options.err(`Var ${name ?? ''} ${red('not found.')}\n`);
      return;
    }
    const parsed = type === 'int' ? cInteger(value) : cDouble(value);
    if (parsed === undefined) this.options.err(`Invalid ${type === 'int' ? 'integer' : 'double'} value. Var ${name} not changed.\n`);
    else this.vars.set(name, parsed);
  }

  /**
   * dbpf: writes a field as a CA client would (puts to VAL process a Passive record), then
   * prints it with dbgf, also when the field refused the value (the refusal is said first).
   */
  private dbpf(pv: string | undefined, value: string | undefined, where: Where): void {
    const out = this.options.out;
    if (pv === undefined || pv === '' || value === undefined) {
      out('Usage: dbpf "pv name", "value"\n');
      return;
    }
    const { record: recordName, field, dollar } = parseChannelName(pv);
    const record = this.db.get(recordName);
    if (record === undefined || record.field(field) === undefined) {
      out(`PV '${pv}' not found\n`);
      return;
    }
    if (!this.requireInit('dbpf')) return;
    // A char array (FIELD$, or an array of CHAR or UCHAR) takes the text as its bytes with the
    // NUL, as dbpf puts strlen + 1 chars: "5" into a CHAR waveform is 53, 0 (NORD 2).
    const shape = record.shape(field);
    if (dollar || (shape.type === NativeType.CHAR && shape.count > 1)) {
      storedEvenIfProcessingFailed(() => {
        if (dollar) record.put(field, [value], NativeType.STRING, new RecordPut('client'));
        else record.put(field, textAsChars(value), NativeType.CHAR, new RecordPut('client'));
      });
      out(dbgf(this.db, pv));
      return;
    }
    let put: unknown = value;
    // An array field (more than one element) takes JSON (dbPutConvertJSON: `[1, 2]`, or one
    // value, `7` or `"text"`); text that is not JSON is refused and nothing is printed.
    if (shape.count > 1) {
      try {
        put = JSON.parse(value) as unknown;
      } catch {
        throw new CommandError(`dbpf: ${value} is not JSON (an array field takes [1, 2] or one value)`);
      }
    }
    try {
      storedEvenIfProcessingFailed(() => record.putJs(field, put, new RecordPut('client')));
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      this.error(where, `dbpf: ${err.message}`);
    }
    out(dbgf(this.db, pv));
  }
}

/**
 * Runs a dbpf's put. A processing that failed (an OUT link not connected yet) leaves the value
 * stored and its alarm set, and EPICS' dbpf prints the field whatever dbPutField returned
 * (dbTest.c): so does this one. Other errors (a value the field cannot take) still throw.
 */
function storedEvenIfProcessingFailed(put: () => void): void {
  try {
    put();
  } catch (err) {
    if (!(err instanceof ProcessingFailedError)) throw err;
  }
}

/** strerror's words for a failed open, as iocsh prints them. */
function errnoText(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    default:
      return (err as Error).message;
  }
}

/** Runs a command line in the system's shell, its output to the shell's, until it exits. */
function runSystemCommand(line: string, out: (text: string) => void, err: (text: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(line, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (text: string) => out(text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => err(text));
    child.once('error', (e) => {
      err(`system: ${e.message}\n`);
      resolve();
    });
    child.once('close', () => resolve());
  });
}

/** strtol(text, &end, 0) that must read all of it (var's integers), stored in an int. */
function cInteger(text: string): number | undefined {
  try {
    const { negative, magnitude } = scanCInteger(text, false);
    const value = negative ? -magnitude : magnitude;
    // strtol saturates at the range of a 64-bit long; iocsh then keeps the int's 32 bits.
    const long = value > LONG_MAX ? LONG_MAX : value < -LONG_MAX - 1n ? -LONG_MAX - 1n : value;
    return Number(BigInt.asIntN(32, long));
  } catch (err) {
    if (err instanceof ConversionError) return undefined;
    throw err;
  }
}

const LONG_MAX = 2n ** 63n - 1n;

/** strtod(text, &end) that must read all of it (var's doubles; out of range is ±inf or 0, as strtod). */
function cDouble(text: string): number | undefined {
  if (doubleEnd(text) !== text.length) return undefined;
  return parseDouble(text) ?? Number.parseFloat(text);
}
