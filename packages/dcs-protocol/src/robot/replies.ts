import { RobotFormatError } from './errors.js';
import type { RobotFlagName } from './flags.js';
import { robotFlagNames } from './flags.js';
import type { RobotPort } from './ports.js';
import { portFromWords } from './ports.js';

/** A get_robotstate result: `<statusNumber> FLAG FLAG…` (after `normal`). */
export interface RobotStateReply {
  status: number;
  flags: string[];
}

export function formatRobotStateReply(status: number): string {
  const names: RobotFlagName[] = robotFlagNames(status);
  return [String(status >>> 0), ...names].join(' ');
}

export function parseRobotStateReply(returns: string): RobotStateReply {
  const [first, ...flags] = returns.trim().split(/\s+/);
  if (first === undefined || !/^\d+$/.test(first)) throw new RobotFormatError(`get_robotstate reply "${returns}" has no status number`);
  return { status: Number(first), flags };
}

const words = (text: string): string[] => text.trim().split(/\s+/).filter((w) => w !== '');

/**
 * The port in a mount/dismount/prepare result (`l 1 A`, after `normal`); null for
 * `n 0 N`, the robot's "nothing was mounted" soft failure.
 */
export function parsePortReply(returns: string): RobotPort | null {
  const [cassette, row, column] = words(returns);
  if (cassette === undefined || row === undefined || column === undefined) {
    throw new RobotFormatError(`reply "${returns}" does not start with a port`);
  }
  return portFromWords(cassette, row, column);
}

/** A mount_next_crystal / prepare_mount_next_crystal result. */
export interface MountNextReply {
  /** The port the dismounted sample went back to (null: nothing was on the gonio). */
  dismounted: RobotPort | null;
  /** The port now mounted (null: nothing mounted). */
  mounted: RobotPort | null;
  /** Set when the second half did not report `normal`: the robot's text (e.g. `aborted`). */
  failure?: string;
}

/**
 * Parse the returns of a mount_next_crystal result, i.e. what follows the first
 * `normal`: `dCas dRow dCol normal mCas mRow mCol`, or `dCas dRow dCol <error text>` when
 * only the dismount half succeeded.
 */
export function parseMountNextReply(returns: string): MountNextReply {
  const w = words(returns);
  if (w.length < 3) throw new RobotFormatError(`mount_next reply "${returns}" does not start with a port`);
  const dismounted = portFromWords(w[0] ?? '', w[1] ?? '', w[2] ?? '');
  if (w[3] === 'normal' && w.length >= 7) {
    return { dismounted, mounted: portFromWords(w[4] ?? '', w[5] ?? '', w[6] ?? '') };
  }
  return { dismounted, mounted: null, failure: w.slice(3).join(' ') || 'no mount result' };
}
