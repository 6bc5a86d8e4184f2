import { describe, expect, it } from 'vitest';
import {
  ConversionError, NativeType, allocNative, nativeArraysEqual, nativeToJs, toNativeArray,
} from '../../../src/ca/protocol/dbr/index.js';

const { STRING, SHORT, FLOAT, ENUM, CHAR, LONG, DOUBLE } = NativeType;

describe('allocNative', () => {
  it('gives zeroed arrays of the native element type', () => {
    expect(allocNative(DOUBLE, 3)).toEqual(new Float64Array(3));
    expect(allocNative(FLOAT, 1)).toBeInstanceOf(Float32Array);
    expect(allocNative(SHORT, 1)).toBeInstanceOf(Int16Array);
    expect(allocNative(ENUM, 1)).toBeInstanceOf(Uint16Array);
    expect(allocNative(CHAR, 1)).toBeInstanceOf(Uint8Array);
    expect(allocNative(LONG, 1)).toBeInstanceOf(Int32Array);
    expect(allocNative(STRING, 2)).toEqual(['', '']);
  });
});

describe('toNativeArray', () => {
  it('takes numbers and booleans', () => {
    expect(toNativeArray(DOUBLE, 1.5)).toEqual(Float64Array.of(1.5));
    expect(toNativeArray(LONG, 1.9)).toEqual(Int32Array.of(1));
    expect(toNativeArray(SHORT, 70000)).toEqual(Int16Array.of(4464));
    expect(toNativeArray(ENUM, true)).toEqual(Uint16Array.of(1));
    expect(toNativeArray(DOUBLE, [1, 2.5, NaN])).toEqual(Float64Array.of(1, 2.5, NaN));
    expect(toNativeArray(CHAR, [true, false])).toEqual(Uint8Array.of(1, 0));
  });

  it('formats numbers for STRING: integers as decimals, others with PREC (6 by default, as EPICS)', () => {
    expect(toNativeArray(STRING, 42)).toEqual(['42']);
    expect(toNativeArray(STRING, 1.5)).toEqual(['1.500000']);
    expect(toNativeArray(STRING, 1.5, { precision: 2 })).toEqual(['1.50']);
    expect(toNativeArray(STRING, [1, -2])).toEqual(['1', '-2']);
  });

  it('parses strings like EPICS', () => {
    expect(toNativeArray(DOUBLE, ' 1.5e3 ')).toEqual(Float64Array.of(1500));
    expect(toNativeArray(LONG, '1.5e3')).toEqual(Int32Array.of(1));
    expect(toNativeArray(DOUBLE, ['1', '0x10'])).toEqual(Float64Array.of(1, 16));
    expect(toNativeArray(ENUM, 'On', { enumStrings: ['Off', 'On'] })).toEqual(Uint16Array.of(1));
    expect(() => toNativeArray(DOUBLE, 'abc')).toThrow(ConversionError);
    expect(() => toNativeArray(ENUM, 'Maybe', { enumStrings: ['Off', 'On'] })).toThrow(ConversionError);
  });

  it('cuts strings to 39 UTF-8 bytes without splitting a character', () => {
    expect(toNativeArray(STRING, 'x'.repeat(50))).toEqual(['x'.repeat(39)]);
    expect(toNativeArray(STRING, `${'x'.repeat(38)}é`)).toEqual(['x'.repeat(38)]);
    expect(toNativeArray(STRING, ['a', 'b'])).toEqual(['a', 'b']);
  });

  it('takes typed arrays, copying them', () => {
    const src = Float64Array.of(1, 2);
    const out = toNativeArray(DOUBLE, src);
    expect(out).toEqual(src);
    expect(out).not.toBe(src);
    expect(toNativeArray(LONG, Float32Array.of(3e9))).toEqual(Int32Array.of(-2147483648));
    expect(toNativeArray(SHORT, Int8Array.of(-1))).toEqual(Int16Array.of(-1));
    expect(toNativeArray(DOUBLE, Uint32Array.of(4294967295))).toEqual(Float64Array.of(4294967295));
    expect(toNativeArray(CHAR, Buffer.from('AB'))).toEqual(Uint8Array.of(65, 66));
    expect(toNativeArray(STRING, Uint8Array.of(65))).toEqual(['65']);
  });

  it('rejects what is not a PV value', () => {
    for (const bad of [null, undefined, {}, [1, 'a'], BigInt64Array.of(1n), new DataView(new ArrayBuffer(1))]) {
      expect(() => toNativeArray(DOUBLE, bad), String(bad)).toThrow(ConversionError);
    }
  });
});

describe('nativeToJs', () => {
  it('unwraps one element, keeps arrays', () => {
    expect(nativeToJs(DOUBLE, Float64Array.of(2.5))).toBe(2.5);
    expect(nativeToJs(STRING, ['a'])).toBe('a');
    const a = Int32Array.of(1, 2);
    expect(nativeToJs(LONG, a)).toBe(a);
    expect(nativeToJs(LONG, new Int32Array(0))).toEqual(new Int32Array(0));
  });
});

describe('nativeArraysEqual', () => {
  it('compares kind, length and elements; NaN equals NaN, 0 equals -0', () => {
    expect(nativeArraysEqual(Float64Array.of(1, NaN), Float64Array.of(1, NaN))).toBe(true);
    expect(nativeArraysEqual(Float64Array.of(0), Float64Array.of(-0))).toBe(true);
    expect(nativeArraysEqual(Float64Array.of(1), Float32Array.of(1))).toBe(false);
    expect(nativeArraysEqual(Int32Array.of(1), Int32Array.of(1, 2))).toBe(false);
    expect(nativeArraysEqual(['a'], ['a'])).toBe(true);
    expect(nativeArraysEqual(['a'], ['b'])).toBe(false);
    expect(nativeArraysEqual(Uint8Array.of(1), Buffer.from([1]))).toBe(true);
  });
});
