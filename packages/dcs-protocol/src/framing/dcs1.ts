import { DCS1_MESSAGE_SIZE } from './constants.js';
import { decodeText, encodeText } from './text.js';

/**
 * Encode one DCS1 message: the text, a NUL, NUL padding to 200 bytes. Text longer than
 * 199 bytes is truncated (DCSS copies with strncpy into a 200-byte buffer); we keep one
 * byte for the terminator so that every reader, even a strict strcmp, sees a C string.
 */
export function encodeDcs1(text: string): Buffer {
  const frame = Buffer.alloc(DCS1_MESSAGE_SIZE); // zero-filled: the NUL padding
  encodeText(text).copy(frame, 0, 0, DCS1_MESSAGE_SIZE - 1);
  return frame;
}

/**
 * Decode one 200-byte DCS1 message: cut at the first NUL (or take all 200 bytes if there
 * is none), then trim whitespace at both ends, which covers every padding seen in the
 * field (NULs, trailing spaces, pydcss's leading spaces).
 */
export function decodeDcs1(frame: Uint8Array): string {
  if (frame.length !== DCS1_MESSAGE_SIZE) {
    throw new RangeError(`a DCS1 message is ${DCS1_MESSAGE_SIZE} bytes, got ${frame.length}`);
  }
  return decodeText(frame);
}

/** True if the text survives DCS1 framing without truncation. */
export function fitsDcs1(text: string): boolean {
  return encodeText(text).length < DCS1_MESSAGE_SIZE;
}
