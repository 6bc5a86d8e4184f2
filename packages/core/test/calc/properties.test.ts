/** Property tests: robustness on arbitrary input, and agreement with a reference evaluator. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalcSyntaxError, compileCalc } from '../../src/calc/index.js';
import type { Expr } from './calc-reference.js';
import {
  BINARY_FUNCTIONS,
  BINARY_OPERATORS,
  BINARY_PRIORITY,
  PREFIX_OPERATORS,
  UNARY_FUNCTIONS,
  VARARGS_FUNCTIONS,
  evaluateReference,
  render,
  sameNumber,
} from './calc-reference.js';

const unlimited = { maxLength: Infinity };

/** Compiles, or returns the CalcSyntaxError; anything else thrown fails the test. */
function tryCompile(source: string): ReturnType<typeof compileCalc> | CalcSyntaxError {
  try {
    return compileCalc(source, unlimited);
  } catch (error) {
    if (error instanceof CalcSyntaxError) return error;
    throw error;
  }
}

const TOKENS = [
  ...'ABCDEFGHIJKL', 'a', 'l', 'VAL', 'RNDM', 'PI', 'D2R', 'R2D', 'INF', 'NAN', 'Infinity', '0', '1', '2.5', '.5', '1e3',
  '1e999', '0x', '0x1F', '0xffffffff', '(', ')', ',', ';', '?', ':', ':=', ...BINARY_OPERATORS, '!', '~', 'NOT',
  ...UNARY_FUNCTIONS, ...BINARY_FUNCTIONS, ...VARARGS_FUNCTIONS, ' ', 'X', '$', '.', 'e',
];

describe('calc properties', () => {
  it('never throws anything but CalcSyntaxError, with a position inside the text, on any input', () => {
    const anyText = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((tokens) => tokens.join('')),
      fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((tokens) => tokens.join(' ')),
    );
    fc.assert(
      fc.property(anyText, (source) => {
        const result = tryCompile(source);
        if (result instanceof CalcSyntaxError) {
          expect(result.position).toBeGreaterThanOrEqual(0);
          expect(result.position).toBeLessThanOrEqual(source.length);
          expect(result.message).toContain(`at position ${result.position}`);
        } else {
          expect(result.maxStackDepth).toBeLessThan(80);
          expect(typeof result.evaluate(Float64Array.from({ length: 12 }, (_, n) => n - 3))).toBe('number');
        }
      }),
      { numRuns: 3000 },
    );
  });

  const literal = fc.oneof(
    fc.integer({ min: 0, max: 3000 }).map((n) => ({ text: String(n), value: n })),
    fc.constantFrom(
      { text: '0.5', value: 0.5 },
      { text: '2.5e-1', value: 0.25 },
      { text: '1e10', value: 1e10 },
      { text: '0x1F', value: 31 },
      { text: '0xffffffff', value: -1 },
      { text: '2863311530.1', value: 2863311530.1 },
      { text: 'Inf', value: Infinity },
      { text: 'NaN', value: NaN },
    ),
  );

  const leaf: fc.Arbitrary<Expr> = fc.oneof(
    literal.map(({ text, value }): Expr => ({ kind: 'literal', text, value })),
    fc.integer({ min: 0, max: 11 }).map((index): Expr => ({ kind: 'arg', index })),
    fc.constant<Expr>({ kind: 'val' }),
    fc.constant<Expr>({ kind: 'rndm' }),
  );

  const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { maxDepth: 5, depthIdentifier: 'calc-expr' },
      leaf,
      fc.record({
        kind: fc.constant('prefix' as const),
        op: fc.constantFrom<string>(...PREFIX_OPERATORS, ...UNARY_FUNCTIONS),
        arg: tie('expr'),
      }),
      fc.record({ kind: fc.constant('binary' as const), op: fc.constantFrom<string>(...BINARY_OPERATORS), left: tie('expr'), right: tie('expr') }),
      fc.record({
        kind: fc.constant('call' as const),
        fn: fc.constantFrom<string>(...BINARY_FUNCTIONS),
        args: fc.tuple(tie('expr'), tie('expr')),
      }),
      fc.record({
        kind: fc.constant('call' as const),
        fn: fc.constantFrom<string>(...VARARGS_FUNCTIONS),
        args: fc.array(tie('expr'), { minLength: 1, maxLength: 4 }),
      }),
      fc.record({ kind: fc.constant('conditional' as const), test: tie('expr'), then: tie('expr'), otherwise: tie('expr') }),
    ),
  }));

  const argValues = fc
    .array(fc.oneof(fc.double(), fc.integer({ min: -100, max: 100 }).map(Number)), { minLength: 12, maxLength: 12 })
    .map((values) => Float64Array.from(values));

  /** A deterministic RNDM sequence, so engine and reference can be compared. */
  const counter = (): (() => number) => {
    let n = 0;
    return () => (n++ % 7) / 7;
  };

  it('evaluates generated expressions like the reference evaluator', () => {
    fc.assert(
      fc.property(expr, argValues, fc.double(), fc.boolean(), (tree, args, val, lowerCase) => {
        const source = lowerCase ? render(tree).toLowerCase() : render(tree);
        const compiled = compileCalc(source, { ...unlimited, random: counter() });
        const expected = evaluateReference(tree, { args: args.slice(), val, random: counter() });
        const actual = compiled.evaluate(args.slice(), val);
        if (!sameNumber(actual, expected)) expect({ source, actual }).toEqual({ source, actual: expected });
      }),
      { numRuns: 3000 },
    );
  });

  it('runs ";" sequences of assignments in order, yielding the one plain sub-expression', () => {
    const assignment = fc.record({ target: fc.integer({ min: 0, max: 11 }), value: expr });
    fc.assert(
      fc.property(fc.array(assignment, { maxLength: 3 }), expr, fc.nat(), argValues, (stores, result, slot, args) => {
        const position = slot % (stores.length + 1);
        const parts = stores.map(({ target, value }) => `${'ABCDEFGHIJKL'[target]}:=${render(value)}`);
        parts.splice(position, 0, render(result));

        const expectedArgs = args.slice();
        const env = { args: expectedArgs, val: 0, random: counter() };
        let expected = NaN;
        stores.forEach(({ target, value }, index) => {
          if (index === position) expected = evaluateReference(result, env);
          expectedArgs[target] = evaluateReference(value, env);
        });
        if (position === stores.length) expected = evaluateReference(result, env);

        const actualArgs = args.slice();
        const actual = compileCalc(parts.join('; '), { ...unlimited, random: counter() }).evaluate(actualArgs, 0);
        expect(sameNumber(actual, expected)).toBe(true);
        expect(Array.from(actualArgs).every((v, n) => sameNumber(v, expectedArgs[n]!))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('applies EPICS precedence to unparenthesised operator chains', () => {
    const operand = fc.record({
      prefix: fc.constantFrom('', '-', '!', '~'),
      value: fc.integer({ min: 0, max: 9 }),
    });
    const chain = fc.tuple(operand, fc.array(fc.tuple(fc.constantFrom(...BINARY_OPERATORS), operand), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(chain, ([first, rest]) => {
        const source = [`${first.prefix}${first.value}`, ...rest.map(([op, o]) => `${op} ${o.prefix}${o.value}`)].join(' ');
        // Precedence climbing over the same operands: every operator is left-associative.
        const operands = [first, ...rest.map(([, o]) => o)].map(({ prefix, value }): Expr => {
          const leafExpr: Expr = { kind: 'literal', text: String(value), value };
          return prefix === '' ? leafExpr : { kind: 'prefix', op: prefix, arg: leafExpr };
        });
        const operators = rest.map(([op]) => op);
        let next = 0;
        const parse = (minPriority: number): Expr => {
          let left = operands[next]!;
          while (next < operators.length && BINARY_PRIORITY[operators[next]!]! >= minPriority) {
            const op = operators[next++]!;
            const right = parse(BINARY_PRIORITY[op]! + 1);
            left = { kind: 'binary', op, left, right };
          }
          return left;
        };
        const tree = parse(1);
        const env = { args: new Float64Array(12), val: 0, random: Math.random };
        const actual = compileCalc(source, unlimited).evaluate(new Float64Array(12));
        if (!sameNumber(actual, evaluateReference(tree, env))) {
          expect({ source, actual }).toEqual({ source, actual: evaluateReference(tree, env), tree: render(tree) });
        }
      }),
      { numRuns: 3000 },
    );
  });
});
