/** Every function, constant and operand of the calc language, including C edge cases. */
import { describe, expect, it } from 'vitest';
import { compileCalc } from '../../src/calc/index.js';
import { calc, epicsTestArgs, expectCalcValue } from './calc-test-helpers.js';

const INT32_MIN = -2147483648;

describe('calc functions', () => {
  it.each([
    ['ABS(-2.5)', 2.5],
    ['SQRT(16)', 4],
    ['SQR(16)', 4], // SQR is square root, not square
    ['SQRT(-1)', NaN],
    ['EXP(1)', Math.E],
    ['LOG(1000)', 3], // base 10
    ['LN(EXP(2))', 2],
    ['LOGE(EXP(2))', 2],
    ['LOG(0)', -Infinity],
    ['SIN(PI/2)', 1],
    ['COS(PI)', -1],
    ['TAN(PI/4)', 1],
    ['ASIN(1)', Math.PI / 2],
    ['ACOS(-1)', Math.PI],
    ['ATAN(1)', Math.PI / 4],
    ['ATAN2(1, 0)', 0], // EPICS ATAN2(a, b) is C atan2(b, a)
    ['ATAN2(0, 1)', Math.PI / 2],
    ['ATAN2(-1, 0)', Math.PI],
    ['SINH(1)', Math.sinh(1)],
    ['COSH(1)', Math.cosh(1)],
    ['TANH(1)', Math.tanh(1)],
    ['CEIL(1.2)', 2],
    ['CEIL(-1.2)', -1],
    ['FLOOR(1.8)', 1],
    ['FLOOR(-1.2)', -2],
    ['FMOD(7.5, 2)', 1.5],
    ['FMOD(-7.5, 2)', -1.5],
    ['FMOD(1, 0)', NaN],
    ['FMOD(5, Inf)', 5],
    ['NINT(2.5)', 3], // halves round away from zero
    ['NINT(-2.5)', -3],
    ['NINT(0.49999999999999994)', 1], // x + 0.5 rounds up in double arithmetic, as in C
    ['NINT(2147483647.4)', 2147483647],
    ['NINT(2147483647.6)', INT32_MIN], // (epicsInt32) overflow on x86-64
    ['NINT(NaN)', INT32_MIN],
    ['ISINF(Inf)', 1],
    ['ISINF(-Inf)', -1], // gcc's isinf() in C is sign-aware; libCom on Linux returns -1
    ['ISINF(NaN)', 0],
    ['ISNAN(1, 2, NaN, 4)', 1],
    ['ISNAN(1)', 0],
    ['FINITE(1, 2, 3)', 1],
    ['FINITE(1, -Inf)', 0],
    ['MAX(3)', 3],
    ['MAX(1, 5, 2)', 5],
    ['MAX(A,B,C,D,E,F,G,H,I,J,K,L)', 12],
    ['MIN(A,B,C,D,E,F,G,H,I,J,K,L)', 1],
    ['MIN(3, NaN, 1)', NaN],
    ['MAX(-Inf, Inf)', Infinity],
  ] as const)('%s', (expression, expected) => {
    expectCalcValue(calc(expression), expected);
  });

  it('MAX and MIN fold from the right, so MAX(-0, 0) keeps -0 as libCom does', () => {
    expect(Object.is(calc('MAX(-0, 0)'), -0)).toBe(true);
    expect(Object.is(calc('MAX(0, -0)'), 0)).toBe(true);
  });

  it('provides PI, D2R and R2D', () => {
    expect(calc('PI')).toBe(Math.PI);
    expect(calc('D2R')).toBe(Math.PI / 180);
    expect(calc('R2D')).toBe(180 / Math.PI);
    expect(calc('90*D2R')).toBe(Math.PI / 2);
  });

  it('reads arguments A..L and VAL', () => {
    expect(calc('A+B*L')).toBe(25);
    const compiled = compileCalc('VAL+1');
    expect(compiled.readsVal).toBe(true);
    expect(compiled.evaluate(epicsTestArgs(), 41)).toBe(42);
    expect(compiled.evaluate(epicsTestArgs())).toBe(1); // VAL defaults to 0
    expect(compileCalc('A').readsVal).toBe(false);
  });

  it('is case-insensitive and takes the longest matching name', () => {
    expect(calc('sin(pi/2) + Max(a, B) + d2r*0')).toBe(3);
    expect(calc('ABSA')).toBe(1); // ABS A
    expect(calc('sinA')).toBe(Math.sin(1));
    expect(calc('1OR2')).toBe(3);
    expect(calc('AANDB')).toBe(0);
  });

  it('draws RNDM from the injected source', () => {
    const values = [0.25, 0.5];
    const compiled = compileCalc('RNDM + 10*RNDM', { random: () => values.shift()! });
    expect(compiled.evaluate(epicsTestArgs())).toBe(5.25);
  });

  it('uses Math.random for RNDM by default, uniform in [0, 1)', () => {
    const rndm = compileCalc('RNDM');
    const samples = Array.from({ length: 1000 }, () => rndm.evaluate(epicsTestArgs()));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(1);
    expect(new Set(samples).size).toBeGreaterThan(900);
  });

  it('gives IEEE results instead of errors', () => {
    expect(calc('1/0')).toBe(Infinity);
    expect(calc('-1/0')).toBe(-Infinity);
    expect(calc('0/0')).toBeNaN();
    expect(calc('1%0')).toBeNaN();
    expect(calc('(-8)^(1/3)')).toBeNaN();
    expect(calc('1^NaN')).toBe(1); // C pow(), not Math.pow
    expect(calc('(-1)^Inf')).toBe(1);
  });

  it('treats NaN as true and -0 as false, as C does', () => {
    expect(calc('NaN ? 1 : 2')).toBe(1);
    expect(calc('-0 ? 1 : 2')).toBe(2);
    expect(calc('!NaN')).toBe(0);
    expect(calc('NaN && 1')).toBe(1);
    expect(calc('NaN || 0')).toBe(1);
  });
});
