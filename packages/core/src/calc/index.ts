/** The EPICS calc expression engine (calc and calcout records' CALC and OCAL). */
export { compileCalc } from './compiled-calc.js';
export type { CompileCalcOptions, CompiledCalc } from './compiled-calc.js';
export { CalcSyntaxError } from './errors.js';
export type { CalcErrorCode } from './errors.js';
export { CALC_ARG_COUNT, CALC_MAX_EXPRESSION_LENGTH, CALC_MAX_PENDING_OPERATORS, CALC_STACK_SIZE } from './limits.js';
