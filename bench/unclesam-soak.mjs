#!/usr/bin/env node
/**
 * UncleSAM soak at full scale: `node bench/unclesam-soak.mjs [cycles]` (default 500; build
 * first). Runs test/unclesam-soak.test.ts (CI runs 40 cycles of it) with that many
 * mount/dismount/prefetch cycles against the simulated RobotDHS and random injected faults, and
 * prints its summary: outcomes, faults by kind, operation timings, recoveries. The per-cycle
 * record goes to bench/results/unclesam-soak.json. `--seed N` replays a run.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? args.splice(seedAt, 2)[1] : undefined;
const cycles = Number(args[0] ?? 500);
const out = path.join(root, 'bench/results/unclesam-soak.json');
mkdirSync(path.dirname(out), { recursive: true });
const started = Date.now();
console.error(`unclesam soak: ${cycles} cycles (progress: vitest's output)`);
const child = spawn(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/unclesam-soak.test.ts'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, UNCLESAM_SOAK_CYCLES: String(cycles), UNCLESAM_SOAK_RESULTS: out, ...(seed ? { UNCLESAM_SOAK_SEED: seed } : {}) },
});
const code = await new Promise((resolve) => child.once('exit', resolve));
if (code !== 0) {
  console.error(`unclesam soak failed (exit ${code}); the seed is in the output above`);
  process.exit(1);
}
const { seed: used, summary } = JSON.parse(readFileSync(out, 'utf8'));
console.log(JSON.stringify({ seed: used, seconds: Math.round((Date.now() - started) / 1000), ...summary }));
