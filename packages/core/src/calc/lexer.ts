/**
 * Finds the next expression element, the way EPICS postfix.c's get_element() does: skip C
 * isspace() characters, then take the longest element name that matches case-insensitively
 * (ASCII only, like epicsStrnCaseCmp) from the table for the current parser state.
 */
import type { CalcElement } from './elements.js';
import { NUMBER_LITERAL, OPERAND_ELEMENTS, OPERATOR_ELEMENTS } from './elements.js';

/** C isspace() in the C locale: space, \t, \n, \v, \f, \r. */
export function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

export function skipSpaces(src: string, pos: number): number {
  while (pos < src.length && isCSpace(src.charCodeAt(pos))) pos++;
  return pos;
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function asciiUpper(code: number): number {
  return code >= 0x61 && code <= 0x7a ? code - 0x20 : code;
}

/** Whether `name` (upper case) occurs at `pos` in `src`, ignoring ASCII case. */
export function matchesAt(src: string, pos: number, name: string): boolean {
  if (pos + name.length > src.length) return false;
  for (let i = 0; i < name.length; i++) {
    if (asciiUpper(src.charCodeAt(pos + i)) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The element starting at `pos` (which must not be whitespace), or undefined if nothing in the
 * table for this state matches. Numbers return NUMBER_LITERAL; the literal scanner measures them.
 */
export function matchElement(src: string, pos: number, operandExpected: boolean): CalcElement | undefined {
  const code = src.charCodeAt(pos);
  if (operandExpected && (isDigit(code) || code === 0x2e /* . */)) return NUMBER_LITERAL;
  let best: CalcElement | undefined;
  for (const candidate of operandExpected ? OPERAND_ELEMENTS : OPERATOR_ELEMENTS) {
    if ((best === undefined || candidate.name.length > best.name.length) && matchesAt(src, pos, candidate.name)) {
      best = candidate;
    }
  }
  return best;
}

/** The text to quote in a syntax error: a whole word if it starts with a letter, else one char. */
export function offendingText(src: string, pos: number): string {
  let end = pos + 1;
  if (/[A-Za-z_]/.test(src[pos] ?? '')) {
    while (end < src.length && /[A-Za-z0-9_]/.test(src[end]!)) end++;
  }
  return src.slice(pos, end);
}
