/**
 * The .db lexer: the two start conditions of dbLex.l (EPICS base
 * modules/database/src/ioc/dbStatic/dbLex.l).
 *
 * INITIAL (everything but field and info values): keywords, bare words of
 * [a-zA-Z0-9_\-+:.\[\]<>;], double-quoted strings whose escapes are kept as written (a record
 * name "a\\b" has two backslashes), `{ } ( ) ,`, `#` comments and `%` C-definition lines.
 *
 * JSON (a field or info value): JSON5-ish values; strings in either quote style with JSON
 * escapes, numbers (including hex, NaN, Infinity), bare words of [a-zA-Z0-9_\-+.], and
 * `: , [ ] { }`. Strings keep their quotes here; the parser removes them.
 *
 * Where flex picks the longest match, so do we: "nullx" is a bare word, "1.5" a number.
 */
import { DbParseError } from './errors.js';
import type { DbSource } from './source.js';
import type { DbLocation } from './types.js';

export type Mode = 'initial' | 'json';

export type TokenKind =
  /** INITIAL: include, record, field... */
  | 'keyword'
  /** INITIAL: a bare word or a double-quoted string (value without its quotes). */
  | 'string'
  /** INITIAL: a `%...` line (valid only in recordtype bodies, so always a syntax error here). */
  | 'cdefs'
  /** One of `{ } ( ) ,` (INITIAL) or `: , [ ] { }` (JSON). */
  | 'punct'
  /** JSON: null, true or false. */
  | 'literal'
  /** JSON: a number as written. */
  | 'number'
  /** JSON: a quoted string, quotes and escapes as written. */
  | 'jsonString'
  /** JSON: an unquoted word that is not a number or literal. */
  | 'bare'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token's value (for INITIAL strings, without the quotes). */
  readonly value: string;
  /** The text as read (flex's yytext), for messages. */
  readonly text: string;
  readonly location: DbLocation;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'include',
  'path',
  'addpath',
  'menu',
  'choice',
  'recordtype',
  'field',
  'device',
  'driver',
  'link',
  'breaktable',
  'record',
  'grecord',
  'alias',
  'info',
  'registrar',
  'function',
  'variable',
]);

/** A table of the characters in `chars` (all ASCII), marked 1 at their char codes. */
function charClass(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

const DIGITS = '0123456789';
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/**
 * dbLex.l's character classes, looked up by char code (a regular expression per character was
 * most of the time a 100,000-record .db took to read). Non-ASCII characters are in none.
 */
const BARE = charClass(`${LETTERS}${DIGITS}_-+:.[]<>;`);
const JSON_BARE = charClass(`${LETTERS}${DIGITS}_-+.`);
const HEX = charClass(`${DIGITS}abcdefABCDEF`);
const isHex = (c: string | undefined): boolean => c !== undefined && c.length === 1 && HEX[c.charCodeAt(0)] === 1;

/** dbLex.l's {number}: JSON numbers plus 1., .5, NaN, Infinity and hex integers. */
const NUMBER =
  /^(?:[+-]?(?:[0-9]|[1-9][0-9]+)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|[+-]?(?:[0-9]|[1-9][0-9]+)\.(?:[eE][+-]?[0-9]+)?|[+-]?\.[0-9]+(?:[eE][+-]?[0-9]+)?|NaN|[+-]?Infinity|[+-]?0[xX][0-9a-fA-F]+)$/;

/**
 * EPICS' "Invalid character" wording: printable ASCII quoted, anything else as the hex of its
 * first byte (EPICS reads UTF-8 bytes).
 */
export function describeChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) return `'${c}'`;
  const byte = code < 0x80 ? code : new TextEncoder().encode(c)[0]!;
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

export class DbLexer {
  constructor(private readonly source: DbSource) {}

  /** Reads the next token in the given start condition. */
  next(mode: Mode): Token {
    const c = this.skipSpace();
    if (c === undefined) return { kind: 'eof', value: '', text: '', location: this.source.location() };
    return mode === 'initial' ? this.initialToken(c) : this.jsonToken(c);
  }

  /**
   * Consumes the punctuation `c` if it is the next token (in either start condition); false,
   * with only the blanks and comments before it consumed, if another token is next. The
   * parser's fast path for the tokens it expects, which need no Token.
   */
  skipPunct(c: string): boolean {
    if (this.skipSpace() !== c) return false;
    this.source.take(1);
    return true;
  }

  /** Skips blanks and `#` comments; the next character, or undefined at the end of all input. */
  private skipSpace(): string | undefined {
    const src = this.source;
    for (;;) {
      src.skipBlanks();
      const c = src.peek();
      if (c !== '#') return c;
      this.skipComment();
    }
  }

  private error(reason: string, location: DbLocation): never {
    throw new DbParseError(reason, location, this.source.includeChain());
  }

  private skipComment(): void {
    let n = 0;
    for (let c = this.source.peek(n); c !== undefined && c !== '\n'; c = this.source.peek(++n));
    this.source.take(n);
  }

  private token(kind: TokenKind, length: number, location: DbLocation, value?: string): Token {
    const text = this.source.take(length);
    return { kind, value: value ?? text, text, location };
  }

  private initialToken(c: string): Token {
    const src = this.source;
    const location = src.location();
    if (c === '{' || c === '}' || c === '(' || c === ')' || c === ',') return this.token('punct', 1, location);
    if (c === '%') {
      let n = 1;
      while (src.peek(n) !== undefined && src.peek(n) !== '\n') n++;
      const token = this.token('cdefs', n, location);
      return { ...token, value: token.text.slice(1) };
    }
    if (c === '"') return this.initialString(location);
    if (BARE[c.charCodeAt(0)] === 1) {
      const text = src.take(src.runLength(BARE));
      return { kind: KEYWORDS.has(text) ? 'keyword' : 'string', value: text, text, location };
    }
    return this.error(`Invalid character ${describeChar(c)}`, location);
  }

  /** "..." in INITIAL: any character but '"' and newline, or a backslash and any but newline. */
  private initialString(location: DbLocation): Token {
    const src = this.source;
    let n = 1;
    for (;;) {
      const d = src.peek(n);
      if (d === '"') break;
      if (d === '\n') this.error('Newline in string, closing quote missing', location);
      if (d === undefined) this.error(`Invalid character '"'`, location);
      if (d === '\\') {
        const e = src.peek(n + 1);
        // A backslash before a newline or the end matches neither the string nor the
        // newline-in-string pattern, so flex falls back to "Invalid character".
        if (e === undefined || e === '\n') this.error(`Invalid character '"'`, location);
        n += 2;
      } else {
        n++;
      }
    }
    const text = src.take(n + 1);
    return { kind: 'string', value: text.slice(1, -1), text, location };
  }

  private jsonToken(c: string): Token {
    const src = this.source;
    const location = src.location();
    if (c === ':' || c === ',' || c === '[' || c === ']' || c === '{' || c === '}') return this.token('punct', 1, location);
    if (c === '"' || c === "'") return this.jsonString(c, location);
    if (JSON_BARE[c.charCodeAt(0)] === 1) {
      const text = src.take(src.runLength(JSON_BARE));
      const kind = text === 'null' || text === 'true' || text === 'false' ? 'literal' : NUMBER.test(text) ? 'number' : 'bare';
      return { kind, value: text, text, location };
    }
    return this.error(`Invalid character ${describeChar(c)}`, location);
  }

  /**
   * A JSON string: characters other than quotes, backslash and control characters, the other
   * quote, and escapes: a backslash and any character but u, x and 1-9; \xHH; \uHHHH. If that
   * fails but the string still ends on its line, EPICS says "Bad character in JSON string".
   */
  private jsonString(quote: string, location: DbLocation): Token {
    const length = this.validJsonStringLength(quote);
    if (length !== undefined) return this.token('jsonString', length, location);
    if (this.loosestringEnds(quote)) this.error('Bad character in JSON string', location);
    return this.error(`Invalid character ${describeChar(quote)}`, location);
  }

  private validJsonStringLength(quote: string): number | undefined {
    const src = this.source;
    let n = 1;
    for (;;) {
      const d = src.peek(n);
      if (d === undefined) return undefined;
      if (d === quote) return n + 1;
      if (d === '\\') {
        const e = src.peek(n + 1);
        if (e === undefined || (e >= '1' && e <= '9')) return undefined;
        if (e === 'x') {
          if (!isHex(src.peek(n + 2)) || !isHex(src.peek(n + 3))) return undefined;
          n += 4;
        } else if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!isHex(src.peek(n + k))) return undefined;
          n += 6;
        } else {
          n += 2;
        }
        continue;
      }
      if (d.charCodeAt(0) < 0x20) return undefined;
      n++;
    }
  }

  /** The error pattern: a quoted run of non-newline characters and backslash pairs. */
  private loosestringEnds(quote: string): boolean {
    const src = this.source;
    let n = 1;
    for (;;) {
      const d = src.peek(n);
      if (d === undefined || d === '\n') return false;
      if (d === quote) return true;
      if (d === '\\') {
        const e = src.peek(n + 1);
        if (e === undefined || e === '\n') return false;
        n += 2;
      } else {
        n++;
      }
    }
  }
}
