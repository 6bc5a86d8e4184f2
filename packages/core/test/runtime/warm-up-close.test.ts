/**
 * The warm-up runs in the background (runtime/warm-up.ts): a runtime closed while it runs stops
 * it at its next request, leaves nothing of it open, and the next runtime to serve in the
 * process (another, or the same one serving again) warms up in its place. (A file of its own:
 * the warm-up is once per process, and this file's must start with one that is stopped.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log/index.js';
import { Model, models } from '../../src/model/index.js';
import { Runtime } from '../../src/runtime/index.js';
import { parkedWarmUpCircuit } from '../../src/runtime/warm-up.js';
import { freePort } from '../../../../test/helpers/ports.js';

function keepingLogger(lines: string[]): Logger {
  const log = (m: string): void => void lines.push(m);
  const logger: Logger = { error: log, warn: log, important: log, info: log, debug: log, isDebugEnabled: () => true, child: () => logger };
  return logger;
}

class Small extends Model {
  req = models.Float({ prec: 2 });
  resp = models.Float({ prec: 2 });
}

const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
});

async function newRuntime(lines: string[]): Promise<Runtime> {
  const runtime = new Runtime({ port: await freePort(), interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], pva: false, logger: keepingLogger(lines) });
  runtimes.push(runtime);
  return runtime;
}

async function started(lines: string[], runtime?: Runtime, device = 'WC'): Promise<{ runtime: Runtime; model: Small }> {
  const serving = runtime ?? (await newRuntime(lines));
  const model = await new Small(device, { runtime: serving, logger: keepingLogger(lines) }).start();
  return { runtime: serving, model };
}

const doneLines = [
  expect.stringMatching(/^warm-up done: \d+ requests in \d+ ms \(\d+ ms of it waiting for compiles\), the serving code is compiled$/),
  expect.stringMatching(/^model warm-up done: 4000 round trips through 2 pairs of records in \d+ ms$/),
];

const warmUpLines = (lines: string[]): string[] => lines.filter((l) => /warm-up/.test(l));

describe('a runtime closed during its warm-up', () => {
  it('stops the warm-up at its next request, leaves none of it open, and the same runtime warms up when it serves again', async () => {
    const first: string[] = [];
    const { runtime, model } = await started(first);
    // start() resolved while the warm-up waits on its sockets: it is under way.
    expect(warmUpLines(first)).toEqual([]);
    // The model's shutdown closes the runtime (its last user); the warm-up may still be ending
    // when the runtime serves again at once.
    await model.shutdown();
    const again = await started(first, runtime, 'WC2');
    await model.warmedUp();
    expect(warmUpLines(first)[0]).toBe('warm-up stopped: the runtime closed');
    expect(parkedWarmUpCircuit()).toBeUndefined();
    // Bounded by the test's timeout: it waits for the stopped warm-up, then runs its own.
    await again.model.warmedUp();
    expect(warmUpLines(first).slice(1)).toEqual(doneLines);
    expect(parkedWarmUpCircuit()?.isClosed).toBe(false);
  });
});
