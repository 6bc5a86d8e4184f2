import { parseMacroDefinitionList } from '../macros/index.js';

/**
 * Substitutions files as dbLoadTemplate reads them (EPICS base dbLoadTemplate.y and
 * dbLoadTemplate_lex.l):
 *
 *   global { P=IOC: }
 *   file "motor.db" { pattern { M, PORT } { m1, "a b" } { m2, c } }
 *   file name.db { { A=1, B=2 } { A=3 } }
 *
 * Each set asks for one dbLoadRecords, with the caller's macros, then the globals seen so far,
 * then the set's own (later ones win). As dbLoadTemplate, the file is read as a stream: a set
 * is handed over as soon as its closing brace is read, so the sets before a syntax error are
 * loaded, and the error stops the rest. A character the lexer does not know is reported and
 * skipped; a pattern set with more values than names, and the deprecated word before a set's
 * brace, are reported and the set is loaded all the same.
 */
export interface TemplateLoad {
  file: string;
  /** Raw macLib values (quotes and escapes still in them), as macParseDefns leaves them. */
  macros: Map<string, string>;
  /** The line of the `{ … }` set that asked for this load. */
  line: number;
}

export class SubstitutionsError extends Error {
  override name = 'SubstitutionsError';
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

export interface SubstitutionsWarning {
  file: string;
  line: number;
  message: string;
}

export interface SubstitutionsOptions {
  /** The name used in messages. */
  file?: string;
  /**
   * The caller's macros (dbLoadTemplate's second argument): a definition string, put in front
   * of every set's definitions as dbLoadTemplate does, or definitions already parsed.
   */
  macros?: string | ReadonlyMap<string, string>;
  /** Something dbLoadTemplate reports and goes on from. */
  onWarning?: (warning: SubstitutionsWarning) => void;
}

type Keyword = 'file' | 'pattern' | 'global';

type Token = { kind: 'word' | 'quote' | '{' | '}' | '=' | ',' | Keyword | 'end'; text: string; line: number };

const KEYWORDS: ReadonlySet<string> = new Set<Keyword>(['file', 'pattern', 'global']);

/** The lexer's `bareword` class: [a-zA-Z0-9_\-+:./\\\[\]<>;]. */
function isBareword(c: string): boolean {
  return /[a-zA-Z0-9_\-+:./\\[\]<>;]/.test(c);
}

/** dbLoadTemplate_lex.l, one token at a time (the parser acts between tokens, as bison does). */
class Lexer {
  private i = 0;
  private line = 1;
  constructor(
    private readonly text: string,
    private readonly warn: (line: number, message: string) => void,
  ) {}

  next(): Token {
    const text = this.text;
    while (this.i < text.length) {
      const c = text[this.i]!;
      if (c === '\n') {
        this.line++;
        this.i++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') this.i++;
      else if (c === '#') {
        while (this.i < text.length && text[this.i] !== '\n') this.i++;
      } else if (c === '{' || c === '}' || c === '=' || c === ',') {
        this.i++;
        return { kind: c, text: c, line: this.line };
      } else if (c === '"' || c === "'") {
        const end = this.quoteEnd(c);
        if (end !== undefined) {
          const token: Token = { kind: 'quote', text: text.slice(this.i + 1, end), line: this.line };
          this.i = end + 1;
          return token;
        }
        // A quote not closed on its line is no string: flex's catch-all rule takes it.
        this.invalid(c);
      } else if (isBareword(c)) {
        let j = this.i;
        while (j < text.length && isBareword(text[j]!)) j++;
        const word = text.slice(this.i, j);
        this.i = j;
        // flex's rule order: "pattern" alone is PATTERN, "patterns" a WORD.
        return { kind: KEYWORDS.has(word) ? (word as Keyword) : 'word', text: word, line: this.line };
      } else this.invalid(c);
    }
    return { kind: 'end', text: '', line: this.line };
  }

  /** Where a string opened at this.i closes; escapes (a backslash and any but a newline) inside. */
  private quoteEnd(quote: string): number | undefined {
    const text = this.text;
    for (let j = this.i + 1; j < text.length; j++) {
      const c = text[j]!;
      if (c === quote) return j;
      if (c === '\n') return undefined;
      if (c === '\\') {
        if (text[j + 1] === undefined || text[j + 1] === '\n') return undefined;
        j++;
      }
    }
    return undefined;
  }

  private invalid(c: string): void {
    this.warn(this.line, `invalid character '${c}' (skipped)`);
    this.i++;
  }
}

/**
 * Reads a substitutions file, calling `onLoad` for each set as dbLoadTemplate calls
 * dbLoadRecords. Throws SubstitutionsError at a syntax error, after the sets before it.
 */
export function readSubstitutions(text: string, onLoad: (load: TemplateLoad) => void, options: SubstitutionsOptions = {}): void {
  const file = options.file ?? '<substitutions>';
  const warn = (line: number, message: string): void => options.onWarning?.({ file, line, message });
  const lexer = new Lexer(text, warn);
  let token = lexer.next();
  /** The lookahead's kind (a function: `advance` changes the token behind the compiler's back). */
  const kind = (): Token['kind'] => token.kind;
  const advance = (): Token => {
    const t = token;
    token = lexer.next();
    return t;
  };
  const fail = (what: string): never => {
    throw new SubstitutionsError(file, token.line, `syntax error: expected ${what}, found ${kind() === 'end' ? 'end of file' : `'${token.text}'`}`);
  };
  const expect = (wanted: Token['kind'], what: string): Token => (kind() === wanted ? advance() : fail(what));

  // dbLoadTemplate's sub_collect: the caller's definitions, the globals (kept) and the set's
  // own (dropped after its load), as one definition string for macParseDefns.
  const initial = typeof options.macros === 'string' ? new Map<string, string>() : new Map(options.macros ?? []);
  let kept = typeof options.macros === 'string' ? options.macros : '';
  const define = (name: string, value: Token): string => `,${name}=${value.kind === 'quote' ? `"${value.text}"` : value.text}`;
  const macrosOf = (locals: string): Map<string, string> => {
    const macros = new Map(initial);
    for (const { name, value } of parseMacroDefinitionList((kept + locals).replace(/^,/, ''))) {
      if (value === null) macros.delete(name);
      else macros.set(name, value);
    }
    return macros;
  };

  /** A list in braces' grammar: an item first, then items, with commas allowed between. */
  const list = (item: () => void): void => {
    item();
    while (kind() !== '}') {
      if (kind() === ',') advance();
      else item();
    }
  };

  /** variable_definitions: WORD = (WORD | QUOTE), as a definition string. */
  const definitions = (): string => {
    let locals = '';
    list(() => {
      const name = expect('word', 'a macro name');
      expect('=', `'=' after ${name.text}`);
      if (kind() !== 'word' && kind() !== 'quote') fail(`a value for ${name.text}`);
      locals += define(name.text, advance());
    });
    return locals;
  };
  const globalBlock = (): void => {
    advance();
    expect('{', "'{' after global");
    if (kind() !== '}') kept += definitions();
    advance();
  };

  /**
   * A file's sets up to its closing brace, each loaded as soon as it is read: `body` reads a
   * set's content (not called for an empty set) into its definition string. Globals may come
   * between sets; a word before a set's brace is dbLoadTemplate's deprecated syntax, reported
   * and ignored (its set may not be empty).
   */
  const sets = (dbFile: string, what: string, body: () => string): void => {
    while (kind() !== '}') {
      if (kind() === 'global') {
        globalBlock();
        continue;
      }
      const deprecated = kind() === 'word';
      if (deprecated) {
        const word = advance();
        warn(word.line, `the string '${word.text}' before '{' is deprecated syntax and is ignored; remove it`);
        if (kind() !== '{') fail(`'{' after ${word.text}`);
      }
      const open = expect('{', `'{' starting a set of ${what}`);
      const locals = kind() !== '}' || deprecated ? body() : '';
      advance();
      onLoad({ file: dbFile, macros: macrosOf(locals), line: open.line });
    }
  };

  /** pattern { names } then sets of values, each value given to the name in its place. */
  const patternSets = (dbFile: string): void => {
    advance();
    expect('{', "'{' after pattern");
    const names: string[] = [];
    if (kind() !== '}') list(() => names.push(expect('word', 'a macro name in pattern').text));
    advance();
    sets(dbFile, 'values', () => {
      let locals = '';
      let index = 0;
      list(() => {
        if (kind() !== 'word' && kind() !== 'quote') fail('a value');
        const value = advance();
        const name = names[index++];
        if (name === undefined) warn(value.line, `too many values given (the pattern has ${names.length}); '${value.text}' is ignored`);
        else locals += define(name, value);
      });
      return locals;
    });
  };

  do {
    if (kind() === 'global') {
      globalBlock();
      continue;
    }
    if (kind() !== 'file') fail("'file' or 'global'");
    advance();
    if (kind() !== 'word' && kind() !== 'quote') fail('a file name after file');
    const dbFile = advance().text;
    expect('{', `'{' after file ${dbFile}`);
    if (kind() === 'pattern') patternSets(dbFile);
    else sets(dbFile, 'definitions', definitions);
    advance();
  } while (kind() !== 'end');
}

/** All the loads of a substitutions file; a syntax error throws and loads nothing. */
export function parseSubstitutions(text: string, options: SubstitutionsOptions = {}): TemplateLoad[] {
  const loads: TemplateLoad[] = [];
  readSubstitutions(text, (load) => loads.push(load), options);
  return loads;
}
