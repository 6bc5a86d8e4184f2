// Bundles the browser code of the web screens (packages/*/browser/*.ts, each with the widget kit
// and uPlot) into packages/*/dist/browser/*.js with esbuild, after type-checking it for the DOM.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.browser.json')], { stdio: 'inherit' });

for (const pkg of readdirSync(path.join(root, 'packages'))) {
  const dir = path.join(root, 'packages', pkg, 'browser');
  if (!existsSync(dir)) continue;
  const entryPoints = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  await build({
    entryPoints,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outdir: path.join(root, 'packages', pkg, 'dist', 'browser'),
    logLevel: 'warning',
  });
}
