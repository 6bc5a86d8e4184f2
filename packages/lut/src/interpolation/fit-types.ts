/**
 * The interpolation kinds of the LUT IOC's `fit` record, with the numbers the record's enum
 * uses. Spec section 4.2 maps each one to the scipy/numpy call it reproduces:
 *
 * | FitType  | scipy / numpy                                   |
 * |----------|-------------------------------------------------|
 * | LINEAR   | `interp1d(kind='linear')` (numpy.interp in range) |
 * | NEAREST  | `interp1d(kind='nearest')` (ties go to the lower x) |
 * | NEXT     | `interp1d(kind='next')`                         |
 * | PREVIOUS | `interp1d(kind='previous')`                     |
 * | SPLINE0  | `interp1d(kind='zero')` → `make_interp_spline(k=0)` |
 * | SPLINE1  | `interp1d(kind='slinear')` → `make_interp_spline(k=1)` |
 * | SPLINE2  | `interp1d(kind='quadratic')` → `make_interp_spline(k=2)` |
 * | SPLINE3  | `interp1d(kind='cubic')` → `make_interp_spline(k=3)`, not-a-knot |
 * | POLY     | `numpy.poly1d(numpy.polyfit(x, y, degree))`     |
 */
export const FitType = {
  LINEAR: 0,
  NEAREST: 1,
  NEXT: 2,
  PREVIOUS: 3,
  SPLINE0: 4,
  SPLINE1: 5,
  SPLINE2: 6,
  SPLINE3: 7,
  POLY: 8,
} as const;
export type FitType = (typeof FitType)[keyof typeof FitType];
export type FitTypeName = keyof typeof FitType;

/** The names in enum order: `FIT_TYPE_NAMES[fit]` is the name of `fit` (the record's choices). */
export const FIT_TYPE_NAMES: readonly FitTypeName[] = Object.freeze([
  'LINEAR',
  'NEAREST',
  'NEXT',
  'PREVIOUS',
  'SPLINE0',
  'SPLINE1',
  'SPLINE2',
  'SPLINE3',
  'POLY',
]);

export function isFitType(value: unknown): value is FitType {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < FIT_TYPE_NAMES.length;
}

export function fitTypeName(fit: FitType): FitTypeName {
  const name = FIT_TYPE_NAMES[fit];
  if (name === undefined) throw new TypeError(`not a FitType: ${String(fit)}`);
  return name;
}

/** Parses a record value or a saved file's field: a name (any case) or the enum number. */
export function parseFitType(value: string | number): FitType {
  if (typeof value === 'number') {
    if (isFitType(value)) return value;
  } else {
    const key = value.trim().toUpperCase();
    if (Object.hasOwn(FitType, key)) return FitType[key as FitTypeName];
  }
  throw new TypeError(`unknown fit type ${JSON.stringify(value)}; expected one of ${FIT_TYPE_NAMES.join(', ')} or 0..8`);
}

/** Spline degree of the SPLINEk kinds (interp1d's 'zero'/'slinear'/'quadratic'/'cubic'). */
export function splineDegree(fit: FitType): 0 | 1 | 2 | 3 | undefined {
  switch (fit) {
    case FitType.SPLINE0:
      return 0;
    case FitType.SPLINE1:
      return 1;
    case FitType.SPLINE2:
      return 2;
    case FitType.SPLINE3:
      return 3;
    default:
      return undefined;
  }
}

/**
 * The fewest table points a fit accepts.
 *
 * Splines of degree k need k+1 (interp1d's own `minval`). NEAREST, NEXT, PREVIOUS and
 * SPLINE0 work from a single point, as in interp1d. LINEAR asks for 2 although interp1d takes
 * 1: one point has no slope, and scipy's linear extrapolation of it is 0/0. POLY of degree d
 * needs d+1: numpy would return a minimum-norm fit through fewer points with a RankWarning,
 * which is a fit no one meant to make.
 */
export function minimumPoints(fit: FitType, degree = 0): number {
  switch (fit) {
    case FitType.NEAREST:
    case FitType.NEXT:
    case FitType.PREVIOUS:
    case FitType.SPLINE0:
      return 1;
    case FitType.LINEAR:
    case FitType.SPLINE1:
      return 2;
    case FitType.SPLINE2:
      return 3;
    case FitType.SPLINE3:
      return 4;
    case FitType.POLY:
      return degree + 1;
    default:
      throw new TypeError(`not a FitType: ${String(fit)}`);
  }
}
