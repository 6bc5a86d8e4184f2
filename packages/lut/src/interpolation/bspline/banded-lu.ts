/**
 * A square band matrix with kl sub- and ku super-diagonals, stored row by row with room for
 * the kl extra super-diagonals that partial pivoting fills in (LAPACK's `gbtrf` keeps the same
 * room). Row i holds columns i-kl .. i+kl+ku at `data[i*width + (j - i + kl)]`.
 */
export class BandMatrix {
  readonly n: number;
  readonly kl: number;
  readonly ku: number;
  readonly width: number;
  readonly data: Float64Array;

  constructor(n: number, kl: number, ku: number) {
    this.n = n;
    this.kl = kl;
    this.ku = ku;
    this.width = 2 * kl + ku + 1;
    this.data = new Float64Array(n * this.width);
  }

  index(i: number, j: number): number {
    const d = j - i + this.kl;
    if (d < 0 || d >= this.width) throw new RangeError(`(${i}, ${j}) is outside the band`);
    return i * this.width + d;
  }

  set(i: number, j: number, value: number): void {
    this.data[this.index(i, j)] = value;
  }

  get(i: number, j: number): number {
    return this.data[this.index(i, j)];
  }
}

/**
 * Solves A c = b in place of a copy of b, by LU with partial pivoting restricted to the band:
 * the method of LAPACK's `dgbsv` (dgbtf2 + dgbtrs), which scipy's make_interp_spline calls.
 * The steps follow the reference LAPACK ones (largest |pivot| in the column, first one on
 * ties; multipliers scaled by the pivot's reciprocal; column-oriented back substitution) so
 * the rounding is close to scipy's. `A` is overwritten by its factors.
 *
 * Returns the solution, or null when a pivot is exactly zero (scipy raises "Collocation
 * matrix is singular" for gbsv's info > 0).
 */
export function solveBanded(a: BandMatrix, b: Float64Array): Float64Array | null {
  const { n, kl, ku, width, data } = a;
  const kd = kl + ku; // super-diagonals of U after fill-in
  const at = (i: number, j: number): number => i * width + (j - i + kl);
  const piv = new Int32Array(n);
  const x = Float64Array.from(b);

  // Factor.
  for (let j = 0; j < n; j++) {
    const km = Math.min(kl, n - 1 - j);
    let p = j;
    let best = Math.abs(data[at(j, j)]);
    for (let i = j + 1; i <= j + km; i++) {
      const v = Math.abs(data[at(i, j)]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[j] = p;
    if (best === 0) return null;
    const last = Math.min(n - 1, j + kd);
    if (p !== j) {
      for (let c = j; c <= last; c++) {
        const ij = at(j, c);
        const ip = at(p, c);
        const tmp = data[ij];
        data[ij] = data[ip];
        data[ip] = tmp;
      }
    }
    const r = 1 / data[at(j, j)];
    for (let i = j + 1; i <= j + km; i++) {
      const l = (data[at(i, j)] *= r);
      if (l === 0) continue;
      for (let c = j + 1; c <= last; c++) data[at(i, c)] -= l * data[at(j, c)];
    }
  }

  // Forward: apply the interchanges and L (unit lower) to the right-hand side.
  for (let j = 0; j < n - 1; j++) {
    const p = piv[j];
    if (p !== j) {
      const tmp = x[j];
      x[j] = x[p];
      x[p] = tmp;
    }
    const bj = x[j];
    const lm = Math.min(kl, n - 1 - j);
    for (let i = j + 1; i <= j + lm; i++) x[i] -= data[at(i, j)] * bj;
  }

  // Backward: U, column by column (dtbsv, upper, no transpose).
  for (let j = n - 1; j >= 0; j--) {
    if (x[j] === 0) continue;
    x[j] /= data[at(j, j)];
    const xj = x[j];
    for (let i = j - 1; i >= Math.max(0, j - kd); i--) x[i] -= xj * data[at(i, j)];
  }
  return x;
}
