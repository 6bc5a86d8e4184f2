import { models } from '@devioc/core';
import { HOLDER_CHOICES } from '../choices.js';

/** mxdc slices PORTS at fixed offsets and counts from the end, so it is exactly this long. */
export const PORTS_LENGTH = 291;
/** Before the robot has said anything: every holder and port unknown. */
export const UNKNOWN_PORTS = 'u'.repeat(PORTS_LENGTH);

const holder = (name: string, desc: string) => models.Mbbi(name, { choices: HOLDER_CHOICES, default: 0, readOnly: true, desc });

/** robot_cassette (sam-robot-dhs.md §2.4.3). */
export const cassetteRecords = () => ({
  ports: models.String('PORTS', { maxLength: PORTS_LENGTH, default: UNKNOWN_PORTS, readOnly: true, desc: 'Port map: 3 x (holder + 96 ports)' }),
  left: holder('STATE:LEFT', 'Left holder type'),
  middle: holder('STATE:MIDDLE', 'Middle holder type'),
  right: holder('STATE:RIGHT', 'Right holder type'),
});
