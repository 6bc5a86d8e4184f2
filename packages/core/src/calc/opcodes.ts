/**
 * Instruction set of a compiled calc program (devioc's own encoding, not EPICS's byte code).
 *
 * A program is an Int32Array of opcodes, some followed by one inline operand word. Opcodes are
 * plain numbers in a frozen object (no `const enum`, which isolatedModules forbids across files).
 * EPICS's constants PI, D2R and R2D compile to PUSH_CONST, and its COND_END marker is resolved
 * into jump targets at compile time, so neither needs an opcode here.
 */
export const Op = Object.freeze({
  PUSH_CONST: 0, // operand: index into the constant pool
  FETCH_ARG: 1, // operand: 0..11 for A..L
  STORE_ARG: 2, // operand: 0..11 for A..L
  FETCH_VAL: 3,
  RANDOM: 4,
  NEG: 5,
  ADD: 6,
  SUB: 7,
  MUL: 8,
  DIV: 9,
  MOD: 10,
  POW: 11,
  ABS: 12,
  EXP: 13,
  LOG10: 14,
  LN: 15,
  SQRT: 16,
  ACOS: 17,
  ASIN: 18,
  ATAN: 19,
  ATAN2: 20,
  COS: 21,
  COSH: 22,
  SIN: 23,
  SINH: 24,
  TAN: 25,
  TANH: 26,
  CEIL: 27,
  FLOOR: 28,
  FMOD: 29,
  ISINF: 30,
  NINT: 31,
  MAX: 32, // operand: argument count
  MIN: 33, // operand: argument count
  FINITE: 34, // operand: argument count
  ISNAN: 35, // operand: argument count
  LOGICAL_OR: 36,
  LOGICAL_AND: 37,
  LOGICAL_NOT: 38,
  BIT_OR: 39,
  BIT_AND: 40,
  BIT_XOR: 41,
  BIT_NOT: 42,
  SHIFT_RIGHT: 43,
  SHIFT_LEFT: 44,
  SHIFT_RIGHT_LOGICAL: 45,
  NOT_EQUAL: 46,
  LESS: 47,
  LESS_OR_EQUAL: 48,
  EQUAL: 49,
  GREATER_OR_EQUAL: 50,
  GREATER: 51,
  JUMP_IF_ZERO: 52, // operand: code index to continue at when the popped value is 0
  JUMP: 53, // operand: code index to continue at
} as const);

export type Op = (typeof Op)[keyof typeof Op];

/** What the inline operand word of an opcode means (if it has one). */
export type OperandKind = 'none' | 'constant' | 'arg' | 'count' | 'target';

export interface OpInfo {
  readonly mnemonic: string;
  readonly operand: OperandKind;
  /** Values popped; for 'count' operands this is the operand value instead. */
  readonly pops: number;
  /** Values pushed. */
  readonly pushes: number;
}

const info = (mnemonic: string, pops: number, pushes: number, operand: OperandKind = 'none'): OpInfo => ({
  mnemonic,
  operand,
  pops,
  pushes,
});

const unary = (mnemonic: string): OpInfo => info(mnemonic, 1, 1);
const binary = (mnemonic: string): OpInfo => info(mnemonic, 2, 1);
const varargs = (mnemonic: string): OpInfo => info(mnemonic, 0, 1, 'count');

/** Per-opcode facts, indexed by opcode. */
export const OP_INFO: readonly OpInfo[] = Object.freeze([
  info('PUSH', 0, 1, 'constant'),
  info('FETCH', 0, 1, 'arg'),
  info('STORE', 1, 0, 'arg'),
  info('FETCH_VAL', 0, 1),
  info('RANDOM', 0, 1),
  unary('NEG'),
  binary('ADD'),
  binary('SUB'),
  binary('MUL'),
  binary('DIV'),
  binary('MOD'),
  binary('POW'),
  unary('ABS'),
  unary('EXP'),
  unary('LOG10'),
  unary('LN'),
  unary('SQRT'),
  unary('ACOS'),
  unary('ASIN'),
  unary('ATAN'),
  binary('ATAN2'),
  unary('COS'),
  unary('COSH'),
  unary('SIN'),
  unary('SINH'),
  unary('TAN'),
  unary('TANH'),
  unary('CEIL'),
  unary('FLOOR'),
  binary('FMOD'),
  unary('ISINF'),
  unary('NINT'),
  varargs('MAX'),
  varargs('MIN'),
  varargs('FINITE'),
  varargs('ISNAN'),
  binary('OR'),
  binary('AND'),
  unary('NOT'),
  binary('BIT_OR'),
  binary('BIT_AND'),
  binary('BIT_XOR'),
  unary('BIT_NOT'),
  binary('SHR'),
  binary('SHL'),
  binary('SHRU'),
  binary('NE'),
  binary('LT'),
  binary('LE'),
  binary('EQ'),
  binary('GE'),
  binary('GT'),
  info('JUMP_IF_ZERO', 1, 0, 'target'),
  info('JUMP', 0, 0, 'target'),
]);

/** Whether the opcode is followed by an operand word. */
export function hasOperand(op: Op): boolean {
  return OP_INFO[op].operand !== 'none';
}
