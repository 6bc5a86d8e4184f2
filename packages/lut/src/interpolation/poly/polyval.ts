/**
 * numpy.polyval / poly1d.__call__: Horner's rule from the highest power, starting from 0 as
 * numpy does (`y = 0; for pv in p: y = y*x + pv`), so ±Infinity gives NaN exactly as there.
 */
export function polyval(coefficients: ArrayLike<number>, x: number): number {
  let y = 0;
  for (let i = 0; i < coefficients.length; i++) y = y * x + coefficients[i];
  return y;
}
