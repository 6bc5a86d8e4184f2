import type { Curve } from './curve.js';
import type { SortedTable } from './table.js';
import { searchLeft } from './search.js';

/**
 * interp1d(kind='linear').
 *
 * Inside the range scipy (1.10) hands float data to `numpy.interp`, whose C loop we follow:
 * find j with x[j] <= v < x[j+1]; at a node (or the last x) return y[j] itself, otherwise
 * `slope*(v - x[j]) + y[j]` with `slope = (y[j+1]-y[j])/(x[j+1]-x[j])`, and if that is NaN
 * (infinite slope times zero) try from the right end, then y[j] if both ends are equal.
 *
 * Outside, with fill_value='extrapolate', scipy uses its own `_call_linear`: the index from
 * searchsorted(side='left') clipped to [1, n-1], i.e. the first or last segment's line,
 * `slope*(v - x_lo) + y_lo`.
 */
export function linearCurve({ x, y }: SortedTable): Curve {
  const n = x.length;
  const slopes = new Float64Array(n - 1);
  for (let j = 0; j < n - 1; j++) slopes[j] = (y[j + 1] - y[j]) / (x[j + 1] - x[j]);

  const inside = (v: number): number => {
    if (v !== v) return NaN;
    // searchLeft counts x[i] < v; step back one unless v is itself a node.
    let j = searchLeft(x, v);
    if (j < n && x[j] === v) return y[j];
    j -= 1;
    if (j < 0) return y[0];
    if (j >= n - 1) return y[n - 1];
    const slope = slopes[j];
    let r = slope * (v - x[j]) + y[j];
    if (r !== r) {
      r = slope * (v - x[j + 1]) + y[j + 1];
      if (r !== r && y[j] === y[j + 1]) r = y[j];
    }
    return r;
  };

  const outside = (v: number): number => {
    const hi = Math.min(Math.max(searchLeft(x, v), 1), n - 1);
    const lo = hi - 1;
    return slopes[lo] * (v - x[lo]) + y[lo];
  };

  return { inside, outside };
}
