/**
 * The module's own errors. Everything createInterpolator/evaluate throw is one of these, so a
 * caller (the IOC's `status`/`message` records) can tell a bad table from a bug.
 */

export type TableErrorCode =
  | 'length-mismatch'
  | 'too-few-points'
  | 'not-finite'
  | 'duplicate-x'
  | 'singular'
  | 'overflow';

/** The table cannot be fitted: wrong lengths, too few points, NaN/±Infinity, repeated x. */
export class InterpolationTableError extends Error {
  override readonly name = 'InterpolationTableError';
  readonly code: TableErrorCode;
  /** Index in the table as given (before sorting), when one entry is to blame. */
  readonly index: number | undefined;

  constructor(code: TableErrorCode, message: string, index?: number) {
    super(message);
    this.code = code;
    this.index = index;
  }
}

/** Bad options: unknown fit type, missing or invalid POLY degree, unknown out-of-range mode. */
export class InterpolationOptionError extends TypeError {
  override readonly name = 'InterpolationOptionError';
}

/** An x outside the table in `outOfRange: 'refuse'` mode (scipy's bounds_error=True). */
export class InterpolationRangeError extends RangeError {
  override readonly name = 'InterpolationRangeError';
  readonly x: number;
  readonly xmin: number;
  readonly xmax: number;

  constructor(x: number, xmin: number, xmax: number) {
    const side = x < xmin ? `below the table's minimum x ${xmin}` : `above the table's maximum x ${xmax}`;
    super(`x = ${x} is ${side} (out-of-range mode 'refuse')`);
    this.x = x;
    this.xmin = xmin;
    this.xmax = xmax;
  }
}

export type InterpolationError = InterpolationTableError | InterpolationOptionError | InterpolationRangeError;

export function isInterpolationError(error: unknown): error is InterpolationError {
  return (
    error instanceof InterpolationTableError ||
    error instanceof InterpolationOptionError ||
    error instanceof InterpolationRangeError
  );
}
