/**
 * Limits of the EPICS calc engine, as defined by EPICS base 7.0 (libCom postfix.h, calcRecord.dbd).
 */

/** Number of input arguments A..L (EPICS CALCPERFORM_NARGS). */
export const CALC_ARG_COUNT = 12;

/**
 * Size of the evaluation stack (EPICS CALCPERFORM_STACK). EPICS rejects an expression whose
 * running stack depth reaches this value, so at most 79 intermediate values are ever live.
 */
export const CALC_STACK_SIZE = 80;

/**
 * Deepest nesting of pending operators and parentheses. EPICS postfix() keeps them in a fixed
 * array of 80 elements whose slot 0 is unused, and does not check for overflow (writing past
 * the end). We reject the expression instead.
 */
export const CALC_MAX_PENDING_OPERATORS = 79;

/**
 * Default maximum expression length: the CALC and OCAL fields of the calc and calcout records
 * are DBF_STRING size(80), i.e. 79 characters plus the terminating nul. postfix() itself has no
 * length limit, so callers with longer fields may raise it (CompileCalcOptions.maxLength).
 */
export const CALC_MAX_EXPRESSION_LENGTH = 79;
