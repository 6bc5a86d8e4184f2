import { describe, expect, it } from 'vitest';
import { createInterpolator, FINE_POINTS, FitType, linspace, resample } from '../../src/interpolation/index.js';

describe('resample', () => {
  const f = createInterpolator({ x: [0, 1, 3, 4], y: [0, 2, 1, 5] }, FitType.SPLINE3, { outOfRange: 'refuse' });

  it('gives 255 points across the table by default, ends included', () => {
    const { x, y } = resample(f);
    expect(FINE_POINTS).toBe(255);
    expect(x.length).toBe(255);
    expect(x[0]).toBe(0);
    expect(x[254]).toBe(4);
    expect(y[0]).toBeCloseTo(0, 14);
    expect(y[254]).toBeCloseTo(5, 14);
    x.forEach((v, i) => expect(y[i]).toBe(f.evaluate(v)));
  });

  it('takes another range and count, and out-of-range x follows the mode', () => {
    expect(resample(f, 1, 3, 5).x).toEqual(Float64Array.of(1, 1.5, 2, 2.5, 3));
    expect(() => resample(f, -1, 4)).toThrow(RangeError);
  });

  it('linspace handles 0 and 1 points and refuses a bad count', () => {
    expect(linspace(1, 2, 0).length).toBe(0);
    expect(Array.from(linspace(1, 2, 1))).toEqual([1]);
    expect(() => linspace(0, 1, -1)).toThrow(TypeError);
    expect(() => linspace(0, 1, 2.5)).toThrow(TypeError);
  });
});
