/** Loads fixtures/softioc-golden.json (captured by fixtures/capture-softioc-golden.mjs) as typed data. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  NativeType, allocNative, dbrLayout, emptyMetadata,
} from '../../../src/ca/protocol/dbr/index.js';
import type { NativeArray, PvMetadata, PvSnapshot } from '../../../src/ca/protocol/dbr/index.js';

type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export interface GoldenRecord {
  name: string;
  rtyp: string;
  fields: Record<string, string>;
  note?: string;
  snapshot?: {
    nativeType: NativeType;
    value: (JsonNumber | string)[];
    className: string;
    meta: Omit<PvMetadata, 'upperAlarm' | 'upperWarning' | 'lowerWarning' | 'lowerAlarm' | 'upperDisplay' | 'lowerDisplay' | 'upperControl' | 'lowerControl'>
      & Record<'upperAlarm' | 'upperWarning' | 'lowerWarning' | 'lowerAlarm' | 'upperDisplay' | 'lowerDisplay' | 'upperControl' | 'lowerControl', JsonNumber>;
  };
  channel: { nativeType: NativeType; nativeCount: number };
}

export interface GoldenRead {
  pv: string;
  dbrType: number;
  reqCount: number;
  status: number;
  replyCount: number;
  replyType: number;
  /** padded payload length */
  size: number;
  /** payload without trailing zero bytes */
  hex: string;
}

export interface GoldenWrite {
  pv: string;
  writeType: number;
  written: number | string;
  status: number;
  error?: string;
  readbackType: NativeType;
  readback: string;
}

export interface Golden {
  epicsVersion: string;
  records: GoldenRecord[];
  reads: GoldenRead[];
  writes: GoldenWrite[];
}

export const golden: Golden = JSON.parse(
  readFileSync(fileURLToPath(new URL('./fixtures/softioc-golden.json', import.meta.url)), 'utf8'),
) as Golden;

export const num = (v: JsonNumber | string): number => (typeof v === 'number' ? v : Number(v));

/** The full padded payload of a capture. */
export function payloadOf(r: GoldenRead): Buffer {
  const b = Buffer.alloc(r.size);
  Buffer.from(r.hex, 'hex').copy(b);
  return b;
}

/**
 * rsrv leaves stale bytes after the NUL of strings it converted from numbers (cvtDoubleToString
 * writes only the digits); readers stop at the NUL, so those bytes are zeroed before comparing.
 */
export function maskStringSlots(dbrType: number, count: number, payload: Buffer): Buffer {
  const layout = dbrLayout(dbrType);
  if (layout.valueType !== NativeType.STRING) return payload;
  const out = Buffer.from(payload);
  for (let i = 0; i < count; i++) {
    const start = layout.valueOffset + i * 40;
    if (start + 40 > out.length) break;
    const nul = out.indexOf(0, start);
    if (nul >= 0 && nul < start + 40) out.fill(0, nul, start + 40);
  }
  return out;
}

/** The RISC_pad fields of db_access.h structs (offset, length) by DBR type (spec §2.2, §2.3). */
export const PADS: Readonly<Record<number, readonly (readonly [number, number])[]>> = {
  11: [[4, 1]], 13: [[4, 4]], 15: [[12, 2]], 17: [[12, 2]], 18: [[12, 3]], 20: [[12, 4]],
  23: [[6, 2]], 25: [[18, 1]], 27: [[6, 2]], 30: [[6, 2]], 32: [[20, 1]], 34: [[6, 2]],
};

/** rsrv does not clear the RISC_pad fields (they carry stale buffer bytes); devioc sends zeros. */
export function maskPads(dbrType: number, payload: Buffer): Buffer {
  const out = Buffer.from(payload);
  for (const [at, len] of PADS[dbrType] ?? []) out.fill(0, at, Math.min(at + len, out.length));
  return out;
}

export function recordByName(name: string): GoldenRecord {
  const r = golden.records.find((x) => x.name === name);
  if (!r) throw new Error(`no golden record ${name}`);
  return r;
}

function nativeValue(type: NativeType, values: (JsonNumber | string)[]): NativeArray {
  if (type === NativeType.STRING) return values.map(String);
  const arr = allocNative(type, values.length) as Exclude<NativeArray, string[]>;
  values.forEach((v, i) => { arr[i] = num(v); });
  return arr;
}

function captured(pv: string, dbrType: number): Buffer | undefined {
  const r = golden.reads.find((x) => x.pv === pv && x.dbrType === dbrType && x.reqCount === 1);
  return r ? payloadOf(r) : undefined;
}

/**
 * The PvSnapshot a devioc PV equivalent to the record holds: value and metadata from the capture
 * script's declaration; alarm, timestamp and ACKT/ACKS from rsrv's own STS/TIME/STSACK replies.
 */
export function snapshotOf(rec: GoldenRecord): PvSnapshot {
  const s = rec.snapshot;
  if (!s) throw new Error(`record ${rec.name} has no snapshot`);
  const sts = captured(rec.name, 7);
  const time = captured(rec.name, 14);
  const ack = captured(rec.name, 37);
  const m = s.meta;
  return {
    nativeType: s.nativeType,
    value: nativeValue(s.nativeType, s.value),
    alarm: { status: sts?.readUInt16BE(0) ?? 0, severity: sts?.readUInt16BE(2) ?? 0 },
    timestamp: { secPastEpoch: time?.readUInt32BE(4) ?? 0, nsec: time?.readUInt32BE(8) ?? 0 },
    meta: {
      ...emptyMetadata(),
      units: m.units,
      precision: m.precision,
      enumStrings: m.enumStrings,
      upperDisplay: num(m.upperDisplay),
      lowerDisplay: num(m.lowerDisplay),
      upperAlarm: num(m.upperAlarm),
      upperWarning: num(m.upperWarning),
      lowerWarning: num(m.lowerWarning),
      lowerAlarm: num(m.lowerAlarm),
      upperControl: num(m.upperControl),
      lowerControl: num(m.lowerControl),
    },
    className: s.className,
    ...(ack ? { ackTransient: ack.readUInt16BE(4) !== 0, ackSeverity: ack.readUInt16BE(6) } : {}),
  };
}
