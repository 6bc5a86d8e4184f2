import { models } from '@devioc/core';
import { NO_YES, OFF_ON } from '../choices.js';

export interface SafetyRecordOptions {
  approachOn?: string;
  approachOff?: string;
  /** A PV that reads non-zero when the goniometer is ready for the robot; monitored (CP). */
  gonioReady?: string;
}

/**
 * The goniometer handshake. The PV names live in records so staff can see and change them;
 * INP:gonioReady follows the optional readback through a CA link of the records engine.
 */
export const safetyRecords = (options: SafetyRecordOptions = {}) => ({
  approachOnPv: models.String('PARAM:approachOn', { maxLength: 128, default: options.approachOn ?? '', desc: 'PV written 1 when the robot may enter' }),
  approachOffPv: models.String('PARAM:approachOff', { maxLength: 128, default: options.approachOff ?? '', desc: 'PV written 1 when the robot has left' }),
  gonioReady: models.Bi('INP:gonioReady', {
    znam: NO_YES[0],
    onam: NO_YES[1],
    default: 0,
    readOnly: true,
    ...(options.gonioReady ? { inp: `${options.gonioReady} CP NMS` } : {}),
    desc: 'Goniometer ready for the robot',
  }),
  approach: models.Mbbi('STATE:APPROACH', { choices: OFF_ON, default: 0, readOnly: true, desc: 'Robot allowed near the goniometer' }),
});
