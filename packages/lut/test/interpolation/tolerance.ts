/**
 * How close is close enough to scipy/numpy, and why.
 *
 * Every fit kind except POLY: |got − want| ≤ 1e-9 · max(|want|, 1e-6 · yscale), where yscale
 * is the table's largest |y|. That is the 1e-9 relative bound with an absolute floor
 * near zero: a result near zero comes out of intermediate values of size yscale, whose
 * rounding leaves about eps · yscale ≈ 2e-16 · yscale; the floor allows 1e-15 · yscale,
 * a few units in the last place of yscale. (Measured on the fixture: the interp1d kinds and
 * make_interp_spline agree bit for bit, so the bound is not being leaned on.)
 *
 * POLY: |got − want| ≤ 1e-9 · max(|want|, 1e-6 · yscale) + 64 · eps · cond · Σ|c_j|·|x|^j
 * (the same floor, for a fit that comes out near zero, e.g. degree 0 on y = −1, 0, 1,
 * where numpy's mean is 6.4e-17 and ours 0), where cond is
 * np.linalg.cond of the column-scaled Vandermonde matrix numpy's lstsq factors and c are
 * numpy's coefficients. The second term is the size of numpy's own error: a backward-stable
 * least-squares solve (numpy's gelsd or our Jacobi SVD) gives coefficients accurate to about
 * cond · eps, and Horner's rule then sums terms of size |c_j x^j|, so two correct
 * implementations can differ by about eps · cond · Σ|c_j x^j| and no more can be promised.
 * For degrees up to 5 on ordinary tables that term is far below 1e-9 · |want| except where
 * the polynomial crosses zero; above degree 5 (cond 1e5 … 4e11 in the fixture) it is the
 * looser bound the issue allows. The factor 64 covers the constants of those estimates
 * (the largest measured ratio of the difference to eps · cond · Σ|c_j x^j| is below 40).
 */
export const RELATIVE = 1e-9;
export const FLOOR_OF_YSCALE = 1e-6;
export const POLY_SAFETY = 64;
const EPS = 2 ** -52;

export function allowedError(want: number, yscale: number): number {
  return RELATIVE * Math.max(Math.abs(want), FLOOR_OF_YSCALE * yscale);
}

/** Σ|c_j|·|x|^j for coefficients highest power first. */
export function termMagnitude(coefficients: readonly number[], x: number): number {
  const degree = coefficients.length - 1;
  let sum = 0;
  coefficients.forEach((c, j) => {
    sum += Math.abs(c) * Math.abs(x) ** (degree - j);
  });
  return sum;
}

export function allowedPolyError(
  want: number,
  yscale: number,
  x: number,
  cond: number,
  coefficients: readonly number[],
): number {
  return allowedError(want, yscale) + POLY_SAFETY * EPS * cond * termMagnitude(coefficients, x);
}

/** True when got matches want within `allowed`; null (scipy's NaN) must be matched by NaN. */
export function agrees(got: number, want: number | null, allowed: number): boolean {
  if (want === null) return Number.isNaN(got);
  return got === want || Math.abs(got - want) <= allowed;
}
