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
import { type FieldDesc, type ScalarName, type StructDesc, fieldCount, fieldOffset, scalar, scalarArray, struct, writeFieldDesc } from '../protocol/field-desc.js';
import { PvaWriter } from '../protocol/buffer.js';
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
 * Which record support routines each record type has (get_units, get_precision,
 * get_graphic_double, get_control_double, get_alarm_double, from EPICS 7.0.8's *Record.c):
 * dbGet clears the option of a missing one, and QSRV2 leaves the fields it fills unmarked.
 */
const RSET: Record<string, string> = {
  aSub: '11111', aai: '11110', aao: '11110', ai: '11111', ao: '11111', bi: '00000', bo: '11010', calc: '11111',
  calcout: '11111', compress: '11110', dfanout: '11111', event: '00000', fanout: '00000', histogram: '11110',
  int64in: '10111', int64out: '10111', longin: '10111', longout: '10111', lsi: '00000', lso: '00000',
  mbbiDirect: '01000', mbbi: '00000', mbboDirect: '01000', mbbo: '00000', permissive: '00000', printf: '00000',
  sel: '11111', seq: '11111', state: '00000', stringin: '00000', stringout: '00000', subArray: '11110',
  sub: '11111', waveform: '11110',
};
const has = (recordType: string | undefined, routine: number): boolean => (recordType === undefined ? true : (RSET[recordType] ?? '11111')[routine] === '1');

/** QSRV2's value types for DBF types (DBF_ENUM, MENU and DEVICE are NTEnum). */
const DBF_SCALAR: Record<string, ScalarName> = {
  DBF_STRING: 'string', DBF_CHAR: 'int8', DBF_UCHAR: 'uint8', DBF_SHORT: 'int16', DBF_USHORT: 'uint16',
  DBF_LONG: 'int32', DBF_ULONG: 'uint32', DBF_INT64: 'int64', DBF_UINT64: 'uint64', DBF_FLOAT: 'float32', DBF_DOUBLE: 'float64',
};

export interface NtChannelInfo {
  /** The field's DBF type when the CA native type loses precision (ULONG, INT64, UCHAR…). */
  dbfType?: string;
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
  /** The type's wire encoding (little-endian), written once for every INIT reply. */
  readonly typeBytes: Uint8Array;

  constructor(nativeType: NativeType, nativeCount: number, info: NtChannelInfo = {}) {
    this.kind = nativeType === NativeType.ENUM && nativeCount === 1 ? 'enum' : nativeCount === 1 ? 'scalar' : 'array';
    this.valueType = (this.kind !== 'enum' && info.dbfType !== undefined ? DBF_SCALAR[info.dbfType] : undefined) ?? scalarNameOf(nativeType);
    this.numeric = this.valueType !== 'string' && this.kind !== 'enum';
    this.floating = this.valueType === 'float32' || this.valueType === 'float64';
    this.type = this.buildType();
    const w = new PvaWriter(true, 512);
    writeFieldDesc(w, this.type);
    this.typeBytes = w.finish();
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
      const rt = info.recordType;
      if (has(rt, 0)) properties.push('display.units');
      if (this.numeric) {
        if (has(rt, 2)) properties.push('display.limitLow', 'display.limitHigh');
        properties.push('display.form.choices');
        if (info.isValueField !== false) properties.push('display.form.index');
        if (this.floating && has(rt, 1)) properties.push('display.precision');
        if (has(rt, 3)) properties.push('control.limitLow', 'control.limitHigh');
        if (has(rt, 4)) {
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
  return new NtMapping(pv.nativeType, pv.nativeCount, {
    recordType: pv.read().className,
    isValueField: field === undefined || field === 'VAL',
    dbfType: pv.dbfType,
  });
}
