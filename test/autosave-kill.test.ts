/**
 * Autosave under SIGKILL: a `devioc softioc --autosave` that keeps rewriting a 40 kB save set is
 * killed at random moments, round after round. Every .sav/.savB is whole after each kill, no
 * temporary file survives the next start, and every value acknowledged (seen in the .sav file)
 * before a kill is what the restarted IOC serves. bench/autosave-kill.mjs runs hundreds of rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs helper shared with the bench script
import { autosaveKillRounds } from './helpers/autosave-kill.mjs';

const ROUNDS = 20;
const dir = mkdtempSync(path.join(os.tmpdir(), 'autosave-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('autosave killed with SIGKILL while saving', () => {
  it(`loses nothing acknowledged and never leaves a half file (${ROUNDS} rounds)`, { timeout: 300_000 }, async () => {
    const figures = (await autosaveKillRounds(dir, ROUNDS)) as { rounds: number; acknowledged: number; lost: number; roundsWithWritesBeforeKill: number };
    expect(figures.lost).toBe(0);
    expect(figures.acknowledged).toBe(ROUNDS);
    // The IOC was writing when it was killed: the set changed between acknowledgement and kill.
    expect(figures.roundsWithWritesBeforeKill).toBeGreaterThan(ROUNDS / 2);
  });
});
