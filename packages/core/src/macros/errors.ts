/**
 * What can go wrong while expanding macros, and the error thrown for it in strict mode.
 *
 * macLib (EPICS base libCom/macLib/macCore.c) knows two problems, an undefined macro and a
 * recursive one; it reports them with errlogPrintf() and leaves "$(name,undefined)" or
 * "$(name,recursive)" in the output. devioc adds the ones EPICS cannot diagnose (it hangs or
 * overruns its buffers on them instead).
 */
export type MacroProblemKind =
  /** A referenced macro has no definition and the reference has no default (macLib: ",undefined"). */
  | 'undefined'
  /** A macro's value refers, directly or through others, back to itself (macLib: ",recursive"). */
  | 'recursive'
  /** devioc: "$(" or "${" without its closing bracket before the end of the text. */
  | 'unterminated'
  /** devioc: references nested deeper than the configured limit. */
  | 'too-deep'
  /** devioc: the expansion produced (or scanned) more characters than the configured limit. */
  | 'too-long';

export interface MacroProblem {
  readonly kind: MacroProblemKind;
  /** The macro concerned (for 'too-deep'/'too-long', the one being expanded, or ''). */
  readonly macro: string;
  /** 0-based offset in the expanded text of the `$` of the outermost reference involved. */
  readonly position: number;
  /** The macros whose values were being expanded, outermost first (empty: the text itself). */
  readonly via: readonly string[];
}

/** 1-based line and column of a 0-based offset in `text`. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** A human-readable sentence for a problem, without its position. */
export function describeMacroProblem(problem: MacroProblem): string {
  const via = problem.via.length > 0 ? ` (expanding ${problem.via.map((m) => `$(${m})`).join(' -> ')})` : '';
  switch (problem.kind) {
    case 'undefined':
      return `macro "${problem.macro}" is undefined${via}`;
    case 'recursive':
      return `macro "${problem.macro}" is recursive${via}`;
    case 'unterminated':
      return `macro reference "$(${problem.macro}" is not terminated${via}`;
    case 'too-deep':
      return `macro references nested too deeply${via}`;
    case 'too-long':
      return `macro expansion too long${via}`;
  }
}

/** Thrown by strict expansion for the first problem that affects the result. */
export class MacroError extends Error {
  override readonly name = 'MacroError';
  readonly kind: MacroProblemKind;
  /** The macro concerned (see MacroProblem.macro). */
  readonly macro: string;
  /** 0-based offset of the offending reference in the expanded text. */
  readonly position: number;
  /** 1-based line and column of `position`. */
  readonly line: number;
  readonly column: number;
  readonly via: readonly string[];

  constructor(problem: MacroProblem, text: string) {
    const { line, column } = lineAndColumn(text, problem.position);
    super(`${describeMacroProblem(problem)} at line ${line}, column ${column}`);
    this.kind = problem.kind;
    this.macro = problem.macro;
    this.position = problem.position;
    this.line = line;
    this.column = column;
    this.via = problem.via;
  }
}
