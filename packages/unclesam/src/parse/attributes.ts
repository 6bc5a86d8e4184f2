import { parseRobotAttributes } from '@devioc/dcs-protocol';
import { ATTRIBUTE_TABLE, type AttributeName } from '../model/records/attributes.js';
import type { RecordValues } from './values.js';

/** robot_attribute as the robot echoes it: one value per ATTR record (flags 0/1). */
export function attributeValues(text: string): RecordValues<AttributeName> {
  const a = parseRobotAttributes(text);
  const entries = ATTRIBUTE_TABLE.map((row) => {
    const value = a[row.key];
    return [row.attr, typeof value === 'boolean' ? (value ? 1 : 0) : value] as const;
  });
  return Object.fromEntries(entries) as RecordValues<AttributeName>;
}
