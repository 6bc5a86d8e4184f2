import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReference, parseReference, SCRIPT_PATH } from './reference.js';
import { POLY_SAFETY, termMagnitude } from './tolerance.js';

/**
 * Proves the committed fixture is current: runs make_reference.py with Debian's python3 and
 * scipy (the ground truth the spec names) and compares its output with the committed JSON.
 * Never skipped: scripts/test-all.sh (and so CI) installs python3-scipy, and a machine without
 * it fails here with a message that says so.
 *
 * Tables and abscissae must be identical. Values may differ by 1e-12 relative (or 1e-15 of the
 * table's |y| scale near zero): OpenBLAS picks its kernels by CPU at run time, so the LAPACK
 * calls behind polyfit and make_interp_spline can round differently on another machine
 * without the fixture being stale. That is 1000 times tighter than the module's tolerance.
 * The script asks for OpenBLAS's Haswell kernels on any CPU with AVX2 (the committed JSON was
 * made with them), so on such machines the output is the same bytes: without that, an
 * AVX-512 machine's SkylakeX kernels moved spline extrapolations by up to 1.2e-11 relative and
 * failed this test. The script is run without any OPENBLAS_CORETYPE of the caller's, so that
 * its own choice holds.
 * POLY values also get tolerance.ts's conditioning term: where numpy's polynomial is
 * rounding noise (the rank-deficient offset-narrow table), other kernels give other noise.
 */
const PYTHON = '/usr/bin/python3';

const EPS = 2 ** -52;

function close(a: number | null, b: number | null, yscale: number, extra = 0): boolean {
  if (a === null || b === null) return a === b;
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(b), 1e-3 * yscale) + extra;
}

describe('the committed scipy fixture', () => {
  it('is what make_reference.py makes with this machine’s scipy', () => {
    const probe = spawnSync(PYTHON, ['-c', 'import scipy, numpy'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      throw new Error(`${PYTHON} cannot import scipy and numpy (install python3-scipy: bash scripts/test-all.sh does): ${probe.stderr ?? probe.error}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'lut-reference-'));
    try {
      const out = join(dir, 'reference.json');
      const env = { ...process.env };
      delete env.OPENBLAS_CORETYPE;
      const run = spawnSync(PYTHON, [SCRIPT_PATH, out], { encoding: 'utf8', timeout: 120_000, env });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const live = parseReference(readFileSync(out, 'utf8'));
      const committed = loadReference();

      expect(live.scipy).toBe(committed.scipy);
      expect(live.numpy).toBe(committed.numpy);
      expect(live.linspace).toEqual(committed.linspace);
      expect(live.tables.map((t) => t.name)).toEqual(committed.tables.map((t) => t.name));

      const differences: string[] = [];
      live.tables.forEach((lt, ti) => {
        const ct = committed.tables[ti];
        expect(lt.x).toEqual(ct.x);
        expect(lt.y).toEqual(ct.y);
        expect(lt.inside).toEqual(ct.inside);
        expect(lt.outside).toEqual(ct.outside);
        expect(Object.keys(lt.fits)).toEqual(Object.keys(ct.fits));
        expect(lt.poly.map((p) => p.degree)).toEqual(ct.poly.map((p) => p.degree));
        const yscale = Math.max(1e-300, ...ct.y.map(Math.abs));
        const [lo, hi] = [Math.min(...ct.x), Math.max(...ct.x)];
        const series = [
          ...Object.entries(lt.fits).map(([fit, v]) => [fit, v, ct.fits[fit as keyof typeof ct.fits]!, undefined] as const),
          ...lt.poly.map((p, i) => [`POLY${p.degree}`, p, ct.poly[i], ct.poly[i]] as const),
        ];
        for (const [fit, a, b, poly] of series) {
          for (const mode of ['inside', 'extrapolate', 'clamp'] as const) {
            a[mode].forEach((v, i) => {
              const x = mode === 'inside' ? ct.inside[i] : ct.outside[i];
              const at = mode === 'clamp' ? Math.min(Math.max(x, lo), hi) : x;
              const extra = poly === undefined ? 0 : POLY_SAFETY * EPS * poly.cond * termMagnitude(poly.coefficients, at);
              if (!close(v, b[mode][i], yscale, extra)) differences.push(`${lt.name} ${fit} ${mode}[${i}]: ${v} vs ${b[mode][i]}`);
            });
          }
        }
      });
      expect(differences.slice(0, 10)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
