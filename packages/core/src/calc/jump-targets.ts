/**
 * Resolves '?:' jumps at compile time.
 *
 * EPICS calcPerform() finds them at run time by scanning forward (cond_search): from a COND_IF
 * to the matching COND_ELSE, and from a COND_ELSE past the matching COND_END, counting nested
 * COND_IFs. We run the same matching scan once, over the instruction list, so the evaluator just
 * jumps.
 */
import { CalcSyntaxError } from './errors.js';
import type { IrInstruction } from './ir.js';
import { COND_END_MARKER } from './ir.js';
import { Op } from './opcodes.js';

/**
 * For each instruction, the index of the instruction to continue at when it jumps (one past the
 * matching ':' for a JUMP_IF_ZERO, one past the matching COND_END for a JUMP), or -1.
 */
export function resolveJumpTargets(ir: readonly IrInstruction[], expression: string): Int32Array {
  const targets = new Int32Array(ir.length).fill(-1);
  ir.forEach((instruction, index) => {
    if (instruction.op === Op.JUMP_IF_ZERO) targets[index] = findMatch(ir, index, Op.JUMP, expression) + 1;
    if (instruction.op === Op.JUMP) targets[index] = findMatch(ir, index, COND_END_MARKER, expression) + 1;
  });
  return targets;
}

function findMatch(ir: readonly IrInstruction[], from: number, match: number, expression: string): number {
  let nesting = 1;
  for (let index = from + 1; index < ir.length; index++) {
    const op = ir[index].op;
    if (op === match && --nesting === 0) return index;
    if (op === Op.JUMP_IF_ZERO) nesting++;
  }
  // The parser's '?'/':' counting makes this unreachable; kept so a bug cannot emit a bad jump.
  throw new CalcSyntaxError('CONDITIONAL', ir[from].position, expression, 'Unbalanced conditional');
}
