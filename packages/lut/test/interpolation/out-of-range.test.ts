import { describe, expect, it } from 'vitest';
import {
  createInterpolator,
  FIT_TYPE_NAMES,
  FitType,
  type FitTypeName,
  InterpolationRangeError,
} from '../../src/interpolation/index.js';

// A small uneven table; the expected values below were printed by scipy 1.10.1 for it.
const table = { x: [0, 1, 2, 4, 5], y: [1, 3, 2, 7, -1] };
const below = -1;
const above = 6;

function make(name: FitTypeName, outOfRange: 'clamp' | 'extrapolate' | 'refuse') {
  return createInterpolator(table, FitType[name], { outOfRange, degree: name === 'POLY' ? 2 : undefined });
}

describe("outOfRange: 'extrapolate' is interp1d(fill_value='extrapolate') per kind", () => {
  // Values printed by scipy 1.10.1 for this table at x = -1 and x = 6.
  const scipy: Record<Exclude<FitTypeName, 'POLY'>, [number, number]> = {
    LINEAR: [-1, -9],
    NEAREST: [1, -1],
    NEXT: [1, Number.NaN],
    PREVIOUS: [Number.NaN, -1],
    SPLINE0: [1, -1],
    SPLINE1: [-1, -9],
    SPLINE2: [-5.243243243243243, -18.54054054054054],
    SPLINE3: [-14.285714285714285, -27.428571428571427],
  };
  for (const [name, [lo, hi]] of Object.entries(scipy) as [Exclude<FitTypeName, 'POLY'>, [number, number]][]) {
    it(`${name}: ${lo} below, ${hi} above`, () => {
      const f = make(name, 'extrapolate');
      const check = (got: number, want: number) => (Number.isNaN(want) ? expect(got).toBeNaN() : expect(got).toBeCloseTo(want, 12));
      check(f.evaluate(below), lo);
      check(f.evaluate(above), hi);
    });
  }

  it('POLY: the polynomial itself', () => {
    const f = make('POLY', 'extrapolate');
    const g = make('POLY', 'clamp');
    // The extrapolated values lie on the same parabola as the in-range ones: check with a
    // second difference at equal steps (exact for a quadratic up to rounding).
    const [a, b, c] = [f.evaluate(-2), f.evaluate(-1), f.evaluate(0)];
    const [d, e] = [g.evaluate(1), g.evaluate(2)];
    expect(a - 2 * b + c).toBeCloseTo(c - 2 * d + e, 10);
  });
});

describe("outOfRange: 'clamp' gives the value at the nearer end", () => {
  for (const name of FIT_TYPE_NAMES) {
    it(name, () => {
      const f = make(name, 'clamp');
      for (const x of [-1e300, below, -1e-12]) expect(f.evaluate(x)).toBe(f.evaluate(0));
      for (const x of [5 + 1e-12, above, 1e300, Infinity]) expect(f.evaluate(x)).toBe(f.evaluate(5));
      expect(f.evaluate(-Infinity)).toBe(f.evaluate(0));
    });
  }

  it('the ends are the table values for every interpolating fit', () => {
    for (const name of FIT_TYPE_NAMES.filter((n) => n !== 'POLY')) {
      const f = make(name, 'clamp');
      expect(f.evaluate(below), name).toBeCloseTo(1, 12);
      expect(f.evaluate(above), name).toBeCloseTo(-1, 12);
    }
  });
});

describe("outOfRange: 'refuse' throws InterpolationRangeError", () => {
  for (const name of FIT_TYPE_NAMES) {
    it(name, () => {
      const f = make(name, 'refuse');
      expect(() => f.evaluate(below)).toThrow(InterpolationRangeError);
      expect(() => f.evaluate(above)).toThrow(/x = 6 is above the table's maximum x 5/);
      expect(() => f.evaluate(-Number.MIN_VALUE)).toThrow(/below the table's minimum x 0/);
      // The ends themselves are in range (interp1d's bounds are inclusive).
      expect(Number.isFinite(f.evaluate(0))).toBe(true);
      expect(Number.isFinite(f.evaluate(5))).toBe(true);
    });
  }

  it('carries x and the range', () => {
    const f = make('LINEAR', 'refuse');
    try {
      f.evaluate(7.5);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      expect(error).toMatchObject({ name: 'InterpolationRangeError', x: 7.5, xmin: 0, xmax: 5 });
    }
  });

  it('evaluateMany refuses as evaluate does', () => {
    expect(() => make('SPLINE3', 'refuse').evaluateMany([0, 2, 9])).toThrow(InterpolationRangeError);
  });
});

describe('NaN input', () => {
  it('gives NaN in every mode and every fit, never an error', () => {
    for (const name of FIT_TYPE_NAMES) {
      for (const mode of ['clamp', 'extrapolate', 'refuse'] as const) {
        expect(make(name, mode).evaluate(Number.NaN), `${name} ${mode}`).toBeNaN();
      }
    }
  });
});

describe('a one-point table (NEAREST, NEXT, PREVIOUS, SPLINE0 accept it, as interp1d does)', () => {
  // scipy 1.10.1, interp1d([2.0], [5.0], kind, fill_value='extrapolate') at x = 1, 2, 3.
  const scipy: [FitTypeName, number[]][] = [
    ['NEAREST', [5, 5, 5]],
    ['NEXT', [5, 5, Number.NaN]],
    ['PREVIOUS', [Number.NaN, 5, 5]],
    ['SPLINE0', [5, 5, 5]],
  ];
  for (const [name, values] of scipy) {
    it(name, () => {
      const one = { x: [2], y: [5] };
      const extrapolating = createInterpolator(one, FitType[name], { outOfRange: 'extrapolate' });
      expect([1, 2, 3].map((x) => extrapolating.evaluate(x))).toEqual(values);
      const clamping = createInterpolator(one, FitType[name], { outOfRange: 'clamp' });
      expect([1, 2, 3].map((x) => clamping.evaluate(x))).toEqual([5, 5, 5]);
      const refusing = createInterpolator(one, FitType[name], { outOfRange: 'refuse' });
      expect(refusing.evaluate(2)).toBe(5);
      expect(() => refusing.evaluate(3)).toThrow(InterpolationRangeError);
    });
  }
});
