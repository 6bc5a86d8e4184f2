import { braceTclElement } from '../tcl/format.js';
import { parseTclList } from '../tcl/parse.js';
import { RobotFormatError } from './errors.js';
import { hasFlag, NEED_CAL_MASK, ROBOT_FLAGS } from './flags.js';
import type { RobotPort } from './ports.js';
import { formatDcsPort, parseDcsPort } from './ports.js';

/** The robot_status string (sam-robot-dhs.md §2.4.1), parsed. */
export interface RobotStatus {
  /** The 32-bit flag word of §2.5, unsigned. */
  status: number;
  needReset: boolean;
  needCal: boolean;
  /** `idle`, `waiting_followup`, `<op> <args>`, `aborting`, `self-testing`, `offline`. */
  state: string;
  warning: string;
  calMsg: string;
  /** `<i> of <n>`, as text. */
  calStep: string;
  /** The port of the sample on the goniometer, or null. */
  mounted: RobotPort | null;
  pinLost: number;
  pinMounted: number;
  manualMode: boolean;
  needMagCal: boolean;
  needCasCal: boolean;
  needClear: boolean;
}

/** What a robot knows; the need_* and manual_mode fields follow from `status`. */
export type RobotStatusFields = Pick<
  RobotStatus,
  'status' | 'state' | 'warning' | 'calMsg' | 'calStep' | 'mounted' | 'pinLost' | 'pinMounted'
>;

/** The derived fields, as the robot computes them from its status word. */
export function deriveStatusFlags(status: number): Pick<
  RobotStatus,
  'needReset' | 'needCal' | 'manualMode' | 'needMagCal' | 'needCasCal' | 'needClear'
> {
  return {
    needReset: hasFlag(status, ROBOT_FLAGS.NEED_RST),
    needCal: hasFlag(status, NEED_CAL_MASK),
    manualMode: hasFlag(status, ROBOT_FLAGS.IN_MANUAL),
    needMagCal: hasFlag(status, ROBOT_FLAGS.NEED_CAL_MAG),
    needCasCal: hasFlag(status, ROBOT_FLAGS.NEED_CAL_CASSETTE),
    needClear: hasFlag(status, ROBOT_FLAGS.NEED_CLR),
  };
}

const bit = (on: boolean): string => (on ? '1' : '0');

/**
 * Format robot_status in the robot's fixed key order. Text fields are always braced,
 * as the robot does, except the pre-initialisation `state: self-testing`.
 */
export function formatRobotStatus(fields: RobotStatusFields): string {
  const d = deriveStatusFlags(fields.status);
  const state = fields.state === 'self-testing' ? fields.state : braceTclElement(fields.state);
  return [
    `status: ${fields.status >>> 0}`,
    `need_reset: ${bit(d.needReset)}`,
    `need_cal: ${bit(d.needCal)}`,
    `state: ${state}`,
    `warning: ${braceTclElement(fields.warning)}`,
    `cal_msg: ${braceTclElement(fields.calMsg)}`,
    `cal_step: ${braceTclElement(fields.calStep)}`,
    `mounted: ${braceTclElement(fields.mounted === null ? '' : formatDcsPort(fields.mounted))}`,
    `pin_lost: ${fields.pinLost}`,
    `pin_mounted: ${fields.pinMounted}`,
    `manual_mode: ${bit(d.manualMode)}`,
    `need_mag_cal: ${bit(d.needMagCal)}`,
    `need_cas_cal: ${bit(d.needCasCal)}`,
    `need_clear: ${bit(d.needClear)}`,
  ].join(' ');
}

function integer(key: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new RobotFormatError(`robot_status ${key} "${value}" is not an unsigned integer`);
  return Number(value.trim());
}

/**
 * Parse robot_status. Values are read as Tcl list elements (so `pin_lost: {3}` works)
 * and looked up by key rather than by position. Only `status:` is required; a missing
 * flag field is derived from the status word, a missing text field is ''.
 */
export function parseRobotStatus(text: string): RobotStatus {
  const items = parseTclList(text);
  if (items.length % 2 !== 0) throw new RobotFormatError(`robot_status has an odd number of elements (${items.length})`);
  const values = new Map<string, string>();
  for (let i = 0; i < items.length; i += 2) {
    const key = items[i] ?? '';
    values.set(key.endsWith(':') ? key.slice(0, -1) : key, items[i + 1] ?? '');
  }
  const raw = values.get('status');
  if (raw === undefined) throw new RobotFormatError('robot_status has no status: field');
  const status = integer('status', raw);
  const derived = deriveStatusFlags(status);
  const flag = (key: string, fallback: boolean): boolean => {
    const value = values.get(key);
    return value === undefined ? fallback : integer(key, value) !== 0;
  };
  const count = (key: string): number => {
    const value = values.get(key);
    return value === undefined || value === '' ? 0 : integer(key, value);
  };
  return {
    status,
    needReset: flag('need_reset', derived.needReset),
    needCal: flag('need_cal', derived.needCal),
    state: values.get('state') ?? '',
    warning: values.get('warning') ?? '',
    calMsg: values.get('cal_msg') ?? '',
    calStep: values.get('cal_step') ?? '',
    mounted: parseDcsPort(values.get('mounted') ?? ''),
    pinLost: count('pin_lost'),
    pinMounted: count('pin_mounted'),
    manualMode: flag('manual_mode', derived.manualMode),
    needMagCal: flag('need_mag_cal', derived.needMagCal),
    needCasCal: flag('need_cas_cal', derived.needCasCal),
    needClear: flag('need_clear', derived.needClear),
  };
}
