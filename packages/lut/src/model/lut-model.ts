/**
 * The LUT IOC's records (spec section 4.1), served as `DEVICE:<name>`. The application
 * (app/lut-app.ts) gives them their behaviour; the README has the table of what each means.
 */
import { Model, models } from '@devioc/core';
import { FIT_TYPE_NAMES, FitType } from '../interpolation/fit-types.js';
import { FINE_POINTS } from '../interpolation/resample.js';
import type { OutOfRangeMode } from '../interpolation/out-of-range.js';
import { MAX_PV_NAME } from '../table-file/format.js';
import { COARSE_POINTS } from '../table/points.js';

/** The states of `status`, in order; OK is the only one without an alarm. */
export const LUT_STATUS_NAMES = ['OK', 'NO INPUT', 'OUT OF RANGE', 'TABLE ERROR', 'FILE ERROR', 'TARGET ERROR'] as const;

export const LutStatus = {
  OK: 0,
  /** No input PV set, not connected, or not a number: nothing to compute from. */
  NO_INPUT: 1,
  /** x + xoff outside the table in REFUSE mode, or the fit gives no number there. */
  OUT_OF_RANGE: 2,
  /** The table cannot be used: a refused edit, too few points for the fit, an empty table. */
  TABLE_ERROR: 3,
  /** The table file was refused at load, or a save failed. */
  FILE_ERROR: 4,
  /** The target (or the readback) cannot be reached or written; new/null failed. */
  TARGET_ERROR: 5,
} as const;
export type LutStatus = (typeof LutStatus)[keyof typeof LutStatus];

/** The choices of `range`, in the order of OUT_OF_RANGE_MODES. */
export const RANGE_CHOICES = ['CLAMP', 'EXTRAPOLATE', 'REFUSE'] as const;
export const RANGE_MODES: readonly OutOfRangeMode[] = ['clamp', 'extrapolate', 'refuse'];

/** Characters of `message` (and `file`): a char waveform, read with `caget -S`. */
export const MESSAGE_LENGTH = 256;

/**
 * Client writes the records must refuse: a state beyond the choices (mbbo VAL takes 0…15
 * whatever the states), and NaN or ±Infinity for an offset (every output would be NaN, and
 * the saved file would not load).
 */
const oneOf =
  (record: string, names: readonly string[]) =>
  (value: number): void => {
    if (!Number.isInteger(value) || value < 0 || value >= names.length) {
      throw new Error(`${record}: ${value} is none of the states (0..${names.length - 1}: ${names.join(', ')})`);
    }
  };
const finite =
  (record: string) =>
  (value: number): void => {
    if (!Number.isFinite(value)) throw new Error(`${record} must be a finite number, not ${value}`);
  };

export class LutModel extends Model {
  input = models.String({ maxLength: MAX_PV_NAME, desc: 'input PV name (x)' });
  target = models.String({ maxLength: MAX_PV_NAME, desc: 'target PV name (written with y)' });
  readback = models.String({ maxLength: MAX_PV_NAME, desc: 'readback PV for new/null; empty: target' });
  output = models.Float({ prec: 5, readOnly: true, desc: 'last computed y = f(x+xoff)+yoff' });
  xoff = models.Float({ prec: 5, desc: 'x offset, added before the lookup', validate: finite('xoff') });
  yoff = models.Float({ prec: 5, desc: 'y offset, added after the lookup', validate: finite('yoff') });
  fit = models.Enum({ choices: FIT_TYPE_NAMES, default: FitType.SPLINE3, desc: 'interpolation kind', validate: oneOf('fit', FIT_TYPE_NAMES) });
  degree = models.Integer({ minVal: 0, maxVal: COARSE_POINTS - 1, default: 3, desc: 'polynomial degree for POLY' });
  range = models.Enum({ choices: RANGE_CHOICES, default: 0, desc: 'outside the table: CLAMP/EXTRAP./REFUSE', validate: oneOf('range', RANGE_CHOICES) });
  enable = models.Enum({ choices: ['OFF', 'ON'], default: 1, desc: 'write the target', validate: oneOf('enable', ['OFF', 'ON']) });
  // Blocking: a client's put-callback on a table edit completes once the edit is applied or refused.
  xtable = models.Array({ type: 'double', length: COARSE_POINTS, prec: 5, blocking: true, desc: 'coarse table x (increasing)' });
  ytable = models.Array({ type: 'double', length: COARSE_POINTS, prec: 5, blocking: true, desc: 'coarse table y' });
  count = models.Integer({ minVal: 0, maxVal: COARSE_POINTS, blocking: true, desc: 'number of coarse points in use' });
  xfine = models.Array({ type: 'double', length: FINE_POINTS, prec: 5, readOnly: true, desc: 'fitted curve x, 255 points' });
  yfine = models.Array({ type: 'double', length: FINE_POINTS, prec: 5, readOnly: true, desc: 'fitted curve y, 255 points' });
  // Commands: a put of 1 runs one; the record reads 1 while it runs and 0 when it is done, and
  // a client's put-callback completes then. (Not HIGH's timer: a second press within it would
  // be no change of value, and no command.)
  new = models.Toggle({ high: 0, blocking: true, desc: 'add/replace point at x with the readback' });
  null = models.Toggle({ high: 0, blocking: true, desc: 'set yoff so that output = readback' });
  save = models.Toggle({ high: 0, blocking: true, desc: 'save the table file now' });
  load = models.Toggle({ high: 0, blocking: true, desc: 'reload the table file' });
  status = models.Enum({
    choices: LUT_STATUS_NAMES,
    readOnly: true,
    desc: 'OK or what is wrong (see message)',
    fields: { ONSV: 'MAJOR', TWSV: 'MINOR', THSV: 'MAJOR', FRSV: 'MAJOR', FVSV: 'MAJOR' },
  });
  message = models.String({ maxLength: MESSAGE_LENGTH, readOnly: true, desc: 'what happened last, or what is wrong' });
  file = models.String({ maxLength: MESSAGE_LENGTH, readOnly: true, desc: 'the table file' });
}
