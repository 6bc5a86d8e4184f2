/**
 * Turns a DBR reply into a CaReading, and resolves the DBR type and element count of a request.
 * Pure functions: the operations and the CLI share them, and tests drive them with bytes.
 */
import { decodeDbr } from '../protocol/dbr/decode.js';
import { dbrTypeFor, isValidDbrType } from '../protocol/dbr/layout.js';
import { timestampToDate } from '../protocol/dbr/timestamp.js';
import { DbrType } from '../protocol/dbr/types.js';
import type { DecodedDbr, NativeArray, NativeType } from '../protocol/dbr/types.js';
import type { CaLimits, CaReading, DbrRequest } from './types.js';

/** The DBR type to request for `request` on a channel of `nativeType`. Throws RangeError for an invalid one. */
export function resolveDbrType(request: DbrRequest | undefined, nativeType: NativeType): DbrType {
  const r = request ?? 'time';
  if (typeof r === 'number') {
    if (!isValidDbrType(r)) throw new RangeError(`invalid DBR type ${String(r)}`);
    return r;
  }
  switch (r) {
    case 'native': return dbrTypeFor('plain', nativeType);
    case 'sts': return dbrTypeFor('sts', nativeType);
    case 'time': return dbrTypeFor('time', nativeType);
    case 'gr': return dbrTypeFor('gr', nativeType);
    case 'ctrl': return dbrTypeFor('ctrl', nativeType);
    default: throw new RangeError(`invalid DBR request "${String(r)}"`);
  }
}

/** DBR types that can only be written (reading them fails on every server). */
export const isWriteOnlyType = (t: number): boolean => t === DbrType.PUT_ACKT || t === DbrType.PUT_ACKS;

/**
 * The element count to put in a request: the caller's, else "all" — 0 (the current length) for a
 * server of CA ≥ 4.13, the native count for older ones, which do not understand 0.
 */
export function requestCount(requested: number | undefined, nativeCount: number, serverMinor: number): number {
  if (requested !== undefined && requested > 0) return requested;
  return serverMinor >= 13 ? 0 : nativeCount;
}

/** A reply's value as the API shows it: scalar for a one-element scalar channel, the array otherwise. */
function publicValue(elements: NativeArray, arrayChannel: boolean): CaReading['value'] {
  if (arrayChannel || elements.length !== 1) return elements;
  return elements[0];
}

function limitsOf(d: DecodedDbr): CaLimits | undefined {
  const m = d.meta;
  if (m === undefined || m.upperDisplay === undefined) return undefined;
  const limits: CaLimits = {
    display: { low: m.lowerDisplay ?? 0, high: m.upperDisplay },
    alarm: { low: m.lowerAlarm ?? 0, high: m.upperAlarm ?? 0 },
    warning: { low: m.lowerWarning ?? 0, high: m.upperWarning ?? 0 },
  };
  if (m.upperControl !== undefined) limits.control = { low: m.lowerControl ?? 0, high: m.upperControl };
  return limits;
}

/** Decodes a READ_NOTIFY / EVENT_ADD payload (throws DbrDecodeError when it is malformed). */
export function toReading(
  name: string,
  dbrType: number,
  count: number,
  payload: Buffer,
  nativeType: NativeType,
  arrayChannel: boolean,
): CaReading {
  const d = decodeDbr(dbrType, payload, count);
  const reading: CaReading = {
    name,
    value: publicValue(d.value, arrayChannel),
    elements: d.value,
    count,
    dbrType: d.dbrType,
    nativeType,
  };
  if (d.alarm) reading.alarm = d.alarm;
  if (d.timestamp) {
    reading.epicsTimestamp = d.timestamp;
    reading.timestamp = timestampToDate(d.timestamp);
  }
  if (d.meta) {
    if (d.meta.units !== undefined) reading.units = d.meta.units;
    if (d.meta.precision !== undefined) reading.precision = d.meta.precision;
    if (d.meta.enumStrings !== undefined) reading.enumStrings = d.meta.enumStrings;
    const limits = limitsOf(d);
    if (limits) reading.limits = limits;
  }
  if (d.ackTransient !== undefined) reading.ackTransient = d.ackTransient;
  if (d.ackSeverity !== undefined) reading.ackSeverity = d.ackSeverity;
  return reading;
}

