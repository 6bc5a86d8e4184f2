import { BandMatrix } from './banded-lu.js';
import { bsplineBasis } from './basis.js';
import { findInterval } from './interval.js';

/**
 * The collocation matrix B[j][l] = B_l(x[j]) of degree-k B-splines on knots t, in band form
 * with kl = ku = k as scipy's `_bspl._colloc` builds it for gbsv: row j holds the k+1
 * B-splines non-zero at x[j], in columns l-k .. l of x[j]'s knot interval l.
 */
export function collocationMatrix(x: Float64Array, t: Float64Array, k: number): BandMatrix {
  const n = x.length;
  const a = new BandMatrix(n, k, k);
  const h = new Float64Array(2 * k + 2);
  for (let j = 0; j < n; j++) {
    const l = findInterval(t, k, n, x[j]);
    bsplineBasis(t, k, l, x[j], h);
    for (let i = 0; i <= k; i++) a.set(j, l - k + i, h[i]);
  }
  return a;
}
