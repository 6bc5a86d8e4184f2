/**
 * The LUT's commands (new, null, save, load) and the queue they run in: one at a time, in the
 * order asked (they read the readback or the file), each returning its button to 0, a failure
 * shown until a command succeeds. The commands see the application through CommandContext.
 */
import type { Logger } from '@devioc/core';
import { InterpolationRangeError } from '../interpolation/errors.js';
import type { Interpolator } from '../interpolation/interpolator.js';
import { type LutModel, LutStatus } from '../model/lut-model.js';
import type { LutFileData } from '../table-file/format.js';
import { readTableFile } from '../table-file/store.js';
import type { LutTable } from '../table/points.js';
import { describeTable } from './fit.js';
import type { LutFile } from './lut-file.js';
import { errorText } from './message.js';
import { type LutPv, numericValue } from './pv.js';
import { writeSettings } from './settings.js';
import type { StatusBoard } from './status.js';
import { withNewPoint } from './table-editor.js';

/** A failed command: what status to show and why. */
export class CommandError extends Error {
  constructor(
    readonly status: LutStatus,
    message: string,
  ) {
    super(message);
  }
}

/** A command's button record (a Toggle), returned to 0 when the command is done. */
export interface CommandButton {
  readonly isLive: boolean;
  put(value: number): Promise<unknown>;
}

export class CommandQueue {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly status: StatusBoard,
    private readonly log: Logger,
    /** Whether the application has stopped: a command not started yet then does nothing. */
    private readonly stopped: () => boolean,
  ) {}

  /** Settles when the commands asked for so far are done (they never reject). */
  get tail(): Promise<unknown> {
    return this.#tail;
  }

  /**
   * Runs a command after the previous ones, then returns its button to 0; a failure is shown
   * until a command succeeds.
   */
  run(command: () => Promise<void>, button: CommandButton): Promise<void> {
    const next = this.#tail.then(async () => {
      try {
        if (this.stopped()) return;
        await command();
        this.status.clear('command');
      } catch (err) {
        if (!(err instanceof CommandError)) throw err;
        this.status.raise('command', err.status, err.message);
      } finally {
        if (button.isLive) await button.put(0);
      }
    });
    this.#tail = next.catch((err: unknown) => this.log.error(`command failed: ${(err as Error)?.stack ?? String(err)}`));
    return next;
  }
}

/** What the commands read and change of the application. */
export interface CommandContext {
  readonly ioc: LutModel;
  readonly status: StatusBoard;
  readonly file: Pick<LutFile, 'path' | 'saveNow' | 'idle' | 'refuse' | 'accept' | 'requestSave'>;
  /** The input's value, if connected and numeric. */
  input(): number | undefined;
  table(): LutTable;
  curve(): Interpolator | undefined;
  pv(name: string): Pick<LutPv, 'get'>;
  /** Shows the table in the records and fits it. */
  useTable(table: LutTable): void;
  recompute(): void;
  /** The next output is written to the target even if unchanged. */
  forgetWritten(): void;
}

export const COMMAND_NAMES = ['new', 'null', 'save', 'load'] as const;
export type LutCommands = Record<(typeof COMMAND_NAMES)[number], () => Promise<void>>;

export function lutCommands(c: CommandContext): LutCommands {
  const { ioc, status, file } = c;
  const tableFile = file.path;

  const inputValue = (what: string): number => {
    const x = c.input();
    if (x !== undefined) return x;
    const name = ioc.input.get().trim();
    throw new CommandError(LutStatus.NO_INPUT, `${what}: no input value (${name ? `input ${name} not connected or not a number` : 'no input PV set'})`);
  };

  /** The readback PV (the target's own value unless a readback PV is set), as a number. */
  const readback = async (what: string): Promise<{ name: string; value: number }> => {
    const name = ioc.readback.get().trim() || ioc.target.get().trim();
    if (name === '') throw new CommandError(LutStatus.TARGET_ERROR, `${what}: no target PV set`);
    let raw: unknown;
    try {
      raw = await c.pv(name).get();
    } catch (err) {
      throw new CommandError(LutStatus.TARGET_ERROR, `${what}: cannot read ${name}: ${errorText(err)}`);
    }
    const value = numericValue(raw);
    if (!Number.isFinite(value)) throw new CommandError(LutStatus.TARGET_ERROR, `${what}: ${name} = ${String(raw)} is not a number`);
    return { name, value };
  };

  return {
    /**
     * `new`: the point that makes the output at the current input equal to the readback:
     * (x + xoff, readback − yoff), replacing a point at the same x. With zero offsets that is
     * simply (x, readback).
     */
    async new() {
      const x = inputValue('new');
      const rb = await readback('new');
      const px = x + ioc.xoff.get();
      const py = rb.value - ioc.yoff.get();
      const added = withNewPoint(c.table(), px, py);
      if (!added.ok) throw new CommandError(LutStatus.TABLE_ERROR, `new: ${added.why}`);
      c.useTable(added.table);
      status.info(
        `new: ${added.replaced ? 'replaced' : 'added'} the point x = ${px}, y = ${py} (${rb.name} = ${rb.value}); ${describeTable(c.table(), c.curve())}`,
      );
      c.recompute();
      file.requestSave();
    },

    /** `null`: yoff such that f(x + xoff) + yoff equals the readback now. */
    async null() {
      const x = inputValue('null');
      const before = c.curve();
      if (before === undefined) throw new CommandError(LutStatus.TABLE_ERROR, 'null: no curve yet (the table cannot be fitted)');
      const rb = await readback('null');
      const f = c.curve() ?? before;
      const at = x + ioc.xoff.get();
      let fx: number;
      try {
        fx = f.evaluate(at);
      } catch (err) {
        if (!(err instanceof InterpolationRangeError)) throw err;
        throw new CommandError(LutStatus.OUT_OF_RANGE, `null: x + xoff = ${at} is outside the table [${f.xmin}, ${f.xmax}] (range REFUSE)`);
      }
      if (!Number.isFinite(fx)) throw new CommandError(LutStatus.OUT_OF_RANGE, `null: f(${at}) is ${fx}; yoff is unchanged`);
      const yoff = rb.value - fx;
      await ioc.yoff.put(yoff);
      status.info(`null: yoff = ${yoff}, so that the output equals ${rb.name} = ${rb.value} at x = ${x}`);
      c.recompute();
      file.requestSave();
    },

    async save() {
      if (await file.saveNow()) status.info(`saved ${c.table().x.length} points to ${tableFile}`);
    },

    /** `load`: the file replaces table and settings, or is refused and nothing changes. */
    async load() {
      await file.idle();
      let data: LutFileData | undefined;
      try {
        data = await readTableFile(tableFile);
      } catch (err) {
        file.refuse(errorText(err), `keeping the current table of ${c.table().x.length} points`);
        return;
      }
      if (data === undefined) {
        status.raise('file', LutStatus.FILE_ERROR, `load: ${tableFile} does not exist; keeping the current table of ${c.table().x.length} points`);
        return;
      }
      await writeSettings(ioc, data);
      c.useTable(data.table);
      file.accept();
      status.info(`loaded ${data.table.x.length} points from ${tableFile}; ${describeTable(c.table(), c.curve())}`);
      c.forgetWritten();
      c.recompute();
    },
  };
}
