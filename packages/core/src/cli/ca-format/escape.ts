/**
 * epicsStrnEscapedFromRaw / epicsStrnRawFromEscaped (libcom epicsString.c): how the CA tools print
 * strings (non-printable bytes as C escapes) and read the values given to caput.
 */

const NAMED: Record<number, string> = {
  0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v',
  0x5c: '\\\\', 0x27: "\\'", 0x22: '\\"', 0x00: '\\0',
};

/** Escapes raw bytes: C escapes for control characters and quotes, \xNN for other non-printables. */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const named = NAMED[b];
    if (named !== undefined) out += named;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Escapes a string as its UTF-8 bytes (a DBR_STRING as decoded by the client). */
export const escapeString = (s: string): string => escapeBytes(Buffer.from(s, 'utf8'));

const UNESCAPE: Record<string, number> = {
  a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, '\\': 0x5c, "'": 0x27, '"': 0x22, '0': 0,
};

/**
 * Turns an escaped command-line value into raw bytes, at most `max - 1` of them (the C buffer keeps
 * room for a NUL). Stops at a NUL, as the C code does; \xNN takes one or two hex digits.
 */
export function unescapeToBytes(text: string, max = Number.POSITIVE_INFINITY): Uint8Array {
  const src = Buffer.from(text, 'utf8');
  const out: number[] = [];
  const push = (b: number): boolean => {
    if (out.length >= max - 1) return false;
    out.push(b);
    return true;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === 0) break;
    if (c !== 0x5c) {
      if (!push(c)) break;
      continue;
    }
    i++;
    if (i >= src.length || src[i] === 0) break;
    const e = String.fromCharCode(src[i]);
    if (e === 'x') {
      let hex = '';
      while (hex.length < 2 && i + 1 < src.length && /[0-9a-fA-F]/.test(String.fromCharCode(src[i + 1]))) hex += String.fromCharCode(src[++i]);
      if (hex === '') break;
      if (!push(parseInt(hex, 16))) break;
    } else if (UNESCAPE[e] !== undefined) {
      if (!push(UNESCAPE[e])) break;
    } else if (!push(src[i])) {
      break;
    }
  }
  return Uint8Array.from(out);
}
