/**
 * Records (any CaPv) as Normative Types, as QSRV2 (pvxs ioc/) maps them: an ENUM as
 * NTEnum, everything else as NTScalar or NTScalarArray with alarm, timeStamp, display,
 * control and valueAlarm. The marked fields of a full read are the ones QSRV2 marks, so
 * pvxget prints the same lines for the same record.
 */
import type { CaPv } from '../../ca/server/provider.js';
import { NativeType, type PvSnapshot } from '../../ca/protocol/dbr/types.js';
import { BitSet } from '../protocol/bitset.js';
import { POSIX_TIME_AT_EPICS_EPOCH } from '../protocol/constants.js';
import { type FieldDesc, type ScalarName, type StructDesc, fieldCount, fieldOffset, scalar, scalarArray, struct } from '../protocol/field-desc.js';
import type { PvaArray, PvaStruct } from '../protocol/value.js';

/** epicsAlarmConditionStrings, for alarm.message. */
const ALARM_STATUS_NAMES = [
  'NO_ALARM', 'READ', 'WRITE', 'HIHI', 'HIGH', 'LOLO', 'LOW', 'STATE', 'COS', 'COMM', 'TIMEOUT', 'HWLIMIT', 'CALC',
  'SCAN', 'LINK', 'SOFT', 'BAD_SUB', 'UDF', 'DISABLE', 'SIMM', 'READ_ACCESS', 'WRITE_ACCESS',
];

/** EPICS alarm status → the PVA alarm status class (QSRV2's table). */
export function pvaStatusClass(status: number): number {
  if (status === 0) return 0;
  if (status <= 8 || status === 11) return 1; // READ WRITE HIHI HIGH LOLO LOW STATE COS HWLIMIT: device
  if (status === 9 || status === 10 || status === 17) return 2; // COMM TIMEOUT UDF: driver
  if (status >= 12 && status <= 16) return 3; // CALC SCAN LINK SOFT BAD_SUB: record
  if (status >= 18 && status <= 21) return 4; // DISABLE SIMM READ_ACCESS WRITE_ACCESS: db
  return 6;
}

const FORM_CHOICES = ['Default', 'String', 'Binary', 'Decimal', 'Hex', 'Exponential', 'Engineering'];

const alarmType = (): StructDesc => struct('alarm_t', [['severity', scalar('int32')], ['status', scalar('int32')], ['message', scalar('string')]]);
const timeType = (): StructDesc =>
  struct('time_t', [['secondsPastEpoch', scalar('int64')], ['nanoseconds', scalar('int32')], ['userTag', scalar('int32')]]);

function scalarNameOf(t: NativeType): ScalarName {
  switch (t) {
    case NativeType.STRING: return 'string';
    case NativeType.SHORT: return 'int16';
    case NativeType.FLOAT: return 'float32';
    case NativeType.ENUM: return 'uint16';
    case NativeType.CHAR: return 'int8';
    case NativeType.LONG: return 'int32';
    default: return 'float64';
  }
}

export type NtKind = 'scalar' | 'array' | 'enum';

/**
 * Record types without get_units: QSRV2 leaves display.units of their string fields unmarked
 * (dbGet clears DBR_UNITS). Every other record type describes the units of any of its fields.
 */
const NO_UNITS_RECORD_TYPES = new Set([
  'stringin', 'stringout', 'lsi', 'lso', 'printf', 'bi', 'bo', 'mbbi', 'mbbo', 'mbbiDirect', 'mbboDirect',
  'event', 'fanout', 'seq', 'state', 'permissive',
]);

export interface NtChannelInfo {
  /** The record type (RTYP), when the channel is a record's field. */
  recordType?: string;
  /** True for a record's VAL (the only field display.form applies to, as in QSRV2). */
  isValueField?: boolean;
}

/** The NT type of one channel, with the bit offsets its reads and updates mark. */
export class NtMapping {
  readonly type: StructDesc;
  readonly kind: NtKind;
  readonly valueType: ScalarName;
  readonly numeric: boolean;
  readonly floating: boolean;
  /** Bits a full read marks (QSRV2's set). */
  readonly fullMask: BitSet;
  /** Bits a value update marks (QSRV2's DBE_VALUE subscription): value, timeStamp.*. */
  readonly valueMask: BitSet;
  /** Bits an alarm update marks (QSRV2's DBE_ALARM subscription): alarm.*, timeStamp.*. */
  readonly alarmMask: BitSet;
  /** Bits a property update adds. */
  readonly propertyMask: BitSet;

  constructor(nativeType: NativeType, nativeCount: number, info: NtChannelInfo = {}) {
    this.kind = nativeType === NativeType.ENUM && nativeCount === 1 ? 'enum' : nativeCount === 1 ? 'scalar' : 'array';
    this.valueType = scalarNameOf(nativeType);
    this.numeric = this.valueType !== 'string' && this.kind !== 'enum';
    this.floating = this.valueType === 'float32' || this.valueType === 'float64';
    this.type = this.buildType();
    const full: string[] = [];
    const values: string[] = [];
    const properties: string[] = [];
    const times = ['timeStamp.secondsPastEpoch', 'timeStamp.nanoseconds', 'timeStamp.userTag'];
    const alarms = ['alarm.severity', 'alarm.status', 'alarm.message'];
    if (this.kind === 'enum') {
      values.push('value.index');
      properties.push('value.choices', 'display.description');
    } else {
      values.push('value');
      properties.push('display.description');
      if (!this.numeric && !NO_UNITS_RECORD_TYPES.has(info.recordType ?? 'stringout')) properties.push('display.units');
      if (this.numeric) {
        properties.push('display.limitLow', 'display.limitHigh', 'display.units', 'display.form.choices');
        if (info.isValueField !== false) properties.push('display.form.index');
        if (this.floating) properties.push('display.precision');
        properties.push('control.limitLow', 'control.limitHigh');
        // Array records have no get_alarm_double: QSRV2 leaves valueAlarm unmarked for them.
        if (this.kind === 'scalar') {
          properties.push('valueAlarm.lowAlarmLimit', 'valueAlarm.lowWarningLimit', 'valueAlarm.highWarningLimit', 'valueAlarm.highAlarmLimit');
        }
      }
    }
    full.push(...values, ...alarms, ...times, ...properties);
    this.fullMask = this.maskOf(full);
    this.valueMask = this.maskOf([...values, ...times]);
    this.alarmMask = this.maskOf([...alarms, ...times]);
    this.propertyMask = this.maskOf(properties);
  }

  private maskOf(paths: string[]): BitSet {
    const bits = new BitSet(fieldCount(this.type));
    for (const p of paths) {
      const at = fieldOffset(this.type, p);
      if (at === undefined) throw new Error(`NT field ${p} missing`);
      bits.set(at);
    }
    return bits;
  }

  private buildType(): StructDesc {
    const enumT = (): StructDesc => struct('enum_t', [['index', scalar('int32')], ['choices', scalarArray('string')]]);
    if (this.kind === 'enum') {
      return struct('epics:nt/NTEnum:1.0', [
        ['value', enumT()],
        ['alarm', alarmType()],
        ['timeStamp', timeType()],
        ['display', struct('', [['description', scalar('string')]])],
      ]);
    }
    const v = this.valueType;
    const fields: [string, FieldDesc][] = [
      ['value', this.kind === 'array' ? scalarArray(v) : scalar(v)],
      ['alarm', alarmType()],
      ['timeStamp', timeType()],
    ];
    if (this.numeric) {
      fields.push(
        ['display', struct('', [
          ['limitLow', scalar(v)], ['limitHigh', scalar(v)], ['description', scalar('string')], ['units', scalar('string')],
          ['precision', scalar('int32')], ['form', enumT()],
        ])],
        ['control', struct('', [['limitLow', scalar(v)], ['limitHigh', scalar(v)], ['minStep', scalar(v)]])],
        ['valueAlarm', struct('', [
          ['active', scalar('bool')],
          ['lowAlarmLimit', scalar(v)], ['lowWarningLimit', scalar(v)], ['highWarningLimit', scalar(v)], ['highAlarmLimit', scalar(v)],
          ['lowAlarmSeverity', scalar('int32')], ['lowWarningSeverity', scalar('int32')],
          ['highWarningSeverity', scalar('int32')], ['highAlarmSeverity', scalar('int32')],
          ['hysteresis', scalar('float64')],
        ])],
      );
    } else {
      fields.push(['display', struct('', [['description', scalar('string')], ['units', scalar('string')]])]);
    }
    return struct(this.kind === 'array' ? 'epics:nt/NTScalarArray:1.0' : 'epics:nt/NTScalar:1.0', fields);
  }

  /** The whole NT value of a snapshot. */
  valueOf(s: PvSnapshot, description: string): PvaStruct {
    const alarm: PvaStruct = {
      severity: s.alarm.severity,
      status: pvaStatusClass(s.alarm.status),
      message: s.alarm.status !== 0 ? (ALARM_STATUS_NAMES[s.alarm.status] ?? '') : '',
    };
    const timeStamp: PvaStruct = {
      secondsPastEpoch: BigInt(s.timestamp.secPastEpoch + POSIX_TIME_AT_EPICS_EPOCH),
      nanoseconds: s.timestamp.nsec,
      userTag: 0,
    };
    if (this.kind === 'enum') {
      return {
        value: { index: s.value.length > 0 ? Number(s.value[0]) : 0, choices: [...s.meta.enumStrings] },
        alarm,
        timeStamp,
        display: { description },
      };
    }
    const value = this.kind === 'array' ? (s.value as PvaArray) : (s.value[0] ?? (this.valueType === 'string' ? '' : 0));
    if (!this.numeric) return { value, alarm, timeStamp, display: { description, units: s.meta.units } };
    const m = s.meta;
    return {
      value,
      alarm,
      timeStamp,
      display: {
        limitLow: m.lowerDisplay, limitHigh: m.upperDisplay, description, units: m.units,
        precision: m.precision, form: { index: 0, choices: FORM_CHOICES },
      },
      control: { limitLow: m.lowerControl, limitHigh: m.upperControl, minStep: 0 },
      valueAlarm: {
        active: false,
        lowAlarmLimit: m.lowerAlarm, lowWarningLimit: m.lowerWarning, highWarningLimit: m.upperWarning, highAlarmLimit: m.upperAlarm,
        lowAlarmSeverity: 0, lowWarningSeverity: 0, highWarningSeverity: 0, highAlarmSeverity: 0, hysteresis: 0,
      },
    };
  }
}

export function mappingFor(pv: CaPv, name: string): NtMapping {
  const field = /^[^.{[]*\.([A-Z0-9_]+)\$?$/.exec(name)?.[1];
  return new NtMapping(pv.nativeType, pv.nativeCount, { recordType: pv.read().className, isValueField: field === undefined || field === 'VAL' });
}
