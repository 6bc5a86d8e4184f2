/** ':=' assignment to A..L, ';' sequences, and the calcArgUsage-style bitmaps. */
import { describe, expect, it } from 'vitest';
import { compileCalc } from '../../src/calc/index.js';
import { calc, compileError, epicsTestArgs } from './calc-test-helpers.js';

const bit = (names: string): number => [...names].reduce((bits, name) => bits | (1 << (name.charCodeAt(0) - 65)), 0);

describe('calc assignment and sequences', () => {
  it('stores into the argument array and yields the one non-assignment sub-expression', () => {
    const args = epicsTestArgs();
    expect(compileCalc('B:=A*10; C:=B+1; C*2').evaluate(args)).toBe(22);
    expect(Array.from(args.slice(0, 4))).toEqual([1, 10, 11, 4]);
  });

  it('lets the result come first (the postfix.h example "B; B:=A")', () => {
    const args = epicsTestArgs();
    expect(compileCalc('B; B:=A').evaluate(args)).toBe(2);
    expect(args[1]).toBe(1);
  });

  it('keeps state across evaluations through the arguments (the postfix.h example)', () => {
    const compiled = compileCalc('i:=i+1; a*sin(i*D2R)');
    const args = new Float64Array(12);
    args[0] = 2; // a
    compiled.evaluate(args);
    expect(compiled.evaluate(args)).toBeCloseTo(2 * Math.sin((2 * Math.PI) / 180), 15);
    expect(args[8]).toBe(2); // i
  });

  it('assigns the value of a whole conditional (":=" has the lowest priority)', () => {
    const args = epicsTestArgs();
    expect(compileCalc('A:=0 ? 5 : 6; A').evaluate(args)).toBe(6);
  });

  it('accepts a parenthesised variable as target, as EPICS does', () => {
    expect(calc('(A):=7; A')).toBe(7);
  });

  it('reports which arguments are read before being assigned, and which are assigned', () => {
    const cases: [string, number, number][] = [
      ['A+B', bit('AB'), 0],
      ['B:=A; B+C', bit('AC'), bit('B')],
      ['B+1; B:=3', bit('B'), bit('B')],
      ['B:=3; B+1', 0, bit('B')],
      ['L:=L+1; L', bit('L'), bit('L')],
      // like calcArgUsage, a linear walk of the postfix code: branches are not told apart
      ['A ? (B) : C', bit('ABC'), 0],
      ['VAL+PI', 0, 0],
    ];
    for (const [expression, inputs, stores] of cases) {
      const compiled = compileCalc(expression);
      expect({ expression, inputs: compiled.inputsUsed, stores: compiled.inputsStored }).toEqual({ expression, inputs, stores });
    }
  });

  it.each([
    ['A:=1', 'INCOMPLETE', 4], // no result at all
    ['1;2', 'INCOMPLETE', 3], // two results
    ['1;2;3', 'TOO_MANY_RESULTS', 3], // caught at the second ';'
    ['1;', 'INCOMPLETE', 2],
    [';1', 'SYNTAX', 0],
    ['A+B:=1', 'BAD_ASSIGNMENT', 3],
    ['5:=1', 'BAD_ASSIGNMENT', 1],
    ['VAL:=1', 'BAD_ASSIGNMENT', 3],
    ['PI:=1', 'BAD_ASSIGNMENT', 2],
    ['A:=B:=1', 'BAD_ASSIGNMENT', 4],
    ['-A:=1', 'BAD_ASSIGNMENT', 2],
  ] as const)('rejects %s (%s at %d)', (expression, code, position) => {
    expect(compileError(expression)).toMatchObject({ code, position });
  });

  it('requires at least 12 arguments', () => {
    expect(() => compileCalc('A').evaluate(new Float64Array(11))).toThrow(RangeError);
  });
});
