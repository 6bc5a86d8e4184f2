import type { RecordValues } from './values.js';
import { attributeValues } from './attributes.js';
import { cassetteValues } from './cassette.js';
import { inputValues, outputValues } from './io.js';
import { stateValues } from './state.js';
import { statusValues } from './status.js';
import { fitLong, fitString } from './values.js';

/**
 * The record values one robot string carries, or undefined for a string UncleSAM does not
 * map. Throws the parsers' RobotFormatError on a malformed string.
 */
export function stringValues(name: string, contents: string): Partial<RecordValues> | undefined {
  switch (name) {
    case 'robot_status':
      return statusValues(contents);
    case 'robot_state':
      return stateValues(contents);
    case 'robot_cassette':
      return cassetteValues(contents);
    case 'robot_input':
      return inputValues(contents);
    case 'robot_output':
      return outputValues(contents);
    case 'robot_attribute':
      return attributeValues(contents);
    case 'robot_sample':
      return { message: fitString(contents), messageLong: fitLong(contents) };
    default:
      return undefined;
  }
}

export { attributeValues, cassetteValues, inputValues, outputValues, stateValues, statusValues };
export { robotStateReplyValues, statusCode, statusFieldValues, statusWord } from './status.js';
export { applyValues, fitLong, fitString } from './values.js';
export type { RecordValue, RecordValues } from './values.js';
