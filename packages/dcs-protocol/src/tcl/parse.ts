import { TclListError } from './errors.js';

/** Tcl's list separators (TclIsSpaceProc): space, \t, \n, \v, \f, \r. */
export function isTclSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One backslash sequence starting at s[i] === '\\': its value and where it ends. */
function backslash(s: string, i: number): { value: string; end: number } {
  const next = s[i + 1];
  if (next === undefined) return { value: '\\', end: i + 1 };
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { value: simple, end: i + 2 };
  if (next === '\n') {
    // Backslash-newline plus the indentation after it is one space, as in Tcl.
    let end = i + 2;
    while (s[end] === ' ' || s[end] === '\t') end++;
    return { value: ' ', end };
  }
  const radix = (digits: RegExp, max: number, base: number, from: number) => {
    let end = from;
    while (end < s.length && end - from < max && digits.test(s[end] ?? '')) end++;
    return end > from ? { value: String.fromCodePoint(parseInt(s.slice(from, end), base)), end } : undefined;
  };
  if (next === 'x') return radix(/[0-9a-fA-F]/, 2, 16, i + 2) ?? { value: 'x', end: i + 2 };
  if (next === 'u') return radix(/[0-9a-fA-F]/, 4, 16, i + 2) ?? { value: 'u', end: i + 2 };
  if (next >= '0' && next <= '7') return radix(/[0-7]/, 3, 8, i + 1) ?? { value: next, end: i + 2 };
  return { value: next, end: i + 2 };
}

/** Scan one list element starting at s[i] (not whitespace). */
function scanElement(s: string, i: number): { value: string; end: number } {
  const open = s[i];
  if (open === '{') {
    let depth = 1;
    let j = i + 1;
    // Inside braces nothing is substituted; a backslash only stops the next character
    // from counting as a brace.
    for (; j < s.length; j++) {
      const ch = s[j];
      if (ch === '\\') j++;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) break;
    }
    if (j >= s.length) throw new TclListError('unmatched open brace in list', i);
    const end = j + 1;
    if (end < s.length && !isTclSpace(s[end])) {
      throw new TclListError(`list element in braces followed by "${s[end]}" instead of space`, i);
    }
    return { value: s.slice(i + 1, j), end };
  }
  if (open === '"') {
    let value = '';
    let j = i + 1;
    while (j < s.length && s[j] !== '"') {
      if (s[j] === '\\') {
        const esc = backslash(s, j);
        value += esc.value;
        j = esc.end;
      } else {
        value += s[j];
        j++;
      }
    }
    if (j >= s.length) throw new TclListError('unmatched open quote in list', i);
    const end = j + 1;
    if (end < s.length && !isTclSpace(s[end])) {
      throw new TclListError(`list element in quotes followed by "${s[end]}" instead of space`, i);
    }
    return { value, end };
  }
  let value = '';
  let j = i;
  while (j < s.length && !isTclSpace(s[j])) {
    if (s[j] === '\\') {
      const esc = backslash(s, j);
      value += esc.value;
      j = esc.end;
    } else {
      value += s[j];
      j++;
    }
  }
  return { value, end: j };
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isTclSpace(s[i])) i++;
  return i;
}

/** Split a Tcl list into its elements: `a {b c} {}` → ['a', 'b c', '']. */
export function parseTclList(text: string): string[] {
  const items: string[] = [];
  for (let i = skipSpace(text, 0); i < text.length; i = skipSpace(text, i)) {
    const { value, end } = scanElement(text, i);
    items.push(value);
    i = end;
  }
  return items;
}

/**
 * Parse the first `count` elements and return the rest of the text untouched (leading
 * whitespace removed). DCS messages are a few words followed by free text, and the
 * free text must reach the application exactly as it was sent, unbalanced braces and
 * all, so it is never run through the list parser.
 */
export function splitTclWords(text: string, count: number): { words: string[]; rest: string } {
  const words: string[] = [];
  let i = skipSpace(text, 0);
  while (words.length < count && i < text.length) {
    const { value, end } = scanElement(text, i);
    words.push(value);
    i = skipSpace(text, end);
  }
  return { words, rest: text.slice(i) };
}
