import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createInterpolator,
  FIT_TYPE_NAMES,
  FitType,
  type FitType as FitTypeValue,
  InterpolationRangeError,
  isInterpolationError,
  type OutOfRangeMode,
} from '../../src/interpolation/index.js';

const EPS = 2 ** -52;
const fits = FIT_TYPE_NAMES.map((name) => FitType[name]);

/**
 * A valid table: n points, strictly increasing x built from steps in [0.1, 10] (spacing
 * ratios up to 100, as calibration tables have), any start, y in ±1000.
 */
const table = (minLength: number, maxLength = 40) =>
  fc
    .record({
      start: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      steps: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: minLength - 1, maxLength: maxLength - 1 }),
      y: fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: maxLength, maxLength }),
    })
    .map(({ start, steps, y }) => {
      const x = [start];
      for (const s of steps) x.push(x[x.length - 1] + s);
      return { x, y: y.slice(0, x.length) };
    })
    .filter(({ x }) => x.every((v, i) => i === 0 || v > x[i - 1]));

const yScale = (y: readonly number[]) => Math.max(1, ...y.map(Math.abs));
/** Equal as numbers: 0 and -0 alike (scipy's splines also turn -0 into 0 summing from 0.). */
const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

describe('properties (fast-check)', () => {
  it('every fit except POLY goes through the table points', () => {
    fc.assert(
      fc.property(table(4), fc.constantFrom(...fits.filter((f) => f !== FitType.POLY)), (t, fit) => {
        const f = createInterpolator(t, fit, { outOfRange: 'refuse' });
        const tol = fit === FitType.SPLINE2 || fit === FitType.SPLINE3 ? 1e-9 * yScale(t.y) : 4 * EPS * yScale(t.y);
        t.x.forEach((x, i) => {
          const got = f.evaluate(x);
          if (Math.abs(got - t.y[i]) > tol) throw new Error(`fit ${fit} at x[${i}] = ${x}: ${got} != ${t.y[i]}`);
        });
        // The step kinds and LINEAR return the table value itself, bit for bit.
        if (fit <= FitType.SPLINE0) t.x.forEach((x, i) => expect(same(f.evaluate(x), t.y[i])).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('LINEAR between two nodes stays between their y values', () => {
    fc.assert(
      fc.property(table(2), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), (t, frac, pick) => {
        const f = createInterpolator(t, FitType.LINEAR, { outOfRange: 'refuse' });
        const j = pick % (t.x.length - 1);
        const x = Math.min(t.x[j] + frac * (t.x[j + 1] - t.x[j]), t.x[j + 1]);
        const v = f.evaluate(x);
        const slack = 2 * EPS * yScale(t.y);
        expect(v).toBeGreaterThanOrEqual(Math.min(t.y[j], t.y[j + 1]) - slack);
        expect(v).toBeLessThanOrEqual(Math.max(t.y[j], t.y[j + 1]) + slack);
      }),
    );
  });

  it('NEXT and PREVIOUS give the first x_i >= x and the last x_i <= x; NEAREST the closer one, ties low', () => {
    fc.assert(
      fc.property(table(2), fc.double({ min: 0, max: 1, noNaN: true }), (t, frac) => {
        const ids = { x: t.x, y: t.x.map((_, i) => i) };
        const x = t.x[0] + frac * (t.x[t.x.length - 1] - t.x[0]);
        const next = createInterpolator(ids, FitType.NEXT, { outOfRange: 'refuse' }).evaluate(x);
        const previous = createInterpolator(ids, FitType.PREVIOUS, { outOfRange: 'refuse' }).evaluate(x);
        const nearest = createInterpolator(ids, FitType.NEAREST, { outOfRange: 'refuse' }).evaluate(x);
        expect(next).toBe(t.x.findIndex((v) => v >= x));
        expect(previous).toBe(t.x.findLastIndex((v) => v <= x));
        const [lo, hi] = [previous, Math.min(previous + 1, t.x.length - 1)];
        const [dlo, dhi] = [x - t.x[lo], t.x[hi] - x];
        if (Math.abs(dlo - dhi) > 1e-9) expect(nearest).toBe(dlo <= dhi ? lo : hi);
        else expect([lo, hi]).toContain(nearest);
      }),
    );
  });

  it('SPLINE0 is PREVIOUS inside the table, last node included; SPLINE1 is LINEAR to rounding', () => {
    fc.assert(
      fc.property(table(2), fc.double({ min: 0, max: 1, noNaN: true }), (t, frac) => {
        const at = (fit: FitTypeValue, x: number) => createInterpolator(t, fit, { outOfRange: 'refuse' }).evaluate(x);
        const xmax = t.x[t.x.length - 1];
        const x = t.x[0] + frac * (xmax - t.x[0]);
        expect(same(at(FitType.SPLINE0, x), at(FitType.PREVIOUS, x))).toBe(true);
        expect(same(at(FitType.SPLINE0, xmax), at(FitType.PREVIOUS, xmax))).toBe(true);
        expect(Math.abs(at(FitType.SPLINE1, x) - at(FitType.LINEAR, x))).toBeLessThanOrEqual(8 * EPS * yScale(t.y));
      }),
    );
  });

  it('the order of the table does not matter', () => {
    fc.assert(
      fc.property(
        table(4, 15),
        fc.constantFrom(...fits),
        fc.array(fc.nat(), { minLength: 15, maxLength: 15 }),
        fc.double({ min: -0.2, max: 1.2, noNaN: true }),
        (t, fit, keys, frac) => {
          const order = t.x.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
          const shuffled = { x: order.map((i) => t.x[i]), y: order.map((i) => t.y[i]) };
          const options = { outOfRange: 'extrapolate' as const, degree: 2 };
          const x = t.x[0] + frac * (t.x[t.x.length - 1] - t.x[0]);
          expect(createInterpolator(shuffled, fit, options).evaluate(x)).toBe(createInterpolator(t, fit, options).evaluate(x));
        },
      ),
    );
  });

  it('clamp holds the end values and evaluateMany is evaluate, element by element', () => {
    fc.assert(
      fc.property(table(4, 20), fc.constantFrom(...fits), fc.array(fc.double({ noNaN: true }), { maxLength: 20 }), (t, fit, xs) => {
        const f = createInterpolator(t, fit, { outOfRange: 'clamp', degree: 3 });
        const many = f.evaluateMany(xs);
        xs.forEach((x, i) => {
          expect(Object.is(many[i], f.evaluate(x))).toBe(true);
          if (x < f.xmin) expect(many[i]).toBe(f.evaluate(f.xmin));
          if (x > f.xmax) expect(many[i]).toBe(f.evaluate(f.xmax));
        });
      }),
    );
  });

  it('random tables and inputs never throw anything but the module’s own errors', () => {
    const anyNumber = fc.oneof(
      fc.double(),
      fc.constantFrom(0, -0, 1, Number.NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE),
      fc.integer({ min: -5, max: 5 }),
    );
    fc.assert(
      fc.property(
        fc.array(anyNumber, { maxLength: 30 }),
        fc.array(anyNumber, { maxLength: 30 }),
        fc.integer({ min: -1, max: 9 }),
        fc.option(fc.integer({ min: -2, max: 12 }), { nil: undefined }),
        fc.constantFrom<OutOfRangeMode>('clamp', 'extrapolate', 'refuse'),
        fc.array(anyNumber, { maxLength: 10 }),
        (x, y, fit, degree, outOfRange, xs) => {
          // Most random pairs differ in length; make half of them equal so fitting is reached.
          const n = Math.min(x.length, y.length);
          const t = degree !== undefined && degree % 2 === 0 ? { x: x.slice(0, n), y: y.slice(0, n) } : { x, y };
          let f;
          try {
            f = createInterpolator(t, fit as FitTypeValue, { outOfRange, degree });
          } catch (error) {
            if (!isInterpolationError(error)) throw error;
            return;
          }
          for (const v of xs) {
            try {
              expect(typeof f.evaluate(v)).toBe('number');
            } catch (error) {
              if (!(error instanceof InterpolationRangeError && outOfRange === 'refuse')) throw error;
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finite tables of any magnitude fit or fail with the module’s errors, and evaluate to numbers', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(finite, finite), { minLength: 1, maxLength: 25 }),
        fc.constantFrom(...fits),
        fc.integer({ min: 0, max: 9 }),
        fc.array(fc.double(), { maxLength: 10 }),
        (points, fit, degree, xs) => {
          const t = { x: points.map((p) => p[0]), y: points.map((p) => p[1]) };
          let f;
          try {
            f = createInterpolator(t, fit, { outOfRange: 'extrapolate', degree });
          } catch (error) {
            if (!isInterpolationError(error)) throw error;
            return;
          }
          for (const v of [...xs, f.xmin, f.xmax]) expect(typeof f.evaluate(v)).toBe('number');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
