import { describe, expect, it } from 'vitest';
import {
  createInterpolator,
  FIT_TYPE_NAMES,
  FitType,
  type FitType as FitTypeValue,
  InterpolationOptionError,
  InterpolationRangeError,
  InterpolationTableError,
  isInterpolationError,
  minimumPoints,
} from '../../src/interpolation/index.js';

const fits = FIT_TYPE_NAMES.map((name) => FitType[name]);
const options = (fit: FitTypeValue) => ({ outOfRange: 'refuse' as const, degree: fit === FitType.POLY ? 3 : undefined });

function tableError(run: () => unknown): InterpolationTableError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InterpolationTableError);
    return error as InterpolationTableError;
  }
  throw new Error('expected an InterpolationTableError');
}

describe('tables the fits cannot use', () => {
  it.each(fits)('fit %i refuses a table one point short of its minimum, and takes the minimum', (fit) => {
    const need = minimumPoints(fit, 3);
    const table = (n: number) => ({ x: Array.from({ length: n }, (_, i) => i), y: Array.from({ length: n }, (_, i) => i * i) });
    const error = tableError(() => createInterpolator(table(need - 1), fit, options(fit)));
    expect(error.code).toBe('too-few-points');
    expect(error.message).toMatch(new RegExp(`needs at least ${need} point`));
    expect(() => createInterpolator(table(need), fit, options(fit))).not.toThrow();
  });

  it('knows what each fit needs: interp1d minval, k+1 for splines, degree+1 for POLY, 2 for LINEAR', () => {
    expect(fits.map((f) => minimumPoints(f, 5))).toEqual([2, 1, 1, 1, 1, 2, 3, 4, 6]);
  });

  it('refuses an empty table for every fit', () => {
    for (const fit of fits) expect(tableError(() => createInterpolator({ x: [], y: [] }, fit, options(fit))).code).toBe('too-few-points');
  });

  it('refuses x and y of different lengths', () => {
    const error = tableError(() => createInterpolator({ x: [0, 1, 2], y: [0, 1] }, FitType.LINEAR, options(FitType.LINEAR)));
    expect(error.code).toBe('length-mismatch');
    expect(error.message).toContain('x has 3, y has 2');
  });

  it.each([
    ['NaN in x', { x: [0, Number.NaN, 2, 3, 4], y: [0, 1, 2, 3, 4] }, 'x[1] is NaN'],
    ['NaN in y', { x: [0, 1, 2, 3, 4], y: [0, 1, 2, 3, Number.NaN] }, 'y[4] is NaN'],
    ['Infinity in x', { x: [0, 1, Infinity, 3, 4], y: [0, 1, 2, 3, 4] }, 'x[2] is Infinity'],
    ['-Infinity in y', { x: [0, 1, 2, 3, 4], y: [-Infinity, 1, 2, 3, 4] }, 'y[0] is -Infinity'],
  ])('refuses %s, naming the entry', (_, table, message) => {
    for (const fit of fits) {
      const error = tableError(() => createInterpolator(table, fit, options(fit)));
      expect(error.code).toBe('not-finite');
      expect(error.message).toContain(message);
    }
  });

  it('refuses a repeated x, naming the value and both positions (as given, not as sorted)', () => {
    const table = { x: [3, 1, 2, 1.5, 2, 0], y: [0, 1, 2, 3, 4, 5] };
    for (const fit of fits) {
      const error = tableError(() => createInterpolator(table, fit, options(fit)));
      expect(error.code).toBe('duplicate-x');
      expect(error.message).toContain('x = 2 appears twice (x[2] and x[4])');
      expect(error.index).toBe(4);
    }
  });

  it('counts -0 and 0 as the same x', () => {
    expect(tableError(() => createInterpolator({ x: [-0, 0], y: [1, 2] }, FitType.LINEAR, options(FitType.LINEAR))).code).toBe(
      'duplicate-x',
    );
  });

  it('sorts an unsorted table (interp1d assume_sorted=False) and does not touch the caller’s arrays', () => {
    const x = [4, 0, 3, 1, 2];
    const y = [16, 0, 9, 1, 4];
    for (const fit of fits) {
      const f = createInterpolator({ x, y }, fit, options(fit));
      const g = createInterpolator({ x: [0, 1, 2, 3, 4], y: [0, 1, 4, 9, 16] }, fit, options(fit));
      expect(Array.from(f.x)).toEqual([0, 1, 2, 3, 4]);
      expect(Array.from(f.y)).toEqual([0, 1, 4, 9, 16]);
      for (const v of [0, 0.3, 1.5, 2.5, 3.99, 4]) expect(f.evaluate(v)).toBe(g.evaluate(v));
    }
    expect(x).toEqual([4, 0, 3, 1, 2]);
    expect(y).toEqual([16, 0, 9, 1, 4]);
  });

  it('accepts typed arrays', () => {
    const f = createInterpolator({ x: Float64Array.of(0, 1, 2), y: Float32Array.of(0, 2, 4) }, FitType.LINEAR, {
      outOfRange: 'clamp',
    });
    expect(f.evaluate(1.5)).toBe(3);
  });
});

describe('options', () => {
  const table = { x: [0, 1, 2, 3], y: [0, 1, 0, 1] };

  it('refuses an unknown fit type', () => {
    expect(() => createInterpolator(table, 9 as FitTypeValue, { outOfRange: 'clamp' })).toThrow(InterpolationOptionError);
    expect(() => createInterpolator(table, -1 as FitTypeValue, { outOfRange: 'clamp' })).toThrow(/not a FitType/);
  });

  it('needs an integer degree >= 0 for POLY, and ignores degree for the others', () => {
    expect(() => createInterpolator(table, FitType.POLY, { outOfRange: 'clamp' })).toThrow(/POLY needs a degree/);
    expect(() => createInterpolator(table, FitType.POLY, { outOfRange: 'clamp', degree: -1 })).toThrow(InterpolationOptionError);
    expect(() => createInterpolator(table, FitType.POLY, { outOfRange: 'clamp', degree: 1.5 })).toThrow(InterpolationOptionError);
    expect(() => createInterpolator(table, FitType.POLY, { outOfRange: 'clamp', degree: Number.NaN })).toThrow(
      InterpolationOptionError,
    );
    expect(createInterpolator(table, FitType.LINEAR, { outOfRange: 'clamp', degree: -7 }).degree).toBeUndefined();
    expect(createInterpolator(table, FitType.POLY, { outOfRange: 'clamp', degree: 2 }).degree).toBe(2);
  });

  it('refuses an unknown out-of-range mode', () => {
    const bad = { outOfRange: 'wrap' } as unknown as { outOfRange: 'clamp' };
    expect(() => createInterpolator(table, FitType.LINEAR, bad)).toThrow(/unknown out-of-range mode "wrap"/);
  });

  it('refuses an evaluateMany output shorter than the input', () => {
    const f = createInterpolator(table, FitType.LINEAR, { outOfRange: 'clamp' });
    expect(() => f.evaluateMany([0, 1, 2], new Float64Array(2))).toThrow(InterpolationOptionError);
  });

  it('marks all its errors as its own', () => {
    expect(isInterpolationError(new InterpolationTableError('duplicate-x', 'x'))).toBe(true);
    expect(isInterpolationError(new InterpolationRangeError(5, 0, 1))).toBe(true);
    expect(isInterpolationError(new InterpolationOptionError('bad'))).toBe(true);
    expect(isInterpolationError(new RangeError('other'))).toBe(false);
  });
});

describe('numerically hopeless tables', () => {
  it('reports a POLY whose powers of x overflow instead of returning NaN coefficients', () => {
    const error = tableError(() =>
      createInterpolator({ x: [1e200, 2e200, 3e200], y: [0, 1, 2] }, FitType.POLY, { degree: 2, outOfRange: 'clamp' }),
    );
    expect(error.code).toBe('overflow');
  });

  it('reports a spline whose coefficients overflow', () => {
    const error = tableError(() =>
      createInterpolator({ x: [0, 1e-300, 2e-300, 1], y: [0, 1e300, -1e300, 0] }, FitType.SPLINE3, { outOfRange: 'clamp' }),
    );
    expect(['overflow', 'singular']).toContain(error.code);
  });
});

describe('tables near the limits of a double', () => {
  it('refuses a quadratic spline whose mid-point knots overflow, with the module error (found by fast-check)', () => {
    const table = { x: [3.692304572639232e293, 1.7976931348623123e308, 0, 1.7976931348623121e308], y: [0, 0, 0, 0] };
    const err = tableError(() => createInterpolator(table, FitType.SPLINE2, { outOfRange: 'refuse' }));
    expect(err.code).toBe('overflow');
  });
});
