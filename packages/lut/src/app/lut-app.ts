/**
 * The LUT IOC: follows the input PV, writes y = f(x + xoff) + yoff to the target, keeps the
 * table, the fit, the fine curve, the file and status/message in step. This file only wires
 * the parts beside it, each with one job: the input and target followed by name (follow.ts),
 * the output and the target writes (output.ts, target-writer.ts), the fit (fit.ts), clients'
 * table edits (table-editor.ts), the commands and their queue (commands.ts), the table file's
 * coalesced saves (table-saver.ts), the settings as one table (settings.ts) and what status
 * shows (status.ts, message.ts).
 */
import { getLogger, type Logger } from '@devioc/core';
import { asyncScheduler, type Subscription } from 'rxjs';
import type { FitType } from '../interpolation/fit-types.js';
import type { Interpolator } from '../interpolation/interpolator.js';
import { LutModel, LutStatus, RANGE_MODES } from '../model/lut-model.js';
import type { LutFileData } from '../table-file/format.js';
import { readTableFile, removeStaleTemporaries, writeTableFile } from '../table-file/store.js';
import { EMPTY_TABLE, type LutTable, tablesEqual } from '../table/points.js';
import { COMMAND_NAMES, CommandQueue, type LutCommands, lutCommands } from './commands.js';
import { describeCurve, describeTable, fitTable } from './fit.js';
import { inputEvents, targetStates } from './follow.js';
import { errorText, fitMessage, showStatus } from './message.js';
import type { LutAppOptions } from './options.js';
import { Output } from './output.js';
import { cachedPvs, type LutPvFactory } from './pv.js';
import { DEFAULT_SETTINGS, givenSettings, readSettings, SETTING_NAMES, SETTINGS, type SettingEffect, writeSettings } from './settings.js';
import { type ProblemSource, StatusBoard, type StatusView } from './status.js';
import { editedTable, TableEdits } from './table-editor.js';
import { TableSaver } from './table-saver.js';

export type { LutAppOptions } from './options.js';

type Callback = (record: unknown, value: number) => unknown;

export class LutApp {
  readonly ioc: LutModel;
  readonly tableFile: string;
  private readonly log: Logger;
  private readonly pv: LutPvFactory;
  private readonly status: StatusBoard;
  private readonly output: Output;
  private readonly saver: TableSaver;
  private readonly edits: TableEdits;
  private readonly queue: CommandQueue;
  private readonly commands: LutCommands;
  private readonly subscriptions: Subscription[] = [];
  /** The table in use (structurally valid); the records show it unless a client is editing. */
  private current: LutTable = EMPTY_TABLE;
  /** The curve in use: the last successful fit (kept when a new table or fit cannot be fitted). */
  private interp: Interpolator | undefined;
  /** The file was refused at load: automatic saves would overwrite it, so they wait. */
  private fileRefused = false;
  private stopped = false;

  constructor(private readonly options: LutAppOptions) {
    this.tableFile = options.tableFile;
    const log = (this.log = options.logger ?? getLogger(`lut.${options.device}`));
    // The application sets its own records at start and when it changes them; callbacks are for what clients (and links) do.
    this.ioc = new LutModel(options.device, { runtime: options.runtime, callbacks: this.callbacks(), skipInitial: true, ignoreOwnWrites: true, logger: log });
    this.pv = cachedPvs(options.pvs ?? ((name) => this.ioc.pv(name)));
    const status = (this.status = new StatusBoard(showStatus(this.ioc, log)));
    this.output = new Output({ ioc: this.ioc, status, log, curve: () => this.interp, pv: this.pv });
    this.saver = new TableSaver({
      write: () => this.writeFile(),
      // Only a refused file holds saves back: one requested before shutdown still runs.
      held: () => this.fileRefused,
      onOutcome: (outcome) => {
        if (!outcome.ok) return status.raise('file', LutStatus.FILE_ERROR, `${errorText(outcome.error)}: the changes are not saved`);
        this.fileRefused = false;
        status.clear('file');
      },
      onSlow: (limit) => status.raise('file', LutStatus.FILE_ERROR, `cannot save ${this.tableFile}: no answer from the file system after ${limit / 1000} s; still trying`),
      timeoutMs: options.saveTimeoutMs,
      scheduler: options.scheduler,
    });
    this.edits = new TableEdits((countEdited) => this.applyEdit(countEdited), options.editSettleMs ?? 200, options.scheduler ?? asyncScheduler);
    this.queue = new CommandQueue(status, log, () => this.stopped);
    this.commands = lutCommands({
      ioc: this.ioc, tableFile: this.tableFile, status, saver: this.saver, pv: this.pv,
      input: () => this.output.input,
      table: () => this.current,
      curve: () => this.interp,
      useTable: (table) => (this.setTable(table), this.refit()),
      recompute: () => this.output.recompute(),
      requestSave: () => this.requestSave(),
      refuseFile: (reason, keeping) => this.refuseFile(reason, keeping),
      fileAccepted: () => ((this.fileRefused = false), status.clear('file')),
      forgetWritten: () => this.output.forgetWritten(),
    });
  }

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
    this.subscriptions.push(
      inputEvents(this.ioc.input.value$, this.pv).subscribe((e) => this.output.onInput(e)),
      targetStates(this.ioc.target.value$, this.pv).subscribe((s) => this.output.onTarget(s)),
    );
    const readback = this.ioc.readback.get().trim();
    this.log.important(
      `LUT ${o.device}: ${this.ioc.recordHandles().length} records` +
        (this.ioc.runtime.server ? ` on CA port ${this.ioc.runtime.tcpPort}` : '') +
        `; follows input ${this.ioc.input.get().trim() || '(none)'} → target ${this.ioc.target.get().trim() || '(none)'}` +
        `${readback ? `, readback ${readback}` : ''}; ${describeTable(this.current, this.interp)}; table file ${this.tableFile}`,
    );
  }

  /** Stops following, finishes commands and saves in progress, removes the records. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    this.output.close();
    this.edits.close();
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
      const commands = this.queue.tail;
      await commands;
      await this.saver.idle();
      if (commands === this.queue.tail) return;
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

  /** What the file holds: the settings of the records and the table in use. */
  snapshot(): LutFileData {
    return { ...readSettings(this.ioc), table: this.current };
  }

  /** The model's callbacks, as `do_<record>` methods of one object: a setting's, a table edit's and a command's. */
  private callbacks(): Record<string, Callback> {
    const out: Record<string, Callback> = {};
    for (const name of SETTING_NAMES) out[`do_${name}`] = (_record, value) => this.settingChanged(SETTINGS[name].effect, value);
    out.do_xtable = () => this.edits.written(false);
    out.do_ytable = () => this.edits.written(false);
    out.do_count = () => this.edits.written(true);
    for (const name of COMMAND_NAMES) {
      out[`do_${name}`] = (_record, value) => (value === 1 ? this.queue.run(() => this.commands[name](), this.ioc[name]) : Promise.resolve());
    }
    return out;
  }

  /** A client changed a setting: what it sets off, then a save. */
  private settingChanged(effect: SettingEffect, value: number): void {
    if (effect === 'refit' && this.refit()) this.status.info(`fit: ${describeTable(this.current, this.interp)}`);
    if (effect === 'enable' && value === 1) {
      this.output.forgetWritten();
      this.status.info(`enable ON: writing ${this.ioc.target.get().trim() || '(no target)'}`);
    }
    if (effect === 'enable' && value !== 1) this.status.info('enable OFF: the output is computed, the target is not written');
    else if (effect !== 'save') this.output.recompute();
    this.requestSave();
  }

  /** A client's settled edit of xtable/ytable/count. */
  private applyEdit(countEdited: boolean): void {
    const edit = editedTable(this.ioc.xtable.get(), this.ioc.ytable.get(), countEdited ? this.ioc.count.get() : undefined);
    if (!edit.ok) {
      return this.status.raise('edit', LutStatus.TABLE_ERROR, `table edit refused: ${edit.why}; still using the previous table of ${this.current.x.length} points`);
    }
    const changed = !tablesEqual(edit.table, this.current);
    this.setTable(edit.table);
    if (!changed) return;
    if (this.refit()) this.status.info(`table edited: ${describeTable(this.current, this.interp)}`);
    this.output.recompute();
    this.requestSave();
  }

  /** Shows a table in the records and makes it the one in use (not yet fitted). */
  private setTable(table: LutTable): void {
    this.current = table;
    this.edits.reset();
    void this.ioc.xtable.put(Float64Array.from(table.x));
    void this.ioc.ytable.put(Float64Array.from(table.y));
    void this.ioc.count.put(table.x.length);
    this.status.clear('edit');
  }

  /** Fits the table in use with the records' fit, degree and range; if it cannot be fitted, the previous curve stays and TABLE ERROR says why. */
  private refit(): boolean {
    const range = RANGE_MODES[this.ioc.range.get()] ?? 'clamp';
    const result = fitTable(this.current, { fit: this.ioc.fit.get() as FitType, degree: this.ioc.degree.get(), range }, this.interp);
    if (!result.ok) {
      this.status.raise('fit', LutStatus.TABLE_ERROR, result.message);
      return false;
    }
    const f = (this.interp = result.curve);
    void this.ioc.xfine.put(result.fine.x);
    void this.ioc.yfine.put(result.fine.y);
    this.status.clear('fit');
    if (f.warnings.length > 0) this.log.warn(`${describeCurve(f)}: ${f.warnings.join('; ')}`);
    return true;
  }

  private refuseFile(reason: string, keeping: string): void {
    this.fileRefused = true;
    this.status.raise('file', LutStatus.FILE_ERROR, `refused: ${reason}; ${keeping}. Automatic saves wait until the file loads (load) or is overwritten (save)`);
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
}
