import { models } from '@devioc/core';

/** A command button: a put of 1 starts it, and the record returns to 0 by itself. */
// UncleSAM puts a pressed toggle back to 0 at once (see `pressed` in unclesam.ts); HIGH is a
// fallback for when no application is attached.
const command = (name: string, desc: string) => models.Toggle(name, { zname: 'IDLE', oname: 'GO', high: 0.1, desc });

/**
 * The command toggles; the first five are mxdc's. A key differs from its PV's name where a
 * PARAM: record has that name (sendConfig, runMove, runWash): keys are the model's fields.
 */
export const commandRecords = () => ({
  mount: command('CMD:mount', 'Mount PARAM:NEXTPORT'),
  dismount: command('CMD:dismount', 'Dismount the mounted sample'),
  prefetch: command('CMD:prefetch', 'Prefetch PARAM:NEXTPORT'),
  abort: command('CMD:abort', 'Abort the robot and the sequence'),
  dry: command('CMD:dry', 'Dry the tong: heat, then soak'),
  standby: command('CMD:standby', 'Send the tong home (robot_standby)'),
  clear: command('CMD:clear', 'robot_config clear (Inspected)'),
  clearStatus: command('CMD:clearStatus', 'robot_config clear_status'),
  clearAll: command('CMD:clearAll', 'robot_config clear_all'),
  resetCassette: command('CMD:resetCassette', 'robot_config reset_cassette'),
  probe: command('CMD:probe', 'Probe the ports of unknown state'),
  heatGripper: command('CMD:heatGripper', 'robot_config heat_gripper'),
  openGripper: command('CMD:openGripper', 'robot_config open_gripper'),
  calibrate: command('CMD:calibrate', 'robot_calibrate PARAM:CALIB'),
  sendConfig: command('CMD:config', 'robot_config PARAM:CONFIG'),
  resetCounter: command('CMD:resetCounter', 'robot_config reset_mounted_counter'),
  setMounted: command('CMD:setMounted', 'Tell the robot PARAM:NEXTPORT is mounted'),
  runMove: command('CMD:move', 'Move the pins of PARAM:MOVE'),
  runWash: command('CMD:wash', 'Wash the mounted sample'),
});
