/**
 * Operator precedence and associativity, which follow EPICS postfix.c's priority table rather
 * than C's: shifts bind looser than comparisons, && shares a level with &, || with | and XOR,
 * and power is left-associative.
 */
import { describe, expect, it } from 'vitest';
import { calc, postfixOf } from './calc-test-helpers.js';

/** [expression, value, why] */
const CASES: readonly (readonly [string, number, string])[] = [
  ['1+2*3', 7, '* before +'],
  ['(1+2)*3', 9, 'parentheses'],
  ['1-2-3', -4, '- is left-associative'],
  ['8/4/2', 1, '/ is left-associative'],
  ['2*3%4', 2, '* and % share a level, left to right'],
  ['7%4*2', 6, '% and * share a level, left to right'],
  ['2**3**2', 64, '** is LEFT-associative: (2**3)**2'],
  ['2^3^2', 64, '^ is the same operator as **'],
  ['-2^2', 4, 'unary minus binds tighter than power'],
  ['2^-1', 0.5, 'unary minus after an operator'],
  ['2*-3', -6, 'unary minus after *'],
  ['- - -1', -1, 'unary minus is right-associative'],
  ['-3%2', -1, 'C remainder keeps the dividend sign'],
  ['!0+1', 2, '! binds tighter than +'],
  ['NOT 5 AND 3', 2, 'NOT binds tighter than AND: (~5)&3'],
  ['1+1<<1', 4, '+ before <<'],
  ['1<<1<3', 2, 'comparison before shift: 1<<(1<3)'],
  ['8>>1>2', 8, 'comparison before shift: 8>>(1>2)'],
  ['1|2&3', 3, '& before |'],
  ['1||0&&0', 1, '&& before ||'],
  ['0&&1|1', 1, '&& (level 2) before | (level 1)'],
  ['4&1&&1', 0, '& and && share a level, left to right'],
  ['1 XOR 1 OR 1', 1, 'XOR and OR share a level, left to right'],
  ['1 OR 1 XOR 1', 0, '(1|1) XOR 1, unlike C where XOR binds tighter'],
  ['1<2=1', 1, 'comparisons share a level, left to right'],
  ['3>2>1', 0, '(3>2)>1'],
  ['2=2==1', 1, '= is equality, like =='],
  ['1 ? 2 : 3+4', 2, '?: is lowest'],
  ['0 ? 2 : 3+4', 7, '?: is lowest'],
  ['0 ? 1 : 0 ? 2 : 3', 3, '?: nests to the right'],
  ['1 ? 0 ? 2 : 3 : 4', 3, '?: nests in the true branch'],
  ['SIN 0 + 1', 1, 'a function without parentheses applies to the next operand'],
  ['ABS -3 * 2', 6, 'ABS(-3)*2'],
  ['SQRT 16 ^ 2', 16, 'functions bind tighter than power'],
  ['MAX(1,2)*3', 6, 'function call then *'],
];

describe('calc precedence', () => {
  it.each(CASES)('%s = %d (%s)', (expression, value) => {
    expect(calc(expression)).toBe(value);
  });

  it('compiles to the same postfix order as EPICS', () => {
    expect(postfixOf('1+2*3')).toBe('PUSH 1 | PUSH 2 | PUSH 3 | MUL | ADD');
    expect(postfixOf('2^3^2')).toBe('PUSH 2 | PUSH 3 | POW | PUSH 2 | POW');
    expect(postfixOf('-A^2')).toBe('FETCH A | NEG | PUSH 2 | POW');
    expect(postfixOf('1<<2!=4')).toBe('PUSH 1 | PUSH 2 | PUSH 4 | NE | SHL');
    expect(postfixOf('MAX(A,B+1,C)')).toBe('FETCH A | FETCH B | PUSH 1 | ADD | FETCH C | MAX 3');
    expect(postfixOf('A ? B : C')).toBe('FETCH A | JUMP_IF_ZERO @8 | FETCH B | JUMP @10 | FETCH C');
  });
});
