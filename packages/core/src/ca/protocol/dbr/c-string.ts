/**
 * Fixed-size, NUL-terminated C strings (DBR_STRING slots, units, enum state strings).
 *
 * Text is UTF-8. A string longer than the slot is cut to `size - 1` bytes at a character boundary
 * (EPICS cuts at a byte; cutting inside a multi-byte character would only produce broken UTF-8),
 * and the rest of the slot is zero: rsrv leaves stale bytes after the NUL of converted strings, but
 * every reader stops at the NUL.
 */

/**
 * Zeroed arrays of every length up to a DBR string slot's and more: the rest of a slot is
 * zeroed by one copy (TypedArray#set) instead of a store per byte, a quarter of a short
 * string's write (Buffer#fill costs more than either for so few bytes).
 */
const ZEROS: readonly Uint8Array[] = Array.from({ length: 65 }, (_, k) => new Uint8Array(k));

/** Writes `text` into the `size`-byte slot at `out[offset…]`, always NUL-terminated and zero-padded. */
export function writeCString(out: Buffer, offset: number, text: string, size: number): void {
  if (!writeAsciiCString(out, offset, text, size)) {
    const written = text.length === 0 ? 0 : out.write(text, offset, size - 1, 'utf8');
    out.fill(0, offset + written, offset + size);
  }
}

/**
 * writeCString for the usual case, pure ASCII text in a slot inside the buffer: a byte loop, as
 * Buffer#write and #fill cost far more than the few bytes of a DBR string. Returns false (having
 * written only bytes the full path overwrites) for anything else.
 */
function writeAsciiCString(out: Buffer, offset: number, text: string, size: number): boolean {
  if (!Number.isInteger(offset) || offset < 0 || !(size >= 1) || offset + size > out.length) return false;
  const n = Math.min(text.length, size - 1);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return false;
    out[offset + i] = c;
  }
  const tail = size - n;
  if (tail < ZEROS.length) out.set(ZEROS[tail], offset + n);
  else for (let i = offset + n; i < offset + size; i++) out[i] = 0;
  return true;
}

/** Up to this many ASCII characters are made into a string by shortAscii. */
const SHORT_ASCII = 12;

/**
 * Reads the C string in the `size`-byte slot at `src[offset…]` (up to its first NUL, or the
 * slot's or the buffer's end), as UTF-8. A short ASCII text, such as a number a client writes
 * as a string, is made from its character codes (shortAscii): Buffer#toString's encoding
 * dispatch and checks cost far more than a few bytes (identical for ASCII).
 */
export function readCString(src: Buffer, offset: number, size: number): string {
  const limit = Math.min(offset + size, src.length);
  let end = offset;
  let ascii = true;
  for (; end < limit; end++) {
    const byte = src[end];
    if (byte === 0) break;
    if (byte >= 0x80) ascii = false;
  }
  if (!ascii || end - offset > SHORT_ASCII) return src.toString('utf8', offset, end);
  return shortAscii(src, offset, end - offset);
}

const fromCodes = String.fromCharCode;

/**
 * The `n` (at most SHORT_ASCII) ASCII bytes at `s[o…]` as a string, in one String.fromCharCode
 * call: one new string. Joining them one character at a time made a string per character; for
 * "0.123400", the text catime puts, that was 2 to 3 times the time of this (a tenth of a
 * STRING put to a record, bench/RESULTS.md, thirteenth pass).
 */
function shortAscii(s: Buffer, o: number, n: number): string {
  switch (n) {
    case 0:
      return '';
    case 1:
      return fromCodes(s[o]);
    case 2:
      return fromCodes(s[o], s[o + 1]);
    case 3:
      return fromCodes(s[o], s[o + 1], s[o + 2]);
    case 4:
      return fromCodes(s[o], s[o + 1], s[o + 2], s[o + 3]);
    case 5:
      return fromCodes(s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4]);
    case 6:
      return fromCodes(s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5]);
    case 7:
      return fromCodes(s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5], s[o + 6]);
    case 8:
      return fromCodes(s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5], s[o + 6], s[o + 7]);
    case 9:
      return fromCodes(s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5], s[o + 6], s[o + 7], s[o + 8]);
    case 10:
      return fromCodes(s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5], s[o + 6], s[o + 7], s[o + 8], s[o + 9]);
    case 11:
      return fromCodes(s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5], s[o + 6], s[o + 7], s[o + 8], s[o + 9], s[o + 10]);
    default:
      return fromCodes(s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], s[o + 5], s[o + 6], s[o + 7], s[o + 8], s[o + 9], s[o + 10], s[o + 11]);
  }
}

/** `text` cut to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const buf = Buffer.alloc(maxBytes);
  const n = buf.write(text, 0, maxBytes, 'utf8');
  return buf.toString('utf8', 0, n);
}
