import { models } from '@devioc/core';
import { CONNECTED_CHOICES, ENABLED_CHOICES, HEALTH_CHOICES, STATUS_CHOICES, Status } from '../choices.js';

/** What every screen shows first: the link, the staff switch, the summary and the last texts. */
export const HELP_TEXT =
  'UncleSAM: put PARAM:NEXTPORT (e.g. LA1), then 1 to CMD:mount / CMD:prefetch; CMD:dismount, CMD:dry, CMD:abort; ' +
  'staff: CMD:clear, CMD:clearStatus, CMD:clearAll, CMD:calibrate (PARAM:CALIB), CMD:config (PARAM:CONFIG). ' +
  'STATUS 0 idle, 1 waiting, 2 busy, 3 standby, 4 fault; HEALTH 1 good. See the README of @devioc/unclesam.';

export const connectionRecords = () => ({
  connected: models.Mbbi('CONNECTED', { choices: CONNECTED_CHOICES, default: 0, readOnly: true, desc: 'RobotDHS connection' }),
  enabled: models.Enum('ENABLED', { choices: ENABLED_CHOICES, default: 1, desc: 'Staff switch: 0 refuses every command' }),
  status: models.Mbbi('STATUS', { choices: STATUS_CHOICES, default: Status.FAULT, readOnly: true, desc: 'IDLE WAITING BUSY STANDBY FAULT' }),
  health: models.Mbbi('HEALTH', { choices: HEALTH_CHOICES, default: 0, readOnly: true, desc: '1 = good' }),
  message: models.Stringin('MESSAGE', { default: '', readOnly: true, desc: 'robot_sample and IOC messages' }),
  // MESSAGE is mxdc's 39-character stringin; its twin holds the same text whole.
  messageLong: models.String('MESSAGE:LONG', { maxLength: 256, default: '', readOnly: true, desc: 'MESSAGE, whole' }),
  logText: models.String('LOG', { maxLength: 256, default: '', readOnly: true, desc: 'Last robot log or operation update' }),
  error: models.String('ERROR', { maxLength: 256, default: '', readOnly: true, desc: 'Last error, in full' }),
  help: models.String('HELP', { maxLength: 512, default: HELP_TEXT, readOnly: true, desc: 'How to drive UncleSAM' }),
});
