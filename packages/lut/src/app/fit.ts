/**
 * The fit: the curve through the table with the fit, degree and range of the records, its
 * display form (the fine curve), and how curve and table are described in messages. Pure
 * functions: the application decides what to keep and what to show.
 */
import { isInterpolationError } from '../interpolation/errors.js';
import { FitType, fitTypeName } from '../interpolation/fit-types.js';
import { createInterpolator, type Interpolator } from '../interpolation/interpolator.js';
import type { OutOfRangeMode } from '../interpolation/out-of-range.js';
import { resample } from '../interpolation/resample.js';
import type { LutTable } from '../table/points.js';

export interface FitSettings {
  fit: FitType;
  degree: number;
  range: OutOfRangeMode;
}

export type FitResult =
  | { ok: true; curve: Interpolator; fine: { x: Float64Array; y: Float64Array } }
  /** `message` says why, and what is used instead (the previous curve, or none). */
  | { ok: false; message: string };

/** "SPLINE3 on 5 points", "POLY of degree 2 on 4 points". */
export function describeCurve(f: Interpolator): string {
  const fit = f.fit === FitType.POLY ? `POLY of degree ${f.degree}` : fitTypeName(f.fit);
  return `${fit} on ${f.x.length} point${f.x.length === 1 ? '' : 's'}`;
}

/** The table and the curve in use, as the log and messages say them. */
export function describeTable(table: LutTable, curve: Interpolator | undefined): string {
  const n = table.x.length;
  return `${n} point${n === 1 ? '' : 's'}, ${curve ? describeCurve(curve) : 'no curve'}`;
}

/**
 * Fits the table. A table that cannot be fitted is a result, not an error (the previous curve
 * stays in use); anything else thrown is a bug and is thrown on.
 */
export function fitTable(table: LutTable, settings: FitSettings, previous: Interpolator | undefined): FitResult {
  try {
    const curve = createInterpolator(table, settings.fit, { degree: settings.degree, outOfRange: settings.range });
    // The display curve: the table's own range, where every out-of-range mode agrees.
    return { ok: true, curve, fine: resample(curve) };
  } catch (err) {
    if (!isInterpolationError(err)) throw err;
    const what = table.x.length === 0 ? 'the table is empty: add points with new, or write xtable, ytable and count' : err.message;
    const keep = previous ? `still using the previous curve (${describeCurve(previous)})` : 'no curve, the target is not written';
    return { ok: false, message: `${what}; ${keep}` };
  }
}
