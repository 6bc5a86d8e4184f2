import { hasFlag, NEED_MASK } from '@devioc/dcs-protocol';
import { Health, Status } from '../model/choices.js';

/** What a running sequence is doing, as STATUS shows it. */
export type Activity = 'idle' | 'busy' | 'waiting' | 'standby';

export interface HealthFacts {
  connected: boolean;
  /** The robot's status word (unsigned). */
  word: number;
  /** A severe robot log not yet cleared by staff. */
  severe: boolean;
}

/**
 * HEALTH: good when the robot is connected, asks for nothing (no need-clear, reset,
 * calibration or user-action bit: with any of them set the robot refuses to move) and has
 * not logged a severe error since the last clear.
 */
export function deriveHealth(f: HealthFacts): Health {
  return f.connected && !hasFlag(f.word, NEED_MASK) && !f.severe ? Health.GOOD : Health.BAD;
}

export interface StatusFacts {
  connected: boolean;
  healthy: boolean;
  activity: Activity;
  /** robot_status `state:`; `aborting` counts as busy whoever started the operation. */
  robotTask: string;
}

/**
 * STATUS: FAULT when disconnected; otherwise what the sequence says (BUSY, WAITING,
 * STANDBY); when no sequence runs, BUSY while the robot aborts, FAULT when unhealthy, else
 * IDLE. mxdc checks HEALTH first, so FAULT (4) reads as an error there, never as busy.
 */
export function deriveStatus(f: StatusFacts): Status {
  if (!f.connected) return Status.FAULT;
  switch (f.activity) {
    case 'busy':
      return Status.BUSY;
    case 'waiting':
      return Status.WAITING;
    case 'standby':
      return Status.STANDBY;
    case 'idle':
      break;
  }
  if (f.robotTask === 'aborting') return Status.BUSY;
  return f.healthy ? Status.IDLE : Status.FAULT;
}
