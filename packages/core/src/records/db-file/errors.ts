/** Errors of reading and writing .db files. */
import type { DbLocation } from './types.js';

/**
 * A .db file that dbLoadRecords() would refuse: a syntax error, a bad string, a record
 * redefined with another type, an unknown include file, an undefined macro (in strict mode)...
 * `reason` is worded like EPICS' message where EPICS has one.
 */
export class DbParseError extends Error {
  override readonly name = 'DbParseError';
  readonly file: string;
  readonly line: number;
  readonly column: number;

  /**
   * @param reason what is wrong, e.g. "syntax error at or before '}'"
   * @param location where; for errors in an included file, that file
   * @param includedFrom the include statements that led there, innermost first
   */
  constructor(
    readonly reason: string,
    readonly location: DbLocation,
    readonly includedFrom: readonly DbLocation[] = [],
    options?: { cause?: unknown },
  ) {
    const chain = includedFrom.map((l) => `\n    included from ${l.file}:${l.line}`).join('');
    super(`${location.file}:${location.line}:${location.column}: ${reason}${chain}`, options);
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
  }
}

/** formatDb() was given something no .db file can express (e.g. a '"' in a record name). */
export class DbFormatError extends Error {
  override readonly name = 'DbFormatError';
}
