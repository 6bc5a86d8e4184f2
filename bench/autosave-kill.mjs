#!/usr/bin/env node
/**
 * Autosave under SIGKILL, many rounds (test/autosave-kill.test.ts runs a few dozen in CI):
 * `node bench/autosave-kill.mjs [rounds]` (default 300; build first). Prints the figures: rounds,
 * acknowledged values, kills that interrupted a write (a temporary file was there), values lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { autosaveKillRounds } from '../test/helpers/autosave-kill.mjs';

const rounds = Number(process.argv[2] ?? 300);
const dir = mkdtempSync(path.join(os.tmpdir(), 'autosave-kill-bench-'));
const started = Date.now();
try {
  const figures = await autosaveKillRounds(dir, rounds, (r) => {
    if (r.round % 25 === 0) console.error(`round ${r.round}: ${r.interrupted} kills interrupted a write, ${r.lost} lost`);
  });
  console.log(JSON.stringify({ ...figures, seconds: Math.round((Date.now() - started) / 1000) }));
  process.exitCode = figures.lost === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
