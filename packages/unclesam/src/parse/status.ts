import type { RobotStatus } from '@devioc/dcs-protocol';
import { formatPortName, parseRobotStateReply, parseRobotStatus, robotFlagNames } from '@devioc/dcs-protocol';
import { type RecordValues, fitString } from './values.js';

const yes = (on: boolean): number => (on ? 1 : 0);

/** The status word as STATE:CODE holds it: unsigned (bit 31, in manual, is 2147483648). */
export const statusCode = (word: number): number => word >>> 0;

/** The status word back from STATE:CODE, unsigned. */
export const statusWord = (code: number): number => code >>> 0;

export type StatusKeys =
  | 'code' | 'flags' | 'needReset' | 'needCal' | 'needClear' | 'needMagCal' | 'needCasCal' | 'manual'
  | 'task' | 'warning' | 'calMsg' | 'calStep' | 'port' | 'pinLost' | 'pinMounted';

export function statusFieldValues(s: RobotStatus): RecordValues<StatusKeys> {
  return {
    code: statusCode(s.status),
    flags: robotFlagNames(s.status).join(' '),
    needReset: yes(s.needReset),
    needCal: yes(s.needCal),
    needClear: yes(s.needClear),
    needMagCal: yes(s.needMagCal),
    needCasCal: yes(s.needCasCal),
    manual: yes(s.manualMode),
    task: s.state,
    warning: fitString(s.warning),
    calMsg: fitString(s.calMsg),
    calStep: fitString(s.calStep),
    port: s.mounted === null ? '' : formatPortName(s.mounted),
    pinLost: s.pinLost,
    pinMounted: s.pinMounted,
  };
}

/** robot_status (sam-robot-dhs.md §2.4.1) as record values. */
export function statusValues(text: string): RecordValues<StatusKeys> {
  return statusFieldValues(parseRobotStatus(text));
}

/** A get_robotstate result (`<N> FLAG…`) as record values: the heartbeat's refresh. */
export function robotStateReplyValues(returns: string): RecordValues<'code' | 'flags'> {
  const reply = parseRobotStateReply(returns);
  return { code: statusCode(reply.status), flags: robotFlagNames(reply.status).join(' ') };
}
