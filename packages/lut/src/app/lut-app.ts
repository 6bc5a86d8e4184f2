/**
 * The LUT IOC's behaviour: follows the input PV, writes y = f(x + xoff) + yoff to the target,
 * keeps the table, the fit, the fine curve, the file and status/message in step.
 *
 * Every input update is handled synchronously (evaluate, `output`, a CA put to the target), so
 * that the input-to-target latency is one evaluation plus CA. The parts with one job each are
 * beside this file: the target writer (target-writer.ts: only the newest value waits for a put
 * on its way), the table file's saves (table-saver.ts: coalesced, slow ones reported), the
 * settings as one table (settings.ts) and what status shows (status.ts). Commands that read
 * the readback or the file (new, null, save, load) run in order, one at a time.
 */
import { getLogger, type Logger, type RecordHandle, type Runtime } from '@devioc/core';
import {
  type SchedulerLike, type Subscription, Subject, asyncScheduler, concat, debounceTime, distinctUntilChanged, filter, map, merge, of, scan, skipWhile, switchMap,
} from 'rxjs';
import { InterpolationRangeError, isInterpolationError } from '../interpolation/errors.js';
import { FitType, fitTypeName } from '../interpolation/fit-types.js';
import { createInterpolator, type Interpolator } from '../interpolation/interpolator.js';
import type { OutOfRangeMode } from '../interpolation/out-of-range.js';
import { resample } from '../interpolation/resample.js';
import { LutModel, LutStatus, MESSAGE_LENGTH, RANGE_CHOICES, RANGE_MODES } from '../model/lut-model.js';
import type { LutFileData } from '../table-file/format.js';
import { readTableFile, removeStaleTemporaries, writeTableFile } from '../table-file/store.js';
import { checkTable, EMPTY_TABLE, type LutTable, TableStructureError, tablesEqual, withPoint } from '../table/points.js';
import { type LutPv, type LutPvFactory, numericValue } from './pv.js';
import { DEFAULT_SETTINGS, givenSettings, readSettings, SETTING_NAMES, SETTINGS, writeSettings } from './settings.js';
import { type ProblemSource, StatusBoard, type StatusView } from './status.js';
import { TableSaver } from './table-saver.js';
import { TargetWriter } from './target-writer.js';

export interface LutAppOptions {
  /** Device name: every record is `DEVICE:<name>`. */
  device: string;
  /** The table file: loaded at start if it exists, saved after every change. */
  tableFile: string;
  /**
   * Settings given at start (the command line). Each one given wins over the file's; those
   * left out come from the file, else the defaults (no PVs, SPLINE3, degree 3, CLAMP, no
   * offsets, enable ON).
   */
  input?: string;
  target?: string;
  readback?: string;
  fit?: FitType;
  degree?: number;
  range?: OutOfRangeMode;
  enable?: boolean;
  /** The runtime (database, CA server and client) to live in; default the process's. */
  runtime?: Runtime;
  /** How to reach other IOCs' PVs; default `ioc.pv(name)` (the runtime's CA client). */
  pvs?: LutPvFactory;
  /**
   * Table edits by clients (xtable, ytable, count) are applied this long after the last of
   * them, so that a client writing x, then y, then count moves the target once, with the
   * whole edit, and never with a half-written table. Default 200 ms.
   */
  editSettleMs?: number;
  /**
   * A save that has not finished after this long (a file system that does not answer) is
   * reported as FILE ERROR; it may still finish later. Default 10 s.
   */
  saveTimeoutMs?: number;
  /**
   * shutdown() waits this long at most for commands and saves in progress, then removes the
   * records anyway (a save that hangs must not keep the IOC from stopping). Default 5 s.
   */
  shutdownTimeoutMs?: number;
  /** The scheduler of the edit settling and the save timeout (tests: a TestScheduler). */
  scheduler?: SchedulerLike;
  logger?: Logger;
}

/** A failed command: what status to show and why. */
class CommandError extends Error {
  constructor(
    readonly status: LutStatus,
    message: string,
  ) {
    super(message);
  }
}

type InputEvent =
  | { kind: 'unset' }
  | { kind: 'waiting'; name: string }
  | { kind: 'disconnected'; name: string }
  | { kind: 'value'; name: string; value: unknown };

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Cuts a message to what the char waveform holds (bytes, with its NUL). */
function fitMessage(text: string): string {
  if (Buffer.byteLength(text) < MESSAGE_LENGTH) return text;
  let cut = text;
  while (Buffer.byteLength(`${cut}…`) >= MESSAGE_LENGTH) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export class LutApp {
  readonly ioc: LutModel;
  readonly tableFile: string;
  private readonly log: Logger;
  private readonly pvs: LutPvFactory;
  private readonly pvCache = new Map<string, LutPv>();
  private readonly status: StatusBoard;
  private readonly subscriptions: Subscription[] = [];
  private readonly edits$ = new Subject<void>();

  /** The table in use (structurally valid); the records show it unless a client is editing. */
  private current: LutTable = EMPTY_TABLE;
  /** The curve in use: the last successful fit (kept when a new table or fit cannot be fitted). */
  private interp: Interpolator | undefined;
  /** The last input value, while the input is connected and numeric. */
  private x: number | undefined;
  private targetConnected = false;
  /** The last value written to the target, to write only changes. */
  private lastWritten: number | undefined;
  private readonly writer: TargetWriter;
  private readonly saver: TableSaver;
  private editsPending = false;
  /** The put-callbacks of the table-edit writes not yet applied. */
  private readonly editWaiters: (() => void)[] = [];
  private countEdited = false;
  /** The file was refused at load: automatic saves would overwrite it, so they wait. */
  private fileRefused = false;
  private commands: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: LutAppOptions) {
    this.tableFile = options.tableFile;
    this.log = options.logger ?? getLogger(`lut.${options.device}`);
    this.ioc = new LutModel(options.device, {
      runtime: options.runtime,
      callbacks: this.callbacks(),
      // The application sets its own records at start and when it changes them; callbacks
      // are for what clients (and links) do.
      skipInitial: true,
      ignoreOwnWrites: true,
      logger: this.log,
    });
    this.pvs = options.pvs ?? ((name) => this.ioc.pv(name));
    this.status = new StatusBoard((view, cause, text) => this.show(view, cause, text));
    this.writer = new TargetWriter(
      ({ name, value }) => this.pv(name).put(value),
      (outcome) => {
        if (outcome.ok) return this.status.clear('target');
        this.lastWritten = undefined;
        this.status.raise('target', LutStatus.TARGET_ERROR, `cannot write ${outcome.value} to ${outcome.name}: ${errorText(outcome.error)}`);
      },
    );
    this.saver = new TableSaver({
      write: () => this.writeFile(),
      // Only a refused file holds saves back: one requested before shutdown still runs.
      held: () => this.fileRefused,
      onOutcome: (outcome) => {
        if (outcome.ok) {
          this.fileRefused = false;
          this.status.clear('file');
        } else this.status.raise('file', LutStatus.FILE_ERROR, `${errorText(outcome.error)}: the changes are not saved`);
      },
      onSlow: (limit) =>
        this.status.raise('file', LutStatus.FILE_ERROR, `cannot save ${this.tableFile}: no answer from the file system after ${limit / 1000} s; still trying`),
      timeoutMs: options.saveTimeoutMs,
      scheduler: options.scheduler,
    });
  }

  // ---------------------------------------------------------------- life cycle

  /**
   * Loads the table file, starts the records (served over CA when this resolves), applies
   * the settings and follows the input. A file that cannot be used does not stop the IOC:
   * it starts with an empty table and reports FILE ERROR.
   */
  async start(): Promise<void> {
    let loaded: LutFileData | undefined;
    let refusal: string | undefined;
    for (const tmp of await removeStaleTemporaries(this.tableFile)) this.log.info(`removed ${tmp}, left by a save that was interrupted`);
    try {
      loaded = await readTableFile(this.tableFile);
    } catch (err) {
      refusal = errorText(err);
    }
    await this.ioc.start();
    const o = this.options;
    const given = givenSettings({ input: o.input, target: o.target, readback: o.readback, fit: o.fit, degree: o.degree, range: o.range, enable: o.enable });
    await writeSettings(this.ioc, { ...DEFAULT_SETTINGS, ...(loaded ? givenSettings(loaded) : {}), ...given });
    await this.ioc.file.put(fitMessage(this.tableFile));
    this.setTable(loaded?.table ?? EMPTY_TABLE);
    this.refit();

    if (refusal !== undefined) {
      this.refuseFile(refusal, 'starting with an empty table');
    } else {
      const enable = this.ioc.enable.get() === 1 ? '' : '; enable OFF: the target is not written';
      this.status.info(
        loaded
          ? `started with ${this.current.x.length} points from ${this.tableFile}${enable}`
          : `started with an empty table in a new file, ${this.tableFile}${enable}`,
      );
      // Creates a missing file at once (so a path that cannot be written is reported now), and
      // records settings given on the command line; an unchanged file is left alone.
      this.requestSave();
    }

    this.followInput();
    this.followTarget();
    this.subscriptions.push(
      this.edits$.pipe(debounceTime(this.options.editSettleMs ?? 200, this.options.scheduler ?? asyncScheduler)).subscribe(() => this.applyEdits()),
    );

    const readback = this.ioc.readback.get().trim();
    this.log.important(
      `LUT ${this.options.device}: ${this.ioc.recordHandles().length} records` +
        (this.ioc.runtime.server ? ` on CA port ${this.ioc.runtime.tcpPort}` : '') +
        `; follows input ${this.ioc.input.get().trim() || '(none)'} → target ${this.ioc.target.get().trim() || '(none)'}` +
        `${readback ? `, readback ${readback}` : ''}; ${this.describeTable()}; table file ${this.tableFile}`,
    );
  }

  /** Stops following, finishes commands and saves in progress, removes the records. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    this.edits$.complete();
    this.writer.close();
    this.releaseEditWaiters();
    const limit = this.options.shutdownTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), limit);
    });
    const outcome = await Promise.race([this.settled().then(() => 'settled' as const), expired]);
    clearTimeout(timer);
    if (outcome === 'expired') this.log.error(`shutdown: a save or command did not finish within ${limit} ms (the file system does not answer?); stopping without it`);
    this.saver.unsubscribe();
    await this.ioc.shutdown();
  }

  /** Resolves when the commands and saves asked for so far, and those they led to, are done. */
  async settled(): Promise<void> {
    for (;;) {
      const commands = this.commands;
      await commands;
      await this.saver.idle();
      if (commands === this.commands) return;
    }
  }

  /** The table in use. */
  get table(): LutTable {
    return this.current;
  }

  /** The curve in use, if any. */
  get interpolator(): Interpolator | undefined {
    return this.interp;
  }

  /** The problems standing now, oldest first (status shows the most serious, see StatusBoard). */
  get problems(): readonly (StatusView & { source: ProblemSource })[] {
    return this.status.standing;
  }

  // ---------------------------------------------------------------- callbacks (clients)

  /**
   * The model's callbacks, as `do_<record>` methods of one object: a setting's (from the
   * settings table), a table edit's and a command's.
   */
  private callbacks(): Record<string, (record: unknown, value: number) => unknown> {
    const out: Record<string, (record: unknown, value: number) => unknown> = {};
    for (const name of SETTING_NAMES) out[`do_${name}`] = (_record, value) => this.settingChanged(SETTINGS[name].effect, value);
    // A table-edit write's put-callback completes once the edit it is part of has been applied
    // (or refused): a client that waits for it can then read status, output and the target.
    out.do_xtable = () => this.editWritten(false);
    out.do_ytable = () => this.editWritten(false);
    out.do_count = () => this.editWritten(true);
    const command = (run: () => Promise<void>, button: () => RecordHandle<number, number | boolean | string>) => (_record: unknown, value: number) =>
      value === 1 ? this.command(run, button()) : Promise.resolve();
    out.do_new = command(() => this.addPoint(), () => this.ioc.new);
    out.do_null = command(() => this.nullOffset(), () => this.ioc.null);
    out.do_save = command(() => this.saveCommand(), () => this.ioc.save);
    out.do_load = command(() => this.loadCommand(), () => this.ioc.load);
    return out;
  }

  /** A client changed a setting: what it sets off, then a save. */
  private settingChanged(effect: (typeof SETTINGS)[keyof typeof SETTINGS]['effect'], value: number): void {
    if (effect === 'refit') return this.refitAndWrite();
    if (effect === 'recompute') this.recompute();
    if (effect === 'enable') {
      if (value === 1) {
        this.lastWritten = undefined;
        this.status.info(`enable ON: writing ${this.ioc.target.get().trim() || '(no target)'}`);
        this.recompute();
      } else {
        this.status.info('enable OFF: the output is computed, the target is not written');
      }
    }
    this.requestSave();
  }

  private editWritten(count: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.editsPending = true;
    if (count) this.countEdited = true;
    const applied = new Promise<void>((resolve) => this.editWaiters.push(resolve));
    this.edits$.next();
    return applied;
  }

  private releaseEditWaiters(): void {
    for (const resolve of this.editWaiters.splice(0)) resolve();
  }

  // ---------------------------------------------------------------- the input and the target

  private pv(name: string): LutPv {
    let pv = this.pvCache.get(name);
    if (pv === undefined) {
      pv = this.pvs(name);
      this.pvCache.set(name, pv);
    }
    return pv;
  }

  private followInput(): void {
    const events = this.ioc.input.value$.pipe(
      map((name) => name.trim()),
      distinctUntilChanged(),
      switchMap((name) => {
        if (name === '') return of<InputEvent>({ kind: 'unset' });
        const pv = this.pv(name);
        return concat(
          of<InputEvent>({ kind: 'waiting', name }),
          merge(
            // Not connected before the first connection is the 'waiting' above; after it, a loss.
            pv.connected$.pipe(
              skipWhile((connected) => !connected),
              filter((connected) => !connected),
              map((): InputEvent => ({ kind: 'disconnected', name })),
            ),
            pv.value$.pipe(map((value): InputEvent => ({ kind: 'value', name, value }))),
          ),
        );
      }),
    );
    this.subscriptions.push(events.subscribe((e) => this.onInput(e)));
  }

  private onInput(e: InputEvent): void {
    if (e.kind !== 'value') {
      this.x = undefined;
      const why = e.kind === 'unset' ? 'no input PV: set the input record' : e.kind === 'waiting' ? `waiting for input ${e.name} to connect` : `input ${e.name} disconnected`;
      this.status.raise('input', LutStatus.NO_INPUT, why, e.kind === 'waiting');
      return;
    }
    const x = numericValue(e.value);
    if (Number.isNaN(x)) {
      this.x = undefined;
      this.status.raise('input', LutStatus.NO_INPUT, `input ${e.name} = ${JSON.stringify(String(e.value))} is not a number`);
      return;
    }
    this.x = x;
    this.status.clear('input');
    this.recompute();
  }

  private followTarget(): void {
    const states = this.ioc.target.value$.pipe(
      map((name) => name.trim()),
      distinctUntilChanged(),
      switchMap((name) =>
        name === ''
          ? of({ name, connected: false, before: false })
          : this.pv(name).connected$.pipe(
              // `before`: whether this target has been connected (a loss, not a wait).
              scan((s, connected) => ({ name, connected, before: s.before || s.connected }), { name, connected: false, before: false }),
            ),
      ),
    );
    this.subscriptions.push(
      states.subscribe(({ name, connected, before }) => {
        // A new or reconnected target gets the current output (it may have restarted).
        this.lastWritten = undefined;
        this.targetConnected = connected;
        if (connected) {
          this.status.clear('target');
          this.recompute();
        } else if (name === '') {
          this.status.raise('target', LutStatus.TARGET_ERROR, 'no target PV: set the target record');
        } else {
          this.status.raise('target', LutStatus.TARGET_ERROR, before ? `target ${name} disconnected` : `waiting for target ${name} to connect`, !before);
        }
      }),
    );
  }

  /** y for the current input, to `output` and (enabled, changed) to the target. */
  private recompute(): void {
    const x = this.x;
    const f = this.interp;
    if (x === undefined || f === undefined || this.stopped) return;
    const xoff = this.ioc.xoff.get();
    const yoff = this.ioc.yoff.get();
    const at = x + xoff;
    let y: number;
    try {
      y = f.evaluate(at) + yoff;
    } catch (err) {
      if (!(err instanceof InterpolationRangeError)) throw err;
      this.status.raise('range', LutStatus.OUT_OF_RANGE, `x + xoff = ${at} is outside the table [${f.xmin}, ${f.xmax}] (range REFUSE): the target is not written`);
      return;
    }
    if (!Number.isFinite(y)) {
      const range = RANGE_CHOICES[this.ioc.range.get()] ?? '';
      this.status.raise('range', LutStatus.OUT_OF_RANGE, `f(x + xoff) + yoff is ${y} at x + xoff = ${at} (${this.describeCurve(f)}, range ${range}): the target is not written`);
      return;
    }
    this.status.clear('range');
    void this.ioc.output.put(y);
    if (this.log.isDebugEnabled()) this.log.debug(`x = ${x} → y = ${y}`);
    if (this.ioc.enable.get() === 1 && this.targetConnected && !Object.is(y, this.lastWritten)) {
      this.lastWritten = y;
      this.write(this.ioc.target.get().trim(), y);
    }
  }

  /** Writes the target; while a put is on its way only the newest value waits for it. */
  private write(name: string, value: number): void {
    this.writer.write(name, value);
  }

  // ---------------------------------------------------------------- table and fit

  private describeCurve(f: Interpolator): string {
    const fit = f.fit === FitType.POLY ? `POLY of degree ${f.degree}` : fitTypeName(f.fit);
    return `${fit} on ${f.x.length} point${f.x.length === 1 ? '' : 's'}`;
  }

  private describeTable(): string {
    const n = this.current.x.length;
    return `${n} point${n === 1 ? '' : 's'}, ${this.interp ? this.describeCurve(this.interp) : 'no curve'}`;
  }

  /** Shows a table in the records and makes it the one in use (not yet fitted). */
  private setTable(table: LutTable): void {
    this.current = table;
    this.editsPending = false;
    this.countEdited = false;
    void this.ioc.xtable.put(Float64Array.from(table.x));
    void this.ioc.ytable.put(Float64Array.from(table.y));
    void this.ioc.count.put(table.x.length);
    this.status.clear('edit');
  }

  /**
   * Fits the table in use with the fit, degree and range of the records. If it cannot be
   * fitted, the previous curve stays in use and TABLE ERROR says why.
   */
  private refit(): boolean {
    const fit = this.ioc.fit.get() as FitType;
    const range = RANGE_MODES[this.ioc.range.get()] ?? 'clamp';
    try {
      const f = createInterpolator(this.current, fit, { degree: this.ioc.degree.get(), outOfRange: range });
      this.interp = f;
      // The display curve: the table's own range, where every out-of-range mode agrees.
      const fine = resample(f);
      void this.ioc.xfine.put(fine.x);
      void this.ioc.yfine.put(fine.y);
      this.status.clear('fit');
      if (f.warnings.length > 0) this.log.warn(`${this.describeCurve(f)}: ${f.warnings.join('; ')}`);
      return true;
    } catch (err) {
      if (!isInterpolationError(err)) throw err;
      const what = this.current.x.length === 0 ? 'the table is empty: add points with new, or write xtable, ytable and count' : err.message;
      const keep = this.interp ? `still using the previous curve (${this.describeCurve(this.interp)})` : 'no curve, the target is not written';
      this.status.raise('fit', LutStatus.TABLE_ERROR, `${what}; ${keep}`);
      return false;
    }
  }

  private refitAndWrite(): void {
    if (this.refit()) this.status.info(`fit: ${this.describeTable()}`);
    this.recompute();
    this.requestSave();
  }

  /** A client's edit of xtable/ytable/count, once it has settled; then their put-callbacks complete. */
  private applyEdits(): void {
    try {
      this.applyEditsNow();
    } finally {
      this.releaseEditWaiters();
    }
  }

  private applyEditsNow(): void {
    if (!this.editsPending || this.stopped) return;
    const countEdited = this.countEdited;
    this.editsPending = false;
    this.countEdited = false;
    const xs = this.ioc.xtable.get();
    const ys = this.ioc.ytable.get();
    const refuse = (why: string): void => {
      this.status.raise(
        'edit',
        LutStatus.TABLE_ERROR,
        `table edit refused: ${why}; still using the previous table of ${this.current.x.length} points`,
      );
    };
    let n: number;
    if (countEdited) n = this.ioc.count.get();
    else if (xs.length === ys.length) n = xs.length;
    else return refuse(`xtable has ${xs.length} values and ytable ${ys.length}: write both with as many values, or set count`);
    if (n > xs.length || n > ys.length) return refuse(`count is ${n} but xtable has ${xs.length} values and ytable ${ys.length}`);
    let table: LutTable;
    try {
      table = checkTable(xs.subarray(0, n), ys.subarray(0, n), (i, axis) => `${axis}table[${i}]`);
    } catch (err) {
      if (!(err instanceof TableStructureError)) throw err;
      return refuse(err.message);
    }
    const changed = !tablesEqual(table, this.current);
    this.setTable(table);
    if (!changed) return;
    if (this.refit()) this.status.info(`table edited: ${this.describeTable()}`);
    this.recompute();
    this.requestSave();
  }

  // ---------------------------------------------------------------- commands

  /**
   * Runs a command after the previous ones, then returns its button to 0; a failure is shown
   * until a command succeeds.
   */
  private command(run: () => Promise<void>, button: RecordHandle<number, number | boolean | string>): Promise<void> {
    const next = this.commands.then(async () => {
      try {
        if (this.stopped) return;
        await run();
        this.status.clear('command');
      } catch (err) {
        if (!(err instanceof CommandError)) throw err;
        this.status.raise('command', err.status, err.message);
      } finally {
        if (button.isLive) await button.put(0);
      }
    });
    this.commands = next.catch((err: unknown) => this.log.error(`command failed: ${(err as Error)?.stack ?? String(err)}`));
    return next;
  }

  private inputValue(what: string): number {
    if (this.x !== undefined) return this.x;
    const name = this.ioc.input.get().trim();
    throw new CommandError(LutStatus.NO_INPUT, `${what}: no input value (${name ? `input ${name} not connected or not a number` : 'no input PV set'})`);
  }

  /** The readback PV (the target's own value unless a readback PV is set), as a number. */
  private async readback(what: string): Promise<{ name: string; value: number }> {
    const name = this.ioc.readback.get().trim() || this.ioc.target.get().trim();
    if (name === '') throw new CommandError(LutStatus.TARGET_ERROR, `${what}: no target PV set`);
    let raw: unknown;
    try {
      raw = await this.pv(name).get();
    } catch (err) {
      throw new CommandError(LutStatus.TARGET_ERROR, `${what}: cannot read ${name}: ${errorText(err)}`);
    }
    const value = numericValue(raw);
    if (!Number.isFinite(value)) throw new CommandError(LutStatus.TARGET_ERROR, `${what}: ${name} = ${String(raw)} is not a number`);
    return { name, value };
  }

  /**
   * `new`: the point that makes the output at the current input equal to the readback:
   * (x + xoff, readback − yoff), replacing a point at the same x. With zero offsets that is
   * simply (x, readback).
   */
  private async addPoint(): Promise<void> {
    const x = this.inputValue('new');
    const rb = await this.readback('new');
    const px = x + this.ioc.xoff.get();
    const py = rb.value - this.ioc.yoff.get();
    let added: ReturnType<typeof withPoint>;
    try {
      added = withPoint(this.current, px, py);
    } catch (err) {
      if (!(err instanceof TableStructureError)) throw err;
      throw new CommandError(LutStatus.TABLE_ERROR, `new: ${err.message}`);
    }
    this.setTable(added.table);
    this.refit();
    this.status.info(
      `new: ${added.replaced ? 'replaced' : 'added'} the point x = ${px}, y = ${py} (${rb.name} = ${rb.value}); ${this.describeTable()}`,
    );
    this.recompute();
    this.requestSave();
  }

  /** `null`: yoff such that f(x + xoff) + yoff equals the readback now. */
  private async nullOffset(): Promise<void> {
    const x = this.inputValue('null');
    if (this.interp === undefined) throw new CommandError(LutStatus.TABLE_ERROR, 'null: no curve yet (the table cannot be fitted)');
    const rb = await this.readback('null');
    const f = this.interp;
    const at = x + this.ioc.xoff.get();
    let fx: number;
    try {
      fx = f.evaluate(at);
    } catch (err) {
      if (!(err instanceof InterpolationRangeError)) throw err;
      throw new CommandError(LutStatus.OUT_OF_RANGE, `null: x + xoff = ${at} is outside the table [${f.xmin}, ${f.xmax}] (range REFUSE)`);
    }
    if (!Number.isFinite(fx)) throw new CommandError(LutStatus.OUT_OF_RANGE, `null: f(${at}) is ${fx}; yoff is unchanged`);
    const yoff = rb.value - fx;
    await this.ioc.yoff.put(yoff);
    this.status.info(`null: yoff = ${yoff}, so that the output equals ${rb.name} = ${rb.value} at x = ${x}`);
    this.recompute();
    this.requestSave();
  }

  private async saveCommand(): Promise<void> {
    if (await this.saver.saveNow()) this.status.info(`saved ${this.current.x.length} points to ${this.tableFile}`);
  }

  /** `load`: the file replaces table and settings, or is refused and nothing changes. */
  private async loadCommand(): Promise<void> {
    await this.saver.idle();
    let data: LutFileData | undefined;
    try {
      data = await readTableFile(this.tableFile);
    } catch (err) {
      this.refuseFile(errorText(err), `keeping the current table of ${this.current.x.length} points`);
      return;
    }
    if (data === undefined) {
      this.status.raise('file', LutStatus.FILE_ERROR, `load: ${this.tableFile} does not exist; keeping the current table of ${this.current.x.length} points`);
      return;
    }
    await writeSettings(this.ioc, data);
    this.setTable(data.table);
    this.refit();
    this.fileRefused = false;
    this.status.clear('file');
    this.status.info(`loaded ${data.table.x.length} points from ${this.tableFile}; ${this.describeTable()}`);
    this.lastWritten = undefined;
    this.recompute();
  }

  private refuseFile(reason: string, keeping: string): void {
    this.fileRefused = true;
    this.status.raise(
      'file',
      LutStatus.FILE_ERROR,
      `refused: ${reason}; ${keeping}. Automatic saves wait until the file loads (load) or is overwritten (save)`,
    );
  }

  // ---------------------------------------------------------------- saving

  /** What the file holds: the settings of the records and the table in use. */
  snapshot(): LutFileData {
    return { ...readSettings(this.ioc), table: this.current };
  }

  /** Saves soon (after a save in progress), once for any number of requests meanwhile. */
  private requestSave(): void {
    if (!this.stopped) this.saver.request();
  }

  /** One write of the file, with the newest state. */
  private async writeFile(): Promise<void> {
    const result = await writeTableFile(this.tableFile, this.snapshot(), { device: this.options.device });
    if (result.written) this.log.info(`saved ${this.tableFile}${result.backup ? ` (previous version: ${result.backup})` : ''}`);
  }

  // ---------------------------------------------------------------- status and message

  private show(view: StatusView, cause: 'problem' | 'waiting' | 'clear' | 'info', text: string): void {
    if (cause === 'problem') this.log.warn(text);
    else if (cause === 'info' || cause === 'waiting') this.log.info(text);
    if (!this.ioc.isStarted) return;
    const message = fitMessage(view.message);
    // The message first: a client that sees status change then reads message gets the right one.
    if (this.ioc.message.get() !== message) void this.ioc.message.put(message);
    if (this.ioc.status.get() !== view.status) void this.ioc.status.put(view.status);
  }
}
