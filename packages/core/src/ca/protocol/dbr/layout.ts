/**
 * The wire layout of all 39 DBR types, as a table.
 *
 * Offsets are those of the C structs in EPICS `db_access.h` (natural alignment, no packing pragmas),
 * checked against `dbr_size[]` / `dbr_value_offset[]` in libca's access.cpp. Everything is big-endian
 * on the wire and every pad byte is zero.
 */
import { DbrFamily, LAST_DBR_TYPE, NativeType } from './types.js';
import type { DbrType } from './types.js';

export interface DbrLayout {
  readonly type: DbrType;
  readonly family: DbrFamily;
  /** The element type of `value` (PUT_ACKT/PUT_ACKS carry a u16, reported as ENUM). */
  readonly valueType: NativeType;
  /** sizeof the C struct, which includes exactly one value element. */
  readonly size: number;
  readonly valueOffset: number;
  readonly elementSize: number;
  /** status @0, severity @2 (STS, TIME, GR, CTRL, STSACK). */
  readonly hasAlarm: boolean;
  /** stamp.secPastEpoch @4, stamp.nsec @8 (TIME). */
  readonly hasTimestamp: boolean;
  /** GR/CTRL numeric: `precision` i16 (FLOAT and DOUBLE only). */
  readonly precisionOffset?: number;
  /** GR/CTRL numeric: `units` char[8]. */
  readonly unitsOffset?: number;
  /** GR/CTRL numeric: six limits of the value type, in the order of LIMIT_ORDER. */
  readonly limitsOffset?: number;
  /** CTRL numeric: upper_ctrl_limit then lower_ctrl_limit, of the value type. */
  readonly controlOffset?: number;
  /** GR/CTRL ENUM: `no_str` i16 here, then strs[16][26] right after it. */
  readonly enumOffset?: number;
  /** STSACK_STRING: ackt u16 here, acks u16 two bytes later. */
  readonly ackOffset?: number;
}

/** Byte size of one element of each native type (STRING is a 40-byte NUL-padded slot). */
export const ELEMENT_SIZE: Readonly<Record<NativeType, number>> = {
  [NativeType.STRING]: 40,
  [NativeType.SHORT]: 2,
  [NativeType.FLOAT]: 4,
  [NativeType.ENUM]: 2,
  [NativeType.CHAR]: 1,
  [NativeType.LONG]: 4,
  [NativeType.DOUBLE]: 8,
};

export const MAX_STRING_SIZE = 40;
export const MAX_UNITS_SIZE = 8;
export const MAX_ENUM_STATES = 16;
export const MAX_ENUM_STRING_SIZE = 26;

type Extra = Omit<DbrLayout, 'type' | 'family' | 'valueType' | 'size' | 'valueOffset' | 'elementSize' | 'hasAlarm' | 'hasTimestamp'>;

const S = NativeType.STRING, H = NativeType.SHORT, F = NativeType.FLOAT, E = NativeType.ENUM;
const C = NativeType.CHAR, L = NativeType.LONG, D = NativeType.DOUBLE;

// [id, family, value type, struct size, value offset, extra fields]
const rows: ReadonlyArray<readonly [number, DbrFamily, NativeType, number, number, Extra?]> = [
  [0, DbrFamily.PLAIN, S, 40, 0],
  [1, DbrFamily.PLAIN, H, 2, 0],
  [2, DbrFamily.PLAIN, F, 4, 0],
  [3, DbrFamily.PLAIN, E, 2, 0],
  [4, DbrFamily.PLAIN, C, 1, 0],
  [5, DbrFamily.PLAIN, L, 4, 0],
  [6, DbrFamily.PLAIN, D, 8, 0],
  // STS: status, severity, [pad], value
  [7, DbrFamily.STS, S, 44, 4],
  [8, DbrFamily.STS, H, 6, 4],
  [9, DbrFamily.STS, F, 8, 4],
  [10, DbrFamily.STS, E, 6, 4],
  [11, DbrFamily.STS, C, 6, 5], // RISC_pad u8 @4
  [12, DbrFamily.STS, L, 8, 4],
  [13, DbrFamily.STS, D, 16, 8], // RISC_pad i32 @4
  // TIME: status, severity, stamp, [pads], value
  [14, DbrFamily.TIME, S, 52, 12],
  [15, DbrFamily.TIME, H, 16, 14], // RISC_pad i16 @12
  [16, DbrFamily.TIME, F, 16, 12],
  [17, DbrFamily.TIME, E, 16, 14], // RISC_pad i16 @12
  [18, DbrFamily.TIME, C, 16, 15], // RISC_pad0 i16 @12, RISC_pad1 u8 @14
  [19, DbrFamily.TIME, L, 16, 12],
  [20, DbrFamily.TIME, D, 24, 16], // RISC_pad i32 @12
  // GR: GR_STRING has no struct of its own and is sent as dbr_sts_string
  [21, DbrFamily.GR, S, 44, 4],
  [22, DbrFamily.GR, H, 26, 24, { unitsOffset: 4, limitsOffset: 12 }],
  [23, DbrFamily.GR, F, 44, 40, { precisionOffset: 4, unitsOffset: 8, limitsOffset: 16 }], // RISC_pad0 i16 @6
  [24, DbrFamily.GR, E, 424, 422, { enumOffset: 4 }],
  [25, DbrFamily.GR, C, 20, 19, { unitsOffset: 4, limitsOffset: 12 }], // RISC_pad u8 @18
  [26, DbrFamily.GR, L, 40, 36, { unitsOffset: 4, limitsOffset: 12 }],
  [27, DbrFamily.GR, D, 72, 64, { precisionOffset: 4, unitsOffset: 8, limitsOffset: 16 }], // RISC_pad0 i16 @6
  // CTRL: as GR plus upper/lower control limits before the value; CTRL_STRING = dbr_sts_string
  [28, DbrFamily.CTRL, S, 44, 4],
  [29, DbrFamily.CTRL, H, 30, 28, { unitsOffset: 4, limitsOffset: 12, controlOffset: 24 }],
  [30, DbrFamily.CTRL, F, 52, 48, { precisionOffset: 4, unitsOffset: 8, limitsOffset: 16, controlOffset: 40 }],
  [31, DbrFamily.CTRL, E, 424, 422, { enumOffset: 4 }],
  [32, DbrFamily.CTRL, C, 22, 21, { unitsOffset: 4, limitsOffset: 12, controlOffset: 18 }], // RISC_pad u8 @20
  [33, DbrFamily.CTRL, L, 48, 44, { unitsOffset: 4, limitsOffset: 12, controlOffset: 36 }],
  [34, DbrFamily.CTRL, D, 88, 80, { precisionOffset: 4, unitsOffset: 8, limitsOffset: 16, controlOffset: 64 }],
  // specials
  [35, DbrFamily.PUT_ACK, E, 2, 0], // dbr_put_ackt_t (u16), write-only
  [36, DbrFamily.PUT_ACK, E, 2, 0], // dbr_put_acks_t (u16), write-only
  [37, DbrFamily.STSACK, S, 48, 8, { ackOffset: 4 }], // status u16, severity u16, ackt u16, acks u16, value
  [38, DbrFamily.CLASS_NAME, S, 40, 0], // record type name, read-only
];

const hasAlarmFamilies: ReadonlySet<DbrFamily> = new Set<DbrFamily>([
  DbrFamily.STS, DbrFamily.TIME, DbrFamily.GR, DbrFamily.CTRL, DbrFamily.STSACK,
]);

const table: readonly DbrLayout[] = rows.map(([type, family, valueType, size, valueOffset, extra]) => {
  const layout: DbrLayout = {
    type: type as DbrType,
    family,
    valueType,
    size,
    valueOffset,
    elementSize: ELEMENT_SIZE[valueType],
    hasAlarm: hasAlarmFamilies.has(family),
    hasTimestamp: family === DbrFamily.TIME,
    ...extra,
  };
  if (layout.valueOffset + layout.elementSize !== layout.size) {
    throw new Error(`DBR layout table is inconsistent for type ${type}`);
  }
  return Object.freeze(layout);
});

export const isValidDbrType = (n: number): n is DbrType => Number.isInteger(n) && n >= 0 && n <= LAST_DBR_TYPE;

/** The layout of a DBR type; accepts any number (e.g. straight from a header) and throws RangeError if invalid. */
export function dbrLayout(type: number): DbrLayout {
  if (!isValidDbrType(type)) throw new RangeError(`invalid DBR type ${String(type)}`);
  return table[type];
}

/**
 * Exact (unpadded) payload size of `count` elements: sizeof(struct) + (count - 1) * element size, as
 * libca's dbr_size_n(). A count of 0 gives the struct without its value (TIME_DOUBLE: 16, DOUBLE: 0).
 */
export function dbrPayloadSize(type: number, count: number): number {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`invalid element count ${count}`);
  const l = dbrLayout(type);
  return l.size + (count - 1) * l.elementSize;
}

/** The families that wrap a value of any of the 7 native types. */
export type ValueFamily = typeof DbrFamily.PLAIN | typeof DbrFamily.STS | typeof DbrFamily.TIME | typeof DbrFamily.GR | typeof DbrFamily.CTRL;

const familyBase: Readonly<Record<ValueFamily, number>> = {
  [DbrFamily.PLAIN]: 0,
  [DbrFamily.STS]: 7,
  [DbrFamily.TIME]: 14,
  [DbrFamily.GR]: 21,
  [DbrFamily.CTRL]: 28,
};

/** e.g. dbrTypeFor('time', NativeType.DOUBLE) === DbrType.TIME_DOUBLE (20). */
export function dbrTypeFor(family: ValueFamily, nativeType: NativeType): DbrType {
  const base = familyBase[family];
  if (base === undefined) throw new RangeError(`DBR family ${String(family)} has no per-native-type ids`);
  return (base + nativeType) as DbrType;
}

/** The native type of the value elements a DBR type carries. */
export const valueTypeOf = (dbrType: number): NativeType => dbrLayout(dbrType).valueType;

/** The order of the six GR limits on the wire, as PvMetadata keys. */
export const LIMIT_ORDER = [
  'upperDisplay', 'lowerDisplay', 'upperAlarm', 'upperWarning', 'lowerWarning', 'lowerAlarm',
] as const;
/** Which of the limits are alarm limits (their NaN "not set" becomes 0 in integer types, per dbAccess get_alarm). */
export const ALARM_LIMITS: ReadonlySet<string> = new Set(['upperAlarm', 'upperWarning', 'lowerWarning', 'lowerAlarm']);
