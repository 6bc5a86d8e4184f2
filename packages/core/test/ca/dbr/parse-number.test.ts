/**
 * Text put to integer fields, as dbPut reads it (dbFastLinkConv.c cvt_st_*): every expectation
 * here was checked by hand with caput/caget against EPICS softIoc 7.0.8.1 (an mbbo's ZRVL for
 * DBF_ULONG, an int64out's VAL for DBF_INT64); the behaviour fixture replays more of them over CA.
 */
import { describe, expect, it } from 'vitest';
import { parseInt64, parseULongField, parseUnsignedInt, ulongStoredBeforeFailure } from '../../../src/ca/protocol/dbr/parse-number.js';

describe('parseULongField (cvt_st_ul: epicsParseUInt32, else through a double)', () => {
  const cases: [string, number | undefined][] = [
    ['7', 7],
    ['  42', 42],
    ['12abc', 12],
    ['0x1A', 0],
    ['1e3', 1000], // the integer 1 is followed by 'e': read as a double
    ['12.7e1', 127],
    ['.5', 0], // no integer: the double 0.5, truncated
    ['5e9', 705032704], // truncated to 64 bits, then the low 32 (x86-64's conversion)
    ['1e19', 0], // 2^63 and above: cvttsd2si's 0x8000000000000000, low half 0
    ['4294967295', 4294967295],
    ['4294967296', undefined], // overflow: refused, no second chance through the double
    ['-1', 4294967295], // strtoul negates in unsigned arithmetic
    ['-4294967295', 1],
    ['-7.9', 4294967289], // the integer -7 wraps; the double -7.9 is out of range, the integer stays
    ['abc', undefined],
    ['', 0],
  ];
  it.each(cases)('"%s" -> %s', (text, expected) => {
    expect(parseULongField(text, 5)).toBe(expected);
  });

  it('keeps the current value where there is no integer and the double is out of range', () => {
    expect(parseULongField('-.5', 5)).toBe(5);
    expect(parseULongField('.5e30', 5)).toBe(5);
  });

  it('fails where the double read fails, having stored the integer before it (softIoc: "1e400" leaves 1)', () => {
    expect(parseULongField('1e400', 5)).toBeUndefined();
    expect(ulongStoredBeforeFailure('1e400')).toBe(1);
    expect(ulongStoredBeforeFailure('3e-400')).toBe(3);
    expect(ulongStoredBeforeFailure('1e3')).toBeUndefined();
    expect(ulongStoredBeforeFailure('12')).toBeUndefined();
  });

  it('epicsParseUInt32 alone: strtoul and its overflow rule at 32 bits', () => {
    expect(parseUnsignedInt('4294967295', 32)).toBe(4294967295);
    expect(parseUnsignedInt('4294967296', 32)).toBeUndefined();
    expect(parseUnsignedInt('-1', 32)).toBe(4294967295);
  });
});

describe('parseInt64 (epicsParseInt64: strtoll base 10)', () => {
  it.each([
    ['9223372036854775807', 9223372036854775807],
    ['-9223372036854775808', -9223372036854775808],
    ['9223372036854775808', undefined], // ERANGE: softIoc keeps the value it had
    ['-9223372036854775809', undefined],
    ['1e3', 1],
    ['-7.9', -7],
    ['0x1A', 0],
    ['', 0],
    ['abc', undefined],
  ] as [string, number | undefined][])('"%s" -> %s', (text, expected) => {
    expect(parseInt64(text)).toBe(expected);
  });
});
