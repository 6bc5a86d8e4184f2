/**
 * Hand-built byte vectors for every DBR type 0–38, from the spec's offsets (§2.2, §2.3), written
 * independently of layout.ts: a list of (offset, C type, value) per type.
 */
import { describe, expect, it } from 'vitest';
import {
  DbrType, NativeType, decodeDbr, dbrPayloadSize, emptyMetadata, encodeDbr,
} from '../../../src/ca/protocol/dbr/index.js';
import type { PvSnapshot } from '../../../src/ca/protocol/dbr/index.js';
import { Eca } from '../../../src/ca/protocol/eca.js';

type Kind = 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'f32' | 'f64' | 'str8' | 'str26' | 'str40';
type Field = readonly [offset: number, kind: Kind, value: number | string];

function build(size: number, fields: readonly Field[]): Buffer {
  const b = Buffer.alloc(size);
  for (const [at, kind, v] of fields) {
    switch (kind) {
      case 'u8': b.writeUInt8(Number(v) & 0xff, at); break;
      case 'i16': b.writeInt16BE(Number(v), at); break;
      case 'u16': b.writeUInt16BE(Number(v), at); break;
      case 'i32': b.writeInt32BE(Number(v), at); break;
      case 'u32': b.writeUInt32BE(Number(v), at); break;
      case 'f32': b.writeFloatBE(Number(v), at); break;
      case 'f64': b.writeDoubleBE(Number(v), at); break;
      default: b.write(String(v), at, 'latin1');
    }
  }
  return b;
}

const SEC = 0x12345678;
const NSEC = 0x0abcdef0;

/** An ao: VAL 2.5, PREC 3, EGU "millimetres", HIGH alarm. */
const ao: PvSnapshot = {
  nativeType: NativeType.DOUBLE,
  value: Float64Array.of(2.5),
  alarm: { status: 4, severity: 1 },
  timestamp: { secPastEpoch: SEC, nsec: NSEC },
  meta: {
    ...emptyMetadata(), units: 'millimetres', precision: 3, upperDisplay: 10, lowerDisplay: -10, upperAlarm: 9,
    upperWarning: 8, lowerWarning: -8, lowerAlarm: -9, upperControl: 7, lowerControl: -7,
  },
  className: 'ao',
  ackTransient: false,
  ackSeverity: 2,
};

const sts: Field[] = [[0, 'i16', 4], [2, 'i16', 1]];
const time: Field[] = [...sts, [4, 'u32', SEC], [8, 'u32', NSEC]];
const limits = (at: number, kind: Kind, step: number): Field[] =>
  [10, -10, 9, 8, -8, -9].map((v, i) => [at + i * step, kind, v] as Field);
const grShort: Field[] = [...sts, [4, 'str8', 'millime'], ...limits(12, 'i16', 2)];
const grFloat: Field[] = [...sts, [4, 'i16', 3], [8, 'str8', 'millime'], ...limits(16, 'f32', 4)];
const grChar: Field[] = [...sts, [4, 'str8', 'millime'], ...limits(12, 'u8', 1)];
const grLong: Field[] = [...sts, [4, 'str8', 'millime'], ...limits(12, 'i32', 4)];
const grDouble: Field[] = [...sts, [4, 'i16', 3], [8, 'str8', 'millime'], ...limits(16, 'f64', 8)];

const VECTORS: Record<number, readonly Field[]> = {
  0: [[0, 'str40', '2.500']],
  1: [[0, 'i16', 2]],
  2: [[0, 'f32', 2.5]],
  3: [[0, 'u16', 2]],
  4: [[0, 'u8', 2]],
  5: [[0, 'i32', 2]],
  6: [[0, 'f64', 2.5]],
  7: [...sts, [4, 'str40', '2.500']],
  8: [...sts, [4, 'i16', 2]],
  9: [...sts, [4, 'f32', 2.5]],
  10: [...sts, [4, 'u16', 2]],
  11: [...sts, [5, 'u8', 2]],
  12: [...sts, [4, 'i32', 2]],
  13: [...sts, [8, 'f64', 2.5]],
  14: [...time, [12, 'str40', '2.500']],
  15: [...time, [14, 'i16', 2]],
  16: [...time, [12, 'f32', 2.5]],
  17: [...time, [14, 'u16', 2]],
  18: [...time, [15, 'u8', 2]],
  19: [...time, [12, 'i32', 2]],
  20: [...time, [16, 'f64', 2.5]],
  21: [...sts, [4, 'str40', '2.500']],
  22: [...grShort, [24, 'i16', 2]],
  23: [...grFloat, [40, 'f32', 2.5]],
  24: [...sts, [4, 'i16', 0], [422, 'u16', 2]], // not an ENUM PV: no_str = 0
  25: [...grChar, [19, 'u8', 2]],
  26: [...grLong, [36, 'i32', 2]],
  27: [...grDouble, [64, 'f64', 2.5]],
  28: [...sts, [4, 'str40', '2.500']],
  29: [...grShort, [24, 'i16', 7], [26, 'i16', -7], [28, 'i16', 2]],
  30: [...grFloat, [40, 'f32', 7], [44, 'f32', -7], [48, 'f32', 2.5]],
  31: [...sts, [4, 'i16', 0], [422, 'u16', 2]],
  32: [...grChar, [18, 'u8', 7], [19, 'u8', -7], [21, 'u8', 2]],
  33: [...grLong, [36, 'i32', 7], [40, 'i32', -7], [44, 'i32', 2]],
  34: [...grDouble, [64, 'f64', 7], [72, 'f64', -7], [80, 'f64', 2.5]],
  35: [],
  36: [],
  37: [[0, 'u16', 4], [2, 'u16', 1], [4, 'u16', 0], [6, 'u16', 2], [8, 'str40', '2.500']],
  38: [[0, 'str40', 'ao']],
};

describe('fixed byte vectors for every DBR type (ao, VAL 2.5, PREC 3)', () => {
  it.each(Object.entries(VECTORS).map(([t, f]) => [Number(t), f] as const))('type %i', (t, fields) => {
    const size = dbrPayloadSize(t, 1);
    const out = Buffer.alloc(size, 0xaa);
    const status = encodeDbr(out, 0, t as DbrType, ao, 1);
    expect(out.toString('hex')).toBe(build(size, fields).toString('hex'));
    // PUT_ACKT/PUT_ACKS are write-only: rsrv answers a read with ECA_GETFAIL and zeros
    expect(status).toBe(t === 35 || t === 36 ? Eca.GETFAIL : Eca.NORMAL);
  });

  it('decodes the vectors field by field', () => {
    const ctrl = decodeDbr(DbrType.CTRL_DOUBLE, build(88, VECTORS[34]), 1);
    expect(ctrl).toEqual({
      dbrType: 34,
      value: Float64Array.of(2.5),
      alarm: { status: 4, severity: 1 },
      meta: {
        units: 'millime', precision: 3, upperDisplay: 10, lowerDisplay: -10, upperAlarm: 9, upperWarning: 8,
        lowerWarning: -8, lowerAlarm: -9, upperControl: 7, lowerControl: -7,
      },
    });
    const grChar = decodeDbr(DbrType.GR_CHAR, build(20, VECTORS[25]), 1);
    expect(grChar.meta).toEqual({
      units: 'millime', upperDisplay: 10, lowerDisplay: 246, upperAlarm: 9, upperWarning: 8, lowerWarning: 248, lowerAlarm: 247,
    });
    expect(decodeDbr(DbrType.TIME_STRING, build(52, VECTORS[14]), 1)).toEqual({
      dbrType: 14, value: ['2.500'], alarm: { status: 4, severity: 1 }, timestamp: { secPastEpoch: SEC, nsec: NSEC },
    });
    expect(decodeDbr(DbrType.STSACK_STRING, build(48, VECTORS[37]), 1)).toEqual({
      dbrType: 37, value: ['2.500'], alarm: { status: 4, severity: 1 }, ackTransient: false, ackSeverity: 2,
    });
    expect(decodeDbr(DbrType.CLASS_NAME, build(40, VECTORS[38]), 1).value).toEqual(['ao']);
    expect(decodeDbr(DbrType.PUT_ACKT, Buffer.from([0, 1]), 1).value).toEqual(Uint16Array.of(1));
    expect(decodeDbr(DbrType.GR_STRING, build(44, VECTORS[21]), 1).meta).toBeUndefined();
  });

  it('zero-fills elements beyond the PV (TIME_DOUBLE, count 3)', () => {
    const out = Buffer.alloc(dbrPayloadSize(DbrType.TIME_DOUBLE, 3), 0xaa);
    expect(encodeDbr(out, 0, DbrType.TIME_DOUBLE, ao, 3)).toBe(Eca.NORMAL);
    expect(out.toString('hex')).toBe(build(40, [...time, [16, 'f64', 2.5], [24, 'f64', 0], [32, 'f64', 0]]).toString('hex'));
  });

  it('writes the struct alone for count 0', () => {
    const out = Buffer.alloc(16, 0xaa);
    expect(encodeDbr(out, 0, DbrType.TIME_DOUBLE, ao, 0)).toBe(Eca.NORMAL);
    expect(out.toString('hex')).toBe(build(16, time).toString('hex'));
    expect(encodeDbr(Buffer.alloc(0), 0, DbrType.DOUBLE, ao, 0)).toBe(Eca.NORMAL);
  });
});

describe('fixed byte vectors for an mbbo', () => {
  const mbbo: PvSnapshot = {
    nativeType: NativeType.ENUM,
    value: Uint16Array.of(1),
    alarm: { status: 7, severity: 1 },
    timestamp: { secPastEpoch: SEC, nsec: NSEC },
    meta: { ...emptyMetadata(), enumStrings: ['Off', 'On', '', 'a-state-name-of-26-chars!!'] },
  };
  it('sends no_str and the 26-byte state slots (25 chars + NUL), gaps included', () => {
    const out = Buffer.alloc(424);
    encodeDbr(out, 0, DbrType.CTRL_ENUM, mbbo, 1);
    const expected = build(424, [
      [0, 'i16', 7], [2, 'i16', 1], [4, 'i16', 4], [6, 'str26', 'Off'], [32, 'str26', 'On'],
      [84, 'str26', 'a-state-name-of-26-chars!'], [422, 'u16', 1],
    ]);
    expect(out.toString('hex')).toBe(expected.toString('hex'));
    expect(decodeDbr(DbrType.GR_ENUM, out, 1).meta).toEqual({ enumStrings: ['Off', 'On', '', 'a-state-name-of-26-chars!'] });
  });
  it('reads the state string as DBR_STRING', () => {
    const out = Buffer.alloc(40);
    encodeDbr(out, 0, DbrType.STRING, mbbo, 1);
    expect(out.toString('hex')).toBe(build(40, [[0, 'str40', 'On']]).toString('hex'));
  });
});
