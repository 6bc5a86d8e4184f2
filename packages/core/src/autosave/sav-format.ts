/**
 * The .sav file of synApps autosave, byte for byte as save_restore.c (write_it) writes it and
 * dbrestore.c (reboot_restore, checkFile) reads it:
 *
 *     # autosave R5.3	Automatically generated - DO NOT MODIFY - 240102-030405
 *     xxx:ao.VAL 4.1234567890123
 *     xxx:ao.DESC description
 *     xxx:wave @array@ { "1" "2" "3" }
 *     <END>
 *
 * Scalars are escaped as epicsStrPrintEscaped does; array elements are quoted with `"` and `\`
 * escaped. A file that does not end with `<END>` plus one or two characters is not trusted.
 */
export const SAV_VERSION = 'autosave R5.3';
export const ARRAY_MARKER = '@array@';

/** One PV of a .sav file: a scalar text, or the elements of an array. */
export interface SavEntry {
  readonly pv: string;
  readonly value: string | readonly string[];
  /** A line commented out with '#' (a PV that could not be read): kept, never restored. */
  readonly comment?: boolean;
}

/** fGetDateStr: "%y%m%d-%H%M%S" in local time. */
export function savDate(now: Date = new Date()): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(now.getFullYear() % 100)}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
}

const ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', "'": "\\'", '"': '\\"' };

/** epicsStrPrintEscaped (EPICS 7): C escapes, other non-printing bytes as \xHH. */
export function escapeScalar(text: string): string {
  let out = '';
  for (const ch of text) {
    const esc = ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else {
      const code = ch.codePointAt(0)!;
      out += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
    }
  }
  return out;
}

/** epicsStrnRawFromEscaped: the inverse of escapeScalar (and of C string escapes generally). */
export function unescapeScalar(text: string): string {
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[++i]!;
    if (simple[next] !== undefined) out += simple[next];
    else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1))?.[0] ?? '';
      out += hex === '' ? 'x' : String.fromCharCode(parseInt(hex, 16));
      i += hex.length;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i))![0];
      out += String.fromCharCode(parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else out += next;
  }
  return out;
}

/** SR_write_array_data's element: `"` and `\` escaped, newline and CR as \n and \r. */
function escapeElement(text: string): string {
  return text.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** The whole file, as write_it writes it. `notConnected` adds the "! N channel(s)" line. */
export function formatSav(entries: readonly SavEntry[], date: string = savDate(), notConnected = 0): string {
  let out = `# ${SAV_VERSION}\tAutomatically generated - DO NOT MODIFY - ${date}\n`;
  if (notConnected > 0) out += `! ${notConnected} channel(s) not connected - or not all gets were successful\n`;
  for (const e of entries) {
    out += `${e.comment === true ? '#' : ''}${e.pv} `;
    if (typeof e.value === 'string') out += `${escapeScalar(e.value)}\n`;
    else out += `${ARRAY_MARKER} { ${e.value.map((v) => `"${escapeElement(v)}" `).join('')}}\n`;
  }
  return `${out}<END>\n`;
}

export class SavFormatError extends Error {
  override name = 'SavFormatError';
}

/** checkFile: the file is trusted only if it ends with "<END>" and one or two characters. */
export function endsWithEndMarker(text: string): boolean {
  return /<END>[^]{1,2}$/.test(text);
}

/**
 * Parses a .sav file as reboot_restore reads it. Throws SavFormatError for a file that is not
 * trusted (no <END>, an unterminated array), so that the caller falls back to the backup rather
 * than restoring part of it.
 */
export function parseSav(text: string): { entries: SavEntry[]; warnings: string[] } {
  if (!endsWithEndMarker(text)) throw new SavFormatError('the file does not end with <END> (a write was interrupted, or it was edited by hand)');
  const entries: SavEntry[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    // sscanf("%80s%c%[^\n\r]"): the name, one separator character, the rest of the line.
    const m = /^[ \t]*(\S+)(?:[ \t]([^]*))?$/.exec(line);
    if (m === null) continue;
    const pv = m[1]!;
    let rest = m[2] ?? '';
    if (pv.startsWith('<END>')) return { entries, warnings };
    if (pv.startsWith('!')) {
      warnings.push(`line ${i + 1}: ${line.slice(1).trim()}`);
      continue;
    }
    const comment = pv.startsWith('#');
    if (comment && i === 0) continue; // the header
    if (!rest.startsWith(ARRAY_MARKER)) {
      if (!comment) entries.push({ pv, value: unescapeScalar(rest) });
      continue;
    }
    // An array may span lines; elements are "…" with \-escapes; it ends at a } outside them.
    rest = rest.slice(ARRAY_MARKER.length);
    const elements: string[] = [];
    let pos = rest.indexOf('{');
    if (pos < 0) throw new SavFormatError(`line ${i + 1}: ${pv}: "${ARRAY_MARKER}" without "{"`);
    let done = false;
    let element: string | undefined;
    let buffer = rest.slice(pos + 1);
    const startLine = i + 1;
    for (;;) {
      for (let j = 0; j < buffer.length && !done; j++) {
        const c = buffer[j]!;
        if (element === undefined) {
          if (c === '"') element = '';
          else if (c === '}') done = true;
        } else if (c === '\\' && j + 1 < buffer.length) {
          const n = buffer[++j]!;
          element += n === 'n' ? '\n' : n === 'r' ? '\r' : n;
        } else if (c === '"') {
          elements.push(element);
          element = undefined;
        } else element += c;
      }
      if (done) break;
      if (++i >= lines.length) throw new SavFormatError(`line ${startLine}: ${pv}: the array does not end`);
      buffer = lines[i]!.replace(/\r$/, '');
      if (buffer.startsWith('<END>') && element === undefined) throw new SavFormatError(`line ${startLine}: ${pv}: the array does not end`);
    }
    if (!comment) entries.push({ pv, value: elements });
    pos = 0;
  }
  throw new SavFormatError('no <END> line');
}
