import { describe, expect, it } from 'vitest';
import {
  DbrFamily, DbrType, NativeType, dbrLayout, dbrPayloadSize, dbrTypeFor, isValidDbrType, valueTypeOf,
} from '../../../src/ca/protocol/dbr/index.js';

// spec §2.1: struct sizes with one element, by id
const SIZES = [
  40, 2, 4, 2, 1, 4, 8, // plain
  44, 6, 8, 6, 6, 8, 16, // STS
  52, 16, 16, 16, 16, 16, 24, // TIME
  44, 26, 44, 424, 20, 40, 72, // GR
  44, 30, 52, 424, 22, 48, 88, // CTRL
  2, 2, 48, 40, // PUT_ACKT, PUT_ACKS, STSACK_STRING, CLASS_NAME
];
// spec §2.2/§2.3: value offsets
const VALUE_OFFSETS = [
  0, 0, 0, 0, 0, 0, 0,
  4, 4, 4, 4, 5, 4, 8,
  12, 14, 12, 14, 15, 12, 16,
  4, 24, 40, 422, 19, 36, 64,
  4, 28, 48, 422, 21, 44, 80,
  0, 0, 8, 0,
];
const ELEMENT = [40, 2, 4, 2, 1, 4, 8];

describe('DBR layouts', () => {
  it('covers ids 0..38 and nothing else', () => {
    for (let t = 0; t <= 38; t++) expect(isValidDbrType(t)).toBe(true);
    for (const t of [-1, 39, 1.5, Number.NaN, 1000]) expect(isValidDbrType(t)).toBe(false);
    expect(() => dbrLayout(39)).toThrow(RangeError);
  });

  it.each(SIZES.map((size, t) => [t, size, VALUE_OFFSETS[t]] as const))('type %i: size %i, value @%i', (t, size, offset) => {
    const l = dbrLayout(t);
    expect(l.size).toBe(size);
    expect(l.valueOffset).toBe(offset);
    expect(dbrPayloadSize(t, 1)).toBe(size);
    expect(dbrPayloadSize(t, 0)).toBe(size - l.elementSize);
    expect(dbrPayloadSize(t, 5)).toBe(size + 4 * l.elementSize);
  });

  it('uses the element size of the value type', () => {
    for (let t = 0; t <= 34; t++) expect(dbrLayout(t).elementSize).toBe(ELEMENT[t % 7]);
    expect(dbrLayout(DbrType.PUT_ACKT).elementSize).toBe(2);
    expect(dbrLayout(DbrType.STSACK_STRING).elementSize).toBe(40);
    expect(dbrLayout(DbrType.CLASS_NAME).elementSize).toBe(40);
  });

  it('gives the documented count-0 sizes', () => {
    expect(dbrPayloadSize(DbrType.DOUBLE, 0)).toBe(0);
    expect(dbrPayloadSize(DbrType.TIME_DOUBLE, 0)).toBe(16);
    expect(dbrPayloadSize(DbrType.CTRL_ENUM, 0)).toBe(422);
    expect(dbrPayloadSize(DbrType.DOUBLE, 1_000_000)).toBe(8_000_000);
    expect(() => dbrPayloadSize(DbrType.DOUBLE, -1)).toThrow(RangeError);
  });

  it('places GR/CTRL metadata as in db_access.h', () => {
    expect(dbrLayout(DbrType.CTRL_DOUBLE)).toMatchObject({ precisionOffset: 4, unitsOffset: 8, limitsOffset: 16, controlOffset: 64 });
    expect(dbrLayout(DbrType.CTRL_FLOAT)).toMatchObject({ precisionOffset: 4, unitsOffset: 8, limitsOffset: 16, controlOffset: 40 });
    expect(dbrLayout(DbrType.CTRL_SHORT)).toMatchObject({ unitsOffset: 4, limitsOffset: 12, controlOffset: 24 });
    expect(dbrLayout(DbrType.CTRL_CHAR)).toMatchObject({ unitsOffset: 4, limitsOffset: 12, controlOffset: 18 });
    expect(dbrLayout(DbrType.CTRL_LONG)).toMatchObject({ unitsOffset: 4, limitsOffset: 12, controlOffset: 36 });
    expect(dbrLayout(DbrType.GR_SHORT).precisionOffset).toBeUndefined();
    expect(dbrLayout(DbrType.GR_ENUM).enumOffset).toBe(4);
    expect(dbrLayout(DbrType.GR_STRING)).toMatchObject({ family: DbrFamily.GR, size: 44, valueOffset: 4 });
    expect(dbrLayout(DbrType.GR_STRING).unitsOffset).toBeUndefined();
    expect(dbrLayout(DbrType.STSACK_STRING).ackOffset).toBe(4);
  });

  it('maps families and native types to ids and back', () => {
    expect(dbrTypeFor(DbrFamily.TIME, NativeType.DOUBLE)).toBe(20);
    expect(dbrTypeFor(DbrFamily.PLAIN, NativeType.STRING)).toBe(0);
    expect(dbrTypeFor(DbrFamily.CTRL, NativeType.ENUM)).toBe(31);
    expect(dbrTypeFor(DbrFamily.STS, NativeType.CHAR)).toBe(11);
    expect(dbrTypeFor(DbrFamily.GR, NativeType.LONG)).toBe(26);
    for (let t = 0; t <= 34; t++) expect(valueTypeOf(t)).toBe(t % 7);
    expect(valueTypeOf(DbrType.PUT_ACKS)).toBe(NativeType.ENUM);
    expect(valueTypeOf(DbrType.STSACK_STRING)).toBe(NativeType.STRING);
    expect(valueTypeOf(DbrType.CLASS_NAME)).toBe(NativeType.STRING);
    expect(() => dbrTypeFor(DbrFamily.STSACK as never, NativeType.STRING)).toThrow(RangeError);
  });
});
