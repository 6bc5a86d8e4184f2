/**
 * Runs every expectation of EPICS base's own calc engine test (epicsCalcTest.cpp) against
 * compileCalc(), with that test's argument values (A..L = 1..12) and comparison rules.
 */
import { describe, expect, it } from 'vitest';
import { CalcSyntaxError, compileCalc } from '../../src/calc/index.js';
import { ARG_USAGE_CASES, BAD_EXPRESSION_CASES, UINT32_CASES, VALUE_CASES } from './epics-calc-test-cases.js';
import { calc, expectCalcValue } from './calc-test-helpers.js';

describe('epicsCalcTest.cpp expectations', () => {
  it('ports all 637 checks of its test plan', () => {
    const rndmCheck = 1;
    expect(VALUE_CASES.length + UINT32_CASES.length + ARG_USAGE_CASES.length + BAD_EXPRESSION_CASES.length + rndmCheck).toBe(637);
  });

  describe('testExpr / testCalc', () => {
    it.each(VALUE_CASES)('%s', (expression, expected) => {
      expectCalcValue(calc(expression), expected);
    });
  });

  it('rndm stays within [0, 1] over 100 evaluations', () => {
    const rndm = compileCalc('rndm');
    for (let n = 0; n < 100; n++) {
      const value = rndm.evaluate(new Float64Array(12));
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  describe('testUInt32Calc (bit 31 handling, EPICS bug lp:1514520)', () => {
    it.each(UINT32_CASES)('%s', (expression, expected) => {
      const result = calc(expression);
      expect(Number.isInteger(result)).toBe(true);
      // The C test's conversion: (epicsUInt32)(epicsInt32) for negatives, (epicsUInt32) otherwise.
      expect((result < 0 ? result | 0 : result) >>> 0).toBe(expected);
    });
  });

  describe('testArgs (calcArgUsage)', () => {
    it.each(ARG_USAGE_CASES)('%s', (expression, inputs, stores) => {
      const compiled = compileCalc(expression);
      expect([compiled.inputsUsed, compiled.inputsStored]).toEqual([inputs, stores]);
    });
  });

  describe('testBadExpr', () => {
    it.each(BAD_EXPRESSION_CASES)('%s', (expression, code) => {
      expect(() => compileCalc(expression)).toThrow(CalcSyntaxError);
      expect(() => compileCalc(expression)).toThrow(expect.objectContaining({ code }));
    });
  });
});
