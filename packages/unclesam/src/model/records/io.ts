import { models } from '@devioc/core';
import { OFF_ON } from '../choices.js';

const bit = (name: string, desc: string) => models.Mbbi(name, { choices: OFF_ON, default: 0, readOnly: true, desc });

/** robot_input and robot_output (sam-robot-dhs.md §2.4.5): the words, and the bits that have names. */
export const ioRecords = () => ({
  inputs: models.BinaryInput('STATE:INP', { default: 0, readOnly: true, desc: 'robot_input, token i = bit i' }),
  outputs: models.BinaryInput('STATE:OUT', { default: 0, readOnly: true, desc: 'robot_output, token i = bit i' }),
  gripperOpen: bit('INP:gripperOpen', 'Gripper open'),
  gripperClosed: bit('INP:gripperClosed', 'Gripper closed'),
  lidOpen: bit('INP:lidOpen', 'Dewar lid open'),
  lidClosed: bit('INP:lidClosed', 'Dewar lid closed'),
  heaterHot: bit('INP:heaterHot', 'Heater hot'),
  gripperOutput: bit('OUT:gripper', 'Gripper output'),
  lidOutput: bit('OUT:lid', 'Lid output'),
  heaterOutput: bit('OUT:heater', 'Heater output'),
  dryAirOutput: bit('OUT:dryAir', 'Heater (dry) air output'),
});
