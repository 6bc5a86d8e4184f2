import { describe, expect, it } from 'vitest';
import {
  createInterpolator,
  FIT_TYPE_NAMES,
  FitType,
  type FitTypeName,
  linspace,
  type OutOfRangeMode,
  resample,
} from '../../src/interpolation/index.js';
import { loadReference, type ReferenceTable, yScale } from './reference.js';
import { agrees, allowedError, allowedPolyError } from './tolerance.js';

/**
 * Every value scipy 1.10.1 / numpy 1.24.2 computed for the fixture (make_reference.py), for
 * every fit type and out-of-range mode, against the module. Tolerances: tolerance.ts.
 */
const reference = loadReference();
const modes = ['inside', 'extrapolate', 'clamp'] as const;
type Mode = (typeof modes)[number];

// 'inside' points are all in range, so evaluating them in 'refuse' mode also proves refuse
// never fires at the table's own ends.
const optionFor = (mode: Mode): OutOfRangeMode => (mode === 'inside' ? 'refuse' : mode);
const pointsFor = (table: ReferenceTable, mode: Mode): number[] => (mode === 'inside' ? table.inside : table.outside);

function describeMismatch(table: string, fit: string, mode: Mode, x: number, got: number, want: number | null): string {
  return `${table} ${fit} ${mode} x=${x}: got ${got}, scipy ${want === null ? 'NaN' : want}`;
}

describe('agreement with scipy/numpy (fixtures/scipy-reference.json)', () => {
  it('was made by the scipy and numpy the spec names', () => {
    expect(reference.scipy).toBe('1.10.1');
    expect(reference.numpy).toBe('1.24.2');
    expect(reference.tables.length).toBeGreaterThanOrEqual(30);
  });

  it('covers 2 to 120 points, and every interp1d kind on every table big enough for it', () => {
    const sizes = new Set(reference.tables.map((t) => t.x.length));
    for (const n of [2, 3, 4, 5, 7, 10, 33, 120]) expect(sizes).toContain(n);
    const counted = new Map<string, number>();
    for (const t of reference.tables) for (const fit of Object.keys(t.fits)) counted.set(fit, (counted.get(fit) ?? 0) + 1);
    for (const name of FIT_TYPE_NAMES.filter((n) => n !== 'POLY')) expect(counted.get(name)).toBeGreaterThanOrEqual(30);
  });

  for (const name of FIT_TYPE_NAMES.filter((n): n is Exclude<FitTypeName, 'POLY'> => n !== 'POLY')) {
    it(`${name}: every table, in range, extrapolated and clamped, to 1e-9 relative`, () => {
      const failures: string[] = [];
      let checked = 0;
      for (const table of reference.tables) {
        const values = table.fits[name];
        if (values === undefined) continue;
        const yscale = yScale(table.y);
        for (const mode of modes) {
          const f = createInterpolator(table, FitType[name], { outOfRange: optionFor(mode) });
          pointsFor(table, mode).forEach((x, i) => {
            const got = f.evaluate(x);
            const want = values[mode][i];
            checked++;
            if (!agrees(got, want, allowedError(want ?? 0, yscale))) {
              failures.push(describeMismatch(table.name, name, mode, x, got, want));
            }
          });
        }
      }
      expect(checked).toBeGreaterThan(1000);
      expect(failures.slice(0, 10)).toEqual([]);
    });
  }

  for (let degree = 0; degree <= 9; degree++) {
    it(`POLY degree ${degree}: numpy.polyfit + poly1d, within numpy's own conditioning`, () => {
      const failures: string[] = [];
      let checked = 0;
      for (const table of reference.tables) {
        const poly = table.poly.find((p) => p.degree === degree);
        if (poly === undefined) continue;
        for (const mode of modes) {
          const f = createInterpolator(table, FitType.POLY, { degree, outOfRange: optionFor(mode) });
          pointsFor(table, mode).forEach((x, i) => {
            const got = f.evaluate(x);
            const want = poly[mode][i];
            // clamp values are the polynomial at the nearer end of the table.
            const at = mode === 'clamp' ? Math.min(Math.max(x, f.xmin), f.xmax) : x;
            checked++;
            if (!agrees(got, want, allowedPolyError(want ?? 0, yScale(table.y), at, poly.cond, poly.coefficients))) {
              failures.push(describeMismatch(table.name, `POLY${degree}`, mode, x, got, want));
            }
          });
        }
      }
      expect(checked).toBeGreaterThan(500);
      expect(failures.slice(0, 10)).toEqual([]);
    });
  }

  it('POLY warns where numpy warns RankWarning (same effective rank)', () => {
    for (const table of reference.tables) {
      for (const poly of table.poly) {
        const f = createInterpolator(table, FitType.POLY, { degree: poly.degree, outOfRange: 'extrapolate' });
        const deficient = poly.rank < poly.degree + 1;
        expect(f.warnings.length > 0, `${table.name} degree ${poly.degree} rank ${poly.rank}`).toBe(deficient);
      }
    }
  });

  it('linspace matches numpy.linspace exactly, and resample evaluates on it', () => {
    for (const { start, stop, num, x } of reference.linspace) {
      expect(Array.from(linspace(start, stop, num))).toEqual(x);
    }
    const table = reference.tables.find((t) => t.name === 'undulator-gap-kev-120');
    expect(table).toBeDefined();
    const f = createInterpolator(table!, FitType.SPLINE3, { outOfRange: 'refuse' });
    const { x, y } = resample(f);
    const expected = reference.linspace.find((l) => l.start === 4.5 && l.stop === 11.5 && l.num === 255);
    expect(Array.from(x)).toEqual(expected!.x);
    expect(Array.from(y)).toEqual(expected!.x.map((v) => f.evaluate(v)));
  });
});
