import type { Framing } from './constants.js';
import { encodeDcs1 } from './dcs1.js';
import type { Dcs2HeaderStyle } from './dcs2.js';
import { encodeDcs2 } from './dcs2.js';

/** Encode a text in the given framing (DCS2 in the given header style, default xos). */
export function encodeFrame(text: string, framing: Framing, style: Dcs2HeaderStyle = 'xos'): Buffer {
  return framing === 'dcs1' ? encodeDcs1(text) : encodeDcs2(text, { style });
}
