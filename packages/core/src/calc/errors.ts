/**
 * Compile-time errors of the calc engine.
 *
 * The codes mirror EPICS postfix()'s CALC_ERR_* codes (postfix.h) so that the same malformed
 * expressions are rejected for the same reason; the last four are devioc additions for cases
 * EPICS does not diagnose (see each comment).
 */
export type CalcErrorCode =
  /** CALC_ERR_NULL_ARG: the expression is the empty string. */
  | 'EMPTY'
  /** CALC_ERR_TOOMANY: a ';' ends a sub-expression while another result is still pending. */
  | 'TOO_MANY_RESULTS'
  /** CALC_ERR_BAD_LITERAL: malformed or out-of-range numeric literal. */
  | 'BAD_LITERAL'
  /** CALC_ERR_BAD_ASSIGNMENT: ':=' does not follow a lone variable A..L. */
  | 'BAD_ASSIGNMENT'
  /** CALC_ERR_BAD_SEPERATOR: ',' outside parentheses. */
  | 'BAD_SEPARATOR'
  /** CALC_ERR_PAREN_NOT_OPEN: ')' without a matching '('. */
  | 'PAREN_NOT_OPEN'
  /** CALC_ERR_PAREN_OPEN: '(' still open at ';' or at the end. */
  | 'PAREN_OPEN'
  /** CALC_ERR_CONDITIONAL: unbalanced '?' and ':'. */
  | 'CONDITIONAL'
  /** CALC_ERR_INCOMPLETE: operand missing, or the expression does not yield exactly one value. */
  | 'INCOMPLETE'
  /** CALC_ERR_UNDERFLOW: an operator would pop more values than are on the stack. */
  | 'UNDERFLOW'
  /** CALC_ERR_OVERFLOW: more than 79 values would be live on the evaluation stack. */
  | 'OVERFLOW'
  /** CALC_ERR_SYNTAX: unknown operator/operand, or an operator where an operand is needed. */
  | 'SYNTAX'
  /** devioc: longer than the configured maximum (default 79, the CALC field size). */
  | 'TOO_LONG'
  /** devioc: more than 79 pending operators/parentheses (EPICS overruns a fixed array here). */
  | 'NESTING'
  /**
   * devioc: the two branches of a '?:' leave different numbers of values on the stack, e.g.
   * "MAX(A ? 1,2 : 3)". EPICS accepts these and then fails (or reads stale stack slots) at run
   * time on one of the paths; we reject them so that evaluation can never fail.
   */
  | 'UNBALANCED_BRANCHES';

/** Thrown by compileCalc() for an expression that EPICS would refuse to load. */
export class CalcSyntaxError extends Error {
  override readonly name = 'CalcSyntaxError';

  /**
   * @param code what kind of error (mirrors EPICS CALC_ERR_*)
   * @param position 0-based character index in `expression` where the problem was found
   *   (equal to expression.length when the expression ends too early)
   * @param expression the expression that failed to compile
   * @param problem what was wrong, e.g. "Unexpected ')'"
   * @param explanation optional hint appended after the position
   */
  constructor(
    readonly code: CalcErrorCode,
    readonly position: number,
    readonly expression: string,
    problem: string,
    explanation?: string,
  ) {
    super(`${problem} at position ${position}${explanation === undefined ? '' : `: ${explanation}`}`);
  }
}
