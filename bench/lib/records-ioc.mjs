// A devioc IOC for the records benchmarks, in its own process: `req`/`resp` for the round trip
// through the application's logic, or N records for the start-up and memory figures.
// Usage: node records-ioc.mjs roundtrip <port> | node records-ioc.mjs many <port> <count>
import { Model, models, Runtime } from '../../packages/core/dist/index.js';

const [mode, portText, countText] = process.argv.slice(2);
const port = Number(portText);
// CA only, on loopback: the comparison is with softIoc's rsrv, and nothing leaves the machine.
const runtime = new Runtime({ port, autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], interfaces: ['127.0.0.1'], pva: false });

if (mode === 'roundtrip') {
  class RoundTrip extends Model {
    req = models.Float('req', { prec: 0 });
    resp = models.Float('resp', { prec: 0 });
  }
  // The application's logic: whatever arrives in req goes to resp.
  const app = { do_req: (_r, value, ioc) => void ioc.resp.put(value) };
  const ioc = new RoundTrip('BENCH', { runtime, callbacks: app, skipInitial: true });
  await ioc.start();
  // A fresh IOC once its warm-up (in the background) has ended: the figures measure the IOC.
  await ioc.warmedUp();
  process.stdout.write('ready\n');
} else {
  const count = Number(countText);
  class Many extends Model {
    constructor(device, options) {
      super(device, options);
      for (let i = 0; i < count; i++) this[`r${i}`] = models.Float(`r${i}`, { prec: 3, desc: 'bench' });
    }
  }
  global.gc?.();
  const heapBefore = process.memoryUsage();
  const t0 = performance.now();
  const ioc = new Many('BIG', { runtime, skipInitial: true });
  const tDeclared = performance.now();
  await ioc.start();
  const tStarted = performance.now();
  // Memory as it stays: after the warm-up, which runs in the background once it serves.
  await ioc.warmedUp();
  const tWarmed = performance.now();
  global.gc?.();
  const mem = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({
      count,
      declareMs: tDeclared - t0,
      startMs: tStarted - tDeclared,
      totalMs: tStarted - t0,
      warmUpMs: tWarmed - tStarted,
      rssMB: mem.rss / 1e6,
      heapUsedMB: mem.heapUsed / 1e6,
      heapPerRecordBytes: (mem.heapUsed - heapBefore.heapUsed) / count,
      processUptimeMs: process.uptime() * 1000,
    })}\n`,
  );
  process.stdout.write('ready\n');
}
process.on('SIGTERM', async () => {
  await runtime.close();
  process.exit(0);
});
