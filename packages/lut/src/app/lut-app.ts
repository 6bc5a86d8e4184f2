/**
 * The LUT IOC: follows the input PV, writes y = f(x + xoff) + yoff to the target, keeps the
 * table, the fit, the fine curve, the file and status/message in step. This file only wires
 * the parts beside it, each with one job: the input and target followed by name (follow.ts),
 * the output and its writes to the target (output.ts, target-writer.ts), the table and curve
 * in use (table-in-use.ts, fit.ts), clients' table edits (table-editor.ts), the commands and
 * their queue (commands.ts), the table file and its coalesced saves (lut-file.ts,
 * table-saver.ts), the settings as one table (settings.ts) and what status shows (status.ts,
 * message.ts).
 */
import { getLogger, type Logger } from '@devioc/core';
import { asyncScheduler, type Subscription } from 'rxjs';
import type { Interpolator } from '../interpolation/interpolator.js';
import { LutModel } from '../model/lut-model.js';
import type { LutFileData } from '../table-file/format.js';
import { EMPTY_TABLE, type LutTable } from '../table/points.js';
import { COMMAND_NAMES, CommandQueue, type LutCommands, lutCommands } from './commands.js';
import { inputEvents, targetStates } from './follow.js';
import { LutFile } from './lut-file.js';
import { fitMessage, showStatus } from './message.js';
import type { LutAppOptions } from './options.js';
import { Output } from './output.js';
import { cachedPvs, type LutPvFactory } from './pv.js';
import { DEFAULT_SETTINGS, givenSettings, readSettings, SETTING_NAMES, SETTINGS, type SettingEffect, writeSettings } from './settings.js';
import { type ProblemSource, StatusBoard, type StatusView } from './status.js';
import { TableEdits } from './table-editor.js';
import { TableInUse } from './table-in-use.js';

export type { LutAppOptions } from './options.js';

type Callback = (record: unknown, value: number) => unknown;

export class LutApp {
  readonly ioc: LutModel;
  readonly tableFile: string;
  private readonly log: Logger;
  private readonly pv: LutPvFactory;
  private readonly status: StatusBoard;
  private readonly inUse: TableInUse;
  private readonly output: Output;
  private readonly file: LutFile;
  private readonly edits: TableEdits;
  private readonly queue: CommandQueue;
  private readonly commands: LutCommands;
  private readonly subscriptions: Subscription[] = [];
  private stopped = false;

  constructor(private readonly options: LutAppOptions) {
    this.tableFile = options.tableFile;
    const log = (this.log = options.logger ?? getLogger(`lut.${options.device}`));
    // The application sets its own records at start and when it changes them; callbacks are for what clients (and links) do.
    const ioc = (this.ioc = new LutModel(options.device, { runtime: options.runtime, callbacks: this.callbacks(), skipInitial: true, ignoreOwnWrites: true, logger: log }));
    const pv = (this.pv = cachedPvs(options.pvs ?? ((name) => ioc.pv(name))));
    const status = (this.status = new StatusBoard(showStatus(ioc, log)));
    const inUse = (this.inUse = new TableInUse(ioc, status, log, () => this.edits.reset()));
    const output = (this.output = new Output({ ioc, status, log, curve: () => inUse.curve, pv }));
    const { device, saveTimeoutMs, scheduler } = options;
    const file = (this.file = new LutFile({ path: this.tableFile, device, snapshot: () => this.snapshot(), status, log, saveTimeoutMs, scheduler }));
    const edited = (countEdited: boolean): void => {
      if (!inUse.applyEdit(countEdited)) return;
      output.recompute();
      file.requestSave();
    };
    this.edits = new TableEdits(edited, options.editSettleMs ?? 200, scheduler ?? asyncScheduler);
    this.queue = new CommandQueue(status, log, () => this.stopped);
    this.commands = lutCommands({
      ioc,
      status,
      file,
      pv,
      input: () => output.input,
      table: () => inUse.table,
      curve: () => inUse.curve,
      useTable: (table) => {
        inUse.set(table);
        inUse.refit();
      },
      recompute: () => output.recompute(),
      forgetWritten: () => output.forgetWritten(),
    });
  }

  /**
   * Loads the table file, starts the records (served over CA when this resolves), applies
   * the settings and follows the input. A file that cannot be used does not stop the IOC:
   * it starts with an empty table and reports FILE ERROR.
   */
  async start(): Promise<void> {
    const { loaded, refusal } = await this.file.open();
    const ioc = this.ioc;
    await ioc.start();
    const o = this.options;
    const given = givenSettings({ input: o.input, target: o.target, readback: o.readback, fit: o.fit, degree: o.degree, range: o.range, enable: o.enable });
    await writeSettings(ioc, { ...DEFAULT_SETTINGS, ...(loaded ? givenSettings(loaded) : {}), ...given });
    await ioc.file.put(fitMessage(this.tableFile));
    this.inUse.set(loaded?.table ?? EMPTY_TABLE);
    this.inUse.refit();
    if (refusal !== undefined) {
      this.file.refuse(refusal, 'starting with an empty table');
    } else {
      const enable = ioc.enable.get() === 1 ? '' : '; enable OFF: the target is not written';
      this.status.info(
        loaded
          ? `started with ${this.inUse.table.x.length} points from ${this.tableFile}${enable}`
          : `started with an empty table in a new file, ${this.tableFile}${enable}`,
      );
      // Creates a missing file at once (so a path that cannot be written is reported now), and
      // records settings given on the command line; an unchanged file is left alone.
      this.file.requestSave();
    }
    this.subscriptions.push(
      inputEvents(ioc.input.value$, this.pv).subscribe((e) => this.output.onInput(e)),
      targetStates(ioc.target.value$, this.pv).subscribe((s) => this.output.onTarget(s)),
    );
    const readback = ioc.readback.get().trim();
    this.log.important(
      `LUT ${o.device}: ${ioc.recordHandles().length} records` +
        (ioc.runtime.server ? ` on CA port ${ioc.runtime.tcpPort}` : '') +
        `; follows input ${ioc.input.get().trim() || '(none)'} → target ${ioc.target.get().trim() || '(none)'}` +
        `${readback ? `, readback ${readback}` : ''}; ${this.inUse.describe()}; table file ${this.tableFile}`,
    );
  }

  /** Stops following, finishes commands and saves in progress, removes the records. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
    this.output.close();
    this.edits.close();
    this.file.close();
    const limit = this.options.shutdownTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), limit);
    });
    const outcome = await Promise.race([this.settled().then(() => 'settled' as const), expired]);
    clearTimeout(timer);
    if (outcome === 'expired') this.log.error(`shutdown: a save or command did not finish within ${limit} ms (the file system does not answer?); stopping without it`);
    this.file.unsubscribe();
    await this.ioc.shutdown();
  }

  /** Resolves when the commands and saves asked for so far, and those they led to, are done. */
  async settled(): Promise<void> {
    for (;;) {
      const commands = this.queue.tail;
      await commands;
      await this.file.idle();
      if (commands === this.queue.tail) return;
    }
  }

  /** The table in use. */
  get table(): LutTable {
    return this.inUse.table;
  }

  /** The curve in use, if any. */
  get interpolator(): Interpolator | undefined {
    return this.inUse.curve;
  }

  /** The problems standing now, oldest first (status shows the most serious, see StatusBoard). */
  get problems(): readonly (StatusView & { source: ProblemSource })[] {
    return this.status.standing;
  }

  /** What the file holds: the settings of the records and the table in use. */
  snapshot(): LutFileData {
    return { ...readSettings(this.ioc), table: this.inUse.table };
  }

  /** The model's callbacks, as `do_<record>` methods of one object: a setting's, a table edit's and a command's. */
  private callbacks(): Record<string, Callback> {
    const out: Record<string, Callback> = {};
    for (const name of SETTING_NAMES) out[`do_${name}`] = (_record, value) => this.settingChanged(SETTINGS[name].effect, value);
    // A table-edit write's put-callback completes once the edit it is part of has been applied (or refused).
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
    if (effect === 'refit' && this.inUse.refit()) this.status.info(`fit: ${this.inUse.describe()}`);
    if (effect === 'enable' && value === 1) {
      this.output.forgetWritten();
      this.status.info(`enable ON: writing ${this.ioc.target.get().trim() || '(no target)'}`);
    }
    if (effect === 'enable' && value !== 1) this.status.info('enable OFF: the output is computed, the target is not written');
    else if (effect !== 'save') this.output.recompute();
    this.file.requestSave();
  }
}
