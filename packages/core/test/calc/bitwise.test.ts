/**
 * Bitwise operators convert doubles to 32 bits the way calcPerform.c's d2i()/d2ui() macros do,
 * and out-of-range conversions behave as gcc's code does on linux-x86_64. Every expected value
 * here was checked against libCom 7.0.8.1 on that platform.
 */
import { describe, expect, it } from 'vitest';
import { calc } from './calc-test-helpers.js';

describe('calc bitwise operators', () => {
  it.each([
    ['5 & 3', 1],
    ['5 AND 3', 1],
    ['5 | 3', 7],
    ['5 OR 3', 7],
    ['5 XOR 3', 6],
    ['~0', -1],
    ['NOT 0', -1],
    ['1 << 4', 16],
    ['-16 >> 2', -4], // arithmetic: keeps the sign
    ['-1 >>> 28', 15], // logical: shifts in zeros
    ['-1 >>> 0', 4294967295], // and the result stays unsigned
    ['0xaaaaaaaa >>> 0', 2863311530],
    ['1 << 32', 1], // the shift count is masked to 5 bits
    ['1 >> 33', 0],
    ['1 << -1', -2147483648],
    ['2.9 | 0', 2], // truncation toward zero
    ['-2.9 | 0', -2],
    ['2863311530.1 OR 0', -1431655766], // above INT32_MAX: low 32 bits, read as signed
    ['5e9 OR 0', 705032704],
    ['9.2233720368547748e18 OR 0', -1024],
    ['1e19 OR 0', 0], // 2^63 and above convert to 0
    ['Inf OR 0', 0],
    ['NaN OR 0', 0],
    ['-3e9 OR 0', -2147483648], // below INT32_MIN: INT_MIN
    ['-Inf OR 0', -2147483648],
    ['-2147483648.9 OR 0', -2147483648],
  ] as const)('%s = %d', (expression, expected) => {
    expect(calc(expression)).toBe(expected);
  });

  it('% works on (epicsInt32) values: out-of-range and NaN become INT_MIN', () => {
    expect(calc('7.9 % 2.9')).toBe(1);
    expect(calc('3e9 % 7')).toBe(-2);
    expect(calc('NaN % 2')).toBe(0);
    expect(calc('5 % NaN')).toBe(5);
    expect(calc('5 % 0.5')).toBeNaN(); // the divisor truncates to 0
    expect(Object.is(calc('-8 % 4'), 0)).toBe(true); // an integer 0, never -0
    expect(calc('0x80000000 % -1')).toBe(0); // traps in C (SIGFPE); we give 0
  });
});
