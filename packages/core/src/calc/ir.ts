/**
 * The parser's output: a postfix instruction list in the same order as EPICS's postfix byte
 * code, before jump targets are resolved. Kept separate from the runtime encoding so errors
 * found after parsing can still point at the source.
 */
import type { Op } from './opcodes.js';

/** Marks the end of a '?:' else-branch (EPICS's COND_END); it compiles to no code. */
export const COND_END_MARKER = -1;

export interface IrInstruction {
  readonly op: Op | typeof COND_END_MARKER;
  /** Argument index, constant value or argument count, depending on the opcode. */
  readonly operand: number;
  /** Where the element that produced this instruction starts in the expression. */
  readonly position: number;
  /** The element's source text, for error messages. */
  readonly token: string;
}
