/**
 * The warm-up runs in the background (runtime/warm-up.ts): a runtime closed while it runs stops
 * it at its next request, leaves nothing of it open, and the next runtime of the process warms
 * up in its place. (A file of its own: the warm-up is once per process, and this file's must
 * start with one that is stopped.)
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

async function started(lines: string[]): Promise<{ runtime: Runtime; model: Small }> {
  const runtime = new Runtime({ port: await freePort(), interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], pva: false, logger: keepingLogger(lines) });
  runtimes.push(runtime);
  const model = await new Small('WC', { runtime, logger: keepingLogger(lines) }).start();
  return { runtime, model };
}

const warmUpLines = (lines: string[]): string[] => lines.filter((l) => /warm-up/.test(l));

describe('a runtime closed during its warm-up', () => {
  it('stops the warm-up at its next request, leaves none of it open, and the next runtime warms up instead', async () => {
    const first: string[] = [];
    const { runtime, model } = await started(first);
    // start() resolved while the warm-up waits on its sockets: it is under way.
    expect(warmUpLines(first)).toEqual([]);
    await runtime.close();
    // Bounded by the test's timeout: a warm-up that went on would take its 80,000 requests
    // and the model's 4,000 round trips before this resolved.
    await model.warmedUp();
    expect(warmUpLines(first)).toEqual(['warm-up stopped: the runtime closed']);
    expect(parkedWarmUpCircuit()).toBeUndefined();

    const second: string[] = [];
    const next = await started(second);
    await next.model.warmedUp();
    expect(warmUpLines(second)).toEqual([
      expect.stringMatching(/^warm-up done: \d+ requests in \d+ ms, the serving code is compiled$/),
      expect.stringMatching(/^model warm-up done: 4000 round trips through 2 pairs of records in \d+ ms$/),
    ]);
    expect(parkedWarmUpCircuit()?.isClosed).toBe(false);
  });
});
