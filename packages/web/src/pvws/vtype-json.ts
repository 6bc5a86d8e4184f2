/**
 * The `update` messages of pvws (Vtype2Json): the first one a socket gets for a PV carries the
 * metadata (vtype, display, labels, severity), later ones the value, the severity only when it
 * changed, `readonly` only when access changed; every one has seconds/nanos (POSIX epoch).
 */
import { NativeType, type PvMetadata, type PvSnapshot } from '@devioc/core/ca';
import { b64 } from './base64.js';
import type { ConnectedValue, WebValue } from './web-value.js';

/** Seconds between the POSIX epoch and the EPICS epoch (1990-01-01). */
const EPICS_EPOCH_OFFSET = 631_152_000;

const SEVERITIES = ['NONE', 'MINOR', 'MAJOR', 'INVALID'] as const;
export type SeverityName = (typeof SEVERITIES)[number] | 'UNDEFINED';

export const severityName = (severity: number): SeverityName => SEVERITIES[severity] ?? 'INVALID';

/** What a socket was last told about a PV: the baseline of the next update's differences. */
export interface SentState {
  /** The metadata (vtype, display…) of a connected value was sent. */
  metadata: boolean;
  severity: SeverityName | undefined;
  readonly: boolean | undefined;
}

export const NOTHING_SENT: SentState = { metadata: false, severity: undefined, readonly: undefined };

const SCALAR_VTYPES: Record<NativeType, string> = {
  [NativeType.STRING]: 'VString',
  [NativeType.SHORT]: 'VShort',
  [NativeType.FLOAT]: 'VFloat',
  [NativeType.ENUM]: 'VEnum',
  [NativeType.CHAR]: 'VByte',
  [NativeType.LONG]: 'VInt',
  [NativeType.DOUBLE]: 'VDouble',
};

/** The VType class name Phoebus gives a CA channel of this native type and element count. */
export function vtypeName(nativeType: NativeType, nativeCount: number): string {
  const scalar = SCALAR_VTYPES[nativeType];
  return nativeCount > 1 ? `${scalar}Array` : scalar;
}

/** Jackson's rendering of a double: a number, or "NaN"/"Infinity"/"-Infinity" as strings. */
const jsonDouble = (v: number): number | string => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');

/** Phoebus' Display.none() as Vtype2Json writes it (Jackson quotes the NaN limits). */
const DISPLAY_NONE = {
  units: '',
  description: '',
  precision: 3,
  min: 'NaN',
  max: 'NaN',
  warn_low: 'NaN',
  warn_high: 'NaN',
  alarm_low: 'NaN',
  alarm_high: 'NaN',
} as const;

function addDisplay(out: Record<string, unknown>, meta: PvMetadata, description: string): void {
  out.units = meta.units;
  out.description = description;
  out.precision = meta.precision;
  out.min = jsonDouble(meta.lowerDisplay);
  out.max = jsonDouble(meta.upperDisplay);
  out.warn_low = jsonDouble(meta.lowerWarning);
  out.warn_high = jsonDouble(meta.upperWarning);
  out.alarm_low = jsonDouble(meta.lowerAlarm);
  out.alarm_high = jsonDouble(meta.upperAlarm);
}

function addValue(out: Record<string, unknown>, snap: PvSnapshot, isArray: boolean): void {
  const v = snap.value;
  if (!isArray) {
    switch (snap.nativeType) {
      case NativeType.STRING:
        out.text = String((v as string[])[0] ?? '');
        return;
      case NativeType.ENUM: {
        const index = (v as Uint16Array)[0] ?? 0;
        out.value = index;
        out.text = snap.meta.enumStrings[index] ?? String(index);
        return;
      }
      case NativeType.DOUBLE:
      case NativeType.FLOAT: {
        const x = Number((v as Float64Array)[0] ?? Number.NaN);
        out.value = Number.isFinite(x) ? x : 'NaN';
        return;
      }
      default:
        out.value = Number((v as Int32Array)[0] ?? 0);
        return;
    }
  }
  switch (snap.nativeType) {
    case NativeType.DOUBLE:
      out.b64dbl = b64(v as Float64Array, 'f64');
      return;
    case NativeType.FLOAT:
      out.b64flt = b64(v as Float32Array, 'f32');
      return;
    case NativeType.SHORT:
      out.b64srt = b64(v as Int16Array, 'i16');
      return;
    case NativeType.CHAR:
      out.b64byt = b64(v as Uint8Array, 'u8');
      return;
    case NativeType.LONG:
      out.b64int = b64(v as Int32Array, 'i32');
      return;
    case NativeType.ENUM: {
      const labels = snap.meta.enumStrings;
      out.text = `[${Array.from(v as Uint16Array, (i) => labels[i] ?? String(i)).join(', ')}]`;
      return;
    }
    default:
      out.text = `[${(v as string[]).join(', ')}]`;
  }
}

function timeOf(value: WebValue): { seconds: number; nanos: number } {
  if (!value.connected) return { seconds: Math.floor(value.since / 1000), nanos: (value.since % 1000) * 1_000_000 };
  const t = value.snapshot.timestamp;
  return { seconds: t.secPastEpoch + EPICS_EPOCH_OFFSET, nanos: t.nsec };
}

/**
 * The update for `value` to a socket that was last told `sent`; also the state it leaves.
 * `writable` is false when writes are off for the whole server.
 */
export function encodeUpdate(name: string, value: WebValue, sent: SentState, writable: boolean): { json: string; next: SentState } {
  const out: Record<string, unknown> = { type: 'update', pv: name };
  const next: SentState = { ...sent };
  let readonly: boolean;
  if (!value.connected) {
    // As Phoebus reports a lost channel: a VDouble NaN with an UNDEFINED (disconnected) alarm and
    // Display.none() (no units, DecimalFormat's 3 digits, undefined ranges), whose metadata pvws
    // sends when it is a socket's first update. Unlike pvws, the metadata of the real value still
    // follows when the PV connects (pvws would never send it: its "last value" is no longer null).
    if (!sent.metadata && sent.severity === undefined) {
      out.vtype = 'VDouble';
      Object.assign(out, DISPLAY_NONE);
    }
    if (sent.severity !== 'UNDEFINED') out.severity = 'UNDEFINED';
    out.value = 'NaN';
    next.severity = 'UNDEFINED';
    readonly = true;
  } else {
    const snap = value.snapshot;
    const isArray = value.nativeCount > 1;
    const severity = severityName(snap.alarm.severity);
    if (!sent.metadata) {
      out.vtype = vtypeName(snap.nativeType, value.nativeCount);
      if (snap.nativeType === NativeType.ENUM && !isArray) out.labels = [...snap.meta.enumStrings];
      else if (snap.nativeType !== NativeType.STRING && snap.nativeType !== NativeType.ENUM) addDisplay(out, snap.meta, value.description);
      out.severity = severity;
      next.metadata = true;
    } else if (sent.severity !== severity) {
      out.severity = severity;
    }
    next.severity = severity;
    addValue(out, snap, isArray);
    readonly = value.readOnly || !writable;
  }
  if (sent.readonly !== readonly) out.readonly = readonly;
  next.readonly = readonly;
  const { seconds, nanos } = timeOf(value);
  out.seconds = seconds;
  out.nanos = nanos;
  return { json: JSON.stringify(out), next };
}

export type { ConnectedValue };
