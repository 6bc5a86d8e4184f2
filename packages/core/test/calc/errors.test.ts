/** Malformed expressions: error codes, positions, messages and the EPICS limits. */
import { describe, expect, it } from 'vitest';
import {
  CALC_MAX_EXPRESSION_LENGTH,
  CALC_MAX_PENDING_OPERATORS,
  CALC_STACK_SIZE,
  CalcSyntaxError,
  compileCalc,
} from '../../src/calc/index.js';
import { calc, compileError } from './calc-test-helpers.js';

describe('calc syntax errors', () => {
  it('throws a CalcSyntaxError carrying the code, position and expression', () => {
    let caught: unknown;
    try {
      compileCalc('1 + )');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CalcSyntaxError);
    expect(caught).toBeInstanceOf(Error);
    expect(caught).toMatchObject({
      name: 'CalcSyntaxError',
      code: 'SYNTAX',
      position: 4,
      expression: '1 + )',
      message: "Unexpected ')' at position 4: expected an operand (number, variable, function or '(')",
    });
  });

  it.each([
    // [expression, code, position, message]
    ['', 'EMPTY', 0, 'Empty expression at position 0'],
    ['   ', 'INCOMPLETE', 3, 'Incomplete expression at position 3: operand missing'],
    ['1*', 'INCOMPLETE', 2, 'Incomplete expression at position 2: operand missing'],
    ['A B', 'SYNTAX', 2, "Unexpected 'B' at position 2: expected an operator"],
    ['XYZ+1', 'SYNTAX', 0, "Unexpected 'XYZ' at position 0: expected an operand (number, variable, function or '(')"],
    ['A $ B', 'SYNTAX', 2, "Unexpected '$' at position 2: expected an operator"],
    ['(1+2', 'PAREN_OPEN', 0, "Unclosed '(' at position 0"],
    ['MAX(1,(2)', 'PAREN_OPEN', 3, "Unclosed '(' at position 3"],
    ['(1+2;3)', 'PAREN_OPEN', 0, "Unclosed '(' at position 0"],
    ['1+2)', 'PAREN_NOT_OPEN', 3, "Unexpected ')' at position 3: no '(' is open"],
    ['1,2', 'BAD_SEPARATOR', 1, "Unexpected ',' at position 1: comma outside parentheses"],
    ['1 ? 2', 'CONDITIONAL', 2, "'?' without ':' at position 2"],
    ['1 : 2', 'CONDITIONAL', 2, "Unexpected ':' at position 2: no '?' before it"],
    ['1 ? 2 ; 3', 'CONDITIONAL', 2, "'?' without ':' at position 2"],
    ['A+B:=1', 'BAD_ASSIGNMENT', 3, "Bad assignment ':=' at position 3: it must directly follow a variable A-L"],
    ['1 + .', 'BAD_LITERAL', 4, "Bad numeric literal '.' at position 4: no digits"],
    ['2*1e999', 'BAD_LITERAL', 2, "Bad numeric literal '1e999' at position 2: too large for a double"],
    ['1;2;3', 'TOO_MANY_RESULTS', 3, "Too many results before ';' at position 3: all but one sub-expression must be assignments"],
    ['SIN(1,2)', 'INCOMPLETE', 8, 'Incomplete expression at position 8: it yields 2 values instead of 1'],
    ['ATAN2(ATAN2(1)) + 1; 2', 'UNDERFLOW', 0, "Not enough operands for 'ATAN2' at position 0"],
  ] as const)('%j: %s at %d', (expression, code, position, message) => {
    expect(compileError(expression)).toMatchObject({ code, position, message });
  });

  it('rejects calls EPICS would run with a missing argument (stricter than EPICS)', () => {
    // libCom accepts this and reads a stale stack slot for ATAN2's second argument.
    expect(compileError('ATAN2(1);5')).toMatchObject({ code: 'UNDERFLOW', position: 0 });
  });

  it('rejects ?: branches that leave different numbers of values (stricter than EPICS)', () => {
    // libCom accepts this; for A = 0 its calcPerform() then fails with a stack mismatch.
    expect(compileError('MAX(A ? 1,2 : 3)')).toMatchObject({ code: 'UNBALANCED_BRANCHES', position: 12 });
    expect(calc('MAX(A ? 1 : 2, 3)')).toBe(3);
  });

  describe('limits', () => {
    it(`accepts expressions of up to ${CALC_MAX_EXPRESSION_LENGTH} characters by default (CALC field size 80)`, () => {
      const longest = `${'1+'.repeat(39)}1`;
      expect(longest).toHaveLength(79);
      expect(calc(longest)).toBe(40);
      expect(compileError(`${longest}+1`)).toMatchObject({ code: 'TOO_LONG', position: 79 });
      expect(calc(`${longest}+1`, { maxLength: 100 })).toBe(41);
    });

    it(`allows at most ${CALC_STACK_SIZE - 1} values on the evaluation stack`, () => {
      const args = (count: number): string => `MAX(${Array.from({ length: count }, (_, n) => n).join(',')})`;
      expect(calc(args(79), { maxLength: Infinity })).toBe(78);
      expect(compileCalc(args(79), { maxLength: Infinity }).maxStackDepth).toBe(79);
      expect(compileError(args(80), { maxLength: Infinity })).toMatchObject({ code: 'OVERFLOW' });
    });

    it(`allows at most ${CALC_MAX_PENDING_OPERATORS} pending operators and parentheses`, () => {
      const nested = (depth: number): string => `${'('.repeat(depth)}1${')'.repeat(depth)}`;
      expect(calc(nested(79), { maxLength: Infinity })).toBe(1);
      expect(compileError(nested(80), { maxLength: Infinity })).toMatchObject({ code: 'NESTING', position: 79 });
      expect(calc(`${'-'.repeat(79)}1`, { maxLength: Infinity })).toBe(-1);
    });
  });
});
