import { RobotFormatError } from './errors.js';

/** Left, middle and right dewar positions, as the robot writes them. */
export type CassettePosition = 'l' | 'm' | 'r';

export const CASSETTE_POSITIONS: readonly CassettePosition[] = ['l', 'm', 'r'];

/**
 * One port. `column` is the cassette column (A–L) or the super-puck (A–D); `row` is
 * the cassette row (1–8) or the puck pin (1–16).
 */
export interface RobotPort {
  cassette: CassettePosition;
  column: string;
  row: number;
}

const NAME = /^([lmrLMR])([a-lA-L])(\d{1,2})$/;

/**
 * Parse a compact port name: mxdc's `LA1`/`MB12` or the robot's own `lA1`. Returns
 * undefined if it is not one (mxdc validates with `[RML][A-L]\d{1,2}`).
 */
export function parsePortName(name: string): RobotPort | undefined {
  const match = NAME.exec(name.trim());
  if (!match) return undefined;
  const row = Number(match[3]);
  if (row < 1 || row > 16) return undefined;
  return { cassette: (match[1] ?? '').toLowerCase() as CassettePosition, column: (match[2] ?? '').toUpperCase(), row };
}

/** mxdc / UncleSAM notation: `LA1`. */
export function formatPortName(port: RobotPort): string {
  return `${port.cassette.toUpperCase()}${port.column}${port.row}`;
}

/** The robot's own compact notation (robot_sample, config commands): `lA1`. */
export function formatSamplePortName(port: RobotPort): string {
  return `${port.cassette}${port.column}${port.row}`;
}

/** "No port" in operation arguments and replies. */
export const NO_PORT = 'n 0 N';

/**
 * Port from the three operation-argument words `cassette row column` (`l 4 A`).
 * `n 0 N` means no port and gives null; anything else malformed throws.
 */
export function portFromWords(cassette: string, row: string, column: string): RobotPort | null {
  if (cassette === 'n') return null;
  if (cassette !== 'l' && cassette !== 'm' && cassette !== 'r') {
    throw new RobotFormatError(`cassette "${cassette}" is not l, m, r or n`);
  }
  const rowNumber = Number(row);
  if (!/^\d{1,2}$/.test(row) || rowNumber < 1 || rowNumber > 16) throw new RobotFormatError(`row "${row}" is not 1–16`);
  if (!/^[A-L]$/.test(column)) throw new RobotFormatError(`column "${column}" is not A–L`);
  return { cassette, column, row: rowNumber };
}

/**
 * Port in the robot's spaced notation (`l 4 A`, robot_status `mounted:`, robot_state).
 * Empty text, `invalid` and `n 0 N` are "no port" (null).
 */
export function parseDcsPort(text: string): RobotPort | null {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0 || (words.length === 1 && words[0] === 'invalid')) return null;
  if (words.length !== 3) throw new RobotFormatError(`port "${text}" is not "cassette row column"`);
  return portFromWords(words[0] ?? '', words[1] ?? '', words[2] ?? '');
}

/** `l 4 A`; no port is written `none` (default `n 0 N`; robot_state uses `invalid`). */
export function formatDcsPort(port: RobotPort | null, none: string = NO_PORT): string {
  return port === null ? none : `${port.cassette} ${port.row} ${port.column}`;
}

/** The three argument words for an operation: ['l', '4', 'A'] or ['n', '0', 'N']. */
export function portWords(port: RobotPort | null): [string, string, string] {
  return port === null ? ['n', '0', 'N'] : [port.cassette, String(port.row), port.column];
}

export function samePort(a: RobotPort | null, b: RobotPort | null): boolean {
  if (a === null || b === null) return a === b;
  return a.cassette === b.cassette && a.column === b.column && a.row === b.row;
}
