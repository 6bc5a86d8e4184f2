import { formatPortsCompact, HOLDER_TYPES, parseRobotCassette } from '@devioc/dcs-protocol';
import type { RecordValues } from './values.js';

/** robot_cassette (sam-robot-dhs.md §2.4.3): mxdc's 291-character PORTS and the holder types. */
export function cassetteValues(text: string): RecordValues<'ports' | 'left' | 'middle' | 'right'> {
  const c = parseRobotCassette(text);
  return {
    ports: formatPortsCompact(c),
    left: HOLDER_TYPES.indexOf(c.l.type),
    middle: HOLDER_TYPES.indexOf(c.m.type),
    right: HOLDER_TYPES.indexOf(c.r.type),
  };
}
