/**
 * Turns the parser's instruction list into the compact runtime form: opcodes and inline operands
 * in an Int32Array, literal values in a Float64Array. Also derives what calcArgUsage() reports.
 */
import type { IrInstruction } from './ir.js';
import { COND_END_MARKER } from './ir.js';
import { resolveJumpTargets } from './jump-targets.js';
import { Op, hasOperand } from './opcodes.js';
import { verifyStackDepths } from './stack-verifier.js';

export interface AssembledCalc {
  readonly code: Int32Array;
  readonly constants: Float64Array;
  readonly maxStackDepth: number;
  readonly inputsUsed: number;
  readonly inputsStored: number;
  readonly readsVal: boolean;
}

export function assembleCalc(ir: readonly IrInstruction[], expression: string): AssembledCalc {
  const jumpTargets = resolveJumpTargets(ir, expression);
  const maxStackDepth = verifyStackDepths(ir, jumpTargets, expression);

  // Code offset of every instruction (and of the end), skipping the zero-size COND_END markers.
  const offsets = new Int32Array(ir.length + 1);
  ir.forEach((instruction, index) => {
    offsets[index + 1] = offsets[index] + sizeOf(instruction);
  });

  const code = new Int32Array(offsets[ir.length]);
  const constants: number[] = [];
  ir.forEach((instruction, index) => {
    if (instruction.op === COND_END_MARKER) return;
    let at = offsets[index];
    code[at++] = instruction.op;
    if (instruction.op === Op.PUSH_CONST) code[at] = constants.push(instruction.operand) - 1;
    else if (instruction.op === Op.JUMP || instruction.op === Op.JUMP_IF_ZERO) code[at] = offsets[jumpTargets[index]];
    else if (hasOperand(instruction.op)) code[at] = instruction.operand;
  });

  return {
    code,
    constants: Float64Array.from(constants),
    maxStackDepth,
    ...argumentUsage(ir),
    readsVal: ir.some((instruction) => instruction.op === Op.FETCH_VAL),
  };
}

function sizeOf(instruction: IrInstruction): number {
  if (instruction.op === COND_END_MARKER) return 0;
  return hasOperand(instruction.op) ? 2 : 1;
}

/**
 * calcArgUsage(): bit n set in `inputsUsed` if argument n (A=0 .. L=11) is read before the
 * expression assigns it, in `inputsStored` if it is assigned. Like EPICS this walks the postfix
 * code in order, ignoring which '?:' branch would run.
 */
function argumentUsage(ir: readonly IrInstruction[]): { inputsUsed: number; inputsStored: number } {
  let inputsUsed = 0;
  let inputsStored = 0;
  for (const instruction of ir) {
    if (instruction.op === Op.FETCH_ARG) inputsUsed |= (1 << instruction.operand) & ~inputsStored;
    if (instruction.op === Op.STORE_ARG) inputsStored |= 1 << instruction.operand;
  }
  return { inputsUsed, inputsStored };
}
