import { RobotFormatError } from './errors.js';
import type { CassettePosition, RobotPort } from './ports.js';
import { CASSETTE_POSITIONS } from './ports.js';

/** `u` unknown, `0` absent, `1` cassette, `2` calibration cassette, `3` super-puck adaptor, `X` bad, `-` no such position. */
export type HolderType = 'u' | '0' | '1' | '2' | '3' | 'X' | '-';
/** `u` unknown, `0` empty, `1` sample, `m` mounted, `j` jammed, `b` bad, `-` no such port. */
export type PortState = 'u' | '0' | '1' | 'm' | 'j' | 'b' | '-';

export const HOLDER_TYPES: readonly HolderType[] = ['u', '0', '1', '2', '3', 'X', '-'];
export const PORT_STATES: readonly PortState[] = ['u', '0', '1', 'm', 'j', 'b', '-'];

export const PORTS_PER_HOLDER = 96;
/** One block: the holder type then its 96 ports. */
export const HOLDER_BLOCK_LENGTH = PORTS_PER_HOLDER + 1;
/** robot_cassette has three blocks of 97 single characters. */
export const ROBOT_CASSETTE_TOKENS = 3 * HOLDER_BLOCK_LENGTH;

export interface HolderBlock {
  type: HolderType;
  /** 96 port states, in robot index order. */
  ports: PortState[];
}

/** The robot_cassette string: the three dewar positions. */
export type RobotCassette = Record<CassettePosition, HolderBlock>;

const COLUMNS = 'ABCDEFGHIJKL';

/**
 * Index of a port inside its holder block, or undefined if that holder type has no such
 * port. Cassettes: column×8 + (row−1), columns A–L, rows 1–8 (a calibration cassette only
 * rows 1 and 8). Super-puck adaptors: puck×16 + (pin−1), pucks A–D, pins 1–16.
 */
export function portIndex(type: HolderType, port: Pick<RobotPort, 'column' | 'row'>): number | undefined {
  const column = COLUMNS.indexOf(port.column);
  if (column < 0 || port.column.length !== 1) return undefined;
  if (type === '1' || type === '2') {
    if (port.row < 1 || port.row > 8) return undefined;
    if (type === '2' && port.row !== 1 && port.row !== 8) return undefined;
    return column * 8 + port.row - 1;
  }
  if (type === '3') {
    if (column > 3 || port.row < 1 || port.row > 16) return undefined;
    return column * 16 + port.row - 1;
  }
  return undefined;
}

/** The port at an index of a block, or undefined if the holder has none there. */
export function portAt(type: HolderType, cassette: CassettePosition, index: number): RobotPort | undefined {
  if (!Number.isInteger(index) || index < 0 || index >= PORTS_PER_HOLDER) return undefined;
  const port: RobotPort =
    type === '3'
      ? { cassette, column: COLUMNS[Math.floor(index / 16)] ?? '', row: (index % 16) + 1 }
      : { cassette, column: COLUMNS[Math.floor(index / 8)] ?? '', row: (index % 8) + 1 };
  return portIndex(type, port) === index ? port : undefined;
}

/**
 * A freshly loaded holder: its existing ports set to `fill`, the others `-`. Holders
 * whose layout is unknown (`u`, `X`) have all ports `u`; absent ones all `-`.
 */
export function newHolder(type: HolderType, fill: PortState = '1'): HolderBlock {
  const ports: PortState[] = [];
  for (let i = 0; i < PORTS_PER_HOLDER; i++) {
    if (type === 'u' || type === 'X') ports.push('u');
    else ports.push(portAt(type, 'l', i) === undefined ? '-' : fill);
  }
  return { type, ports };
}

function blockTokens(block: HolderBlock): string[] {
  if (block.ports.length !== PORTS_PER_HOLDER) {
    throw new RobotFormatError(`a holder block has ${PORTS_PER_HOLDER} ports, got ${block.ports.length}`);
  }
  return [block.type, ...block.ports];
}

function tokens(cassette: RobotCassette): string[] {
  return CASSETTE_POSITIONS.flatMap((position) => blockTokens(cassette[position]));
}

/** robot_cassette as the robot writes it: 291 characters separated by single spaces (581). */
export function formatRobotCassette(cassette: RobotCassette): string {
  return tokens(cassette).join(' ');
}

/** mxdc's PORTS form: the same 291 characters without spaces. */
export function formatPortsCompact(cassette: RobotCassette): string {
  return tokens(cassette).join('');
}

function fromTokens(items: readonly string[], what: string): RobotCassette {
  if (items.length !== ROBOT_CASSETTE_TOKENS) {
    throw new RobotFormatError(`${what} has ${items.length} entries, expected ${ROBOT_CASSETTE_TOKENS}`);
  }
  const block = (start: number): HolderBlock => {
    const type = items[start] ?? '';
    if (!(HOLDER_TYPES as readonly string[]).includes(type)) throw new RobotFormatError(`${what}: bad holder type "${type}"`);
    const ports = items.slice(start + 1, start + HOLDER_BLOCK_LENGTH).map((state, i) => {
      if (!(PORT_STATES as readonly string[]).includes(state)) {
        throw new RobotFormatError(`${what}: bad port state "${state}" at index ${start + 1 + i}`);
      }
      return state as PortState;
    });
    return { type: type as HolderType, ports };
  };
  return { l: block(0), m: block(HOLDER_BLOCK_LENGTH), r: block(2 * HOLDER_BLOCK_LENGTH) };
}

/**
 * Parse robot_cassette by tokenising on whitespace rather than trusting offsets, since
 * real traffic has been seen with double spaces.
 */
export function parseRobotCassette(text: string): RobotCassette {
  return fromTokens(text.trim().split(/\s+/).filter((t) => t !== ''), 'robot_cassette');
}

/** Parse the 291-character PORTS form. */
export function parsePortsCompact(text: string): RobotCassette {
  return fromTokens([...text], 'compact port map');
}

/** A port's state, or undefined if the port does not exist in the loaded holder. */
export function getPortState(cassette: RobotCassette, port: RobotPort): PortState | undefined {
  const block = cassette[port.cassette];
  const index = portIndex(block.type, port);
  return index === undefined ? undefined : block.ports[index];
}
