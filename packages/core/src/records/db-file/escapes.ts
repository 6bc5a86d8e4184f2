/**
 * Backslash escapes in .db string values, both ways.
 *
 * Reading follows epicsStrnRawFromEscaped() (libCom/misc/epicsString.c), which dbRecordField()
 * and dbRecordInfo() apply to quoted values: \a \b \f \n \r \t \v \\ \' \" and \xH or \xHH;
 * any other escaped character stands for itself (so "\u0041" is "u0041", and "\$" is "$");
 * \0 ends the C string, so it truncates the value. \xHH gives a byte (see decodeBytes()).
 *
 * Writing is for formatDb(); see escapeDbString().
 */

const SIMPLE: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

const hexValue = (c: string | undefined): number | undefined =>
  c !== undefined && /^[0-9a-fA-F]$/.test(c) ? Number.parseInt(c, 16) : undefined;

/** The length of a well-formed UTF-8 sequence at `bytes[i]`, or 0. */
function utf8SequenceLength(bytes: readonly number[], i: number): number {
  const b = bytes[i]!;
  const [n, min] = b >= 0xf0 && b <= 0xf4 ? [4, 0x10000] : b >= 0xe0 && b <= 0xef ? [3, 0x800] : b >= 0xc2 && b <= 0xdf ? [2, 0x80] : [0, 0];
  if (n === 0 || i + n > bytes.length) return 0;
  let code = b & (0x7f >> n);
  for (let k = 1; k < n; k++) {
    const c = bytes[i + k]!;
    if ((c & 0xc0) !== 0x80) return 0;
    code = (code << 6) | (c & 0x3f);
  }
  return code >= min && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? n : 0;
}

/**
 * Bytes written as \xHH escapes. EPICS stores bytes, and devioc's strings go to Channel Access
 * as UTF-8, so well-formed UTF-8 sequences ("\xc3\xa9") become their character ("é"); any
 * other byte becomes the character of the same number (U+0000..U+00FF).
 */
function decodeBytes(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) {
      out += String.fromCharCode(bytes[i]!);
      i++;
    } else {
      out += Buffer.from(bytes.slice(i, i + n)).toString('utf8');
      i += n;
    }
  }
  return out;
}

/** The value of a quoted .db value's content (the text between the quotes). */
export function translateEscapes(escaped: string): string {
  if (!escaped.includes('\\')) return escaped; // most values: nothing to translate
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) out += decodeBytes(bytes);
    bytes = [];
  };
  let i = 0;
  while (i < escaped.length) {
    const c = escaped[i++]!;
    if (c === '\\' && escaped[i] === 'x') {
      const h1 = hexValue(escaped[i + 1]);
      if (h1 === undefined) {
        i++; // "\x" then a non-hex character: the "\x" vanishes
        continue;
      }
      const h2 = hexValue(escaped[i + 2]);
      const code = h2 === undefined ? h1 : h1 * 16 + h2;
      i += h2 === undefined ? 2 : 3;
      if (code === 0) break; // NUL: the C string ends here
      bytes.push(code);
      continue;
    }
    flush();
    if (c !== '\\') {
      out += c;
      continue;
    }
    if (i >= escaped.length) break; // a lone trailing backslash is dropped
    const e = escaped[i++]!;
    if (e === '0') break; // NUL: the C string ends here
    out += SIMPLE[e] ?? e;
  }
  flush();
  return out;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
  // '$' before '(' or '{' would start a macro reference when the file is loaded (macLib runs
  // on every line, even without macros); "\$" stops that and reads back as "$".
  $: '\\$',
};

/**
 * A value as the content of a double-quoted .db string that dbLoadRecords() reads back
 * unchanged: epicsStrnEscapedFromRaw()'s escapes, '$' escaped against macro expansion, other
 * control characters (and DEL, and C1 controls) as \xHH. Characters from U+00A0 up are
 * written as they are (the file is UTF-8).
 *
 * @throws RangeError for a NUL character, which no .db value can hold
 */
export function escapeDbString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const code = c.charCodeAt(0);
    const simple = ESCAPES[c];
    if (simple !== undefined) {
      out += simple;
    } else if (code === 0) {
      throw new RangeError('a NUL character cannot be written to a .db file (EPICS would end the string there)');
    } else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else {
      out += c;
    }
  }
  return out;
}
