/** Numeric literals as EPICS reads them (glibc strtod and strtoul via epicsParseDouble/UInt32). */
import { describe, expect, it } from 'vitest';
import { calc, compileError } from './calc-test-helpers.js';

describe('calc literals', () => {
  it.each([
    ['1.', 1],
    ['.5', 0.5],
    ['007', 7], // decimal, not octal
    ['1e3', 1000],
    ['1E+3', 1000],
    ['2.5e-3', 0.0025],
    ['0e-999', 0],
    ['2.2250738585072014e-308', 2.2250738585072014e-308], // DBL_MIN itself is fine
    ['0x1F', 31],
    ['0XfF', 255],
    ['0x7fffffff', 2147483647],
    ['0x80000000', -2147483648], // hex literals are signed 32-bit
    ['0x00000000000000000001', 1], // leading zeros do not count
    ['0xFFFFFFFFFFFFFFFF', -1], // epicsParseUInt32 lets 0xffffffff00000000.. through, truncated
    ['INF', Infinity],
    ['inf', Infinity],
    ['Infinity', Infinity],
    ['NaN', NaN],
    ['nan(123)', NaN], // strtod's "nan(chars)" form
  ] as const)('%s', (expression, expected) => {
    expect(calc(expression)).toBe(expected);
  });

  it.each([
    ['1e999', 'BAD_LITERAL', 0], // overflow
    ['1e-310', 'BAD_LITERAL', 0], // glibc reports ERANGE for subnormal results
    ['1e-400', 'BAD_LITERAL', 0],
    ['.', 'BAD_LITERAL', 0],
    ['0x100000000', 'BAD_LITERAL', 0],
    ['0x10000000000000000', 'BAD_LITERAL', 0],
    ['0x', 'SYNTAX', 1], // strtoul reads just the 0
    ['0x0.1', 'SYNTAX', 3],
    ['1e', 'SYNTAX', 1],
    ['1.2.3', 'SYNTAX', 3],
    ['INFINITE', 'SYNTAX', 3],
    ['-', 'INCOMPLETE', 1], // a sign is the negation operator, never part of a literal
    ['+1', 'SYNTAX', 0], // and there is no unary plus
  ] as const)('rejects %s (%s at %d)', (expression, code, position) => {
    expect(compileError(expression)).toMatchObject({ code, position });
  });
});
