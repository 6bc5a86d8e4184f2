import { bitsToWord, parseRobotBits, ROBOT_INPUTS, ROBOT_OUTPUTS } from '@devioc/dcs-protocol';
import type { RecordValues } from './values.js';

const on = (bits: readonly boolean[], index: number): number => (bits[index] ? 1 : 0);

/** robot_input: the word and the named bits (§2.4.5). */
export function inputValues(text: string): RecordValues<'inputs' | 'gripperOpen' | 'gripperClosed' | 'lidOpen' | 'lidClosed' | 'heaterHot'> {
  const bits = parseRobotBits(text);
  return {
    inputs: bitsToWord(bits),
    gripperOpen: on(bits, ROBOT_INPUTS.gripperOpen),
    gripperClosed: on(bits, ROBOT_INPUTS.gripperClosed),
    lidOpen: on(bits, ROBOT_INPUTS.lidOpen),
    lidClosed: on(bits, ROBOT_INPUTS.lidClosed),
    heaterHot: on(bits, ROBOT_INPUTS.heaterHot),
  };
}

/** robot_output: the word and the named bits (§2.4.5). */
export function outputValues(text: string): RecordValues<'outputs' | 'gripperOutput' | 'lidOutput' | 'heaterOutput' | 'dryAirOutput'> {
  const bits = parseRobotBits(text);
  return {
    outputs: bitsToWord(bits),
    gripperOutput: on(bits, ROBOT_OUTPUTS.gripper),
    lidOutput: on(bits, ROBOT_OUTPUTS.lid),
    heaterOutput: on(bits, ROBOT_OUTPUTS.heater),
    dryAirOutput: on(bits, ROBOT_OUTPUTS.heaterAir),
  };
}
