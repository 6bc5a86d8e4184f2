/** The operations the RobotDHS registers (sam-robot-dhs.md §2.1), in UncleSAM's registration order. */
export const ROBOT_OPERATIONS = [
  'get_robotstate',
  'prepare_mount_crystal',
  'mount_crystal',
  'prepare_dismount_crystal',
  'dismount_crystal',
  'prepare_mount_next_crystal',
  'mount_next_crystal',
  'prepare_move_crystal',
  'move_crystal',
  'prepare_wash_crystal',
  'wash_crystal',
  'robot_standby',
  'robot_config',
  'robot_calibrate',
] as const;

export type RobotOperation = (typeof ROBOT_OPERATIONS)[number];

/** The strings the robot writes. */
export const ROBOT_WRITE_STRINGS = [
  'robot_status',
  'robot_state',
  'robot_cassette',
  'robot_sample',
  'robot_input',
  'robot_output',
] as const;

export type RobotWriteString = (typeof ROBOT_WRITE_STRINGS)[number];

/** All seven strings, robot_attribute (owned by the server, read by the robot) last. */
export const ROBOT_STRINGS = [...ROBOT_WRITE_STRINGS, 'robot_attribute'] as const;

export type RobotString = (typeof ROBOT_STRINGS)[number];

/**
 * Seconds the robot waits after an operation for the next one before going home by
 * itself (0 = no timer). A client must send the follow-up operation within this window.
 */
export const ROBOT_FOLLOWUP_SECONDS: Readonly<Record<RobotOperation, number>> = {
  get_robotstate: 0,
  prepare_mount_crystal: 300,
  mount_crystal: 30,
  prepare_dismount_crystal: 300,
  dismount_crystal: 4,
  prepare_mount_next_crystal: 300,
  mount_next_crystal: 30,
  prepare_move_crystal: 4,
  move_crystal: 4,
  prepare_wash_crystal: 300,
  wash_crystal: 30,
  robot_standby: 0,
  robot_config: 0,
  robot_calibrate: 0,
};

export function isRobotOperation(name: string): name is RobotOperation {
  return (ROBOT_OPERATIONS as readonly string[]).includes(name);
}

/** The early update every prepare_* sends once its checks pass. */
export const OK_TO_PREPARE = 'OK to prepare';
export const OK_TO_WASH = 'OK to Wash';
