import { isTclSpace } from './parse.js';

const SPECIAL = new Set(['{', '}', '[', ']', '$', '"', ';', '\\']);

function needsQuoting(s: string): boolean {
  for (const ch of s) if (SPECIAL.has(ch) || isTclSpace(ch)) return true;
  return false;
}

/** Would `{s}` parse back to s? Braces must balance, ignoring backslashed ones. */
function braceable(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') {
      if (i === s.length - 1) return false; // it would escape our closing brace
      i++;
    } else if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

const ESCAPED_SPACE: Record<string, string> = { ' ': '\\ ', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\v': '\\v', '\f': '\\f' };

function backslashed(s: string): string {
  let out = '';
  for (const ch of s) {
    const space = ESCAPED_SPACE[ch];
    if (space !== undefined) out += space;
    else if (SPECIAL.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** One list element as Tcl writes it: bare if it can be, `{…}` if not, `{}` if empty. */
export function formatTclElement(s: string): string {
  if (s === '') return '{}';
  if (!needsQuoting(s)) return s;
  return braceable(s) ? `{${s}}` : backslashed(s);
}

/**
 * Always wrap in braces, as the robot does for its text fields (`state: {idle}`,
 * `warning: {}`), falling back to backslashes for text with unbalanced braces.
 */
export function braceTclElement(s: string): string {
  return braceable(s) ? `{${s}}` : backslashed(s);
}

/** Join elements into a Tcl list: ['a', 'b c', ''] → `a {b c} {}`. */
export function formatTclList(items: readonly string[]): string {
  return items.map(formatTclElement).join(' ');
}
