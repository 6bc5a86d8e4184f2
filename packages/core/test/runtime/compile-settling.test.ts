/**
 * The warm-up's wait for V8's compiles (runtime/compile-settling.ts): it ends once the heap's
 * code spaces have not grown for five polls of 10 ms, or at its limit.
 */
import { describe, expect, it } from 'vitest';
import { compilesSettled } from '../../src/runtime/compile-settling.js';

describe('compilesSettled', () => {
  it('waits for five quiet polls when nothing compiles', async () => {
    const waited = await compilesSettled(10_000);
    expect(waited).toBeGreaterThanOrEqual(45);
  });

  it('stops at its limit: with none, it does not wait for a poll', async () => {
    const waited = await compilesSettled(0);
    expect(waited).toBeLessThan(10);
  });
});
