/** Human-readable listing of a compiled program, for debugging (like EPICS calcExprDump). */
import { OP_INFO } from './opcodes.js';
import type { Op } from './opcodes.js';

const ARG_NAMES = 'ABCDEFGHIJKL';

export function disassembleCalc(code: Int32Array, constants: Float64Array): string {
  const lines: string[] = [];
  for (let pc = 0; pc < code.length; ) {
    const at = pc;
    const info = OP_INFO[code[pc++] as Op];
    let text = info.mnemonic;
    if (info.operand !== 'none') {
      const operand = code[pc++];
      if (info.operand === 'constant') text += ` ${constants[operand]}`;
      else if (info.operand === 'arg') text += ` ${ARG_NAMES[operand]}`;
      else if (info.operand === 'count') text += ` ${operand}`;
      else text += ` @${operand}`;
    }
    lines.push(`${String(at).padStart(3)}: ${text}`);
  }
  return lines.join('\n');
}
