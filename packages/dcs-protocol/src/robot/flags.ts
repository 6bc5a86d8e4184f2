/**
 * The robot's 32-bit status word (sam-robot-dhs.md §2.5), bit → the name
 * `get_robotstate` prints. Names after LOST_MAGNET are our spelling of the documented
 * meanings (the original list was not available); all are single tokens so that a
 * `get_robotstate` reply stays a plain word list.
 */
export const ROBOT_FLAGS = {
  NEED_CLR: 0x00000001,
  NEED_RST: 0x00000002,
  NEED_CAL_MAG: 0x00000004,
  NEED_CAL_CASSETTE: 0x00000008,
  NEED_CAL_GONIO: 0x00000010,
  NEED_CAL_BASIC: 0x00000020,
  NEED_USER_ACTION: 0x00000040,
  PORT_JAM: 0x00000080,
  ESTOP: 0x00000100,
  GUARD: 0x00000200,
  NOT_HOME: 0x00000400,
  CMD_ERR: 0x00000800,
  LID_JAM: 0x00001000,
  GRIPPER_JAM: 0x00002000,
  LOST_MAGNET: 0x00004000,
  COLLISION: 0x00008000,
  INIT: 0x00010000,
  TOLERANCE: 0x00020000,
  LN2_LEVEL: 0x00040000,
  HEATER_FAIL: 0x00080000,
  CASSETTE: 0x00100000,
  PIN_LOST: 0x00200000,
  WRONG_STATE: 0x00400000,
  BAD_ARG: 0x00800000,
  SAMPLE_IN_PORT: 0x01000000,
  ABORT: 0x02000000,
  UNREACHABLE: 0x04000000,
  EXTERNAL: 0x08000000,
  IN_RESET: 0x10000000,
  IN_CALIBRATION: 0x20000000,
  IN_TOOL: 0x40000000,
  IN_MANUAL: 0x80000000,
} as const;

export type RobotFlagName = keyof typeof ROBOT_FLAGS;

/** All "need" bits (need clear, reset, calibrations, user action). */
export const NEED_MASK = 0x0000007f;
/** The calibration "need" bits; `need_cal:` in robot_status is any of them. */
export const NEED_CAL_MASK = 0x0000003c;
/** Reason bits: why the robot stopped. */
export const REASON_MASK = 0x0fffff80;
/** State bits: what mode the robot is in. */
export const STATE_MASK = 0xf0000000;

const ENTRIES = Object.entries(ROBOT_FLAGS) as [RobotFlagName, number][];

/** Names of the bits set in a status word, lowest bit first. */
export function robotFlagNames(word: number): RobotFlagName[] {
  return ENTRIES.filter(([, bit]) => (word & bit) >>> 0 !== 0).map(([name]) => name);
}

/** The status word with the named bits set (unknown names are ignored). */
export function robotFlagsFromNames(names: readonly string[]): number {
  let word = 0;
  for (const name of names) {
    if (Object.hasOwn(ROBOT_FLAGS, name)) word = (word | ROBOT_FLAGS[name as RobotFlagName]) >>> 0;
  }
  return word;
}

/** True if any bit of `mask` is set in `word` (safe for bit 31). */
export function hasFlag(word: number, mask: number): boolean {
  return (word & mask) >>> 0 !== 0;
}
