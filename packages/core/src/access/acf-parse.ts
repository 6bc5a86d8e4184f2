/**
 * The access security configuration language of EPICS (asLib.y, asLib_lex.l): UAG, HAG and
 * ASG definitions, INPA..INPL inputs, RULE(level, NONE|READ|WRITE[, NOTRAPWRITE|TRAPWRITE])
 * with UAG, HAG and CALC conditions. Every error EPICS reports refuses the whole file here,
 * with the file and line.
 */
import { CalcSyntaxError, compileCalc, type CompiledCalc } from '../calc/index.js';
import { expandMacros, type MacroSource } from '../macros/index.js';

export type AsAccess = 0 | 1 | 2;
export const AS_ACCESS_NAMES = ['NONE', 'READ', 'WRITE'] as const;
export const DEFAULT_ASG = 'DEFAULT';

export interface AcfRule {
  readonly level: number;
  readonly access: AsAccess;
  readonly trapWrite: boolean;
  readonly uags: string[];
  readonly hags: string[];
  calc?: CompiledCalc;
}

export interface AcfInput {
  /** 0 for INPA … 11 for INPL. */
  readonly index: number;
  readonly pv: string;
}

export interface AcfGroup {
  readonly name: string;
  readonly inputs: AcfInput[];
  readonly rules: AcfRule[];
}

/** A parsed configuration; lists are in asLib's (alphabetical) order. */
export interface AcfConfig {
  /** UAG name → its users, in file order. */
  readonly uags: Map<string, string[]>;
  /** HAG name → its hosts as written (lower-cased when compared). */
  readonly hags: Map<string, string[]>;
  readonly groups: Map<string, AcfGroup>;
}

export class AcfError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'AcfError';
  }
}

type Token =
  | { kind: 'keyword'; text: 'UAG' | 'HAG' | 'ASG' | 'RULE' | 'CALC'; line: number }
  | { kind: 'inp'; index: number; line: number }
  | { kind: 'integer'; value: number; text: string; line: number }
  | { kind: 'string'; text: string; line: number }
  | { kind: 'punct'; text: string; line: number }
  | { kind: 'eof'; line: number };

const NAME_CHAR = /[a-zA-Z0-9_\-+:.[\]<>;]/;
const KEYWORDS = new Set(['UAG', 'HAG', 'ASG', 'RULE', 'CALC']);

function lex(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ('(){},'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else if (c === '"') {
      // As the lexer of asLib: the text between the quotes, escapes kept as written.
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' && j + 1 < text.length ? 2 : 1;
      if (j >= text.length || text[j] !== '"') throw new AcfError(file, line, 'Newline in quoted string, closing quote missing');
      tokens.push({ kind: 'string', text: text.slice(i + 1, j), line });
      i = j + 1;
    } else if (NAME_CHAR.test(c)) {
      let j = i;
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
      const word = text.slice(i, j);
      if (KEYWORDS.has(word)) tokens.push({ kind: 'keyword', text: word as 'UAG', line });
      else if (/^INP[A-L]$/.test(word)) tokens.push({ kind: 'inp', index: word.charCodeAt(3) - 65, line });
      else if (/^[0-9]+$/.test(word)) tokens.push({ kind: 'integer', value: Number.parseInt(word, 10), text: word, line });
      else tokens.push({ kind: 'string', text: word, line });
      i = j;
    } else {
      const shown = c >= ' ' && c <= '~' ? `'${c}'` : `0x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
      throw new AcfError(file, line, `Invalid character ${shown}`);
    }
  }
  tokens.push({ kind: 'eof', line });
  return tokens;
}

const describe = (t: Token): string =>
  t.kind === 'eof' ? 'end of file' : t.kind === 'inp' ? `INP${String.fromCharCode(65 + t.index)}` : t.kind === 'integer' ? t.text : `"${t.text}"`;

class Parser {
  private pos = 0;
  readonly config: AcfConfig = { uags: new Map(), hags: new Map(), groups: new Map([[DEFAULT_ASG, { name: DEFAULT_ASG, inputs: [], rules: [] }]]) };

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private fail(t: Token, message: string): never {
    throw new AcfError(this.file, t.line, message);
  }

  private punct(text: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) this.fail(t, `syntax error: expected '${text}' before ${describe(t)}`);
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private string(what: string): { text: string; line: number } {
    const t = this.next();
    if (t.kind !== 'string') this.fail(t, `syntax error: expected ${what}, found ${describe(t)}`);
    return t;
  }

  /** '(' name ')' */
  private head(what: string): { text: string; line: number } {
    this.punct('(');
    const name = this.string(what);
    this.punct(')');
    return name;
  }

  /** name {',' name} up to the closing token */
  private list(what: string, close: string): { text: string; line: number }[] {
    const items = [this.string(what)];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.string(what));
    }
    this.punct(close);
    return items;
  }

  parse(): AcfConfig {
    if (this.peek().kind === 'eof') this.fail(this.peek(), 'syntax error: the file defines nothing');
    while (this.peek().kind !== 'eof') {
      const t = this.next();
      if (t.kind !== 'keyword' || (t.text !== 'UAG' && t.text !== 'HAG' && t.text !== 'ASG')) this.fail(t, `syntax error: expected UAG, HAG or ASG, found ${describe(t)}`);
      if (t.text === 'ASG') this.group();
      else this.accessGroup(t.text);
    }
    return this.config;
  }

  private accessGroup(kind: 'UAG' | 'HAG'): void {
    const name = this.head(`${kind} name`);
    const map = kind === 'UAG' ? this.config.uags : this.config.hags;
    if (map.has(name.text)) throw new AcfError(this.file, name.line, `Duplicate ${kind === 'UAG' ? 'User' : 'Host'} Access Group named '${name.text}'`);
    const members: string[] = [];
    map.set(name.text, members);
    if (!this.isPunct('{')) return;
    this.next();
    for (const m of this.list(kind === 'UAG' ? 'user name' : 'host name', '}')) members.push(m.text);
  }

  private group(): void {
    const name = this.head('ASG name');
    const existing = this.config.groups.get(name.text);
    // asAsgAdd: DEFAULT may be defined once (it exists empty from the start).
    if (existing !== undefined && !(name.text === DEFAULT_ASG && existing.inputs.length === 0 && existing.rules.length === 0)) {
      throw new AcfError(this.file, name.line, `Duplicate Access Security Group named '${name.text}'`);
    }
    const group: AcfGroup = existing ?? { name: name.text, inputs: [], rules: [] };
    this.config.groups.set(name.text, group);
    if (!this.isPunct('{')) return;
    this.next();
    do {
      const t = this.next();
      if (t.kind === 'inp') {
        group.inputs.push({ index: t.index, pv: this.head('input PV name').text });
      } else if (t.kind === 'keyword' && t.text === 'RULE') {
        group.rules.push(this.rule());
      } else {
        this.fail(t, `syntax error: expected INPx or RULE, found ${describe(t)}`);
      }
    } while (!this.isPunct('}'));
    this.next();
  }

  private rule(): AcfRule {
    this.punct('(');
    const levelToken = this.next();
    if (levelToken.kind !== 'integer') this.fail(levelToken, `syntax error: expected the rule level (0 or 1), found ${describe(levelToken)}`);
    this.punct(',');
    const accessToken = this.string('NONE, READ or WRITE');
    const access = AS_ACCESS_NAMES.indexOf(accessToken.text as 'NONE');
    if (access < 0) throw new AcfError(this.file, accessToken.line, 'Access rights must be NONE, READ or WRITE');
    let trapWrite = false;
    if (this.isPunct(',')) {
      this.next();
      const option = this.string('TRAPWRITE or NOTRAPWRITE');
      if (option.text === 'TRAPWRITE') trapWrite = true;
      else if (option.text !== 'NOTRAPWRITE') throw new AcfError(this.file, option.line, 'Log options must be TRAPWRITE or NOTRAPWRITE');
    }
    this.punct(')');
    const rule: AcfRule = { level: levelToken.value, access: access as AsAccess, trapWrite, uags: [], hags: [] };
    if (!this.isPunct('{')) return rule;
    this.next();
    do {
      const t = this.next();
      if (t.kind !== 'keyword' || (t.text !== 'UAG' && t.text !== 'HAG' && t.text !== 'CALC')) this.fail(t, `syntax error: expected UAG, HAG or CALC, found ${describe(t)}`);
      this.punct('(');
      if (t.text === 'CALC') {
        const expr = this.string('a quoted CALC expression');
        this.punct(')');
        rule.calc = this.compile(expr.text, expr.line);
      } else {
        const known = t.text === 'UAG' ? this.config.uags : this.config.hags;
        for (const name of this.list(`${t.text} name`, ')')) {
          if (!known.has(name.text)) throw new AcfError(this.file, name.line, `No ${t.text === 'UAG' ? 'User' : 'Host'} Access Group named '${name.text}' defined`);
          (t.text === 'UAG' ? rule.uags : rule.hags).push(name.text);
        }
      }
    } while (!this.isPunct('}'));
    this.next();
    return rule;
  }

  private compile(expression: string, line: number): CompiledCalc {
    let calc: CompiledCalc;
    try {
      calc = compileCalc(expression, { maxLength: 4096 });
    } catch (err) {
      const reason = err instanceof CalcSyntaxError ? err.message : String(err);
      throw new AcfError(this.file, line, `${reason} in CALC expression '${expression}'`);
    }
    // asAsgRuleCalc: "Until someone proves stores are not dangerous, don't allow them".
    if (calc.inputsStored !== 0) throw new AcfError(this.file, line, `Assignment operator used in CALC expression '${expression}'`);
    return calc;
  }
}

export interface ParseAcfOptions {
  /** Named in error messages. */
  file?: string;
  /** Substitutions, as asSetSubstitutions / softIoc -m: applied line by line before parsing. */
  macros?: MacroSource;
  /** Receives macro warnings (undefined macros are left as $(name,undefined), as macLib does). */
  onWarning?: (message: string) => void;
}

/** Parses ACF text; throws AcfError (file:line) for anything asInitialize would refuse. */
export function parseAcf(text: string, options: ParseAcfOptions = {}): AcfConfig {
  const file = options.file ?? '<acf>';
  let source = text;
  if (options.macros !== undefined) {
    source = text
      .split('\n')
      .map((line, i) =>
        expandMacros(line, options.macros, {
          undefined: 'keep',
          onWarning: (w) => options.onWarning?.(`${file}:${i + 1}: ${w.message}`),
        }),
      )
      .join('\n');
  }
  return new Parser(lex(source, file), file).parse();
}
