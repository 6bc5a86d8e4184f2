import { TEXT_ENCODING } from './constants.js';

/** The whitespace C's isspace() knows; String.prototype.trim would also eat U+00A0. */
export function isAsciiSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** Trim ASCII whitespace at both ends (spec: DCS1 handshakes may be padded with spaces). */
export function trimAscii(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** The text of a message section: everything before the first NUL, trimmed. */
export function decodeText(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  const body = nul === -1 ? bytes : bytes.subarray(0, nul);
  return trimAscii(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString(TEXT_ENCODING));
}

export function encodeText(text: string): Buffer {
  return Buffer.from(text, TEXT_ENCODING);
}
