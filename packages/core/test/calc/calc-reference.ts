/**
 * A deliberately plain reference for the property tests: expression trees, their rendering as
 * calc source, and a recursive evaluator written from EPICS's documented semantics (postfix.h,
 * calcPerform.c) without sharing code with the engine. Integer conversions go through BigInt so
 * they do not repeat the engine's bit tricks.
 */

export type Expr =
  | { readonly kind: 'literal'; readonly text: string; readonly value: number }
  | { readonly kind: 'arg'; readonly index: number }
  | { readonly kind: 'val' }
  | { readonly kind: 'rndm' }
  | { readonly kind: 'prefix'; readonly op: string; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  | { readonly kind: 'conditional'; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr };

export const BINARY_OPERATORS = [
  '+', '-', '*', '/', '%', '**', '^', '<', '<=', '>', '>=', '=', '==', '!=', '#',
  '&', 'AND', '&&', '<<', '>>', '>>>', '|', 'OR', 'XOR', '||',
] as const;

/** EPICS priority of each binary operator; all are left-associative. */
export const BINARY_PRIORITY: Readonly<Record<string, number>> = {
  '**': 6, '^': 6, '*': 5, '/': 5, '%': 5, '+': 4, '-': 4,
  '<': 3, '<=': 3, '>': 3, '>=': 3, '=': 3, '==': 3, '!=': 3, '#': 3,
  '&': 2, AND: 2, '&&': 2, '<<': 2, '>>': 2, '>>>': 2,
  '|': 1, OR: 1, XOR: 1, '||': 1,
};

export const PREFIX_OPERATORS = ['-', '!', '~', 'NOT '] as const;
export const UNARY_FUNCTIONS = [
  'ABS', 'SQRT', 'SQR', 'EXP', 'LOG', 'LN', 'LOGE', 'SIN', 'COS', 'TAN', 'ASIN', 'ACOS', 'ATAN',
  'SINH', 'COSH', 'TANH', 'CEIL', 'FLOOR', 'NINT', 'ISINF',
] as const;
export const BINARY_FUNCTIONS = ['ATAN2', 'FMOD'] as const;
export const VARARGS_FUNCTIONS = ['MAX', 'MIN', 'FINITE', 'ISNAN'] as const;

/** Renders with every sub-expression parenthesised, so precedence plays no part. */
export function render(expr: Expr): string {
  switch (expr.kind) {
    case 'literal': return expr.text;
    case 'arg': return 'ABCDEFGHIJKL'[expr.index]!;
    case 'val': return 'VAL';
    case 'rndm': return 'RNDM';
    case 'prefix': return `${expr.op}(${render(expr.arg)})`;
    case 'binary': return `(${render(expr.left)} ${expr.op} ${render(expr.right)})`;
    case 'call': return `${expr.fn}(${expr.args.map(render).join(', ')})`;
    case 'conditional': return `(${render(expr.test)} ? ${render(expr.then)} : ${render(expr.otherwise)})`;
  }
}

const TWO_32 = 2n ** 32n;

/** (epicsInt32)x as on x86-64: truncation, INT_MIN when out of range or NaN. */
function int32Cast(x: number): number {
  if (Number.isNaN(x) || x <= -2147483649 || x >= 2147483648) return -2147483648;
  return Math.trunc(x) === 0 ? 0 : Math.trunc(x);
}

/** calcPerform's d2i(): via epicsInt32 if negative, else via epicsUInt32 (low 32 bits, 0 from 2^63). */
function bits32(x: number): number {
  if (x < 0) return int32Cast(x);
  if (!(x < 2 ** 63)) return 0;
  const low = BigInt(Math.trunc(x)) % TWO_32;
  return Number(low >= 2n ** 31n ? low - TWO_32 : low);
}

const truth = (x: number): boolean => x !== 0; // NaN is true, as in C
const bool = (b: boolean): number => (b ? 1 : 0);

function cPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

function binary(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': {
      const divisor = int32Cast(b);
      if (divisor === 0) return NaN;
      return Number(BigInt(int32Cast(a)) % BigInt(divisor));
    }
    case '**': case '^': return cPow(a, b);
    case '<': return bool(a < b);
    case '<=': return bool(a <= b);
    case '>': return bool(a > b);
    case '>=': return bool(a >= b);
    case '=': case '==': return bool(a === b);
    case '!=': case '#': return bool(a !== b);
    case '&': case 'AND': return bits32(a) & bits32(b);
    case '|': case 'OR': return bits32(a) | bits32(b);
    case 'XOR': return bits32(a) ^ bits32(b);
    case '&&': return bool(truth(a) && truth(b));
    case '||': return bool(truth(a) || truth(b));
    case '<<': return bits32(a) << (bits32(b) & 31);
    case '>>': return bits32(a) >> (bits32(b) & 31);
    case '>>>': return Number((BigInt(bits32(a)) + TWO_32) % TWO_32 >> BigInt(bits32(b) & 31));
  }
  throw new Error(`no binary operator ${op}`);
}

function unary(op: string, x: number): number {
  switch (op) {
    case '-': return -x;
    case '!': return bool(!truth(x));
    case '~': case 'NOT ': return ~bits32(x);
    case 'ABS': return Math.abs(x);
    case 'SQRT': case 'SQR': return Math.sqrt(x);
    case 'EXP': return Math.exp(x);
    case 'LOG': return Math.log10(x);
    case 'LN': case 'LOGE': return Math.log(x);
    case 'SIN': return Math.sin(x);
    case 'COS': return Math.cos(x);
    case 'TAN': return Math.tan(x);
    case 'ASIN': return Math.asin(x);
    case 'ACOS': return Math.acos(x);
    case 'ATAN': return Math.atan(x);
    case 'SINH': return Math.sinh(x);
    case 'COSH': return Math.cosh(x);
    case 'TANH': return Math.tanh(x);
    case 'CEIL': return Math.ceil(x);
    case 'FLOOR': return Math.floor(x);
    case 'NINT': return int32Cast(x >= 0 ? x + 0.5 : x - 0.5);
    case 'ISINF': return x === Infinity ? 1 : x === -Infinity ? -1 : 0;
  }
  throw new Error(`no unary operator ${op}`);
}

export interface Environment {
  readonly args: Float64Array;
  readonly val: number;
  readonly random: () => number;
}

/** Evaluates left to right, only the taken '?:' branch, like calcPerform. */
export function evaluateReference(expr: Expr, env: Environment): number {
  const ev = (e: Expr): number => evaluateReference(e, env);
  switch (expr.kind) {
    case 'literal': return expr.value;
    case 'arg': return env.args[expr.index]!;
    case 'val': return env.val;
    case 'rndm': return env.random();
    case 'prefix': return unary(expr.op, ev(expr.arg));
    case 'binary': {
      const left = ev(expr.left);
      return binary(expr.op, left, ev(expr.right));
    }
    case 'call': {
      const values = expr.args.map(ev);
      switch (expr.fn) {
        case 'ATAN2': return Math.atan2(values[1]!, values[0]!); // EPICS swaps the arguments
        case 'FMOD': return values[0]! % values[1]!;
        // Folded from the last argument back, keeping the left value on ties (so the sign of
        // a zero result follows calcPerform), and a NaN anywhere wins.
        case 'MAX': return values.reduceRight((right, left) => (left < right || Number.isNaN(right) ? right : left));
        case 'MIN': return values.reduceRight((right, left) => (left > right || Number.isNaN(right) ? right : left));
        case 'FINITE': return bool(values.every(Number.isFinite));
        case 'ISNAN': return bool(values.some(Number.isNaN));
        default: return unary(expr.fn, values[0]!);
      }
    }
    case 'conditional': return truth(ev(expr.test)) ? ev(expr.then) : ev(expr.otherwise);
  }
}

/** Same value, treating all NaNs as equal (zeros must have the same sign). */
export function sameNumber(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}
