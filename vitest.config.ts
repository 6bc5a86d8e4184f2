import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (pkg: string, entry = 'index') => fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));

// Tests import sibling packages from their TypeScript sources, so a test run never
// depends on a stale dist/ (spawned CLIs and fixtures still run the built JavaScript).
// Each entry of a package's "exports" maps to its source file; the patterns are exact, so that
// a subpath never falls through to the package root.
const coreSubpaths = ['ca', 'records', 'access', 'autosave', 'pva', 'example'];
const alias = [
  ...coreSubpaths.map((sub) => ({ find: new RegExp(`^@devioc/core/${sub}$`), replacement: src('core', sub) })),
  ...['core', 'dcs-protocol', 'lut', 'unclesam', 'web'].map((pkg) => ({ find: new RegExp(`^@devioc/${pkg}$`), replacement: src(pkg) })),
];

const project = (name: string, include: string[], extra: Record<string, unknown> = {}) => ({
  resolve: { alias },
  test: { name, include, setupFiles: ['./test/setup-env.ts'], testTimeout: 30_000, hookTimeout: 60_000, ...extra },
});

export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      project('core', ['packages/core/test/**/*.test.ts']),
      project('dcs-protocol', ['packages/dcs-protocol/test/**/*.test.ts']),
      project('lut', ['packages/lut/test/**/*.test.ts']),
      project('unclesam', ['packages/unclesam/test/**/*.test.ts']),
      project('web', ['packages/web/test/**/*.test.ts'], { fileParallelism: false }),
      // Cross-package and interop tests: real sockets, real peers (pyepics, the simulator).
      project('interop', ['test/**/*.test.ts'], { fileParallelism: false }),
    ],
  },
});
