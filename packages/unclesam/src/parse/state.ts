import type { RobotPort } from '@devioc/dcs-protocol';
import { DUMBBELL_STATES, formatPortName, LN2_STATES, parseRobotState, SAMPLE_LOCATIONS } from '@devioc/dcs-protocol';
import type { RecordValues } from './values.js';

const portName = (port: RobotPort | null): string => (port === null ? '' : formatPortName(port));

export type StateKeys =
  | 'sample' | 'dumbbell' | 'position' | 'ln2' | 'currentPort' | 'mountedCount' | 'lostCount' | 'beforeLostCount'
  | 'onGonio' | 'stripCount' | 'stripShortCount' | 'tongPort' | 'pickerPort' | 'placerPort' | 'puckMountCount'
  | 'puckMountShortCount' | 'movedCount' | 'puckMovedCount';

/** robot_state (sam-robot-dhs.md §2.4.2) as record values; enums are indexes into the choices. */
export function stateValues(text: string): RecordValues<StateKeys> {
  const s = parseRobotState(text);
  return {
    sample: SAMPLE_LOCATIONS.indexOf(s.sample),
    dumbbell: DUMBBELL_STATES.indexOf(s.dumbbell),
    position: s.point.slice(0, 39),
    ln2: LN2_STATES.indexOf(s.ln2),
    currentPort: portName(s.currentPort),
    mountedCount: s.pinsMounted,
    lostCount: s.pinsLost,
    beforeLostCount: s.pinsMountedBeforeLost,
    onGonio: s.sampleOnGonio ? 1 : 0,
    stripCount: s.pinsStripped,
    stripShortCount: s.pinsStrippedShort,
    tongPort: portName(s.tongPort),
    pickerPort: portName(s.pickerPort),
    placerPort: portName(s.placerPort),
    puckMountCount: s.puckPinsMounted,
    puckMountShortCount: s.puckPinsMountedShort,
    movedCount: s.pinsMoved,
    puckMovedCount: s.puckPinsMoved,
  };
}
