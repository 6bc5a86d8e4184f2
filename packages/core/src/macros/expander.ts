/**
 * Macro expansion as dbLoadRecords(), msi and iocsh do it (EPICS base macLib), with a strict
 * mode on top: by default an undefined or recursive macro throws a MacroError naming it and
 * its position, where EPICS only warns and leaves "$(name,undefined)" in the text.
 */
import { parseMacroDefinitions } from './definitions.js';
import { describeMacroProblem, lineAndColumn, MacroError, type MacroProblem } from './errors.js';
import { MacroTable } from './macro-table.js';
import { LimitExceeded, Translator } from './translate.js';

/**
 * Macro values by name. Values are raw macLib values: quotes and backslashes in them are
 * interpreted when they are expanded, and they may refer to other macros (use
 * escapeMacroValue() for literal text). A string is parsed with parseMacroDefinitions().
 */
export type MacroSource = string | ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export interface MacroWarning extends MacroProblem {
  /** e.g. 'macro "P" is undefined at line 1, column 8' */
  readonly message: string;
  /** 1-based line and column of `position` in the expanded text. */
  readonly line: number;
  readonly column: number;
}

export interface ExpandOptions {
  /**
   * 'error' (default): an undefined or recursive macro, or an unterminated reference, throws
   * a MacroError. 'keep': EPICS' lenient behaviour; the reference is replaced by
   * "$(name,undefined)" (or ",recursive") and onWarning is called.
   */
  undefined?: 'error' | 'keep';
  /**
   * EPICS' macSuppressWarning()/dbQuietMacroWarnings: in 'keep' mode, insert "$(name)" instead
   * of "$(name,undefined)" and do not warn.
   */
  quiet?: boolean;
  /** Receives the warnings of 'keep' mode; default console.warn of the message. */
  onWarning?: (warning: MacroWarning) => void;
  /**
   * At most this many characters are produced (or scanned inside macro values) per
   * expansion; beyond it a MacroError of kind 'too-long' is thrown. Default 1,000,000.
   */
  maxLength?: number;
  /** References may nest this deep (in the text and through macro values). Default 200. */
  maxDepth?: number;
}

export interface ExpansionResult {
  readonly text: string;
  /** The problems that affect `text`, in order of their references. */
  readonly problems: readonly MacroProblem[];
}

const DEFAULT_MAX_LENGTH = 1_000_000;
const DEFAULT_MAX_DEPTH = 200;

function entriesOf(macros: MacroSource): Iterable<readonly [string, string]> {
  if (typeof macros === 'string') return parseMacroDefinitions(macros);
  if (macros instanceof Map) return macros as ReadonlyMap<string, string>;
  return Object.entries(macros as Readonly<Record<string, string>>).filter(
    (pair): pair is [string, string] => typeof pair[1] === 'string',
  );
}

/**
 * An expansion context: one set of definitions used for many expansions, like the macLib
 * handle dbLoadRecords() keeps for a whole file (values are expanded once per change).
 */
export class MacroExpander {
  private readonly table = new MacroTable();
  private readonly mode: 'error' | 'keep';
  private readonly quiet: boolean;
  private readonly onWarning: (warning: MacroWarning) => void;
  private readonly translator: Translator;

  constructor(macros: MacroSource = {}, options: ExpandOptions = {}) {
    this.mode = options.undefined ?? 'error';
    this.quiet = options.quiet ?? false;
    this.onWarning = options.onWarning ?? ((w) => console.warn(`macLib: ${w.message}`));
    this.translator = new Translator(
      this.table,
      this.quiet,
      options.maxLength ?? DEFAULT_MAX_LENGTH,
      options.maxDepth ?? DEFAULT_MAX_DEPTH,
    );
    for (const [name, value] of entriesOf(macros)) this.table.put(name, value);
  }

  /** Defines (or redefines) a macro with a raw value. */
  define(name: string, rawValue: string): void {
    this.table.put(name, rawValue);
  }

  /** Removes a macro. */
  undefine(name: string): void {
    this.table.remove(name);
  }

  has(name: string): boolean {
    return this.table.lookup(name) !== undefined;
  }

  /**
   * Expands `text` and reports every problem instead of throwing for it (only the limits of
   * maxLength and maxDepth throw). The text is what macExpandString() would produce.
   */
  expandDetailed(text: string): ExpansionResult {
    this.table.refresh();
    try {
      return this.translator.translate(text);
    } catch (e) {
      if (e instanceof LimitExceeded) {
        throw new MacroError({ kind: e.kind, macro: e.via[0] ?? '', position: e.position, via: e.via }, text);
      }
      throw e;
    }
  }

  /** Expands `text`, throwing or warning for problems as the options say. */
  expand(text: string): string {
    const result = this.expandDetailed(text);
    if (this.mode === 'error') {
      const first = result.problems[0];
      if (first !== undefined) throw new MacroError(first, text);
      return result.text;
    }
    if (!this.quiet) {
      for (const problem of result.problems) {
        if (problem.kind === 'unterminated') continue; // EPICS does not diagnose these
        const { line, column } = lineAndColumn(text, problem.position);
        const message = `${describeMacroProblem(problem)} at line ${line}, column ${column}`;
        this.onWarning({ ...problem, message, line, column });
      }
    }
    return result.text;
  }
}

/**
 * Expands EPICS macro references in `text`: $(name), ${name}, $(name=default),
 * $(name,A=x) and nesting such as $(A$(B)).
 *
 * @throws MacroError (in the default 'error' mode) for an undefined or recursive macro or an
 *   unterminated reference, with .macro and .position
 */
export function expandMacros(text: string, macros: MacroSource = {}, options: ExpandOptions = {}): string {
  return new MacroExpander(macros, options).expand(text);
}
