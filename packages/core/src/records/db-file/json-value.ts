/**
 * Field and info values: dbYacc.y's json_value rules, which turn the value into the string
 * dbRecordField()/dbRecordInfo() receive.
 *
 * - a quoted string keeps its quotes here; the caller removes them and translates escapes;
 * - a bare word becomes a quoted string, a number or null/true/false stays as written;
 * - objects and arrays are rebuilt without white space or comments: `{const: 5}` becomes
 *   `{const:5}`; bare keys stay bare unless they contain '+', '-' or '.' (YAJL would refuse
 *   those), bare values are quoted, a trailing comma is dropped in an object and kept in an
 *   array (the link parser tells a one-element const array from a PV name by it);
 * - keys are strings or bare words; null, true, false and numbers are not keys.
 */
import { DbParseError } from './errors.js';
import type { DbLexer, Token } from './lexer.js';
import type { DbLocation } from './types.js';

/** Deeper nesting is refused (EPICS' bison parser gives up at 10000 stack entries). */
export const MAX_JSON_DEPTH = 1000;

export interface JsonContext {
  readonly lexer: DbLexer;
  readonly syntaxError: (token: Token, expected?: string) => never;
  readonly includeChain: () => DbLocation[];
}

/** Reads one JSON value (the lexer must be at its first token); returns EPICS' text for it. */
export function readJsonValue(ctx: JsonContext, depth = 0): { text: string; first: Token } {
  const token = ctx.lexer.next('json');
  return { text: jsonValueFrom(ctx, token, depth), first: token };
}

function jsonValueFrom(ctx: JsonContext, token: Token, depth: number): string {
  switch (token.kind) {
    case 'literal':
    case 'number':
    case 'jsonString':
      return token.text;
    case 'bare':
      return `"${token.text}"`;
    case 'punct':
      if (token.text === '{' || token.text === '[') {
        if (depth >= MAX_JSON_DEPTH) {
          throw new DbParseError('JSON value nested too deeply', token.location, ctx.includeChain());
        }
        return token.text === '{' ? readObject(ctx, depth + 1) : readArray(ctx, depth + 1);
      }
      return ctx.syntaxError(token, 'a value');
    default:
      return ctx.syntaxError(token, 'a value');
  }
}

function readObject(ctx: JsonContext, depth: number): string {
  let token = ctx.lexer.next('json');
  if (token.kind === 'punct' && token.text === '}') return '{}';
  const members: string[] = [];
  for (;;) {
    let key: string;
    if (token.kind === 'jsonString') key = token.text;
    else if (token.kind === 'bare') key = /[+\-.]/.test(token.text) ? `"${token.text}"` : token.text;
    else return ctx.syntaxError(token, 'a key');
    const colon = ctx.lexer.next('json');
    if (colon.kind !== 'punct' || colon.text !== ':') return ctx.syntaxError(colon, "':'");
    members.push(`${key}:${readJsonValue(ctx, depth).text}`);
    const after = ctx.lexer.next('json');
    if (after.kind === 'punct' && after.text === '}') break;
    if (after.kind !== 'punct' || after.text !== ',') return ctx.syntaxError(after, "',' or '}'");
    token = ctx.lexer.next('json');
    if (token.kind === 'punct' && token.text === '}') break; // trailing comma, dropped
  }
  return `{${members.join(',')}}`;
}

function readArray(ctx: JsonContext, depth: number): string {
  let token = ctx.lexer.next('json');
  if (token.kind === 'punct' && token.text === ']') return '[]';
  let text = '';
  for (;;) {
    text += jsonValueFrom(ctx, token, depth);
    const after = ctx.lexer.next('json');
    if (after.kind === 'punct' && after.text === ']') break;
    if (after.kind !== 'punct' || after.text !== ',') return ctx.syntaxError(after, "',' or ']'");
    text += ',';
    token = ctx.lexer.next('json');
    if (token.kind === 'punct' && token.text === ']') break; // trailing comma, kept
  }
  return `[${text}]`;
}
