import type { Framing } from './constants.js';
import { DCS2_HEADER_SIZE } from './constants.js';

/**
 * Guess the framing of the first message after the handshake from its first 26 bytes
 * (pydhsfw's trick): a DCS2 header starts with a number, a DCS1 message with a command
 * word. Returns undefined while fewer than 26 bytes are known.
 */
export function detectFraming(head: Uint8Array): Framing | undefined {
  if (head.length < DCS2_HEADER_SIZE) return undefined;
  const text = Buffer.from(head.buffer, head.byteOffset, DCS2_HEADER_SIZE).toString('latin1').replace(/\0/g, ' ');
  const first = text.trimStart().split(/[\t\n\v\f\r ]/, 1)[0] ?? '';
  return /^\d+$/.test(first) ? 'dcs2' : 'dcs1';
}
