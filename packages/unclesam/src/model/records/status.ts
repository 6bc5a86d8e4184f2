import { models } from '@devioc/core';
import { NO_YES } from '../choices.js';

const flag = (name: string, desc: string) => models.Mbbi(name, { choices: NO_YES, default: 0, readOnly: true, desc });

/** The fields of robot_status (sam-robot-dhs.md §2.4.1), one record each. */
export const statusRecords = () => ({
  // An ai (DOUBLE over CA), not a longin: CA's LONG is signed, and bit 31 (manual mode) would
  // read negative; a double holds every 32-bit word exactly, so clients read it unsigned.
  code: models.Ai('STATE:CODE', { default: 0, prec: 0, readOnly: true, desc: 'Robot status word (unsigned 32-bit)' }),
  flags: models.String('STATE:FLAGS', { maxLength: 256, default: '', readOnly: true, desc: 'Names of the status bits set' }),
  needReset: flag('STATE:NEEDRESET', 'Robot needs a reset'),
  needCal: flag('STATE:NEEDCAL', 'Robot needs a calibration'),
  needClear: flag('STATE:NEEDCLEAR', 'Robot needs a clear (Inspected)'),
  needMagCal: flag('STATE:NEEDMAGCAL', 'Toolset calibration needed'),
  needCasCal: flag('STATE:NEEDCASCAL', 'Cassette calibration needed'),
  manual: flag('STATE:MANUAL', 'Robot in manual mode'),
  task: models.String('STATE:TASK', { maxLength: 256, default: '', readOnly: true, desc: 'robot_status state: field' }),
  warning: models.Stringin('STATE:WRN', { default: '', readOnly: true, desc: 'robot_status warning: field' }),
  calMsg: models.Stringin('STATE:CALMSG', { default: '', readOnly: true, desc: 'Calibration message' }),
  calStep: models.Stringin('STATE:CALSTEP', { default: '', readOnly: true, desc: 'Calibration step (i of n)' }),
  port: models.Stringin('STATE:PORT', { default: '', readOnly: true, desc: 'Mounted port (LA1), empty if none' }),
  pinLost: models.Longin('STATE:PINLOST', { default: 0, readOnly: true, desc: 'Pins lost' }),
  pinMounted: models.Longin('STATE:PINMOUNTED', { default: 0, readOnly: true, desc: 'Pins mounted (permanent)' }),
});
