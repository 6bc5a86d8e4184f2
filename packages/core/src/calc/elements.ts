/**
 * The expression elements of the EPICS calc language and their parsing priorities.
 *
 * Facts from EPICS base 7.0.8 libCom/calc/postfix.c: which names exist, which table they live
 * in, and the in-stack / incoming priorities that drive its operator-precedence parser. We keep
 * EPICS's numbers so precedence and associativity match exactly:
 *
 *   8 incoming / 7 in-stack  unary - ! ~ NOT and all functions (right-associative, tightest)
 *   6  ** ^           (power, LEFT-associative: 2^2^3 = 64)
 *   5  * / %
 *   4  + -
 *   3  < <= > >= = == != #     ('=' is equality, '#' is not-equal)
 *   2  & && AND << >> >>>      (shifts bind looser than comparisons, unlike C)
 *   1  | || OR XOR
 *   0  ?: := ( , ) ;
 *
 * Names are matched case-insensitively and the longest matching name wins ("ABSA" is ABS(A)).
 * Which table is searched depends on whether the parser expects an operand (value, prefix
 * operator, function, '(') or an operator; that is what makes '-' unary or binary.
 */
import { Op } from './opcodes.js';

export type ElementKind =
  | 'operand' // pushes a value: A..L, VAL, RNDM, PI, D2R, R2D
  | 'literal' // decimal number, INF/INFINITY, NAN: parsed by literals.ts
  | 'prefix' // unary operator or fixed-argument function
  | 'varargs' // MAX, MIN, FINITE, ISNAN: argument count decided by the commas
  | 'openParen'
  | 'binary'
  | 'store' // :=
  | 'separator' // ,
  | 'closeParen'
  | 'conditionalIf' // ?
  | 'conditionalElse' // :
  | 'terminator'; // ;

export interface CalcElement {
  /** Canonical upper-case spelling (input is matched case-insensitively). */
  readonly name: string;
  readonly kind: ElementKind;
  /** Priority while waiting on the operator stack. */
  readonly inStackPriority: number;
  /** Priority when arriving from the input; pending operators with >= priority are output first. */
  readonly incomingPriority: number;
  /** Net change of the evaluation stack depth when the element's instruction runs. */
  readonly stackEffect: number;
  /** Opcode emitted for the element (meaningless for punctuation). */
  readonly op: Op;
  /** Inline operand: argument index for A..L, the value for constants, else 0. */
  readonly operand: number;
}

const element = (
  name: string,
  kind: ElementKind,
  inStackPriority: number,
  incomingPriority: number,
  stackEffect: number,
  op: Op = Op.PUSH_CONST,
  operand = 0,
): CalcElement => Object.freeze({ name, kind, inStackPriority, incomingPriority, stackEffect, op, operand });

const fn = (name: string, op: Op, stackEffect = 0) => element(name, 'prefix', 7, 8, stackEffect, op);
const varargs = (name: string, op: Op) => element(name, 'varargs', 7, 8, 0, op);
const operand = (name: string, op: Op, value = 0) => element(name, 'operand', 0, 0, 1, op, value);
const binary = (name: string, priority: number, op: Op) => element(name, 'binary', priority, priority, -1, op);

const ARG_NAMES = 'ABCDEFGHIJKL';

/** A digit or '.' where an operand is expected: a numeric literal, measured by literals.ts. */
export const NUMBER_LITERAL: CalcElement = element('<number>', 'literal', 0, 0, 1);

/** Elements recognised where an operand is expected. Digits and '.' start a literal (see lexer). */
export const OPERAND_ELEMENTS: readonly CalcElement[] = Object.freeze([
  ...Array.from(ARG_NAMES, (name, index) => operand(name, Op.FETCH_ARG, index)),
  operand('VAL', Op.FETCH_VAL),
  operand('RNDM', Op.RANDOM),
  // calcPerform.c uses PI = 3.14159265358979323, which rounds to the same double as Math.PI.
  operand('PI', Op.PUSH_CONST, Math.PI),
  operand('D2R', Op.PUSH_CONST, Math.PI / 180),
  operand('R2D', Op.PUSH_CONST, 180 / Math.PI),
  element('INF', 'literal', 0, 0, 1),
  element('NAN', 'literal', 0, 0, 1),
  element('(', 'openParen', 0, 8, 0),
  fn('-', Op.NEG),
  fn('!', Op.LOGICAL_NOT),
  fn('~', Op.BIT_NOT),
  fn('NOT', Op.BIT_NOT),
  fn('ABS', Op.ABS),
  fn('ACOS', Op.ACOS),
  fn('ASIN', Op.ASIN),
  fn('ATAN', Op.ATAN),
  // Two-argument functions are prefix operators that consume one extra value.
  fn('ATAN2', Op.ATAN2, -1),
  fn('FMOD', Op.FMOD, -1),
  fn('CEIL', Op.CEIL),
  fn('COS', Op.COS),
  fn('COSH', Op.COSH),
  fn('EXP', Op.EXP),
  fn('FLOOR', Op.FLOOR),
  fn('ISINF', Op.ISINF),
  fn('LN', Op.LN),
  fn('LOGE', Op.LN),
  fn('LOG', Op.LOG10),
  fn('NINT', Op.NINT),
  fn('SIN', Op.SIN),
  fn('SINH', Op.SINH),
  fn('SQR', Op.SQRT), // SQR is square ROOT in EPICS, a synonym of SQRT
  fn('SQRT', Op.SQRT),
  fn('TAN', Op.TAN),
  fn('TANH', Op.TANH),
  varargs('MAX', Op.MAX),
  varargs('MIN', Op.MIN),
  varargs('FINITE', Op.FINITE),
  varargs('ISNAN', Op.ISNAN),
]);

/** Elements recognised where an operator is expected. */
export const OPERATOR_ELEMENTS: readonly CalcElement[] = Object.freeze([
  binary('**', 6, Op.POW),
  binary('^', 6, Op.POW), // power, not exclusive-or
  binary('*', 5, Op.MUL),
  binary('/', 5, Op.DIV),
  binary('%', 5, Op.MOD),
  binary('+', 4, Op.ADD),
  binary('-', 4, Op.SUB),
  binary('<', 3, Op.LESS),
  binary('<=', 3, Op.LESS_OR_EQUAL),
  binary('>', 3, Op.GREATER),
  binary('>=', 3, Op.GREATER_OR_EQUAL),
  binary('=', 3, Op.EQUAL),
  binary('==', 3, Op.EQUAL),
  binary('!=', 3, Op.NOT_EQUAL),
  binary('#', 3, Op.NOT_EQUAL),
  binary('&', 2, Op.BIT_AND),
  binary('AND', 2, Op.BIT_AND),
  binary('&&', 2, Op.LOGICAL_AND),
  binary('<<', 2, Op.SHIFT_LEFT),
  binary('>>', 2, Op.SHIFT_RIGHT),
  binary('>>>', 2, Op.SHIFT_RIGHT_LOGICAL),
  binary('|', 1, Op.BIT_OR),
  binary('OR', 1, Op.BIT_OR),
  binary('XOR', 1, Op.BIT_XOR),
  binary('||', 1, Op.LOGICAL_OR),
  element('?', 'conditionalIf', 0, 0, -1, Op.JUMP_IF_ZERO),
  // In EPICS's linear depth count ':' is -1 because both branches are counted; see parser.ts.
  element(':', 'conditionalElse', 0, 0, -1, Op.JUMP),
  element(':=', 'store', 0, 0, -1, Op.STORE_ARG),
  element(',', 'separator', 0, 0, 0),
  element(')', 'closeParen', 0, 0, 0),
  element(';', 'terminator', 0, 0, 0),
]);
