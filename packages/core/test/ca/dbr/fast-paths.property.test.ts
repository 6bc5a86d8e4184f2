/**
 * The fast paths of the DBR codec give the same bytes as the general paths they short-cut:
 * encodeDbr's element-by-element path for up to 8 elements vs encodeDbrGeneral, the small
 * copies of byte-order.ts vs its bulk copies, the unchecked field access of bytes.ts vs the
 * Buffer methods, the ASCII paths of writeCString and readCString vs Buffer#write and #toString,
 * and decodePlainScalar (with and without a ScalarScratch) vs decodeDbr. Values include NaN with
 * arbitrary payloads, ±0, ±Inf, non-ASCII and numeric strings, and counts 0..10.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeDbr, encodeDbrGeneral } from '../../../src/ca/protocol/dbr/encode.js';
import { SMALL_COUNT, readBigEndian, readBigEndianBulk, writeBigEndian, writeBigEndianBulk } from '../../../src/ca/protocol/dbr/byte-order.js';
import { readCString, writeCString } from '../../../src/ca/protocol/dbr/c-string.js';
import { NativeType, ScalarScratch, dbrPayloadSize, decodeDbr, decodePlainScalar } from '../../../src/ca/protocol/dbr/index.js';
import type { DbrType, NativeArray, PvSnapshot } from '../../../src/ca/protocol/dbr/index.js';
import type { NumericArray, NumericNativeType } from '../../../src/ca/protocol/dbr/numeric-types.js';
import { parseDouble } from '../../../src/ca/protocol/dbr/parse-number.js';
import { getF32, getF64, getI16, getI32, getU16, getU32, putF32, putF64, putU16, putU32 } from '../../../src/ca/protocol/bytes.js';

const NUMERIC: NumericNativeType[] = [NativeType.SHORT, NativeType.FLOAT, NativeType.ENUM, NativeType.CHAR, NativeType.LONG, NativeType.DOUBLE];
const ctor = {
  [NativeType.SHORT]: Int16Array,
  [NativeType.FLOAT]: Float32Array,
  [NativeType.ENUM]: Uint16Array,
  [NativeType.CHAR]: Uint8Array,
  [NativeType.LONG]: Int32Array,
  [NativeType.DOUBLE]: Float64Array,
} as const;

/** Doubles worth trying: specials, NaNs with odd payloads, limits of the integer and float types. */
const special = fc.constantFrom(
  0, -0, 1, -1, 0.5, -2.5, 1e10, -1e10, 2 ** 31, -(2 ** 31) - 1, 65535.5, 3.4028234663852886e38, 1e39, -1e39,
  1e-45, Number.MIN_VALUE, Number.MAX_VALUE, Infinity, -Infinity, NaN,
);
const doubleBits = fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => new Float64Array(new Uint8Array(b).buffer)[0]);
const element = fc.oneof(special, fc.double(), doubleBits, fc.integer({ min: -70000, max: 70000 }));

/** `n` elements of a numeric type, from raw bytes (any bit pattern, NaN payloads included) or from values. */
function numericArray(type: NumericNativeType, n: number): fc.Arbitrary<NumericArray> {
  const size = ctor[type].BYTES_PER_ELEMENT;
  const fromBytes = fc.uint8Array({ minLength: n * size, maxLength: n * size }).map((b) => new ctor[type](new Uint8Array(b).buffer));
  const fromValues = fc.array(element, { minLength: n, maxLength: n }).map((v) => ctor[type].from(v));
  return fc.oneof(fromBytes, fromValues);
}

const text = fc.oneof(
  fc.string({ maxLength: 45 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', '1.5', '-3', '200', '-1', '1e400', 'nan', 'inf', ' 42 ', 'ON', 'OFF', 'é', 'x'.repeat(60), 'ab\0cd'),
);

function snapshotArb(): fc.Arbitrary<PvSnapshot> {
  return fc.record({
    nativeType: fc.constantFrom(0, 1, 2, 3, 4, 5, 6) as fc.Arbitrary<NativeType>,
    length: fc.integer({ min: 0, max: 10 }),
    precision: fc.oneof(fc.integer({ min: -2, max: 20 }), fc.constantFrom(2.5, NaN)),
    enumStrings: fc.array(fc.stringMatching(/^[A-Za-z0-9 ]{0,25}$/), { maxLength: 18 }),
    status: fc.integer({ min: -1, max: 70000 }),
    severity: fc.integer({ min: 0, max: 3 }),
    sec: fc.oneof(fc.nat({ max: 0xffffffff }), fc.constant(-1)),
    nsec: fc.nat({ max: 999_999_999 }),
    ackTransient: fc.option(fc.boolean(), { nil: undefined }),
    ackSeverity: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    className: fc.option(fc.constantFrom('ai', 'mbbo', 'waveform'), { nil: undefined }),
    limit: element,
    textPrecision: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    wideInteger: fc.option(fc.boolean(), { nil: undefined }),
  }).chain((r) => {
    const value: fc.Arbitrary<NativeArray> = r.nativeType === NativeType.STRING
      ? fc.array(text, { minLength: r.length, maxLength: r.length })
      : numericArray(r.nativeType, r.length);
    return value.map((v): PvSnapshot => ({
      nativeType: r.nativeType,
      value: v,
      alarm: { status: r.status, severity: r.severity },
      timestamp: { secPastEpoch: r.sec, nsec: r.nsec },
      meta: {
        units: 'mm', precision: r.precision,
        upperDisplay: r.limit, lowerDisplay: -1, upperAlarm: NaN, upperWarning: 5, lowerWarning: -5, lowerAlarm: r.limit,
        upperControl: 100, lowerControl: r.limit, enumStrings: r.enumStrings,
        textPrecision: r.textPrecision, wideInteger: r.wideInteger,
      },
      ackTransient: r.ackTransient,
      ackSeverity: r.ackSeverity,
      className: r.className,
    }));
  });
}

/** Encodes into a buffer of garbage at an odd offset, so that a stray or missing write shows. */
function encodeWith(encode: typeof encodeDbr, type: DbrType, snap: PvSnapshot, count: number, offset: number): { status: number; bytes: Buffer } {
  const bytes = Buffer.alloc(offset + dbrPayloadSize(type, count) + 16, 0xa5);
  const status = encode(bytes, offset, type, snap, count);
  return { status, bytes };
}

describe('encodeDbr: the direct path for small counts gives the general path\'s bytes', () => {
  it('for every DBR type, native type and count 0..10', () => {
    fc.assert(fc.property(snapshotArb(), fc.integer({ min: 0, max: 38 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 7 }), (snap, t, count, offset) => {
      const type = t as DbrType;
      const fast = encodeWith(encodeDbr, type, snap, count, offset);
      const general = encodeWith(encodeDbrGeneral, type, snap, count, offset);
      expect(fast.status).toBe(general.status);
      expect(fast.bytes.toString('hex')).toBe(general.bytes.toString('hex'));
    }), { numRuns: 20000 });
  });

  it('for every (native, DBR type) pair with one element', () => {
    for (let native = 0; native <= 6; native++) {
      for (let type = 0; type <= 38; type++) {
        fc.assert(fc.property(snapshotArb().filter((s) => s.nativeType === native), (snap) => {
          const fast = encodeWith(encodeDbr, type as DbrType, snap, 1, 3);
          const general = encodeWith(encodeDbrGeneral, type as DbrType, snap, 1, 3);
          expect(fast.status).toBe(general.status);
          expect(fast.bytes.equals(general.bytes)).toBe(true);
        }), { numRuns: 60 });
      }
    }
  });

  it('a snapshot whose array does not match its native type fails the same way on both paths', () => {
    const snap: PvSnapshot = {
      nativeType: NativeType.DOUBLE, value: Int32Array.of(1), alarm: { status: 0, severity: 0 },
      timestamp: { secPastEpoch: 0, nsec: 0 }, meta: { units: '', precision: 0, upperDisplay: 0, lowerDisplay: 0, upperAlarm: 0, upperWarning: 0, lowerWarning: 0, lowerAlarm: 0, upperControl: 0, lowerControl: 0, enumStrings: [] },
    };
    for (const type of [0, 6, 20, 34] as DbrType[]) {
      const fast = encodeWith(encodeDbr, type, snap, 1, 0);
      const general = encodeWith(encodeDbrGeneral, type, snap, 1, 0);
      expect(fast.status).toBe(general.status);
      expect(fast.bytes.equals(general.bytes)).toBe(true);
    }
  });

  it('keeps the errors of bad arguments', () => {
    const snap: PvSnapshot = {
      nativeType: NativeType.DOUBLE, value: Float64Array.of(1), alarm: { status: 0, severity: 0 },
      timestamp: { secPastEpoch: 0, nsec: 0 }, meta: { units: '', precision: 0, upperDisplay: 0, lowerDisplay: 0, upperAlarm: 0, upperWarning: 0, lowerWarning: 0, lowerAlarm: 0, upperControl: 0, lowerControl: 0, enumStrings: [] },
    };
    expect(() => encodeDbr(Buffer.alloc(7), 0, 6, snap, 1)).toThrow(RangeError);
    expect(() => encodeDbr(Buffer.alloc(16), 1.5, 6, snap, 1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
    expect(() => encodeDbr(Buffer.alloc(16), 0, 6, snap, 1.5)).toThrow(RangeError);
  });
});

describe('byte-order: the small path gives the bulk path\'s bytes and values', () => {
  it(`writes 0..${SMALL_COUNT + 2} elements of every numeric type identically`, () => {
    const arb = fc.constantFrom(...NUMERIC).chain((type) => fc.integer({ min: 0, max: SMALL_COUNT + 2 }).chain((n) => numericArray(type, n).map((a) => ({ type, a }))));
    fc.assert(fc.property(arb, fc.integer({ min: 0, max: 7 }), ({ type, a }, offset) => {
      const small = Buffer.alloc(offset + a.byteLength + 4, 0x5a);
      const bulk = Buffer.from(small);
      expect(writeBigEndian(small, offset, type, a, a.length)).toBe(writeBigEndianBulk(bulk, offset, a, a.length));
      expect(small.toString('hex')).toBe(bulk.toString('hex'));
    }), { numRuns: 5000 });
  });

  it(`reads 0..${SMALL_COUNT + 2} elements of every numeric type identically, NaN payloads included`, () => {
    const arb = fc.constantFrom(...NUMERIC).chain((type) => fc.integer({ min: 0, max: SMALL_COUNT + 2 })
      .chain((n) => fc.uint8Array({ minLength: n * ctor[type].BYTES_PER_ELEMENT + 8, maxLength: n * ctor[type].BYTES_PER_ELEMENT + 8 }).map((b) => ({ type, n, b: Buffer.from(b) }))));
    fc.assert(fc.property(arb, fc.integer({ min: 0, max: 7 }), ({ type, n, b }, offset) => {
      const small = readBigEndian(b, offset, type, n);
      const bulk = readBigEndianBulk(b, offset, type, n);
      expect(small.constructor).toBe(bulk.constructor);
      expect(Buffer.from(small.buffer, small.byteOffset, small.byteLength).equals(Buffer.from(bulk.buffer, bulk.byteOffset, bulk.byteLength))).toBe(true);
    }), { numRuns: 5000 });
  });

  it('a float NaN with a signalling payload keeps its bits both ways', () => {
    const wire = Buffer.from([0x7f, 0xa0, 0x00, 0x01]);
    const value = readBigEndian(wire, 0, NativeType.FLOAT, 1);
    const out = Buffer.alloc(4);
    writeBigEndian(out, 0, NativeType.FLOAT, value, 1);
    expect(out.toString('hex')).toBe('7fa00001');
  });
});

describe('bytes.ts: unchecked field access', () => {
  it('reads what the Buffer methods read', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (raw) => {
      const b = Buffer.from(raw);
      expect(getU16(b, 1)).toBe(b.readUInt16BE(1));
      expect(getI16(b, 1)).toBe(b.readInt16BE(1));
      expect(getU32(b, 2)).toBe(b.readUInt32BE(2));
      expect(getI32(b, 2)).toBe(b.readInt32BE(2));
      expect(Object.is(getF32(b, 3), b.readFloatBE(3))).toBe(true);
      expect(Object.is(getF64(b, 0), b.readDoubleBE(0))).toBe(true);
    }), { numRuns: 3000 });
  });

  it('writes what the Buffer methods write, for the values they accept', () => {
    const sample = fc.oneof(element, fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(fc.property(sample, (v) => {
      const ours = Buffer.alloc(8);
      const node = Buffer.alloc(8);
      const u16 = ((v << 16) >> 16) & 0xffff;
      putU16(ours, 0, u16);
      node.writeUInt16BE(u16, 0);
      putU32(ours, 2, v >>> 0);
      node.writeUInt32BE(v >>> 0, 2);
      expect(ours.equals(node)).toBe(true);
      putF32(ours, 1, v);
      node.writeFloatBE(v, 1);
      expect(ours.equals(node)).toBe(true);
      putF64(ours, 0, v);
      node.writeDoubleBE(v, 0);
      expect(ours.equals(node)).toBe(true);
    }), { numRuns: 3000 });
  });
});

describe('writeCString: the ASCII path gives Buffer#write\'s bytes', () => {
  /** The general path, as writeCString was before the ASCII path. */
  function viaBufferWrite(out: Buffer, offset: number, s: string, size: number): void {
    const written = s.length === 0 ? 0 : out.write(s, offset, size - 1, 'utf8');
    out.fill(0, offset + written, offset + size);
  }

  it('for any text in 8-, 26- and 40-byte slots', () => {
    fc.assert(fc.property(text, fc.constantFrom(8, 26, 40), fc.integer({ min: 0, max: 5 }), (s, size, offset) => {
      const ours = Buffer.alloc(offset + size + 3, 0x33);
      const node = Buffer.from(ours);
      writeCString(ours, offset, s, size);
      viaBufferWrite(node, offset, s, size);
      expect(ours.toString('hex')).toBe(node.toString('hex'));
    }), { numRuns: 5000 });
  });

  it('a slot past the end of the buffer still fails as before', () => {
    expect(() => writeCString(Buffer.alloc(10), 4, 'abc', 8)).toThrow(RangeError);
  });
});

describe('readCString: the short ASCII path gives Buffer#toString\'s text', () => {
  /** What a C string in the slot is: its bytes up to the first NUL (or the slot's or buffer's end), as UTF-8. */
  const reference = (buf: Buffer, offset: number, size: number): string => {
    const end = Math.min(offset + size, buf.length);
    const nul = buf.indexOf(0, offset);
    return buf.toString('utf8', offset, nul === -1 || nul > end ? end : nul);
  };

  it('for every length 0..40 of ASCII, at any offset, NUL-terminated or filling the slot', () => {
    for (let n = 0; n <= 40; n++) {
      for (const at of [0, 1, 7]) {
        const text = Array.from({ length: n }, (_, i) => String.fromCharCode(0x21 + ((i * 37 + n) % 94))).join('');
        const buf = Buffer.concat([Buffer.alloc(at, 0x41), Buffer.from(text, 'latin1'), Buffer.alloc(40 - n), Buffer.alloc(2, 0x42)]);
        expect(readCString(buf, at, 40)).toBe(text);
        // A slot the text fills (no NUL) ends at the slot; one cut by the buffer's end, there.
        expect(readCString(buf, at, n)).toBe(text);
        expect(readCString(buf.subarray(0, at + n), at, 40)).toBe(text);
      }
    }
  });

  it('for any bytes, any slot size and offset', () => {
    const bytes = fc.uint8Array({ maxLength: 48 }).chain((b) => fc.tuple(fc.constant(Buffer.from(b)), fc.integer({ min: 0, max: b.length }), fc.integer({ min: 0, max: 48 })));
    const ascii = fc.array(fc.integer({ min: 0, max: 0x7f }), { maxLength: 16 }).map((codes) => Buffer.from(codes));
    fc.assert(fc.property(bytes, ([buf, at, size]) => {
      expect(readCString(buf, at, size)).toBe(reference(buf, at, size));
    }), { numRuns: 3000 });
    fc.assert(fc.property(ascii, fc.integer({ min: 0, max: 20 }), (buf, size) => {
      expect(readCString(buf, 0, size)).toBe(reference(buf, 0, size));
    }), { numRuns: 3000 });
  });
});

describe('decodePlainScalar: one element read in place gives decodeDbr\'s value', () => {
  const PLAIN: number[] = [NativeType.STRING, ...NUMERIC];
  /** A payload of one element as a client sends it: the padded slot, or a string cut to strlen + 1. */
  const payload = fc.tuple(fc.constantFrom(...PLAIN), fc.uint8Array({ minLength: 40, maxLength: 40 }), fc.boolean()).map(([type, bytes, short]) => {
    const full = Buffer.from(bytes.subarray(0, type === NativeType.STRING ? 40 : dbrPayloadSize(type as DbrType, 1)));
    if (type === NativeType.STRING && short) {
      const nul = full.indexOf(0);
      return { type, bytes: nul === -1 ? full : full.subarray(0, nul + 1) };
    }
    return { type, bytes: full };
  });
  const same = (a: NativeArray, b: NativeArray): boolean =>
    a.constructor === b.constructor && a.length === b.length && (a.length === 0 || Object.is(a[0], b[0]));

  it('for every plain type, fresh or into one reused scratch, at any offset', () => {
    const scratch = new ScalarScratch();
    fc.assert(fc.property(payload, fc.integer({ min: 0, max: 9 }), ({ type, bytes }, at) => {
      const buf = Buffer.concat([Buffer.alloc(at, 0x55), bytes, Buffer.alloc(3, 0x55)]);
      const fresh = decodePlainScalar(type, buf, at, bytes.length);
      const reused = decodePlainScalar(type, buf, at, bytes.length, scratch);
      if (fresh === undefined) {
        // Only where decodeDbr must decide: a NaN, whose bits its bulk path keeps.
        expect(reused).toBeUndefined();
        expect(Number.isNaN(decodeDbr(type, bytes, 1).value[0])).toBe(true);
        return;
      }
      const general = decodeDbr(type, type === NativeType.STRING ? Buffer.concat([bytes, Buffer.alloc(40 - bytes.length)]) : bytes, 1);
      expect(fresh.dbrType).toBe(type);
      expect(same(fresh.value, general.value)).toBe(true);
      expect(reused?.dbrType).toBe(type);
      expect(same(reused!.value, general.value)).toBe(true);
    }), { numRuns: 5000 });
  });

  it('ASCII text of any length up to the slot, short or long, reads as decodeDbr reads it', () => {
    const scratch = new ScalarScratch();
    const ascii = fc.array(fc.integer({ min: 0, max: 0x7f }), { maxLength: 40 });
    fc.assert(fc.property(ascii, fc.boolean(), (codes, cut) => {
      const slot = Buffer.alloc(40);
      Buffer.from(codes).copy(slot);
      const nul = slot.indexOf(0);
      const bytes = cut && nul !== -1 ? slot.subarray(0, nul + 1) : slot;
      const general = decodeDbr(NativeType.STRING, slot, 1).value[0];
      expect(decodePlainScalar(NativeType.STRING, bytes, 0, bytes.length)!.value[0]).toBe(general);
      expect(decodePlainScalar(NativeType.STRING, bytes, 0, bytes.length, scratch)!.value[0]).toBe(general);
    }), { numRuns: 3000 });
  });

  it('with a scratch, every decode of a type fills the same array, and a new one without', () => {
    const scratch = new ScalarScratch();
    const one = Buffer.alloc(8);
    one.writeDoubleBE(1.5);
    const two = Buffer.alloc(8);
    two.writeDoubleBE(-2.25);
    const a = decodePlainScalar(NativeType.DOUBLE, one, 0, 8, scratch)!.value;
    expect(a[0]).toBe(1.5);
    const b = decodePlainScalar(NativeType.DOUBLE, two, 0, 8, scratch)!.value;
    expect(b).toBe(a);
    expect(a[0]).toBe(-2.25);
    const c = decodePlainScalar(NativeType.DOUBLE, one, 0, 8)!.value;
    const d = decodePlainScalar(NativeType.DOUBLE, one, 0, 8)!.value;
    expect(c).not.toBe(d);
    expect(c).not.toBe(a);
  });
});

describe('parseDouble: the plain-decimal path (an integer over a power of ten) gives strtod\'s double', () => {
  // Number() rounds decimal text correctly, as glibc's strtod does: it is the reference here.
  const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
  const plain = fc
    .tuple(fc.boolean(), fc.array(digit, { maxLength: 19 }), fc.option(fc.array(digit, { maxLength: 19 })))
    .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole.join('')}${fraction === null ? '' : `.${fraction.join('')}`}`.slice(0, 20));

  it('for any text of an optional minus, digits and one point, up to 20 characters', () => {
    fc.assert(fc.property(plain, (text) => {
      const hasDigit = /\d/.test(text);
      expect(Object.is(parseDouble(text), text === '' ? 0 : hasDigit ? Number(text) : undefined)).toBe(true);
    }), { numRuns: 20000 });
  });

  it('at the edges: -0, 2^53 and beyond, 19 fraction digits, halfway cases, what strtod refuses', () => {
    const cases: [string, number | undefined][] = [
      ['-0', -0], ['-0.000', -0], ['0.', 0], ['.5', 0.5], ['-.5', -0.5], ['1.', 1],
      ['9007199254740991', 9007199254740991], ['9007199254740993', 9007199254740992], ['18014398509481985', 18014398509481984],
      ['0.1', 0.1], ['0.3', 0.3], ['1.0000000000000002', 1.0000000000000002], ['0.0000000000000000001', 1e-19],
      ['123456789012345.67', 123456789012345.67], ['2.2250738585072014', 2.2250738585072014],
      ['-', undefined], ['.', undefined], ['-.', undefined], ['1.2.3', 1.2], ['1-2', 1], ['--1', undefined],
    ];
    for (const [text, expected] of cases) expect([text, parseDouble(text)]).toEqual([text, expected]);
  });
});
