/** The public shapes of the CA client API. */
import type { Alarm, DbrType, EpicsTimestamp, NativeArray, NativeType } from '../protocol/dbr/types.js';
import type { JsPvValue } from '../protocol/dbr/native-array.js';

/**
 * A channel's connection state: `connecting` until it first connects, then `connected` or
 * `disconnected` (searching again after its server went away), and `closed` once released.
 */
export type ChannelState = 'connecting' | 'connected' | 'disconnected' | 'closed';

/** A DBR family, resolved against the channel's native type, or an explicit DBR type id (0..38). */
export type DbrRequest = 'native' | 'sts' | 'time' | 'gr' | 'ctrl' | DbrType;

/**
 * A value as read: a number or a string for a scalar channel, the typed array of the requested type
 * (Float64Array, Int32Array, …) or a string[] for an array channel (even when it holds one element).
 */
export type CaValue = number | string | NativeArray;

/** What a put accepts: numbers, booleans, strings (converted by the server, e.g. enum state names), arrays. */
export type CaPutValue = JsPvValue;

export interface CaRange {
  low: number;
  high: number;
}

/** GR/CTRL limits (display = HOPR/LOPR, alarm = HIHI/LOLO, warning = HIGH/LOW, control = DRVH/DRVL). */
export interface CaLimits {
  display: CaRange;
  alarm: CaRange;
  warning: CaRange;
  /** Only in CTRL replies. */
  control?: CaRange;
}

/** One reply to a get, or one monitor update. Fields beyond the value depend on the DBR family read. */
export interface CaReading {
  /** The channel name. */
  name: string;
  value: CaValue;
  /** The value as an array, whatever the channel's element count. */
  elements: NativeArray;
  /** Number of elements in this reply. */
  count: number;
  /** The DBR type of the reply. */
  dbrType: DbrType;
  /** The channel's native type (0..6). */
  nativeType: NativeType;
  /** STS, TIME, GR, CTRL: alarm status and severity. */
  alarm?: Alarm;
  /** TIME: the server's timestamp. */
  timestamp?: Date;
  /** TIME: the raw EPICS timestamp (seconds since 1990 and nanoseconds), exact. */
  epicsTimestamp?: EpicsTimestamp;
  /** GR/CTRL of numeric types. */
  units?: string;
  /** GR/CTRL of FLOAT/DOUBLE. */
  precision?: number;
  limits?: CaLimits;
  /** GR/CTRL of ENUM: the state strings. */
  enumStrings?: readonly string[];
  /** STSACK_STRING */
  ackTransient?: boolean;
  ackSeverity?: number;
}

export interface CaGetOptions {
  /** DBR family or type to read; default 'time'. */
  type?: DbrRequest;
  /** Elements to read; default all (the current length when the server supports it). */
  count?: number;
  /** Seconds to wait for the connection and the reply; default the client's timeout. */
  timeout?: number;
}

export interface CaPutOptions {
  /** Wait for completion (WRITE_NOTIFY): resolves when the server has processed the put. */
  wait?: boolean;
  /** Seconds to wait for the connection and, with `wait`, the completion; default the client's timeout. */
  timeout?: number;
}

export interface CaMonitorOptions {
  /** DBE_* event mask; default VALUE | ALARM (camonitor's default). */
  mask?: number;
  /** DBR family or type of the updates; default 'time'. */
  type?: DbrRequest;
  /** Elements per update; default all (variable length when the server supports it). */
  count?: number;
}

/** What a channel knows about its server side once connected. */
export interface ChannelInfo {
  name: string;
  state: ChannelState;
  nativeType: NativeType | undefined;
  elementCount: number;
  readAccess: boolean;
  writeAccess: boolean;
  /** "address:port" of the server, when connected. */
  server: string | undefined;
  /** The server's CA minor protocol version, when connected. */
  serverMinor: number | undefined;
}
