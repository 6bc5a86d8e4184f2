import { RobotFormatError } from './errors.js';

/** robot_attribute (sam-robot-dhs.md §2.4.4), the one string the server owns. */
export interface RobotAttributes {
  detailedMessages: boolean;
  probeCassette: boolean;
  probePort: boolean;
  /** Pins lost before the robot asks to be cleared. */
  lostPinThreshold: number;
  checkMagnet: boolean;
  checkPost: boolean;
  collectForce: boolean;
  reheatTong: boolean;
  developMode: boolean;
  strictDismount: boolean;
  delayCalibration: boolean;
  pinStripThreshold: number;
  washBeforeMount: boolean;
  checkPicker: boolean;
}

/** Wire order (Robot.h AttributeIndex). */
export const ROBOT_ATTRIBUTE_KEYS: readonly (keyof RobotAttributes)[] = [
  'detailedMessages',
  'probeCassette',
  'probePort',
  'lostPinThreshold',
  'checkMagnet',
  'checkPost',
  'collectForce',
  'reheatTong',
  'developMode',
  'strictDismount',
  'delayCalibration',
  'pinStripThreshold',
  'washBeforeMount',
  'checkPicker',
];

const COUNTS = new Set<keyof RobotAttributes>(['lostPinThreshold', 'pinStripThreshold']);

export const DEFAULT_ROBOT_ATTRIBUTES: RobotAttributes = {
  detailedMessages: false,
  probeCassette: false,
  probePort: false,
  lostPinThreshold: 3,
  checkMagnet: true,
  checkPost: true,
  collectForce: false,
  reheatTong: true,
  developMode: false,
  strictDismount: false,
  delayCalibration: false,
  pinStripThreshold: 3,
  washBeforeMount: false,
  checkPicker: false,
};

export function formatRobotAttributes(a: RobotAttributes): string {
  return ROBOT_ATTRIBUTE_KEYS.map((key) => {
    const value = a[key];
    return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }).join(' ');
}

/** Parse the 14 numbers (extra trailing values are ignored); flags are "non-zero". */
export function parseRobotAttributes(text: string): RobotAttributes {
  const tokens = text.trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length < ROBOT_ATTRIBUTE_KEYS.length) {
    throw new RobotFormatError(`robot_attribute has ${tokens.length} values, expected ${ROBOT_ATTRIBUTE_KEYS.length}`);
  }
  const result: RobotAttributes = { ...DEFAULT_ROBOT_ATTRIBUTES };
  ROBOT_ATTRIBUTE_KEYS.forEach((key, i) => {
    const value = Number(tokens[i]);
    if (!Number.isFinite(value)) throw new RobotFormatError(`robot_attribute value ${i + 1} "${tokens[i]}" is not a number`);
    if (COUNTS.has(key)) (result[key] as number) = value;
    else (result[key] as boolean) = value !== 0;
  });
  return result;
}
