import { InterpolationTableError } from '../errors.js';
import { jacobiSvd } from './jacobi-svd.js';

export interface PolyfitResult {
  /** Coefficients, highest power first, like numpy.polyfit and poly1d. */
  readonly coefficients: Float64Array;
  /** Effective rank of the scaled Vandermonde matrix (degree + 1 unless rank-deficient). */
  readonly rank: number;
  /** Singular values of the column-scaled Vandermonde matrix, largest first. */
  readonly singularValues: Float64Array;
}

const EPS = 2 ** -52;

/**
 * Least-squares polynomial of the given degree, as numpy 1.24's `polyfit(x, y, deg)` computes
 * it (no weights):
 *
 * 1. the Vandermonde matrix with columns x^deg .. x^0, each power by one more multiplication
 *    (`np.vander` accumulates the product);
 * 2. every column divided by its 2-norm ("scale lhs to improve condition number");
 * 3. the minimum-norm least-squares solution through the SVD, treating singular values at or
 *    below `rcond * s_max` as zero with numpy's default `rcond = len(x) * eps` (`lstsq`,
 *    LAPACK gelsd). When that drops any, numpy warns RankWarning; we report `rank`;
 * 4. the solution divided by the column norms again.
 *
 * The SVD here is one-sided Jacobi rather than gelsd's bidiagonal divide and conquer; both are
 * backward stable, so the coefficients agree to about cond(scaled Vandermonde)·eps.
 */
export function polyfit(x: Float64Array, y: Float64Array, degree: number): PolyfitResult {
  const n = x.length;
  const m = degree + 1;

  // Columns by increasing power first (k = 0 is x^0), as np.vander builds them.
  const powers: Float64Array[] = [];
  const ones = new Float64Array(n).fill(1);
  powers.push(ones);
  for (let k = 1; k < m; k++) {
    const prev = powers[k - 1];
    powers.push(k === 1 ? Float64Array.from(x) : prev.map((value, i) => value * x[i]));
  }
  // Highest power first, as polyfit's lhs.
  const columns = powers.reverse();

  const scale = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const col = columns[j];
    let sum = 0;
    for (let i = 0; i < n; i++) sum += col[i] * col[i];
    scale[j] = Math.sqrt(sum);
    if (!(scale[j] > 0 && Number.isFinite(scale[j]))) {
      throw new InterpolationTableError(
        'overflow',
        `POLY degree ${degree}: x^${m - 1 - j} overflows or underflows for this table's x; rescale x or lower the degree`,
      );
    }
    for (let i = 0; i < n; i++) col[i] /= scale[j];
  }

  const { u, s, v } = jacobiSvd(columns);
  let smax = 0;
  for (const value of s) smax = Math.max(smax, value);
  const tol = n * EPS * smax;

  const coefficients = new Float64Array(m);
  let rank = 0;
  // Add the kept components from the largest singular value down: the order gelsd's
  // back-transformation effectively uses does not matter beyond rounding.
  const order = Array.from(s.keys()).sort((a, b) => s[b] - s[a]);
  for (const j of order) {
    if (!(s[j] > tol)) continue;
    rank++;
    let uy = 0;
    const uj = u[j];
    for (let i = 0; i < n; i++) uy += uj[i] * y[i];
    const w = uy / s[j];
    const vj = v[j];
    for (let i = 0; i < m; i++) coefficients[i] += w * vj[i];
  }
  for (let i = 0; i < m; i++) {
    coefficients[i] /= scale[i];
    if (!Number.isFinite(coefficients[i])) {
      throw new InterpolationTableError('overflow', `POLY degree ${degree}: the fitted coefficients overflow for this table`);
    }
  }
  const singularValues = Float64Array.from(order.map((j) => s[j]));
  return { coefficients, rank, singularValues };
}
