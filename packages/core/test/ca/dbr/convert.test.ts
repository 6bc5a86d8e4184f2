/** The conversion table of spec §2.6, with cases checked against softIoc 7.0.8.1 (see softioc-golden.json). */
import { describe, expect, it } from 'vitest';
import {
  ConversionError, NativeType, convertArray, cvtDoubleToString, cvtFloatToString, doubleToFloat, doubleToInt32,
  enumToString, stringToEnum,
} from '../../../src/ca/protocol/dbr/index.js';
import { withIllegalStateText } from '../../../src/ca/protocol/dbr/convert.js';
import type { ConversionContext, NativeArray } from '../../../src/ca/protocol/dbr/index.js';
import { golden, payloadOf, recordByName } from './golden-fixture.js';

const ctx: ConversionContext = { precision: 3, enumStrings: [] };
const arr = (a: NativeArray): (number | string)[] => Array.from(a as ArrayLike<number | string>);
const { STRING, SHORT, FLOAT, ENUM, CHAR, LONG, DOUBLE } = NativeType;
const FLT_MAX = 3.4028234663852886e38;
const FLT_MIN = 1.1754943508222875e-38;

describe('numeric → numeric: C casts as rsrv on x86-64', () => {
  const from = (values: number[]) => Float64Array.from(values);
  it('DOUBLE → LONG truncates; NaN, ±Inf and out of range give INT32_MIN', () => {
    expect(arr(convertArray(from([12.345, -1.5, 70000.5, 2147483647.9, -2147483648.9, 1e10, -1e10, NaN, Infinity, -Infinity]), DOUBLE, LONG, ctx)))
      .toEqual([12, -1, 70000, 2147483647, -2147483648, -2147483648, -2147483648, -2147483648, -2147483648, -2147483648]);
  });
  it('DOUBLE → SHORT/CHAR/ENUM go through int32 and keep the low bits', () => {
    const values = from([70000.5, -1.5, 1e10, NaN, 255.9, 256, -0.5]);
    expect(arr(convertArray(values, DOUBLE, SHORT, ctx))).toEqual([4464, -1, 0, 0, 255, 256, 0]);
    expect(arr(convertArray(values, DOUBLE, ENUM, ctx))).toEqual([4464, 65535, 0, 0, 255, 256, 0]);
    expect(arr(convertArray(values, DOUBLE, CHAR, ctx))).toEqual([112, 255, 0, 0, 255, 0, 0]);
  });
  it('DOUBLE → FLOAT clamps like epicsConvertDoubleToFloat', () => {
    expect(arr(convertArray(from([1e40, -1e40, 1e-50, -1e-50, 0, Infinity, 1.1]), DOUBLE, FLOAT, ctx)))
      .toEqual([FLT_MAX, -FLT_MAX, FLT_MIN, -FLT_MIN, 0, Infinity, Math.fround(1.1)]);
    expect(Number.isNaN(doubleToFloat(NaN))).toBe(true);
  });
  it('FLOAT → integers like DOUBLE', () => {
    expect(arr(convertArray(Float32Array.of(3e9, -2.25, 0.001), FLOAT, LONG, ctx))).toEqual([-2147483648, -2, 0]);
    expect(arr(convertArray(Float32Array.of(3e9, -2.25), FLOAT, CHAR, ctx))).toEqual([0, 254]);
  });
  it('integer → integer keeps the low bits; integer → FLOAT rounds', () => {
    expect(arr(convertArray(Int32Array.of(-70000, 70000, 2147483647), LONG, SHORT, ctx))).toEqual([-4464, 4464, -1]);
    expect(arr(convertArray(Int32Array.of(-70000), LONG, ENUM, ctx))).toEqual([61072]);
    expect(arr(convertArray(Int32Array.of(-70000), LONG, CHAR, ctx))).toEqual([144]);
    expect(arr(convertArray(Int32Array.of(2147483647), LONG, FLOAT, ctx))).toEqual([2147483648]);
    expect(arr(convertArray(Int16Array.of(-2, -32768), SHORT, ENUM, ctx))).toEqual([65534, 32768]);
    expect(arr(convertArray(Uint16Array.of(65535), ENUM, SHORT, ctx))).toEqual([-1]);
    expect(arr(convertArray(Uint8Array.of(200), CHAR, LONG, ctx))).toEqual([200]);
  });
  it('exposes the casts', () => {
    expect(doubleToInt32(-2147483648.5)).toBe(-2147483648);
    expect(doubleToInt32(2147483648)).toBe(-2147483648);
  });
});

describe('integers wider than DBR_LONG served as DOUBLE (ctx.wideInteger), as softIoc 7.0.8.1 answers an int64in and a histogram\'s ULONG LOPR', () => {
  const wide: ConversionContext = { precision: 0, enumStrings: [], wideInteger: true };
  const from = (values: number[]) => Float64Array.from(values);
  it('narrower integer types keep the low bits (cvt_q_l, cvt_ul_s, cvt_ul_e…), where a double saturates', () => {
    const values = from([4294967301, -1e17, 4294967246, 4294967295]);
    expect(arr(convertArray(values, DOUBLE, LONG, wide))).toEqual([5, -1569325056, -50, -1]);
    expect(arr(convertArray(values, DOUBLE, SHORT, wide))).toEqual([5, 0, -50, -1]);
    expect(arr(convertArray(values, DOUBLE, ENUM, wide))).toEqual([5, 0, 65486, 65535]);
    expect(arr(convertArray(values, DOUBLE, CHAR, wide))).toEqual([5, 0, 206, 255]);
    expect(arr(convertArray(values, DOUBLE, LONG, { ...wide, wideInteger: false }))).toEqual([-2147483648, -2147483648, -2147483648, -2147483648]);
  });
  it('text is every digit of the integer (cvtInt64ToString), not an exponent', () => {
    expect(arr(convertArray(from([4294967301, -1e17, 4294967246]), DOUBLE, STRING, wide))).toEqual(['4294967301', '-100000000000000000', '4294967246']);
    expect(arr(convertArray(from([-1e17]), DOUBLE, STRING, { precision: 0, enumStrings: [] }))).toEqual([' -1e+17']);
  });
});

describe('ctx.textPrecision: the text of a float field whose record has no get_precision', () => {
  it('has 6 digits while the GR/CTRL precision stays 0, as softIoc gives a longin\'s SDLY', () => {
    expect(arr(convertArray(Float64Array.of(-1, 1.5), DOUBLE, STRING, { precision: 0, textPrecision: 6, enumStrings: [] }))).toEqual(['-1.000000', '1.500000']);
    expect(arr(convertArray(Float64Array.of(-1), DOUBLE, STRING, { precision: 0, enumStrings: [] }))).toEqual(['-1']);
  });
});

describe('→ STRING', () => {
  // What caget -d DBR_STRING prints for an ao with that PREC (rsrv → cvtDoubleToString)
  it.each([
    [3, 1e-5, '0.000'], [3, 123.456, '123.456'], [3, 1e7, '10000000.000'], [3, 1.2e8, '120000000.000'],
    [3, 1e17, ' 1.000e+17'], [3, -123.456, '-123.456'], [3, NaN, 'nan'], [3, Infinity, '       inf'],
    [3, -Infinity, '      -inf'], [0, 2.5, '3'], [2, 0.125, '0.13'], [9, 1.5, ' 1.500000000e+00'],
    [8, 12345.678, '12345.67800000'], [6, 9999999.9999999, '10000000.000000'], [-1, 1.5, ' 1.50000000000000000e+00'],
    [20, 1.5, ' 1.50000000000000000e+00'], [4, 1e16, '10000000000000000.000'], [4, 1.0000000000000002e16, ' 1.0000e+16'],
    [3, -0.0004, '-0.000'], [2, 12345678.125, '12345678.12'], [3, 4.35, '4.350'], [1, 0.05, '0.1'], [0, -2.5, '-3'],
    [5, -9999999.999999, '-10000000.00000'], [2, -1.5e9, '-1500000000.00'], [8, 0.123456785, '0.12345679'],
    [3, -1e300, '-1.000e+300'], [6, 1e20, ' 1.000000e+20'], [2, 1e10, '10000000000.00'],
  ])('DOUBLE PREC %i: %d → "%s"', (prec, v, text) => {
    expect(cvtDoubleToString(v, prec)).toBe(text);
    expect(convertArray(Float64Array.of(v), DOUBLE, STRING, { precision: prec, enumStrings: [] })).toEqual([text]);
  });

  it.each([
    [3, 1e-5, '0.000'], [3, 123.456, '123.456'], [2, 1.5e7, '15000000.00'], [3, 1.2e8, '1.200e+08'], [3, NaN, 'nan'],
    [3, Infinity, '      inf'], [9, 1.5, '1.500000000e+00'], [13, 1.5, '1.500000000000e+00'], [2, 0.125, '0.13'],
    [4, 1.1, '1.1000'], [6, 0.3, '0.300000'], [0, -7.5, '-8'], [3, -1e20, '-1.000e+20'], [8, 3.14159265, '3.14159274'],
    [2, 3e9, '3.00e+09'], [2, 0.001, '0.00'],
  ])('FLOAT PREC %i: %d → "%s"', (prec, v, text) => {
    expect(cvtFloatToString(v, prec)).toBe(text);
  });

  it('matches every PREC case captured from softIoc', () => {
    const cases = golden.reads.filter((r) => /^F:[DF]\d+$/.test(r.pv));
    expect(cases.length).toBeGreaterThan(30);
    for (const r of cases) {
      const rec = recordByName(r.pv);
      const prec = Number(rec.fields.PREC);
      const v = Number(rec.snapshot!.value[0]);
      const text = payloadOf(r).toString('latin1').replace(/\0.*$/s, '');
      const fmt = rec.snapshot!.nativeType === FLOAT ? cvtFloatToString : cvtDoubleToString;
      expect(fmt(v, prec), r.pv).toBe(text);
    }
  });

  it('integers are decimal; CHAR gives the number, not the character', () => {
    expect(convertArray(Int32Array.of(42, -70000, 2147483647), LONG, STRING, ctx)).toEqual(['42', '-70000', '2147483647']);
    expect(convertArray(Int16Array.of(-32768), SHORT, STRING, ctx)).toEqual(['-32768']);
    expect(convertArray(Uint8Array.of(65, 200), CHAR, STRING, ctx)).toEqual(['65', '200']);
  });

  it('ENUM gives the state string, "" for an undefined state and "Illegal Value" past 15', () => {
    const states = ['Zero', 'One', '', 'Three'];
    expect(convertArray(Uint16Array.of(1, 2, 3, 7, 15, 16, 20), ENUM, STRING, { precision: 0, enumStrings: states }))
      .toEqual(['One', '', 'Three', '', '', 'Illegal Value', 'Illegal Value']);
    expect(enumToString(0, states)).toBe('Zero');
  });

  it('bo and bi state strings read every index past ONE as "Illegal_Value" (their get_enum_str; softIoc: caput S:bo 2, caget S:bo)', () => {
    const binary = withIllegalStateText(['Off', 'On'], 'Illegal_Value');
    expect(convertArray(Uint16Array.of(0, 1, 2, 7, 16, 65535), ENUM, STRING, { precision: 0, enumStrings: binary }))
      .toEqual(['Off', 'On', 'Illegal_Value', 'Illegal_Value', 'Illegal_Value', 'Illegal_Value']);
    // Still two states to a client (DBR_CTRL_ENUM's no_str), and other arrays keep mbbo's rule.
    expect(binary.length).toBe(2);
    expect(enumToString(2, ['Off', 'On'])).toBe('');
  });
});

describe('STRING → numeric (epicsParse*)', () => {
  const FAIL = 'fail';
  it.each([
    // text, DOUBLE, FLOAT, LONG, SHORT, CHAR (unsigned), CHAR (signed: plain/TIME reads)
    ['', 0, 0, 0, 0, 0, 0],
    [' 1.5e3 ', 1500, 1500, 1, 1, 1, 1],
    ['0x1A', 26, 26, 0, 0, 0, 0],
    ['-1', -1, -1, -1, -1, 255, 255],
    ['200', 200, 200, 200, 200, 200, FAIL],
    ['-200', -200, -200, -200, -200, 56, FAIL],
    ['-255', -255, -255, -255, -255, 1, FAIL],
    ['-256', -256, -256, -256, -256, FAIL, FAIL],
    ['1e40', 1e40, FAIL, 1, 1, 1, 1],
    ['1e-320', FAIL, FAIL, 1, 1, 1, 1],
    ['1e400', FAIL, FAIL, 1, 1, 1, 1],
    ['inf', Infinity, Infinity, FAIL, FAIL, FAIL, FAIL],
    ['-Infinity', -Infinity, -Infinity, FAIL, FAIL, FAIL, FAIL],
    ['3000000000', 3e9, 3e9, FAIL, FAIL, FAIL, FAIL],
    ['40000', 40000, 40000, 40000, FAIL, FAIL, FAIL],
    ['12abc', 12, 12, 12, 12, 12, 12],
    ['abc', FAIL, FAIL, FAIL, FAIL, FAIL, FAIL],
    [' ', FAIL, FAIL, FAIL, FAIL, FAIL, FAIL],
    ['+8', 8, 8, 8, 8, 8, 8],
    ['0x1p3', 8, 8, 0, 0, 0, 0],
    ['.5', 0.5, 0.5, FAIL, FAIL, FAIL, FAIL],
    ['\t7\n', 7, 7, 7, 7, 7, 7],
    ['99999999999999999999', 1e20, 1e20, FAIL, FAIL, FAIL, FAIL],
  ] as const)('"%s"', (text, d, f, l, s, uc, sc) => {
    const check = (to: NativeType, expected: number | string, signedChar = false): void => {
      const run = (): NativeArray => convertArray([text], STRING, to, { precision: 0, enumStrings: [], signedChar });
      if (expected === FAIL) expect(run).toThrow(ConversionError);
      else expect(arr(run())).toEqual([to === FLOAT ? Math.fround(expected as number) : expected]);
    };
    check(DOUBLE, d);
    check(FLOAT, f);
    check(LONG, l);
    check(SHORT, s);
    check(CHAR, uc);
    check(CHAR, sc, true);
  });

  it('NaN parses to NaN', () => {
    expect(Number.isNaN((convertArray(['nan'], STRING, DOUBLE, ctx) as Float64Array)[0])).toBe(true);
    expect(Number.isNaN((convertArray([' -NaN(123)'], STRING, DOUBLE, ctx) as Float64Array)[0])).toBe(true);
  });

  it('fails the whole array on the first bad element, with a message', () => {
    expect(() => convertArray(['1.5', '-2', 'abc'], STRING, DOUBLE, ctx)).toThrow(/"abc" \(element 2\) to DOUBLE/);
    expect(arr(convertArray(['1.5', '-2'], STRING, DOUBLE, ctx))).toEqual([1.5, -2]);
  });
});

describe('→ ENUM', () => {
  const states = ['Zero', 'One', '', 'Three', 'abcdefghijklmnopqrstuvwxy'];
  const c = { precision: 0, enumStrings: states };
  it.each([
    ['Three', 3], ['3', 3], ['2', 2], ['4', 4], ['5', undefined], ['One ', undefined], ['', 2], ['-1', undefined],
    ['one', undefined], [' 1', 1], ['1 ', 1], ['1x', 1],
  ] as const)('"%s" → %s (as softIoc mbbo writes)', (text, index) => {
    expect(stringToEnum(text, states)).toBe(index);
    if (index === undefined) expect(() => convertArray([text], STRING, ENUM, c)).toThrow(ConversionError);
    else expect(arr(convertArray([text], STRING, ENUM, c))).toEqual([index]);
  });
  it('fails for a PV without states (a stringout read as DBR_ENUM gives ECA_GETFAIL)', () => {
    expect(() => convertArray(['1'], STRING, ENUM, ctx)).toThrow(ConversionError);
  });
  it('casts numbers to u16', () => {
    expect(arr(convertArray(Float64Array.of(2.7, -1.5, 70000), DOUBLE, ENUM, ctx))).toEqual([2, 65535, 4464]);
  });
});

describe('convertArray contract', () => {
  it('returns the same array when no conversion is needed', () => {
    const a = Float64Array.of(1, 2);
    expect(convertArray(a, DOUBLE, DOUBLE, ctx)).toBe(a);
  });
  it('rejects an array that is not of the stated native type', () => {
    expect(() => convertArray(Float32Array.of(1), DOUBLE, LONG, ctx)).toThrow(ConversionError);
    expect(() => convertArray(['1'], LONG, DOUBLE, ctx)).toThrow(ConversionError);
  });
});
