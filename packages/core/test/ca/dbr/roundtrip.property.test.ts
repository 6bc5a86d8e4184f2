/** fast-check properties: encode/decode round trips and decoder robustness. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ConversionError, DbrDecodeError, DbrFamily, NativeType, convertArray, dbrLayout, dbrPayloadSize, dbrTypeFor,
  decodeDbr, emptyMetadata, encodeDbr,
} from '../../../src/ca/protocol/dbr/index.js';
import type { DbrType, NativeArray, PvSnapshot, ValueFamily } from '../../../src/ca/protocol/dbr/index.js';
import { Eca } from '../../../src/ca/protocol/eca.js';

const FAMILIES: ValueFamily[] = [DbrFamily.PLAIN, DbrFamily.STS, DbrFamily.TIME, DbrFamily.GR, DbrFamily.CTRL];

/** Strings that fit a DBR_STRING slot: no NUL, at most 39 UTF-8 bytes. */
const dbrString = fc.string({ unit: 'grapheme', maxLength: 20 })
  .map((s) => s.replace(/\0/g, ''))
  .filter((s) => Buffer.byteLength(s) <= 39);

const valueOf: Record<NativeType, fc.Arbitrary<NativeArray>> = {
  [NativeType.STRING]: fc.array(dbrString, { maxLength: 8 }),
  [NativeType.SHORT]: fc.int16Array({ maxLength: 64 }),
  [NativeType.FLOAT]: fc.float32Array({ maxLength: 64 }),
  [NativeType.ENUM]: fc.uint16Array({ maxLength: 64 }),
  [NativeType.CHAR]: fc.uint8Array({ maxLength: 64 }),
  [NativeType.LONG]: fc.int32Array({ maxLength: 64 }),
  [NativeType.DOUBLE]: fc.float64Array({ maxLength: 64 }),
};

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const snapshotOf = (nativeType: NativeType) => fc.record({
  nativeType: fc.constant(nativeType),
  value: valueOf[nativeType],
  alarm: fc.record({ status: fc.integer({ min: 0, max: 21 }), severity: fc.integer({ min: 0, max: 3 }) }),
  timestamp: fc.record({ secPastEpoch: fc.nat({ max: 0xffffffff }), nsec: fc.nat({ max: 999_999_999 }) }),
  meta: fc.record({
    units: fc.string({ maxLength: 7 }).filter((s) => !s.includes('\0') && Buffer.byteLength(s) <= 7),
    precision: fc.integer({ min: 0, max: 17 }),
    upperDisplay: finite, lowerDisplay: finite, upperAlarm: finite, upperWarning: finite,
    lowerWarning: finite, lowerAlarm: finite, upperControl: finite, lowerControl: finite,
    enumStrings: fc.array(fc.stringMatching(/^[A-Za-z0-9 ]{0,25}$/), { maxLength: 16 }),
  }),
}) as fc.Arbitrary<PvSnapshot>;

/** Byte-exact equality of two native arrays (NaN payloads and -0 included). */
function sameElements(a: NativeArray, b: NativeArray): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
    && a.constructor === b.constructor;
}

function encode(type: DbrType, snap: PvSnapshot, count: number): { status: number; bytes: Buffer } {
  const bytes = Buffer.alloc(dbrPayloadSize(type, count));
  return { status: encodeDbr(bytes, 0, type, snap, count), bytes };
}

describe('encode → decode round trip, same type', () => {
  for (const nativeType of [0, 1, 2, 3, 4, 5, 6] as NativeType[]) {
    it(`native type ${nativeType} in every family`, () => {
      fc.assert(fc.property(snapshotOf(nativeType), fc.constantFrom(...FAMILIES), (snap, family) => {
        const type = dbrTypeFor(family, nativeType);
        const count = snap.value.length;
        const { status, bytes } = encode(type, snap, count);
        expect(status).toBe(Eca.NORMAL);
        const d = decodeDbr(type, bytes, count);
        expect(sameElements(d.value, snap.value)).toBe(true);
        if (family !== DbrFamily.PLAIN) expect(d.alarm).toEqual(snap.alarm);
        if (family === DbrFamily.TIME) expect(d.timestamp).toEqual(snap.timestamp);
        if ((family === DbrFamily.GR || family === DbrFamily.CTRL) && nativeType === NativeType.DOUBLE) {
          const { enumStrings: _e, upperControl, lowerControl, ...gr } = snap.meta;
          expect(d.meta).toEqual(family === DbrFamily.GR ? gr : { ...gr, upperControl, lowerControl });
        }
        if ((family === DbrFamily.GR || family === DbrFamily.CTRL) && nativeType === NativeType.ENUM) {
          expect(d.meta).toEqual({ enumStrings: snap.meta.enumStrings });
        }
      }));
    });
  }
});

describe('encode → decode for every DBR type × native type', () => {
  it('carries convertArray of the value, or fails with GETFAIL and zeros', () => {
    const anySnapshot = fc.constantFrom(0, 1, 2, 3, 4, 5, 6).chain((t) => snapshotOf(t as NativeType));
    fc.assert(fc.property(anySnapshot, fc.integer({ min: 0, max: 38 }), fc.integer({ min: 0, max: 10 }), (snap, t, count) => {
      const type = t as DbrType;
      const layout = dbrLayout(type);
      const { status, bytes } = encode(type, snap, count);
      if (layout.family === DbrFamily.PUT_ACK) {
        expect(status).toBe(Eca.GETFAIL);
        expect(bytes.every((b) => b === 0)).toBe(true);
        return;
      }
      const d = decodeDbr(type, bytes, count);
      if (layout.family === DbrFamily.CLASS_NAME) {
        const expected = Array<string>(count).fill('');
        if (count > 0) expected[0] = snap.className ?? '';
        expect(d.value).toEqual(expected);
        return;
      }
      const n = Math.min(count, snap.value.length);
      const head = Array.isArray(snap.value) ? snap.value.slice(0, n) : snap.value.subarray(0, n);
      const signedChar = layout.family === DbrFamily.PLAIN || layout.family === DbrFamily.TIME;
      let expected: NativeArray;
      try {
        expected = convertArray(head, snap.nativeType, layout.valueType, { precision: snap.meta.precision, enumStrings: snap.meta.enumStrings, signedChar });
      } catch (e) {
        expect(e).toBeInstanceOf(ConversionError);
        expect(status).toBe(Eca.GETFAIL);
        expect(bytes.every((b) => b === 0)).toBe(true);
        return;
      }
      expect(status).toBe(Eca.NORMAL);
      const got = Array.isArray(d.value) ? d.value.slice(0, n) : d.value.subarray(0, n);
      if (Array.isArray(expected)) expect(got).toEqual(expected.map((s) => Buffer.from(s).subarray(0, 39).toString()));
      else expect(sameElements(got, expected)).toBe(true);
      const rest: (number | string)[] = Array.isArray(d.value) ? d.value.slice(n) : Array.from(d.value.subarray(n));
      expect(rest.every((x) => x === 0 || x === '')).toBe(true);
    }), { numRuns: 2000 });
  });
});

describe('decodeDbr on arbitrary input', () => {
  it('returns or throws DbrDecodeError, nothing else', () => {
    fc.assert(fc.property(
      fc.integer({ min: -3, max: 45 }),
      fc.uint8Array({ maxLength: 700 }),
      fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(1.5, NaN, 1e9)),
      (type, bytes, count) => {
        try {
          const d = decodeDbr(type, bytes, count);
          expect(d.value.length).toBe(count);
        } catch (e) {
          expect(e).toBeInstanceOf(DbrDecodeError);
        }
      },
    ), { numRuns: 5000 });
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const big = new Uint8Array(100);
    big.set([0x40, 0x04, 0, 0, 0, 0, 0, 0], 10);
    const d = decodeDbr(6, big.subarray(10, 18), 1);
    expect(Array.from(d.value as Float64Array)).toEqual([2.5]);
  });

  it('rejects short payloads with a clear message', () => {
    expect(() => decodeDbr(20, Buffer.alloc(23), 1)).toThrow(/needs 24 bytes, got 23/);
    expect(() => decodeDbr(39, Buffer.alloc(8), 1)).toThrow(DbrDecodeError);
    expect(() => decodeDbr(6, Buffer.alloc(8), -1)).toThrow(DbrDecodeError);
  });
});

describe('empty and oversized requests', () => {
  it('zero-fills past the PV', () => {
    const snap: PvSnapshot = {
      nativeType: NativeType.LONG, value: Int32Array.of(7), alarm: { status: 0, severity: 0 },
      timestamp: { secPastEpoch: 1, nsec: 2 }, meta: emptyMetadata(),
    };
    const { bytes } = encode(dbrTypeFor(DbrFamily.PLAIN, NativeType.STRING), snap, 3);
    expect(decodeDbr(0, bytes, 3).value).toEqual(['7', '', '']);
  });
});
