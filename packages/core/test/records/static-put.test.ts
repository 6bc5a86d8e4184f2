/**
 * dbStatic's conversions of a .db field's text (dbPutStringNum with dbConvertStrict off); the
 * same texts into every field type are compared with softIoc by test/softioc-static-load.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { hasUnexpandedMacro, staticMenuIndex, staticNumber } from '../../src/records/fields/static-put.js';

describe('staticNumber', () => {
  it('reads integers in any C base and truncates them to the field', () => {
    expect(['0x10', '010', ' 7 ', '+5', '-0', ''].map((t) => staticNumber('DBF_LONG', t))).toEqual([16, 8, 7, 5, 0, 0]);
    expect(staticNumber('DBF_LONG', '99999999999')).toBe(1215752191);
    expect(staticNumber('DBF_SHORT', '0xffffffff')).toBe(-1);
    expect(staticNumber('DBF_UCHAR', '99999999999')).toBe(255);
    expect(staticNumber('DBF_ENUM', '-1')).toBe(65535);
    expect(staticNumber('DBF_ULONG', '18446744073709551615')).toBe(4294967295);
  });

  it('refuses what is not all number, and what overflows 64 bits', () => {
    for (const text of ['1.5', '1e3', '08', '0x', '1 2', 'abc', 'inf']) expect(() => staticNumber('DBF_LONG', text), text).toThrow();
    expect(() => staticNumber('DBF_INT64', '9223372036854775808')).toThrow(/Too large/);
    expect(() => staticNumber('DBF_USHORT', '18446744073709551616')).toThrow(/Too large/);
  });

  it('with dbConvertStrict, refuses an integer outside its field instead of truncating it; "-1" still wraps an unsigned one', () => {
    expect(() => staticNumber('DBF_LONG', '99999999999', true)).toThrow(/Too large/);
    expect(() => staticNumber('DBF_SHORT', '0xffffffff', true)).toThrow(/Too large/);
    expect(() => staticNumber('DBF_UCHAR', '256', true)).toThrow(/Too large/);
    expect([staticNumber('DBF_SHORT', '-32768', true), staticNumber('DBF_USHORT', '-1', true), staticNumber('DBF_ULONG', '0xffffffff', true)]).toEqual([-32768, 65535, 4294967295]);
  });

  it('reads doubles as strtod, with nothing after them', () => {
    expect(['1e3', ' .5', 'inf', '-Infinity', '0x1p3'].map((t) => staticNumber('DBF_DOUBLE', t))).toEqual([1000, 0.5, Infinity, -Infinity, 8]);
    expect(Number.isNaN(staticNumber('DBF_DOUBLE', 'nan'))).toBe(true);
    for (const text of ['1,5', '0x', '1 second', '1e400']) expect(() => staticNumber('DBF_DOUBLE', text), text).toThrow();
  });
});

describe('staticMenuIndex', () => {
  const scan = ['Passive', 'Event', 'I/O Intr', '10 second', '5 second', '2 second', '1 second', '.5 second', '.2 second', '.1 second'];
  it('takes a choice, else an index up to the number of choices, or 65535', () => {
    expect(['1 second', '', '010', '+5', '10', '-1'].map((t) => staticMenuIndex(t, scan))).toEqual([6, 0, 8, 5, 10, 65535]);
    for (const text of ['11', 'bogus', '70000', ' Passive']) expect(() => staticMenuIndex(text, scan), text).toThrow();
  });
});

it('finds a macro left in a value', () => {
  expect(['a$(B)', '${X}', '$(', 'a$b', '$', '{}'].map(hasUnexpandedMacro)).toEqual([true, true, true, false, false, false]);
});
