/**
 * Proves at compile time that evaluation can never under- or overflow its stack and always ends
 * with exactly one value, along every path through the '?:' branches.
 *
 * EPICS postfix() only keeps a single running count in which both branches are added up. That
 * is exact for ordinary expressions but not when a branch leaves other than one value (possible
 * with commas inside function parentheses, e.g. "MAX(A ? 1,2 : 3)") or when a function is short
 * of arguments ("ATAN2(1);5"); calcPerform() then fails on some inputs or reads a stale stack
 * slot. Rejecting those here is what lets the evaluator run without any per-operation checks.
 */
import { CalcSyntaxError } from './errors.js';
import type { IrInstruction } from './ir.js';
import { COND_END_MARKER } from './ir.js';
import { CALC_STACK_SIZE } from './limits.js';
import { OP_INFO, Op } from './opcodes.js';

/** Returns the deepest stack the program needs; throws CalcSyntaxError if it is unsafe. */
export function verifyStackDepths(ir: readonly IrInstruction[], jumpTargets: Int32Array, expression: string): number {
  const unknown = -1;
  const depthAt = new Int32Array(ir.length + 1).fill(unknown);
  depthAt[0] = 0;
  let deepest = 0;

  const reach = (index: number, depth: number, from: IrInstruction): void => {
    if (depthAt[index] === unknown) depthAt[index] = depth;
    else if (depthAt[index] !== depth) {
      throw new CalcSyntaxError(
        'UNBALANCED_BRANCHES',
        from.position,
        expression,
        `Conditional branches ending at '${from.token}' leave different numbers of values`,
        "each part of '?:' must yield exactly as many values as the other",
      );
    }
  };

  ir.forEach((instruction, index) => {
    const depth = depthAt[index];
    if (depth === unknown) return; // unreachable; jumps only go forward, so this is final
    if (instruction.op === COND_END_MARKER) return reach(index + 1, depth, instruction);

    const info = OP_INFO[instruction.op];
    const pops = info.operand === 'count' ? instruction.operand : info.pops;
    if (depth < pops) {
      throw new CalcSyntaxError('UNDERFLOW', instruction.position, expression, `Not enough operands for '${instruction.token}'`);
    }
    const after = depth - pops + info.pushes;
    if (after >= CALC_STACK_SIZE) {
      throw new CalcSyntaxError('OVERFLOW', instruction.position, expression, 'Evaluation stack overflow');
    }
    deepest = Math.max(deepest, after);
    if (instruction.op !== Op.JUMP) reach(index + 1, after, instruction);
    if (instruction.op === Op.JUMP || instruction.op === Op.JUMP_IF_ZERO) reach(jumpTargets[index], after, instruction);
  });

  const final = depthAt[ir.length];
  if (final !== 1) {
    throw new CalcSyntaxError('INCOMPLETE', expression.length, expression, 'Incomplete expression', `it yields ${final} values instead of 1`);
  }
  return deepest;
}
