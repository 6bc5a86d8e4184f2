/**
 * Loads the scipy/numpy reference fixture (fixtures/scipy-reference.json, written by
 * fixtures/make_reference.py) and measures how far the module is from it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FitTypeName } from '../../src/interpolation/index.js';

export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const FIXTURE_PATH = `${FIXTURE_DIR}scipy-reference.json`;
export const SCRIPT_PATH = `${FIXTURE_DIR}make_reference.py`;

/** Values at the fixture's points; null where scipy gives NaN. */
export interface ReferenceValues {
  inside: (number | null)[];
  extrapolate: (number | null)[];
  clamp: (number | null)[];
}

export interface PolyReference extends ReferenceValues {
  degree: number;
  /** numpy.polyfit's coefficients, highest power first. */
  coefficients: number[];
  /** np.linalg.cond of the column-scaled Vandermonde matrix numpy's lstsq factors. */
  cond: number;
  rank: number;
}

export interface ReferenceTable {
  name: string;
  x: number[];
  y: number[];
  inside: number[];
  outside: number[];
  fits: Partial<Record<Exclude<FitTypeName, 'POLY'>, ReferenceValues>>;
  poly: PolyReference[];
}

export interface Reference {
  generator: string;
  scipy: string;
  numpy: string;
  tables: ReferenceTable[];
  linspace: { start: number; stop: number; num: number; x: number[] }[];
}

export function parseReference(text: string): Reference {
  return JSON.parse(text) as Reference;
}

export function loadReference(): Reference {
  return parseReference(readFileSync(FIXTURE_PATH, 'utf8'));
}

/** Largest |y| of a table (1 if all zero): the scale of the rounding in its fitted values. */
export function yScale(y: readonly number[]): number {
  let m = 0;
  for (const v of y) m = Math.max(m, Math.abs(v));
  return m === 0 ? 1 : m;
}

/**
 * Error of `got` against `want`, relative, with an absolute floor: |got - want| / max(|want|, floor).
 * Both NaN (scipy's null) counts as agreement; one NaN is an infinite error.
 */
export function relativeError(got: number, want: number | null, floor: number): number {
  if (want === null) return Number.isNaN(got) ? 0 : Infinity;
  if (Number.isNaN(got)) return Infinity;
  if (got === want) return 0;
  return Math.abs(got - want) / Math.max(Math.abs(want), floor);
}
