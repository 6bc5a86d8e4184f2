import type { RecordHandle } from '@devioc/core';
import { models } from '@devioc/core';
import type { RobotAttributes } from '@devioc/dcs-protocol';
import { DEFAULT_ROBOT_ATTRIBUTES } from '@devioc/dcs-protocol';
import { OFF_ON } from '../choices.js';

/**
 * robot_attribute (sam-robot-dhs.md §2.4.4): the one string the server owns. One row per
 * value, in wire order: the record's attribute name, its PV suffix and the field of
 * RobotAttributes it carries. Flags are OFF/ON enums, counts are integers.
 */
export const ATTRIBUTE_TABLE = [
  { attr: 'attrDetailMsg', pv: 'ATTR:DETAILMSG', key: 'detailedMessages', desc: 'Detailed messages' },
  { attr: 'attrProbeCas', pv: 'ATTR:PROBECAS', key: 'probeCassette', desc: 'Probe cassette' },
  { attr: 'attrProbePort', pv: 'ATTR:PROBEPORT', key: 'probePort', desc: 'Probe port' },
  { attr: 'attrLostThresh', pv: 'ATTR:LOSTTHRESH', key: 'lostPinThreshold', desc: 'Lost pins before need-clear' },
  { attr: 'attrChkMagnet', pv: 'ATTR:CHKMAGNET', key: 'checkMagnet', desc: 'Check magnet' },
  { attr: 'attrChkPost', pv: 'ATTR:CHKPOST', key: 'checkPost', desc: 'Check post' },
  { attr: 'attrForce', pv: 'ATTR:FORCE', key: 'collectForce', desc: 'Collect force' },
  { attr: 'attrReheat', pv: 'ATTR:REHEAT', key: 'reheatTong', desc: 'Reheat tong' },
  { attr: 'attrDevMode', pv: 'ATTR:DEVMODE', key: 'developMode', desc: 'Develop mode' },
  { attr: 'attrStrictDismount', pv: 'ATTR:STRICTDISMNT', key: 'strictDismount', desc: 'Strict dismount' },
  { attr: 'attrDelayCal', pv: 'ATTR:DELAYCAL', key: 'delayCalibration', desc: 'Delay calibration' },
  { attr: 'attrStripThresh', pv: 'ATTR:STRIPTHRESH', key: 'pinStripThreshold', desc: 'Pin-strip threshold' },
  { attr: 'attrWash', pv: 'ATTR:WASH', key: 'washBeforeMount', desc: 'Wash before mount' },
  { attr: 'attrChkPicker', pv: 'ATTR:CHKPICKER', key: 'checkPicker', desc: 'Check picker' },
] as const satisfies readonly { attr: string; pv: string; key: keyof RobotAttributes; desc: string }[];

type AttributeRow = (typeof ATTRIBUTE_TABLE)[number];
export type AttributeName = AttributeRow['attr'];

/** Counts are longouts; flags are OFF/ON mbbos (both hold numbers for the application). */
export type AttributeRecord = RecordHandle<number, number | string> | RecordHandle<number, number | boolean>;
export type AttributeRecords = { [R in AttributeRow as R['attr']]: AttributeRecord };

function attributeRecord(row: AttributeRow): AttributeRecord {
  const initial = DEFAULT_ROBOT_ATTRIBUTES[row.key];
  return typeof initial === 'number'
    ? models.Integer(row.pv, { autosave: true, default: initial, minVal: 0, maxVal: 1000, desc: row.desc })
    : models.Enum(row.pv, { autosave: true, choices: OFF_ON, default: initial ? 1 : 0, desc: row.desc });
}

/** The 14 robot attributes, plus UncleSAM's own drying times (mxdc reads both). */
export const attributeRecords = () => ({
  ...(Object.fromEntries(ATTRIBUTE_TABLE.map((row) => [row.attr, attributeRecord(row)])) as AttributeRecords),
  reheatTime: models.Integer('ATTR:REHEATTIME', { autosave: true, default: 30, minVal: 0, maxVal: 40, units: 's', desc: 'Tong heating time for a dry' }),
  coolTime: models.Integer('ATTR:COOLTIME', { autosave: true, default: 60, minVal: 0, maxVal: 3600, units: 's', desc: 'Tong soak time after heating' }),
});

/** The robot_attribute values the records hold now. */
export function attributesOf(records: AttributeRecords): RobotAttributes {
  const out: RobotAttributes = { ...DEFAULT_ROBOT_ATTRIBUTES };
  for (const row of ATTRIBUTE_TABLE) {
    const value = records[row.attr].get();
    if (typeof out[row.key] === 'number') (out[row.key] as number) = value;
    else (out[row.key] as boolean) = value !== 0;
  }
  return out;
}
