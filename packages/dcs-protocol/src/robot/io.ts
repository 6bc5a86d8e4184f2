import { RobotFormatError } from './errors.js';

export const ROBOT_IO_BITS = 16;

/** robot_output positions (0-based token index), Blu-ICE Robot Advanced tab / pyrobotdhs. */
export const ROBOT_OUTPUTS = { gripper: 1, lid: 3, heaterAir: 13, heater: 14 } as const;

/** robot_input positions (0-based token index). */
export const ROBOT_INPUTS = { gripperOpen: 8, gripperClosed: 9, lidClosed: 11, lidOpen: 12, heaterHot: 13 } as const;

/** robot_input / robot_output: 16 `0`/`1` tokens. */
export function formatRobotBits(bits: readonly boolean[]): string {
  if (bits.length !== ROBOT_IO_BITS) throw new RobotFormatError(`expected ${ROBOT_IO_BITS} bits, got ${bits.length}`);
  return bits.map((on) => (on ? '1' : '0')).join(' ');
}

export function parseRobotBits(text: string): boolean[] {
  const tokens = text.trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length !== ROBOT_IO_BITS || tokens.some((t) => t !== '0' && t !== '1')) {
    throw new RobotFormatError(`expected ${ROBOT_IO_BITS} tokens of 0 or 1, got "${text}"`);
  }
  return tokens.map((t) => t === '1');
}

/** Bits as an integer, token i → bit i (for an mbbiDirect record). */
export function bitsToWord(bits: readonly boolean[]): number {
  return bits.reduce((word, on, i) => (on ? (word | (1 << i)) >>> 0 : word), 0);
}
