import type { Curve } from '../curve.js';
import type { SortedTable } from '../table.js';
import { polyfit } from './polyfit.js';
import { polyval } from './polyval.js';

/**
 * POLY: `numpy.poly1d(numpy.polyfit(x, y, degree))`. The polynomial is defined everywhere,
 * so inside and outside are the same function. A rank-deficient fit (where numpy warns
 * RankWarning) is still made, as numpy makes it, and reported through `warnings`.
 */
export function polyCurve(table: SortedTable, degree: number, warnings: string[]): Curve {
  const { coefficients, rank } = polyfit(table.x, table.y, degree);
  if (rank < degree + 1) {
    warnings.push(
      `Polyfit may be poorly conditioned: degree ${degree} on this table has rank ${rank} < ${degree + 1} ` +
        `(numpy.polyfit would warn RankWarning)`,
    );
  }
  const at = (x: number): number => polyval(coefficients, x);
  return { inside: at, outside: at };
}
