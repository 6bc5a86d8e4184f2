import { describe, expect, it } from 'vitest';
import {
  BandMatrix,
  bsplineBasis,
  findInterval,
  interpolationKnots,
  makeInterpSpline,
  solveBanded,
} from '../../src/interpolation/bspline/index.js';

const x = Float64Array.of(0, 1, 2, 4, 5);
const y = Float64Array.of(1, 3, 2, 7, -1);

describe('knots (make_interp_spline defaults, scipy 1.10.1)', () => {
  it('k=0: x then x[-1]', () => {
    expect(Array.from(interpolationKnots(x, 0))).toEqual([0, 1, 2, 4, 5, 5]);
  });
  it('k=1: x[0], x, x[-1]', () => {
    expect(Array.from(interpolationKnots(x, 1))).toEqual([0, 0, 1, 2, 4, 5, 5]);
  });
  it('k=2: inner mid-points without the first and last, ends tripled', () => {
    // scipy: make_interp_spline(x, y, k=2).t
    expect(Array.from(interpolationKnots(x, 2))).toEqual([0, 0, 0, 1.5, 3, 5, 5, 5]);
    expect(Array.from(interpolationKnots(Float64Array.of(0, 1, 3), 2))).toEqual([0, 0, 0, 3, 3, 3]);
  });
  it('k=3: not-a-knot, interior knots x[2:-2], ends quadrupled', () => {
    expect(Array.from(interpolationKnots(x, 3))).toEqual([0, 0, 0, 0, 2, 5, 5, 5, 5]);
    expect(Array.from(interpolationKnots(Float64Array.of(0, 1, 2, 3), 3))).toEqual([0, 0, 0, 0, 3, 3, 3, 3]);
  });
});

describe('coefficients (make_interp_spline(x, y, k).c from scipy 1.10.1)', () => {
  it('k=2', () => {
    const { c } = makeInterpSpline({ x, y }, 2);
    const scipy = [1, 4.091216216216216, 0.7263513513513513, 11.77027027027027, -1];
    Array.from(c).forEach((v, i) => expect(v).toBeCloseTo(scipy[i], 13));
  });
  it('k=3', () => {
    const { c } = makeInterpSpline({ x, y }, 3);
    const scipy = [1, 5.619047619047619, -4.976190476190476, 14.785714285714286, -1];
    Array.from(c).forEach((v, i) => expect(v).toBeCloseTo(scipy[i], 13));
  });
  it('k=0 and k=1 are y itself', () => {
    expect(Array.from(makeInterpSpline({ x, y }, 0).c)).toEqual(Array.from(y));
    expect(Array.from(makeInterpSpline({ x, y }, 1).c)).toEqual(Array.from(y));
  });
});

describe('findInterval (scipy _bspl.find_interval, extrapolate=True)', () => {
  const t = interpolationKnots(x, 3); // [0,0,0,0,2,5,5,5,5], 5 coefficients
  it('puts a knot in the interval it starts, and the right end in the last interval', () => {
    expect(findInterval(t, 3, 5, 0)).toBe(3);
    expect(findInterval(t, 3, 5, 1.999)).toBe(3);
    expect(findInterval(t, 3, 5, 2)).toBe(4);
    expect(findInterval(t, 3, 5, 5)).toBe(4);
  });
  it('continues the end pieces outside', () => {
    expect(findInterval(t, 3, 5, -10)).toBe(3);
    expect(findInterval(t, 3, 5, 10)).toBe(4);
  });
  it('returns -1 for NaN', () => {
    expect(findInterval(t, 3, 5, Number.NaN)).toBe(-1);
  });
  it('k=0 with one coefficient', () => {
    const t0 = interpolationKnots(Float64Array.of(2), 0);
    for (const v of [1, 2, 3]) expect(findInterval(t0, 0, 1, v)).toBe(0);
  });
});

describe('bsplineBasis', () => {
  it('is a partition of unity with non-negative values in the base interval', () => {
    const t = interpolationKnots(Float64Array.of(0, 0.5, 1.7, 2, 3.1, 4, 6), 3);
    const h = new Float64Array(8);
    for (let v = 0; v <= 6; v += 0.01) {
      const l = findInterval(t, 3, 7, v);
      bsplineBasis(t, 3, l, v, h);
      const sum = h[0] + h[1] + h[2] + h[3];
      expect(sum).toBeCloseTo(1, 14);
      for (let a = 0; a <= 3; a++) expect(h[a]).toBeGreaterThanOrEqual(-1e-15);
    }
  });
});

describe('solveBanded (gbsv-like LU with partial pivoting)', () => {
  it('solves a random banded system as a dense solve does, including pivoting', () => {
    let seed = 12345;
    const rand = () => ((seed = (1103515245 * seed + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const n = 30;
    const kl = 3;
    const ku = 2;
    const band = new BandMatrix(n, kl, ku);
    const dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      for (let j = Math.max(0, i - kl); j <= Math.min(n - 1, i + ku); j++) {
        // Small diagonal entries force row interchanges.
        const v = i === j ? 0.01 * rand() : rand();
        band.set(i, j, v);
        dense[i][j] = v;
      }
    }
    const b = Float64Array.from({ length: n }, rand);
    const solution = solveBanded(band, b);
    expect(solution).not.toBeNull();
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let j = 0; j < n; j++) r += dense[i][j] * solution![j];
      expect(r).toBeCloseTo(b[i], 10);
    }
  });

  it('returns null for a singular matrix', () => {
    const band = new BandMatrix(3, 1, 1);
    band.set(0, 0, 1);
    band.set(0, 1, 2);
    band.set(1, 0, 2);
    band.set(1, 1, 4);
    band.set(2, 2, 1);
    expect(solveBanded(band, Float64Array.of(1, 2, 3))).toBeNull();
  });

  it('refuses entries outside the band', () => {
    expect(() => new BandMatrix(5, 1, 1).set(0, 4, 1)).toThrow(RangeError);
  });
});
