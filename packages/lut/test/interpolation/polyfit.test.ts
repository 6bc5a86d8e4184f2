import { describe, expect, it } from 'vitest';
import { jacobiSvd, polyfit, polyval } from '../../src/interpolation/poly/index.js';

describe('jacobiSvd', () => {
  it('factors A = U diag(s) Vᵀ with orthonormal U and V', () => {
    const rows = 9;
    const cols = [0, 1, 2, 3].map((j) => Float64Array.from({ length: rows }, (_, i) => Math.cos(i * (j + 1)) + (i === j ? 2 : 0)));
    const { u, s, v } = jacobiSvd(cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < 4; j++) {
        let a = 0;
        for (let k = 0; k < 4; k++) a += u[k][i] * s[k] * v[k][j];
        expect(a).toBeCloseTo(cols[j][i], 13);
      }
    }
    for (let p = 0; p < 4; p++) {
      for (let q = 0; q < 4; q++) {
        let uu = 0;
        let vv = 0;
        for (let i = 0; i < rows; i++) uu += u[p][i] * u[q][i];
        for (let i = 0; i < 4; i++) vv += v[p][i] * v[q][i];
        expect(uu).toBeCloseTo(p === q ? 1 : 0, 13);
        expect(vv).toBeCloseTo(p === q ? 1 : 0, 13);
      }
    }
  });
});

describe('polyfit (numpy.polyfit)', () => {
  it('recovers an exact polynomial', () => {
    const x = Float64Array.from({ length: 12 }, (_, i) => -1 + i * 0.3);
    const y = x.map((v) => 2 * v ** 3 - v + 0.5);
    const { coefficients, rank } = polyfit(x, y, 3);
    expect(rank).toBe(4);
    [2, 0, -1, 0.5].forEach((c, i) => expect(coefficients[i]).toBeCloseTo(c, 12));
  });

  it('gives the least-squares line (closed form) for degree 1', () => {
    const x = Float64Array.of(1, 2, 3, 5, 8);
    const y = Float64Array.of(1.1, 1.9, 3.2, 4.8, 8.3);
    const n = x.length;
    const mx = x.reduce((a, b) => a + b) / n;
    const my = y.reduce((a, b) => a + b) / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) ** 2;
    }
    const slope = sxy / sxx;
    const { coefficients } = polyfit(x, y, 1);
    expect(coefficients[0]).toBeCloseTo(slope, 13);
    expect(coefficients[1]).toBeCloseTo(my - slope * mx, 13);
  });

  it('drops singular values at or below len(x)·eps·s_max, like lstsq, and reports the rank', () => {
    // x = 1000 + 0.125 i: degree 5 is numerically rank 5 of 6 for numpy too (fixture table offset-narrow-12).
    const x = Float64Array.from({ length: 12 }, (_, i) => 1000 + 0.125 * i);
    const y = x.map((v) => Math.sin(v - 1000));
    expect(polyfit(x, y, 3).rank).toBe(4);
    expect(polyfit(x, y, 5).rank).toBe(5);
  });
});

describe('polyval (poly1d.__call__)', () => {
  it('is Horner from the highest power', () => {
    expect(polyval([2, -3, 1], 4)).toBe(21);
    expect(polyval([], 4)).toBe(0);
    expect(polyval([5], 1e300)).toBe(5);
  });
  it('gives NaN at infinity as numpy does (0 * inf in the first step)', () => {
    expect(polyval([1, 0], Infinity)).toBeNaN();
  });
});
