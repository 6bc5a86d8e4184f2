/**
 * The commands a user runs after `npm ci && npm run build`: npm links them into
 * node_modules/.bin (the README's `npx devioc …`), and each answers --help.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = (name: string): string => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

describe('installed commands', () => {
  it.each([
    ['devioc', /Usage: devioc/],
    ['unclesam', /Usage: unclesam/],
    ['lut', /Usage: lut/],
  ])('%s --help', (name, usage) => {
    const r = spawnSync(bin(name), ['--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(usage);
  });
});
