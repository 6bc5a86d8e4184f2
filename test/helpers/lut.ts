/**
 * The LUT IOC's end-to-end rig: an input IOC (a monochromator energy) and a target IOC (an
 * undulator gap, with a separate readback), each its own Runtime on a free port, and the
 * LUT IOC in a third Runtime whose CA client finds only those two.
 */
import { Model, models, Runtime } from '@devioc/core';
import { LutApp, type LutAppOptions } from '@devioc/lut';
import { freePort } from './ports.js';

export class Mono extends Model {
  energy = models.Float({ prec: 4, units: 'keV', default: 5 });
  energy2 = models.Float({ prec: 4, units: 'keV', default: 3 });
}

export class Undulator extends Model {
  gap = models.Float({ prec: 4, units: 'mm' });
  gaprbv = models.Float({ prec: 4, units: 'mm' });
}

export interface Served<M> {
  model: M;
  runtime: Runtime;
  port: number;
  close(): Promise<void>;
}

export async function runtimeOnFreePort(extra: ConstructorParameters<typeof Runtime>[0] = {}): Promise<{ runtime: Runtime; port: number }> {
  const port = await freePort();
  const runtime = new Runtime({ port, autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], ...extra });
  return { runtime, port };
}

async function serve<M extends Model>(make: (runtime: Runtime) => M): Promise<Served<M>> {
  const { runtime, port } = await runtimeOnFreePort();
  const model = make(runtime);
  await model.start();
  return {
    model,
    runtime,
    port,
    async close() {
      await model.shutdown();
      await runtime.close();
    },
  };
}

export const startMono = (): Promise<Served<Mono>> => serve((runtime) => new Mono('MONO', { runtime }));
export const startUndulator = (): Promise<Served<Undulator>> => serve((runtime) => new Undulator('UND', { runtime }));

export interface LutUnderTest {
  app: LutApp;
  runtime: Runtime;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the LUT IOC (device LUT, input MONO:energy, target UND:gap unless told otherwise) in
 * its own runtime, on `port` if given (a restart keeps its port), finding the IOCs at `peers`.
 */
export async function startLutIoc(
  peers: number[],
  options: Partial<LutAppOptions> & { tableFile: string; port?: number },
): Promise<LutUnderTest> {
  const port = options.port ?? (await freePort());
  const repeaterPort = await freePort();
  const runtime = new Runtime({
    port,
    autoBeaconAddresses: false,
    beaconAddresses: [`127.0.0.1:${port + 1}`],
    client: { addressList: peers.map((p) => `127.0.0.1:${p}`), autoAddressList: false, repeaterPort },
  });
  const app = new LutApp({ device: 'LUT', input: 'MONO:energy', target: 'UND:gap', runtime, editSettleMs: 100, ...options });
  await app.start();
  return {
    app,
    runtime,
    port,
    async close() {
      await app.shutdown();
      await runtime.close();
    },
  };
}

/** Waits for a condition (sync or async), polling; fails with `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
