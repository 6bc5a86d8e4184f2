/**
 * The model's warm-up (model/warm-up-model.ts): round trips through twins of a model's records
 * and a callback of its own, once per process, after the runtime’s warm-up, unless that is
 * switched off. The application’s callbacks are not called, its records keep their values, its
 * runtime holds only its own records, and a twin whose every value is clamped is left out. The
 * task queues are primed first (runtime/task-queue-priming.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log/index.js';
import { Model, models } from '../../src/model/index.js';
import { Runtime } from '../../src/runtime/index.js';
import { primeTaskQueues } from '../../src/runtime/task-queue-priming.js';
import { primeTextConversions } from '../../src/runtime/text-conversion-priming.js';
import { createHook } from 'node:async_hooks';
import { freePort } from '../../../../test/helpers/ports.js';

/** A logger that keeps its lines (the model says at info when its warm-up is done). */
function keepingLogger(lines: string[]): Logger {
  const log = (m: string): void => void lines.push(m);
  const logger: Logger = { error: log, warn: log, important: log, info: log, debug: log, isDebugEnabled: () => true, child: () => logger };
  return logger;
}

const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
});
const newRuntime = async (options: { warmUp?: boolean } = {}): Promise<Runtime> => {
  const runtime = new Runtime({ port: await freePort(), interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], pva: false, ...options });
  runtimes.push(runtime);
  return runtime;
};
const warmUpLines = (lines: string[]): string[] => lines.filter((l) => l.startsWith('model warm-up'));

describe('the model’s warm-up', () => {
  // The order matters: the warm-up runs once per process (this file's).
  it('does not run for a model with no record it can twin (an array)', async () => {
    class Waves extends Model {
      wave = models.Array({ length: 8 });
    }
    const lines: string[] = [];
    const waves = await new Waves('WMA', { runtime: await newRuntime(), logger: keepingLogger(lines) }).start();
    await waves.warmedUp();
    expect(warmUpLines(lines)).toEqual([]);
  });

  it('does not run when the runtime’s warm-up is switched off', async () => {
    class Off extends Model {
      req = models.Float({});
    }
    const lines: string[] = [];
    const off = await new Off('WMF', { runtime: await newRuntime({ warmUp: false }), logger: keepingLogger(lines) }).start();
    await off.warmedUp();
    expect(warmUpLines(lines)).toEqual([]);
  });

  it('makes 4,000 round trips through twins, calls none of the application’s callbacks, and leaves a clamped pair out', async () => {
    class Pair extends Model {
      req = models.Float({ prec: 2, desc: 'request' });
      resp = models.Float({ prec: 2 });
      // Drive limits 5 to 10: every value the warm-up sends (0 to 1.25) is stored as 5, so
      // its first twin changes once (from 0) and then never again: its pair is left out.
      stuck = models.Float({ minVal: 5, maxVal: 10 });
      // Integers, binaries and menus take the values as 1, 0, 1, 0: a change every time (the
      // Toggle also returns to 0 by itself, 0.1 s after each 1).
      count = models.Integer({});
      flag = models.Toggle({});
      mode = models.Enum({ choices: ['a', 'b', 'c'] });
    }
    const calls: unknown[] = [];
    const app = {
      do_req: (_h: unknown, value: unknown, ioc: Pair) => {
        calls.push(value);
        void ioc.resp.put(value as number);
      },
      do_stuck: (_h: unknown, value: unknown) => void calls.push(value),
    };
    const lines: string[] = [];
    const runtime = await newRuntime();
    const ioc = new Pair('WMP', { runtime, callbacks: app, skipInitial: true, logger: keepingLogger(lines) });
    await ioc.start();
    // In the background: start() resolves first (the warm-up waits on sockets, so it cannot
    // have ended by then), warmedUp() once it has.
    expect(warmUpLines(lines)).toEqual([]);
    await ioc.warmedUp();
    const warm = warmUpLines(lines);
    expect(warm).toHaveLength(1);
    expect(warm[0]).toMatch(/^model warm-up done: 4000 round trips through 5 pairs of records in \d+ ms$/);
    expect(lines.filter((l) => /fail|error/i.test(l))).toEqual([]);
    expect(calls).toEqual([]);
    expect([ioc.req.get(), ioc.resp.get(), ioc.stuck.get(), ioc.count.get(), ioc.flag.get(), ioc.mode.get()]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...runtime.db.names()].sort()).toEqual(['WMP:count', 'WMP:flag', 'WMP:mode', 'WMP:req', 'WMP:resp', 'WMP:stuck']);
    // The application's own path works as before: its callback runs for its puts.
    await ioc.req.put(2.5, { wait: true });
    expect(calls).toEqual([2.5]);
    expect(ioc.resp.get()).toBe(2.5);
  });

  it('runs once per process: a second model does not warm up again', async () => {
    class Other extends Model {
      x = models.Float({});
    }
    const lines: string[] = [];
    const other = await new Other('WMO', { runtime: await newRuntime(), logger: keepingLogger(lines) }).start();
    await other.warmedUp();
    expect(warmUpLines(lines)).toEqual([]);
  });
});

describe('primeTaskQueues', () => {
  it('runs its callbacks over many turns of the event loop (V8 records feedback only from about the eighth call)', async () => {
    let turns = 0;
    let done = false;
    const tick = (): void => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    await primeTaskQueues();
    done = true;
    expect(turns).toBeGreaterThanOrEqual(24);
  });

  it('runs thousands of process.nextTick() callbacks, so that Node compiles its async-hook functions before the first client', async () => {
    let ticks = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'TickObject' && ticks++) }).enable();
    try {
      await primeTaskQueues();
    } finally {
      hook.disable();
    }
    expect(ticks).toBeGreaterThanOrEqual(6000);
  });
});

describe('primeTextConversions', () => {
  it('parses and formats numbers of several kinds (a finite checksum: no text failed to parse)', () => {
    const sum = primeTextConversions();
    expect(Number.isFinite(sum)).toBe(true);
    expect(sum).toBe(primeTextConversions());
  });
});
