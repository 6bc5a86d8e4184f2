/** What a LutApp is given: the command line's settings and what tests and embedders replace. */
import type { Logger, Runtime } from '@devioc/core';
import type { SchedulerLike } from 'rxjs';
import type { FitType } from '../interpolation/fit-types.js';
import type { OutOfRangeMode } from '../interpolation/out-of-range.js';
import type { LutPvFactory } from './pv.js';

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
