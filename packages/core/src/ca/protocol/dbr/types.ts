/**
 * The value model shared by the DBR codec, the server, the client and the record layer.
 *
 * A PV always holds an array of its native type (a scalar is an array of one). Using the
 * typed array that matches the wire element type keeps encode/decode to a byte-swap with no
 * per-element boxing, and lets arrays of a million doubles pass through without copies.
 */

/** The seven CA native ("DBF" as seen over CA) types; the numbers are the plain DBR ids. */
export const NativeType = {
  STRING: 0,
  SHORT: 1,
  FLOAT: 2,
  ENUM: 3,
  CHAR: 4,
  LONG: 5,
  DOUBLE: 6,
} as const;
export type NativeType = (typeof NativeType)[keyof typeof NativeType];

/** The array that holds each native type's elements. STRING elements are at most 39 chars. */
export interface NativeArrayOf {
  [NativeType.STRING]: string[];
  [NativeType.SHORT]: Int16Array;
  [NativeType.FLOAT]: Float32Array;
  [NativeType.ENUM]: Uint16Array;
  /**
   * CHAR: bytes as CA carries them (dbr_char_t is unsigned), or an Int8Array where the field is
   * a DBF_CHAR (FTVL CHAR, `FIELD$`), whose elements EPICS widens with their sign (epicsInt8).
   */
  [NativeType.CHAR]: Uint8Array | Int8Array;
  [NativeType.LONG]: Int32Array;
  [NativeType.DOUBLE]: Float64Array;
}
export type NativeArray = NativeArrayOf[NativeType];

/** DBR families: which struct wraps the value. */
export const DbrFamily = {
  PLAIN: 'plain',
  STS: 'sts',
  TIME: 'time',
  GR: 'gr',
  CTRL: 'ctrl',
  /** 35 PUT_ACKT, 36 PUT_ACKS: write-only u16 */
  PUT_ACK: 'put_ack',
  /** 37 STSACK_STRING */
  STSACK: 'stsack',
  /** 38 CLASS_NAME */
  CLASS_NAME: 'class_name',
} as const;
export type DbrFamily = (typeof DbrFamily)[keyof typeof DbrFamily];

/** DBR type ids 0..38. */
export const DbrType = {
  STRING: 0, SHORT: 1, FLOAT: 2, ENUM: 3, CHAR: 4, LONG: 5, DOUBLE: 6,
  STS_STRING: 7, STS_SHORT: 8, STS_FLOAT: 9, STS_ENUM: 10, STS_CHAR: 11, STS_LONG: 12, STS_DOUBLE: 13,
  TIME_STRING: 14, TIME_SHORT: 15, TIME_FLOAT: 16, TIME_ENUM: 17, TIME_CHAR: 18, TIME_LONG: 19, TIME_DOUBLE: 20,
  GR_STRING: 21, GR_SHORT: 22, GR_FLOAT: 23, GR_ENUM: 24, GR_CHAR: 25, GR_LONG: 26, GR_DOUBLE: 27,
  CTRL_STRING: 28, CTRL_SHORT: 29, CTRL_FLOAT: 30, CTRL_ENUM: 31, CTRL_CHAR: 32, CTRL_LONG: 33, CTRL_DOUBLE: 34,
  PUT_ACKT: 35, PUT_ACKS: 36, STSACK_STRING: 37, CLASS_NAME: 38,
} as const;
export type DbrType = (typeof DbrType)[keyof typeof DbrType];
export const LAST_DBR_TYPE = 38;

/** Alarm severity (menuAlarmSevr). */
export const AlarmSeverity = { NO_ALARM: 0, MINOR: 1, MAJOR: 2, INVALID: 3 } as const;
export type AlarmSeverity = (typeof AlarmSeverity)[keyof typeof AlarmSeverity];

/** Alarm status (menuAlarmStat). */
export const AlarmStatus = {
  NO_ALARM: 0, READ: 1, WRITE: 2, HIHI: 3, HIGH: 4, LOLO: 5, LOW: 6, STATE: 7, COS: 8, COMM: 9,
  TIMEOUT: 10, HWLIMIT: 11, CALC: 12, SCAN: 13, LINK: 14, SOFT: 15, BAD_SUB: 16, UDF: 17,
  DISABLE: 18, SIMM: 19, READ_ACCESS: 20, WRITE_ACCESS: 21,
} as const;
export type AlarmStatus = (typeof AlarmStatus)[keyof typeof AlarmStatus];

export interface Alarm {
  status: number;
  severity: number;
}

/** An EPICS timestamp: seconds since 1990-01-01 UTC plus nanoseconds, passed through raw. */
export interface EpicsTimestamp {
  secPastEpoch: number;
  nsec: number;
}

/** Display/alarm/control metadata, as carried by GR and CTRL structs. */
export interface PvMetadata {
  /** EGU; only 7 characters survive in a DBR `units` field. */
  units: string;
  /** PREC; used by float GR/CTRL structs and by float→string conversion. */
  precision: number;
  /**
   * The precision of float→string conversion when it is not `precision`: 6 for a field whose
   * record support gives no precision (dbFastLinkConv's cvt_d_st starts from 6 and asks the
   * rset's get_precision, if any), while its GR/CTRL structs carry 0 (dbAccess get_precision).
   */
  textPrecision?: number;
  /**
   * The value is an integer wider than DBR_LONG (a DBF_ULONG, DBF_INT64 or DBF_UINT64 field)
   * served as DBR_DOUBLE: a narrower integer type keeps its low bits and its text is the
   * integer's, as dbConvert's C casts give (cvt_q_l, cvt_ul_e, cvt_q_st…), where a double's
   * conversion would saturate or print an exponent.
   */
  wideInteger?: boolean;
  upperDisplay: number;
  lowerDisplay: number;
  /** HIHI */
  upperAlarm: number;
  /** HIGH */
  upperWarning: number;
  /** LOW */
  lowerWarning: number;
  /** LOLO */
  lowerAlarm: number;
  upperControl: number;
  lowerControl: number;
  /** State strings of an ENUM PV (at most 16 of 25 chars); empty for other types. */
  enumStrings: readonly string[];
}

/** Everything a read or a monitor update can need, for one PV at one instant. */
export interface PvSnapshot {
  nativeType: NativeType;
  /** The current elements (NORD of them for an array record). */
  value: NativeArray;
  alarm: Alarm;
  timestamp: EpicsTimestamp;
  meta: PvMetadata;
  /** For STSACK_STRING: the record's ACKT (transient acknowledge) flag and ACKS severity. */
  ackTransient?: boolean;
  ackSeverity?: number;
  /** For CLASS_NAME: the record type name (RTYP), e.g. "ao". */
  className?: string;
  /**
   * A field dbGet serves by rules of its own (db-get-rules.ts): 'link', a link field, and
   * 'attribute', RTYP (`FIELD` and `FIELD$` both), whose text is `dbGetText`; 'string', a string
   * field served as a char array (`FIELD$`), whose `value` holds its characters and a NUL.
   */
  dbGetRule?: 'link' | 'attribute' | 'string';
  /** The text of a link or attribute field (dbGetRule 'link' or 'attribute'). */
  dbGetText?: string;
}

/** A decoded DBR payload (what a client receives, or what a server receives in a write). */
export interface DecodedDbr {
  dbrType: DbrType;
  /** The value elements, as the requested type's native array. */
  value: NativeArray;
  alarm?: Alarm;
  timestamp?: EpicsTimestamp;
  /** Present for GR/CTRL (control limits only meaningful for CTRL). */
  meta?: Partial<PvMetadata>;
  /** STSACK_STRING */
  ackTransient?: boolean;
  ackSeverity?: number;
}

export const emptyMetadata = (): PvMetadata => ({
  units: '',
  precision: 0,
  upperDisplay: 0,
  lowerDisplay: 0,
  upperAlarm: Number.NaN,
  upperWarning: Number.NaN,
  lowerWarning: Number.NaN,
  lowerAlarm: Number.NaN,
  upperControl: 0,
  lowerControl: 0,
  enumStrings: [],
});
