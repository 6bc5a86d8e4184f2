/**
 * Substitutions files as dbLoadTemplate and msi read them:
 *
 *   global { P=IOC: }
 *   file "motor.db" { pattern { M, PORT } { m1, "a b" } { m2, c } }
 *   file name.db { { A=1, B=2 } { A=3 } }
 *
 * The result is the list of dbLoadRecords calls in order, each with its macros: the
 * caller's, then the globals seen so far, then the set's own (later ones win).
 */
export interface TemplateLoad {
  file: string;
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

type Token = { kind: 'word' | 'quote' | '{' | '}' | '=' | ','; text: string; line: number } | { kind: 'end'; text: string; line: number };

const BAREWORD = /[a-zA-Z0-9_\-+:./\\[\]<>;]/;

function lex(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '}' || c === '=' || c === ',') {
      tokens.push({ kind: c, text: c, line });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\n') throw new SubstitutionsError(file, line, 'unterminated quoted string');
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j]! + text[j + 1]!;
          j += 2;
        } else value += text[j++];
      }
      if (j >= text.length) throw new SubstitutionsError(file, line, 'unterminated quoted string');
      tokens.push({ kind: 'quote', text: value, line });
      i = j + 1;
    } else if (BAREWORD.test(c)) {
      let j = i;
      while (j < text.length && BAREWORD.test(text[j]!)) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), line });
      i = j;
    } else throw new SubstitutionsError(file, line, `invalid character '${c}'`);
  }
  tokens.push({ kind: 'end', text: 'end of file', line });
  return tokens;
}

/** A quoted value keeps macLib's view: escapes stand for the character after the backslash. */
const unescape = (t: Token): string => (t.kind === 'quote' ? t.text.replace(/\\(.)/g, '$1') : t.text);

export function parseSubstitutions(text: string, options: { file?: string; macros?: ReadonlyMap<string, string> } = {}): TemplateLoad[] {
  const file = options.file ?? '<substitutions>';
  const tokens = lex(text, file);
  let pos = 0;
  const loads: TemplateLoad[] = [];
  const globals = new Map<string, string>(options.macros ?? []);
  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const fail = (t: Token, what: string): never => {
    throw new SubstitutionsError(file, t.line, `syntax error: expected ${what}, found ${t.kind === 'end' ? 'end of file' : `'${t.text}'`}`);
  };
  const expect = (kind: Token['kind'], what: string): Token => (peek().kind === kind ? next() : fail(peek(), what));
  const isName = (t: Token): boolean => t.kind === 'word' || t.kind === 'quote';

  /** `A=1, B="x"` up to the closing brace, into `into`. */
  const definitions = (into: Map<string, string>): void => {
    for (;;) {
      const t = peek();
      if (t.kind === '}') return;
      if (t.kind === ',') {
        next();
        continue;
      }
      if (t.kind !== 'word') fail(t, 'a macro name');
      next();
      expect('=', `'=' after ${t.text}`);
      const v = next();
      if (!isName(v)) fail(v, `a value for ${t.text}`);
      into.set(t.text, unescape(v));
    }
  };
  const globalBlock = (): void => {
    next();
    expect('{', "'{' after global");
    definitions(globals);
    expect('}', "'}'");
  };

  while (peek().kind !== 'end') {
    const t = peek();
    if (t.kind === 'word' && t.text === 'global') {
      globalBlock();
      continue;
    }
    if (!(t.kind === 'word' && t.text === 'file')) fail(t, "'file' or 'global'");
    next();
    const nameToken = next();
    if (!isName(nameToken)) fail(nameToken, 'a file name after file');
    const dbFile = nameToken.text;
    expect('{', `'{' after file ${dbFile}`);
    if (peek().kind === 'word' && peek().text === 'pattern') {
      next();
      expect('{', "'{' after pattern");
      const names: string[] = [];
      while (peek().kind !== '}') {
        const n = next();
        if (n.kind === ',') continue;
        if (n.kind !== 'word') fail(n, 'a macro name in pattern');
        names.push(n.text);
      }
      next();
      while (peek().kind !== '}') {
        if (peek().kind === 'word' && peek().text === 'global') {
          globalBlock();
          continue;
        }
        // dbLoadTemplate's deprecated form: a word before the set's brace is ignored.
        if (peek().kind === 'word' && tokens[pos + 1]?.kind === '{') next();
        const open = expect('{', "'{' starting a set of values");
        const macros = new Map(globals);
        let index = 0;
        while (peek().kind !== '}') {
          const v = next();
          if (v.kind === ',') continue;
          if (!isName(v)) fail(v, 'a value');
          const name = names[index++];
          if (name === undefined) throw new SubstitutionsError(file, v.line, `too many values given (the pattern has ${names.length})`);
          macros.set(name, unescape(v));
        }
        next();
        loads.push({ file: dbFile, macros, line: open.line });
      }
    } else {
      while (peek().kind !== '}') {
        if (peek().kind === 'word' && peek().text === 'global') {
          globalBlock();
          continue;
        }
        if (peek().kind === 'word' && tokens[pos + 1]?.kind === '{') next();
        const open = expect('{', "'{' starting a set of definitions");
        const macros = new Map(globals);
        definitions(macros);
        next();
        loads.push({ file: dbFile, macros, line: open.line });
      }
    }
    expect('}', `'}' closing file ${dbFile}`);
  }
  return loads;
}
