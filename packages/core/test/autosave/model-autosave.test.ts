/**
 * `autosave: true` on a model's record: its value is written to the runtime's .sav file and
 * restored by the next runtime, also when the model shuts down before its runtime closes (the
 * records are gone by then: their last values must be kept, not written as "Not Connected").
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Model, models, Runtime } from '../../src/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'model-autosave-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Settings extends Model {
  gain = models.Float('GAIN', { default: 1, prec: 3, autosave: true });
  label = models.String('LABEL', { maxLength: 39, default: 'none', autosave: true });
  counts = models.Integer('COUNTS', { default: 0 });
}

describe('a model with autosave', () => {
  it('keeps its values in the .sav file when the model shuts down first, and restores them', async () => {
    const first = new Runtime({ serve: false, autosave: { directory: dir, period: 0 } });
    const keepOpen = {};
    await first.attach(keepOpen); // the runtime outlives the model
    const a = new Settings('AS', { runtime: first });
    await a.start();
    await a.gain.put(2.5);
    await a.label.put('tuned');
    await a.counts.put(7);
    await a.shutdown();
    const sav = readFileSync(path.join(dir, 'info_positions.sav'), 'latin1');
    expect(sav).toContain('\nAS:GAIN.VAL 2.5\n');
    expect(sav).toContain('\nAS:LABEL.VAL tuned\n');
    expect(sav).not.toContain('COUNTS');
    expect(sav).not.toContain('Not Connected');
    await first.detach(keepOpen);
    expect(readFileSync(path.join(dir, 'info_positions.sav'), 'latin1')).toContain('\nAS:GAIN.VAL 2.5\n');

    const second = new Runtime({ serve: false, autosave: { directory: dir, period: 0 } });
    const b = new Settings('AS', { runtime: second });
    await b.start();
    expect(b.gain.get()).toBe(2.5);
    expect(b.label.get()).toBe('tuned');
    expect(b.counts.get()).toBe(0);
    await b.shutdown();
  });
});
