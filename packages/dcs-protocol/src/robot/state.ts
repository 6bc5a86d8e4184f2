import { braceTclElement, formatTclElement } from '../tcl/format.js';
import { parseTclList } from '../tcl/parse.js';
import { RobotFormatError } from './errors.js';
import type { RobotPort } from './ports.js';
import { formatDcsPort, parseDcsPort } from './ports.js';

export type SampleLocation = 'no' | 'on tong' | 'on placer' | 'on picker' | 'on gonio' | 'bad state';
export type DumbbellState = 'out' | 'raised' | 'in cradle' | 'in tong' | 'bad state';
export type Ln2State = 'no' | 'yes' | 'wrong';

export const SAMPLE_LOCATIONS: readonly SampleLocation[] = ['no', 'on tong', 'on placer', 'on picker', 'on gonio', 'bad state'];
export const DUMBBELL_STATES: readonly DumbbellState[] = ['out', 'raised', 'in cradle', 'in tong', 'bad state'];
export const LN2_STATES: readonly Ln2State[] = ['no', 'yes', 'wrong'];

/** The robot_state string (sam-robot-dhs.md §2.4.2): 18 elements, parsed. */
export interface RobotState {
  sample: SampleLocation;
  dumbbell: DumbbellState;
  /** `P0` home, `P1` rest, `P3` cooling point, `P52` at a port…, or `Wrong`. */
  point: string;
  ln2: Ln2State;
  currentPort: RobotPort | null;
  pinsMounted: number;
  pinsLost: number;
  pinsMountedBeforeLost: number;
  sampleOnGonio: boolean;
  pinsStripped: number;
  pinsStrippedShort: number;
  tongPort: RobotPort | null;
  pickerPort: RobotPort | null;
  placerPort: RobotPort | null;
  puckPinsMounted: number;
  puckPinsMountedShort: number;
  pinsMoved: number;
  puckPinsMoved: number;
}

export const ROBOT_STATE_LENGTH = 18;

const port = (p: RobotPort | null): string => braceTclElement(formatDcsPort(p, 'invalid'));

/**
 * Format robot_state as the robot does: multi-word states braced (`{on gonio}`), ports
 * always braced (`{m 2 A}`, `{invalid}`), numbers bare.
 */
export function formatRobotState(s: RobotState): string {
  return [
    formatTclElement(s.sample),
    formatTclElement(s.dumbbell),
    formatTclElement(s.point),
    formatTclElement(s.ln2),
    port(s.currentPort),
    String(s.pinsMounted),
    String(s.pinsLost),
    String(s.pinsMountedBeforeLost),
    s.sampleOnGonio ? '1' : '0',
    String(s.pinsStripped),
    String(s.pinsStrippedShort),
    port(s.tongPort),
    port(s.pickerPort),
    port(s.placerPort),
    String(s.puckPinsMounted),
    String(s.puckPinsMountedShort),
    String(s.pinsMoved),
    String(s.puckPinsMoved),
  ].join(' ');
}

/** A word from a known set; an unexpected one becomes `fallback` rather than an error. */
function oneOf<T extends string>(value: string, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * Parse robot_state. The structure (18 elements, numeric counters, valid ports) is
 * checked strictly; a state word the robot may have added is mapped to the "bad" value
 * of its field instead of failing the whole string.
 */
export function parseRobotState(text: string): RobotState {
  const e = parseTclList(text);
  if (e.length < ROBOT_STATE_LENGTH) {
    throw new RobotFormatError(`robot_state has ${e.length} elements, expected ${ROBOT_STATE_LENGTH}`);
  }
  const at = (i: number): string => e[i] ?? '';
  const n = (i: number): number => {
    const value = at(i);
    if (!/^\d+$/.test(value)) throw new RobotFormatError(`robot_state element ${i + 1} "${value}" is not a count`);
    return Number(value);
  };
  return {
    sample: oneOf(at(0), SAMPLE_LOCATIONS, 'bad state'),
    dumbbell: oneOf(at(1), DUMBBELL_STATES, 'bad state'),
    point: at(2),
    ln2: oneOf(at(3), LN2_STATES, 'wrong'),
    currentPort: parseDcsPort(at(4)),
    pinsMounted: n(5),
    pinsLost: n(6),
    pinsMountedBeforeLost: n(7),
    sampleOnGonio: n(8) !== 0,
    pinsStripped: n(9),
    pinsStrippedShort: n(10),
    tongPort: parseDcsPort(at(11)),
    pickerPort: parseDcsPort(at(12)),
    placerPort: parseDcsPort(at(13)),
    puckPinsMounted: n(14),
    puckPinsMountedShort: n(15),
    pinsMoved: n(16),
    puckPinsMoved: n(17),
  };
}
