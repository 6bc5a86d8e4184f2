/** The thin SVD A = U diag(s) Vᵀ of a tall matrix given by its columns. */
export interface Svd {
  /** Columns of U (each of length rows). */
  readonly u: Float64Array[];
  /** Singular values, in column order (not sorted). */
  readonly s: Float64Array;
  /** Columns of V (each of length cols). */
  readonly v: Float64Array[];
}

const EPS = 2 ** -52;
const MAX_SWEEPS = 80;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function rotate(a: Float64Array, b: Float64Array, c: number, s: number): void {
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    const bi = b[i];
    a[i] = c * ai - s * bi;
    b[i] = s * ai + c * bi;
  }
}

/**
 * One-sided Jacobi (Hestenes) SVD of a tall matrix (rows >= columns), for polyfit's least
 * squares. Pairs of columns are rotated until every pair is orthogonal to working precision;
 * the column norms are then the singular values. It is backward stable and finds small
 * singular values accurately, which matters because numpy's lstsq (LAPACK gelsd) drops the
 * ones at or below rcond·s_max and our rank decision must be the same as numpy's.
 * The input columns are not modified.
 */
export function jacobiSvd(columns: readonly Float64Array[]): Svd {
  const m = columns.length;
  const a = columns.map((col) => Float64Array.from(col));
  const v = Array.from({ length: m }, (_, j) => {
    const e = new Float64Array(m);
    e[j] = 1;
    return e;
  });

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const alpha = dot(a[p], a[p]);
        const beta = dot(a[q], a[q]);
        const gamma = dot(a[p], a[q]);
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated = true;
        // Rutishauser's stable rotation that zeroes the (p, q) entry of AᵀA.
        const zeta = (beta - alpha) / (2 * gamma);
        const t =
          Math.abs(zeta) > 1e150
            ? 1 / (2 * zeta)
            : (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotate(a[p], a[q], c, s);
        rotate(v[p], v[q], c, s);
      }
    }
    if (!rotated) break;
  }

  const s = new Float64Array(m);
  const u = a.map((col, j) => {
    const norm = Math.sqrt(dot(col, col));
    s[j] = norm;
    return norm === 0 ? new Float64Array(col.length) : col.map((value) => value / norm);
  });
  return { u, s, v };
}
