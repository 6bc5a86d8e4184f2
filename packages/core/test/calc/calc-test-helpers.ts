/** Shared helpers for the calc engine tests. */
import { expect } from 'vitest';
import { compileCalc } from '../../src/calc/index.js';
import type { CompileCalcOptions } from '../../src/calc/index.js';

/** The argument values epicsCalcTest.cpp uses: A=1, B=2, ... L=12. */
export function epicsTestArgs(): Float64Array {
  return Float64Array.from({ length: 12 }, (_, n) => n + 1);
}

/** Compiles and evaluates once with A..L = 1..12. */
export function calc(expression: string, options?: CompileCalcOptions): number {
  return compileCalc(expression, options).evaluate(epicsTestArgs());
}

/** epicsCalcTest.cpp's testCalc() comparison: finite within 1e-8, NaN is NaN, otherwise exact. */
export function expectCalcValue(actual: number, expected: number): void {
  if (Number.isFinite(expected) && Number.isFinite(actual)) expect(Math.abs(actual - expected)).toBeLessThan(1e-8);
  else if (Number.isNaN(expected)) expect(actual).toBeNaN();
  else expect(actual).toBe(expected);
}

/** The instruction listing without addresses, e.g. "PUSH 1 | PUSH 2 | ADD". */
export function postfixOf(expression: string): string {
  return compileCalc(expression, { maxLength: Infinity })
    .disassemble()
    .split('\n')
    .map((line) => line.replace(/^\s*\d+: /, ''))
    .join(' | ');
}

/** The CalcSyntaxError that compiling `expression` throws (fails the test if none). */
export function compileError(expression: string, options?: CompileCalcOptions): { code: string; position: number; message: string } {
  try {
    compileCalc(expression, options);
  } catch (error) {
    return error as { code: string; position: number; message: string };
  }
  throw new Error(`expected '${expression}' not to compile`);
}
