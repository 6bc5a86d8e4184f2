/**
 * The LUT's own table file: read at start (temporaries of an interrupted save removed), saved
 * after every change through TableSaver (atomic, coalesced), and refused as a whole when it
 * cannot be used, which holds automatic saves back until it loads or is overwritten by `save`.
 */
import type { Logger } from '@devioc/core';
import type { SchedulerLike } from 'rxjs';
import { LutStatus } from '../model/lut-model.js';
import type { LutFileData } from '../table-file/format.js';
import { readTableFile, removeStaleTemporaries, writeTableFile } from '../table-file/store.js';
import { errorText } from './message.js';
import type { StatusBoard } from './status.js';
import { TableSaver } from './table-saver.js';

export interface LutFileOptions {
  path: string;
  /** Named in the file's header. */
  device: string;
  /** What to save: the newest state, taken when a save starts. */
  snapshot: () => LutFileData;
  status: StatusBoard;
  log: Logger;
  saveTimeoutMs?: number;
  scheduler?: SchedulerLike;
}

export class LutFile {
  readonly path: string;
  readonly #saver: TableSaver;
  /** The file was refused at load: automatic saves would overwrite it, so they wait. */
  #refused = false;
  #closed = false;

  constructor(private readonly o: LutFileOptions) {
    this.path = o.path;
    const status = o.status;
    this.#saver = new TableSaver({
      write: () => this.#write(),
      // Only a refused file holds saves back: one requested before shutdown still runs.
      held: () => this.#refused,
      onOutcome: (outcome) => {
        if (!outcome.ok) return status.raise('file', LutStatus.FILE_ERROR, `${errorText(outcome.error)}: the changes are not saved`);
        this.#refused = false;
        status.clear('file');
      },
      onSlow: (limit) => status.raise('file', LutStatus.FILE_ERROR, `cannot save ${o.path}: no answer from the file system after ${limit / 1000} s; still trying`),
      timeoutMs: o.saveTimeoutMs,
      scheduler: o.scheduler,
    });
  }

  /** The file's contents at start: undefined if there is no file yet; `refusal` if it cannot be used. */
  async open(): Promise<{ loaded?: LutFileData; refusal?: string }> {
    for (const tmp of await removeStaleTemporaries(this.path)) this.o.log.info(`removed ${tmp}, left by a save that was interrupted`);
    try {
      return { loaded: await readTableFile(this.path) };
    } catch (err) {
      return { refusal: errorText(err) };
    }
  }

  /** The file cannot be used: FILE ERROR, and automatic saves wait. */
  refuse(reason: string, keeping: string): void {
    this.#refused = true;
    this.o.status.raise('file', LutStatus.FILE_ERROR, `refused: ${reason}; ${keeping}. Automatic saves wait until the file loads (load) or is overwritten (save)`);
  }

  /** The file was loaded: automatic saves resume. */
  accept(): void {
    this.#refused = false;
    this.o.status.clear('file');
  }

  /** Saves soon (after a save in progress), once for any number of requests meanwhile. */
  requestSave(): void {
    if (!this.#closed) this.#saver.request();
  }

  /** The save command: after the saves in progress; whether it was written. */
  saveNow(): Promise<boolean> {
    return this.#saver.saveNow();
  }

  /** Resolves when no save is running or waiting. */
  idle(): Promise<void> {
    return this.#saver.idle();
  }

  /** Takes no more save requests (those already made still run; idle() says when). */
  close(): void {
    this.#closed = true;
  }

  /** Stops at once, even a save in progress. */
  unsubscribe(): void {
    this.#saver.unsubscribe();
  }

  /** One write of the file, with the newest state. */
  async #write(): Promise<void> {
    const result = await writeTableFile(this.path, this.o.snapshot(), { device: this.o.device });
    if (result.written) this.o.log.info(`saved ${this.path}${result.backup ? ` (previous version: ${result.backup})` : ''}`);
  }
}
