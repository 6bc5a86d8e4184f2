/**
 * The stack machine that runs a compiled calc program (EPICS calcPerform semantics).
 *
 * It allocates nothing: the caller owns the stack, the program was verified at compile time
 * (stack-verifier.ts), so there are no bounds checks, and jumps were resolved in advance.
 * Truth values follow C: any value other than 0.0, NaN included, is true; results are 1 or 0.
 */
import { cBits32, cIsinf, cModulo, cNint, cPow } from './c-numerics.js';
import { Op } from './opcodes.js';

export function runCalcProgram(
  code: Int32Array,
  constants: Float64Array,
  stack: Float64Array,
  args: Float64Array,
  val: number,
  random: () => number,
): number {
  let sp = -1;
  let pc = 0;
  let b = 0;
  let n = 0;
  const end = code.length;
  while (pc < end) {
    switch (code[pc++]) {
      case Op.PUSH_CONST: stack[++sp] = constants[code[pc++]]; break;
      case Op.FETCH_ARG: stack[++sp] = args[code[pc++]]; break;
      case Op.STORE_ARG: args[code[pc++]] = stack[sp--]; break;
      case Op.FETCH_VAL: stack[++sp] = val; break;
      case Op.RANDOM: stack[++sp] = random(); break;

      case Op.NEG: stack[sp] = -stack[sp]; break;
      case Op.ADD: b = stack[sp--]; stack[sp] = stack[sp] + b; break;
      case Op.SUB: b = stack[sp--]; stack[sp] = stack[sp] - b; break;
      case Op.MUL: b = stack[sp--]; stack[sp] = stack[sp] * b; break;
      case Op.DIV: b = stack[sp--]; stack[sp] = stack[sp] / b; break;
      case Op.MOD: b = stack[sp--]; stack[sp] = cModulo(stack[sp], b); break;
      case Op.POW: b = stack[sp--]; stack[sp] = cPow(stack[sp], b); break;

      case Op.ABS: stack[sp] = Math.abs(stack[sp]); break;
      case Op.EXP: stack[sp] = Math.exp(stack[sp]); break;
      case Op.LOG10: stack[sp] = Math.log10(stack[sp]); break;
      case Op.LN: stack[sp] = Math.log(stack[sp]); break;
      case Op.SQRT: stack[sp] = Math.sqrt(stack[sp]); break;
      case Op.ACOS: stack[sp] = Math.acos(stack[sp]); break;
      case Op.ASIN: stack[sp] = Math.asin(stack[sp]); break;
      case Op.ATAN: stack[sp] = Math.atan(stack[sp]); break;
      // EPICS ATAN2(a, b) is C atan2(b, a): the arguments are swapped.
      case Op.ATAN2: b = stack[sp--]; stack[sp] = Math.atan2(b, stack[sp]); break;
      case Op.COS: stack[sp] = Math.cos(stack[sp]); break;
      case Op.COSH: stack[sp] = Math.cosh(stack[sp]); break;
      case Op.SIN: stack[sp] = Math.sin(stack[sp]); break;
      case Op.SINH: stack[sp] = Math.sinh(stack[sp]); break;
      case Op.TAN: stack[sp] = Math.tan(stack[sp]); break;
      case Op.TANH: stack[sp] = Math.tanh(stack[sp]); break;
      case Op.CEIL: stack[sp] = Math.ceil(stack[sp]); break;
      case Op.FLOOR: stack[sp] = Math.floor(stack[sp]); break;
      // JavaScript's % on doubles is C fmod().
      case Op.FMOD: b = stack[sp--]; stack[sp] = stack[sp] % b; break;
      case Op.ISINF: stack[sp] = cIsinf(stack[sp]); break;
      case Op.NINT: stack[sp] = cNint(stack[sp]); break;

      // MAX and MIN fold from the last argument back, and any NaN argument wins.
      case Op.MAX:
        for (n = code[pc++]; --n > 0; ) {
          b = stack[sp--];
          if (stack[sp] < b || b !== b) stack[sp] = b;
        }
        break;
      case Op.MIN:
        for (n = code[pc++]; --n > 0; ) {
          b = stack[sp--];
          if (stack[sp] > b || b !== b) stack[sp] = b;
        }
        break;
      case Op.FINITE:
        n = code[pc++];
        b = Number.isFinite(stack[sp]) ? 1 : 0;
        while (--n > 0) if (!Number.isFinite(stack[--sp])) b = 0;
        stack[sp] = b;
        break;
      case Op.ISNAN:
        n = code[pc++];
        b = Number.isNaN(stack[sp]) ? 1 : 0;
        while (--n > 0) if (Number.isNaN(stack[--sp])) b = 1;
        stack[sp] = b;
        break;

      case Op.LOGICAL_OR: b = stack[sp--]; stack[sp] = stack[sp] !== 0 || b !== 0 ? 1 : 0; break;
      case Op.LOGICAL_AND: b = stack[sp--]; stack[sp] = stack[sp] !== 0 && b !== 0 ? 1 : 0; break;
      case Op.LOGICAL_NOT: stack[sp] = stack[sp] === 0 ? 1 : 0; break;

      case Op.BIT_OR: b = stack[sp--]; stack[sp] = cBits32(stack[sp]) | cBits32(b); break;
      case Op.BIT_AND: b = stack[sp--]; stack[sp] = cBits32(stack[sp]) & cBits32(b); break;
      case Op.BIT_XOR: b = stack[sp--]; stack[sp] = cBits32(stack[sp]) ^ cBits32(b); break;
      case Op.BIT_NOT: stack[sp] = ~cBits32(stack[sp]); break;
      // The shift count is masked to 5 bits, as JavaScript's shifts also do.
      case Op.SHIFT_RIGHT: b = stack[sp--]; stack[sp] = cBits32(stack[sp]) >> cBits32(b); break;
      case Op.SHIFT_LEFT: b = stack[sp--]; stack[sp] = cBits32(stack[sp]) << cBits32(b); break;
      // >>> shifts the unsigned value, and the result stays unsigned (0xaaaaaaaa >>> 0 > 0).
      case Op.SHIFT_RIGHT_LOGICAL: b = stack[sp--]; stack[sp] = cBits32(stack[sp]) >>> cBits32(b); break;

      case Op.NOT_EQUAL: b = stack[sp--]; stack[sp] = stack[sp] !== b ? 1 : 0; break;
      case Op.LESS: b = stack[sp--]; stack[sp] = stack[sp] < b ? 1 : 0; break;
      case Op.LESS_OR_EQUAL: b = stack[sp--]; stack[sp] = stack[sp] <= b ? 1 : 0; break;
      case Op.EQUAL: b = stack[sp--]; stack[sp] = stack[sp] === b ? 1 : 0; break;
      case Op.GREATER_OR_EQUAL: b = stack[sp--]; stack[sp] = stack[sp] >= b ? 1 : 0; break;
      case Op.GREATER: b = stack[sp--]; stack[sp] = stack[sp] > b ? 1 : 0; break;

      // -0 and NaN: C's `x == 0.0` test, so -0 selects the ':' branch and NaN the '?' branch.
      case Op.JUMP_IF_ZERO: pc = stack[sp--] === 0 ? code[pc] : pc + 1; break;
      case Op.JUMP: pc = code[pc]; break;
    }
  }
  return stack[0];
}
