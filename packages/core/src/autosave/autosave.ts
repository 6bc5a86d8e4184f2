/**
 * Autosave, compatible with synApps autosave: save sets (a request file, or the fields records
 * name in info(autosaveFields…)), written to `<dir>/<set>.sav` in synApps' format when a field
 * changes (at most every `minPeriod` seconds) and every `period` seconds, with the previous file
 * kept as `.savB` and a dated copy at each start (kept `keepDays` days). At start the newest
 * trusted file of each set (.sav, else .savB, else the newest dated copy) is restored: pass 0
 * before the records initialise, pass 1 after.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { getLogger, type Logger } from '../log/index.js';
import type { MacroSource } from '../macros/index.js';
import type { RecordDatabase } from '../records/database.js';
import type { EpicsRecord } from '../records/record.js';
import { removeStaleTemporaries, writeFileAtomic } from './atomic-file.js';
import { isArrayField, restoreText, saveText } from './field-text.js';
import { readReqFile } from './req-file.js';
import { formatSav, parseSav, savDate, type SavEntry } from './sav-format.js';

export interface AutosaveRequest {
  /** A .req file; its set is saved to `<directory>/<basename>.sav`. */
  file: string;
  macros?: MacroSource;
  /** Restore passes (default both, as sites do with auto_settings.req). */
  passes?: readonly (0 | 1)[];
}

export interface AutosaveOptions {
  /** Where the .sav files are kept (created if missing). */
  directory: string;
  /** Request files (create_monitor_set). */
  requests?: readonly (string | AutosaveRequest)[];
  /** Directories searched for included request files (set_requestfile_path). */
  searchPath?: readonly string[];
  /** A changed set is written at most this often, seconds (default 5, as create_monitor_set(…, 5)). */
  minPeriod?: number;
  /** Every set is also written this often, seconds (default 300; 0: never). */
  period?: number;
  /** Dated copies (`<set>.sav_YYMMDD-HHMMSS`, one a start) are kept this many days (default 7; 0: none made). */
  keepDays?: number;
  logger?: Logger;
}

/** The fields a record asks for: info(autosaveFields …) for pass 1, info(autosaveFields_pass0 …) for pass 0. */
const INFO_PASS1 = 'autosaveFields';
const INFO_PASS0 = 'autosaveFields_pass0';
/** The sets of info nodes, named as makeAutosaveFiles names their request files. */
export const INFO_SET_PASS0 = 'info_positions';
export const INFO_SET_PASS1 = 'info_settings';

/** `rec` means `rec.VAL`; a trailing `$` (long string) is dropped. */
export function canonicalPv(pv: string): string {
  const plain = pv.endsWith('$') ? pv.slice(0, -1) : pv;
  return plain.includes('.') ? plain : `${plain}.VAL`;
}

function splitPv(pv: string): { record: string; field: string } {
  const c = canonicalPv(pv);
  const dot = c.lastIndexOf('.');
  return { record: c.slice(0, dot), field: c.slice(dot + 1) };
}

class SaveSet {
  /** PVs as the request names them, in order. */
  readonly pvs: string[] = [];
  private readonly known = new Set<string>();
  /** What the trusted file at start held, by canonical name: restored, and kept for PVs not (yet) here. */
  readonly loaded = new Map<string, string | readonly string[]>();
  readonly subscribed = new Set<string>();
  dirty = false;
  lastWrite = 0;
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    readonly file: string,
    readonly passes: readonly (0 | 1)[],
  ) {}

  add(pv: string): void {
    const c = canonicalPv(pv);
    if (this.known.has(c)) return;
    this.known.add(c);
    this.pvs.push(pv);
  }
}

export class Autosave {
  private readonly sets = new Map<string, SaveSet>();
  private readonly log: Logger;
  private readonly minPeriod: number;
  private readonly period: number;
  private readonly keepDays: number;
  private periodic: NodeJS.Timeout | undefined;
  private unsubscribes: (() => void)[] = [];
  private readonly detach: () => void;
  private closed = false;
  /** Told after each set is written (the file holds what was current then). */
  readonly saved = new Set<(set: string, file: string) => void>();

  constructor(
    private readonly db: RecordDatabase,
    readonly options: AutosaveOptions,
  ) {
    this.log = options.logger ?? getLogger('autosave');
    this.minPeriod = options.minPeriod ?? 5;
    this.period = options.period ?? 300;
    this.keepDays = options.keepDays ?? 7;
    const dir = options.directory;
    mkdirSync(dir, { recursive: true });
    for (const name of removeStaleTemporaries(dir)) this.log.warn(`removed ${name}, left by a writer that was stopped mid-write`);
    for (const request of options.requests ?? []) {
      const r = typeof request === 'string' ? { file: request } : request;
      const set = this.set(path.basename(r.file).replace(/\.req$/, ''), r.passes ?? [0, 1]);
      // Throws ReqFileError with file:line: a malformed request file stops the IOC at start.
      for (const e of readReqFile(r.file, { macros: r.macros, searchPath: options.searchPath })) set.add(e.pv);
    }
    this.set(INFO_SET_PASS0, [0]);
    this.set(INFO_SET_PASS1, [1]);
    this.detach = db.addInitHooks({
      beforeInit: (records) => this.beforeInit(records),
      afterInit: (records) => this.afterInit(records),
      beforeRemove: (records) => this.beforeRemove(records),
    });
    if (this.period > 0) {
      this.periodic = setInterval(() => this.saveAll(false), this.period * 1000);
      this.periodic.unref();
    }
  }

  private set(name: string, passes: readonly (0 | 1)[]): SaveSet {
    let set = this.sets.get(name);
    if (set === undefined) {
      set = new SaveSet(name, path.join(this.options.directory, `${name}.sav`), passes);
      this.load(set);
      this.sets.set(name, set);
    }
    return set;
  }

  /** Adds fields of a record to a set (the model API's `autosave` option uses pass 0). */
  addFields(record: string, fields: readonly string[], pass: 0 | 1 = 0): void {
    const set = this.set(pass === 0 ? INFO_SET_PASS0 : INFO_SET_PASS1, [pass]);
    for (const f of fields) set.add(`${record}.${f.toUpperCase()}`);
  }

  /** The .sav files of the sets, by set name. */
  files(): Map<string, string> {
    return new Map([...this.sets].map(([n, s]) => [n, s.file]));
  }

  // ------------------------------------------------------------------ restore

  /** Reads the newest trusted file of a set; a bad one is reported and set aside, never used in part. */
  private load(set: SaveSet): void {
    const dir = path.dirname(set.file);
    const base = path.basename(set.file);
    const dated = (() => {
      try {
        return readdirSync(dir).filter((n) => n.startsWith(`${base}_`) && /_\d{6}-\d{6}$/.test(n)).sort().reverse().map((n) => path.join(dir, n));
      } catch {
        return [];
      }
    })();
    const candidates = [set.file, `${set.file}B`, ...dated];
    for (const file of candidates) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.error(`${file}: cannot read it (${(err as Error).message}); trying the backup`);
        continue;
      }
      try {
        const { entries, warnings } = parseSav(text);
        for (const w of warnings) this.log.warn(`${file}: ${w}`);
        for (const e of entries) set.loaded.set(canonicalPv(e.pv), e.value);
        if (file !== set.file) this.log.warn(`${set.name}: restoring from ${path.basename(file)}`);
        this.datedCopy(set, file);
        return;
      } catch (err) {
        const bad = `${file}_RBAD_${savDate()}`;
        this.log.error(`${file} is not trusted: ${(err as Error).message}; kept as ${path.basename(bad)}, trying the backup`);
        try {
          copyFileSync(file, bad);
        } catch {
          // the message above is what matters
        }
      }
    }
  }

  /** save_restoreDatedBackupFiles: a copy of the file restored at each start; old ones pruned. */
  private datedCopy(set: SaveSet, from: string): void {
    if (this.keepDays <= 0) return;
    const dir = path.dirname(set.file);
    const base = path.basename(set.file);
    try {
      copyFileSync(from, `${set.file}_${savDate()}`);
      const limit = Date.now() - this.keepDays * 86_400_000;
      for (const n of readdirSync(dir)) {
        if (!n.startsWith(`${base}_`) || !/_\d{6}-\d{6}$/.test(n)) continue;
        if (statSync(path.join(dir, n)).mtimeMs < limit) rmSync(path.join(dir, n), { force: true });
      }
    } catch (err) {
      this.log.warn(`${set.name}: dated copy not made (${(err as Error).message})`);
    }
  }

  private beforeInit(records: readonly EpicsRecord[]): void {
    for (const rec of records) {
      const info = rec.state.info as Map<string, string> | undefined;
      for (const [name, pass] of [[INFO_PASS0, 0], [INFO_PASS1, 1]] as const) {
        const fields = info?.get(name)?.split(/\s+/).filter((f) => f !== '');
        if (fields !== undefined) this.addFields(rec.name, fields, pass);
      }
    }
    this.restore(records, 0);
  }

  private afterInit(records: readonly EpicsRecord[]): void {
    this.restore(records, 1);
    this.watch();
  }

  /**
   * Records leaving (a model shutting down before the IOC does): their last values are kept as
   * the set's values and written at once, so the file never loses them to "Not Connected".
   */
  private beforeRemove(records: readonly EpicsRecord[]): void {
    if (this.closed) return;
    const leaving = new Set(records.map((r) => r.name));
    for (const set of this.sets.values()) {
      let touched = false;
      for (const pv of set.pvs) {
        const { record, field } = splitPv(pv);
        const rec = this.db.get(record);
        if (rec === undefined || !leaving.has(rec.name)) continue;
        const text = saveText(rec, field);
        if (text === undefined) continue;
        set.loaded.set(canonicalPv(pv), text);
        set.subscribed.delete(canonicalPv(pv));
        touched = true;
      }
      if (touched) {
        if (set.timer !== undefined) clearTimeout(set.timer);
        set.timer = undefined;
        this.write(set);
      }
    }
  }

  private restore(records: readonly EpicsRecord[], pass: 0 | 1): void {
    const byName = new Map(records.map((r) => [r.name, r]));
    for (const set of this.sets.values()) {
      for (const pv of set.pvs) {
        const c = canonicalPv(pv);
        const value = set.loaded.get(c);
        if (value === undefined) continue;
        const { record, field } = splitPv(pv);
        const rec = byName.get(record) ?? byName.get(this.db.get(record)?.name ?? '');
        if (rec === undefined || rec.field(field) === undefined) continue;
        // Arrays only in pass 1 (SR_array_restore); a pass-0 set restores its arrays then too.
        const array = typeof value !== 'string' || isArrayField(rec, field);
        const wanted = array ? pass === 1 && (set.passes.includes(1) || set.passes.includes(0)) : set.passes.includes(pass);
        if (!wanted) continue;
        try {
          restoreText(rec, field, value, pass);
        } catch (err) {
          this.log.error(`${path.basename(set.file)}: ${c}: not restored (${(err as Error).message})`);
        }
      }
    }
  }

  // ------------------------------------------------------------------ save

  /** Subscribes to every field of every set whose record exists now. */
  private watch(): void {
    for (const set of this.sets.values()) {
      for (const pv of set.pvs) {
        const c = canonicalPv(pv);
        if (set.subscribed.has(c)) continue;
        const { record, field } = splitPv(pv);
        const rec = this.db.get(record);
        if (rec === undefined || rec.field(field) === undefined) continue;
        set.subscribed.add(c);
        this.unsubscribes.push(rec.subscribe(field, () => this.changed(set)));
        // A set gaining fields is written soon, so that the file names them all.
        this.changed(set);
      }
    }
  }

  private changed(set: SaveSet): void {
    set.dirty = true;
    if (set.timer !== undefined || this.closed) return;
    const wait = Math.max(0, set.lastWrite + this.minPeriod * 1000 - Date.now());
    set.timer = setTimeout(() => {
      set.timer = undefined;
      if (set.dirty) this.write(set);
    }, wait);
    set.timer.unref();
  }

  /** The entries of a set as they are now: live values, else what the file held, else a comment. */
  private entries(set: SaveSet): { entries: SavEntry[]; missing: number } {
    const entries: SavEntry[] = [];
    let missing = 0;
    for (const pv of set.pvs) {
      const { record, field } = splitPv(pv);
      const rec = this.db.get(record);
      const live = rec !== undefined ? saveText(rec, field) : undefined;
      const kept = set.loaded.get(canonicalPv(pv));
      if (live !== undefined) entries.push({ pv, value: live });
      else if (kept !== undefined) entries.push({ pv, value: kept });
      else {
        missing++;
        entries.push({ pv, value: 'Not Connected', comment: true });
      }
    }
    return { entries, missing };
  }

  /** Writes a set now (atomically; the previous file becomes .savB). Returns false on failure. */
  write(set: SaveSet): boolean {
    set.dirty = false;
    set.lastWrite = Date.now();
    if (set.pvs.length === 0) return true;
    const { entries, missing } = this.entries(set);
    try {
      writeFileAtomic(set.file, formatSav(entries, savDate(), missing), `${set.file}B`);
    } catch (err) {
      this.log.error(`${set.file}: not saved (${(err as Error).message}); will retry`);
      set.dirty = true;
      this.changed(set);
      return false;
    }
    for (const l of this.saved) l(set.name, set.file);
    this.log.debug(`${set.name}: saved ${entries.length} PVs to ${set.file}`);
    return true;
  }

  /** Writes every set (changed ones only, unless `all`). */
  saveAll(onlyChanged = true): void {
    for (const set of this.sets.values()) {
      if (set.pvs.length === 0 || (onlyChanged && !set.dirty)) continue;
      if (set.timer !== undefined) clearTimeout(set.timer);
      set.timer = undefined;
      this.write(set);
    }
  }

  /** Writes what changed and stops (the IOC shutting down). */
  close(): void {
    if (this.closed) return;
    this.saveAll(true);
    this.closed = true;
    if (this.periodic !== undefined) clearInterval(this.periodic);
    for (const set of this.sets.values()) if (set.timer !== undefined) clearTimeout(set.timer);
    for (const u of this.unsubscribes) u();
    this.unsubscribes = [];
    this.detach();
  }
}
