/**
 * The .db grammar of dbYacc.y, as far as record instance files go:
 *
 *   database  := item*
 *   item      := include STRING | path STRING | addpath STRING
 *              | (record | grecord) '(' STRING ',' STRING ')' body?
 *              | alias '(' STRING ',' STRING ')'
 *   body      := '{' (field '(' STRING ',' value ')' | info '(' STRING ',' value ')'
 *                    | alias '(' STRING ')' | include STRING)* '}'
 *
 * Values are read in the JSON start condition, which begins after the ',' and ends right
 * after the value, so the ')' is read in INITIAL (`field(INP, a:b)` fails at ':b', as in EPICS).
 * The .dbd definitions (menu, recordtype, device...) are refused: they do not belong in the
 * files devioc loads.
 *
 * An include's file is read when its name has been read, before any further token, as the
 * bison parser's default reduction does; an include inside a body continues that body.
 */
import type { DbActions } from './database-builder.js';
import { DbParseError } from './errors.js';
import { translateEscapes } from './escapes.js';
import { readJsonValue, type JsonContext } from './json-value.js';
import type { DbLexer, Token } from './lexer.js';
import type { DbLocation } from './types.js';

/** What the parser needs besides tokens: include and path handling. */
export interface ParserHooks {
  include(name: string, location: DbLocation): void;
  path(list: string, location: DbLocation, append: boolean): void;
  includeChain(): DbLocation[];
}

const DBD_KEYWORDS = new Set(['menu', 'choice', 'recordtype', 'device', 'driver', 'link', 'breaktable', 'registrar', 'function', 'variable']);

/** A field or info value as dbRecordField() stores it: quoted strings unquoted and unescaped. */
function storedValue(text: string): string {
  const q = text[0];
  return q === '"' || q === "'" ? translateEscapes(text.slice(1, -1)) : text;
}

export class DbParser {
  private readonly json: JsonContext;

  constructor(
    private readonly lexer: DbLexer,
    private readonly builder: DbActions,
    private readonly hooks: ParserHooks,
  ) {
    this.json = {
      lexer,
      syntaxError: (token, expected) => this.syntaxError(token, expected),
      includeChain: () => hooks.includeChain(),
    };
  }

  syntaxError(token: Token, expected?: string): never {
    const near = token.kind === 'eof' ? 'at end of input' : `at or before '${token.text}'`;
    const hint = expected === undefined ? '' : ` (expected ${expected})`;
    throw new DbParseError(`syntax error ${near}${hint}`, token.location, this.hooks.includeChain());
  }

  /** Reads the punctuation `text` in INITIAL, or fails on the token that is there instead. */
  private expect(text: '(' | ')' | ','): void {
    if (this.lexer.skipPunct(text)) return;
    this.syntaxError(this.lexer.next('initial'), `'${text}'`);
  }

  private expectString(what: string): Token {
    const token = this.lexer.next('initial');
    if (token.kind !== 'string') this.syntaxError(token, what);
    return token;
  }

  parseDatabase(): void {
    let token = this.lexer.next('initial');
    while (token.kind !== 'eof') {
      token = this.item(token) ?? this.lexer.next('initial');
    }
  }

  /** Handles one item; returns the token after it if it had to read one. */
  private item(token: Token): Token | undefined {
    if (token.kind !== 'keyword') return this.syntaxError(token);
    switch (token.value) {
      case 'include':
        this.include(token);
        return undefined;
      case 'path':
      case 'addpath':
        this.hooks.path(this.expectString('a path').value, token.location, token.value === 'addpath');
        return undefined;
      case 'record':
      case 'grecord':
        return this.record(token);
      case 'alias': {
        this.expect('(');
        const name = this.expectString('a record name');
        this.expect(',');
        const alias = this.expectString('an alias name');
        this.expect(')');
        this.builder.alias(name.value, alias.value, token.location);
        return undefined;
      }
      default:
        if (DBD_KEYWORDS.has(token.value)) {
          throw new DbParseError(
            `"${token.value}" is a .dbd definition; only records, aliases, include and path may appear here`,
            token.location,
            this.hooks.includeChain(),
          );
        }
        return this.syntaxError(token);
    }
  }

  private include(keyword: Token): void {
    const name = this.expectString('a file name');
    this.hooks.include(name.value, keyword.location);
  }

  private record(keyword: Token): Token | undefined {
    this.expect('(');
    const type = this.expectString('a record type');
    this.expect(',');
    const name = this.expectString('a record name');
    this.expect(')');
    this.builder.beginRecord(type.value, name.value, keyword.location);
    // The body is optional: "record(ai, X)" alone defines X, and whatever follows is the
    // next item. Peeking at '{' is safe: the head has been fully handled.
    if (this.lexer.skipPunct('{')) {
      this.body();
      this.builder.endRecord();
      return undefined;
    }
    this.builder.endRecord();
    return this.lexer.next('initial');
  }

  private body(): void {
    for (;;) {
      if (this.lexer.skipPunct('}')) return;
      const token = this.lexer.next('initial');
      if (token.kind !== 'keyword') this.syntaxError(token, "field, info, alias, include or '}'");
      switch (token.value) {
        case 'field':
        case 'info': {
          this.expect('(');
          const name = this.expectString(token.value === 'field' ? 'a field name' : 'an info name');
          this.expect(',');
          const value = storedValue(readJsonValue(this.json).text);
          this.expect(')');
          if (token.value === 'field') this.builder.field(name.value, value, name.location);
          else this.builder.info(name.value, value, name.location);
          break;
        }
        case 'alias': {
          this.expect('(');
          const alias = this.expectString('an alias name');
          this.expect(')');
          this.builder.recordAlias(alias.value, alias.location);
          break;
        }
        case 'include':
          this.include(token);
          break;
        default:
          this.syntaxError(token, "field, info, alias, include or '}'");
      }
    }
  }
}
