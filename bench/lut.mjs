#!/usr/bin/env node
// The LUT IOC's benchmarks (issue 7), standalone: runs the BUILT packages (`npm run build` first).
//
//   node bench/lut.mjs [--quick] [--n 1000] [--only eval,latency]
//
// 1. eval: evaluations per second of every fit type on a 120-point table (the IOC's coarse
//    size), one evaluate() at a time and through evaluateMany(), and fits built per second
//    (the IOC refits on every new, table edit or fit change).
// 2. latency: input-to-target latency through Channel Access. Three processes besides this
//    one: the input IOC (MONO:energy), the target IOC (UND:gap) and the LUT IOC itself (the
//    `lut` command, packages/lut/dist/cli.js, SPLINE3 on the 120-point table). This process is
//    the client: it puts a new energy on MONO:energy and times until its monitor on UND:gap
//    delivers the value the LUT computed for it (two CA hops: input IOC → LUT → target IOC,
//    and the monitors around them). Each change waits for the previous one to arrive. The
//    baseline row is the same client timing its own put to MONO:energy back through a monitor
//    of MONO:energy (one hop), so the LUT's own share is the difference.
// Loopback only; every process started is killed at the end, also on Ctrl-C. Not a test: it
// asserts nothing and its numbers depend on the machine.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import dgram from 'node:dgram';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const CORE = path.join(root, 'packages/core/dist/index.js');
const CORE_CA = path.join(root, 'packages/core/dist/ca.js');
const LUT = path.join(root, 'packages/lut/dist/index.js');
const LUT_CLI = path.join(root, 'packages/lut/dist/cli.js');

// ------------------------------------------------------------------------ the table

const N = 120;
// An energy (keV) -> undulator gap (mm) shape, uneven spacing, like the scipy fixture's table.
function gapMm(energyKeV) {
  const k2 = 2 * ((3 * 0.9496 * 2.9 ** 2) / (2 * energyKeV) - 1);
  const b0 = Math.sqrt(k2) / (0.934 * 2);
  const u = (5.47 - Math.sqrt(5.47 ** 2 + 4 * 1.8 * Math.log(b0 / 3.33))) / (2 * 1.8);
  return u * 20;
}
const tableX = Array.from({ length: N }, (_, i) => 4.5 + 7 * (i / (N - 1)) ** 1.4);
const TABLE = { x: tableX, y: tableX.map(gapMm) };

// ------------------------------------------------------------------------ serving (child mode)

async function serve(kind, port) {
  const { Model, models, Runtime } = await import(CORE);
  class Mono extends Model {
    energy = models.Float('energy', { prec: 6, default: 7 });
  }
  class Undulator extends Model {
    gap = models.Float('gap', { prec: 6 });
  }
  const runtime = new Runtime({ port, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], pva: false });
  const model = kind === 'mono' ? new Mono('MONO', { runtime }) : new Undulator('UND', { runtime });
  await model.start();
  process.stdout.write('ready\n');
  const stop = async () => {
    await model.shutdown();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// ------------------------------------------------------------------------ helpers

const portFree = (port) =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '0.0.0.0', exclusive: true }, () =>
      s.close(() => {
        const u = dgram.createSocket({ type: 'udp4', reuseAddr: false });
        u.once('error', () => {
          u.close();
          resolve(false);
        });
        u.bind({ port, address: '0.0.0.0', exclusive: true }, () => u.close(() => resolve(true)));
      }),
    );
  });

async function freePort() {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no free port');
}

const children = new Set();

function start(name, args, env, readyPattern) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let log = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 15 s:\n${log}`)), 15_000);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        log = `${log}${line}\n`.slice(-4000);
        if (readyPattern.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${log}`));
    });
  });
  return { child, ready };
}

async function stopAll() {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(130);
  });
}

const fmt = (v) => Math.round(v).toLocaleString('en-US');

function quantile(sorted, q) {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

// ------------------------------------------------------------------------ 1. evaluation rates

async function evalRates(quick) {
  const { createInterpolator, FIT_TYPE_NAMES, FitType } = await import(LUT);
  const minTimeMs = quick ? 100 : 400;
  let seed = 1;
  const random = () => (seed = (1664525 * seed + 1013904223) >>> 0) / 2 ** 32;
  // Query points over the range and 5 % beyond both ends (the out-of-range paths count too).
  const queries = Float64Array.from({ length: 4096 }, () => 4.5 - 0.35 + 7.7 * random());
  const rate = (body) => {
    let iterations = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      body();
      iterations++;
      elapsed = performance.now() - start;
    } while (elapsed < minTimeMs);
    return (iterations * 1000) / elapsed;
  };
  const cases = [
    ...FIT_TYPE_NAMES.filter((n) => n !== 'POLY').map((name) => ({ label: name, fit: FitType[name], degree: undefined })),
    { label: 'POLY deg 3', fit: FitType.POLY, degree: 3 },
    { label: 'POLY deg 9', fit: FitType.POLY, degree: 9 },
  ];
  console.log(`\nLUT evaluation, ${N}-point table, Node ${process.version} (${os.cpus()[0]?.model ?? 'cpu'})`);
  console.log('fit'.padEnd(12), 'evaluations/s'.padStart(15), 'evaluateMany/s'.padStart(16), 'fits built/s'.padStart(14));
  let sink = 0;
  const rows = [];
  for (const { label, fit, degree } of cases) {
    const f = createInterpolator(TABLE, fit, { outOfRange: 'clamp', degree });
    const out = new Float64Array(queries.length);
    const single =
      rate(() => {
        for (let i = 0; i < queries.length; i++) sink += f.evaluate(queries[i]);
      }) * queries.length;
    const many = rate(() => f.evaluateMany(queries, out)) * queries.length;
    const build = rate(() => createInterpolator(TABLE, fit, { outOfRange: 'clamp', degree }));
    console.log(label.padEnd(12), fmt(single).padStart(15), fmt(many).padStart(16), fmt(build).padStart(14));
    rows.push({ fit: label, evaluationsPerSecond: Math.round(single), evaluateManyPerSecond: Math.round(many), fitsPerSecond: Math.round(build) });
  }
  if (sink === 0.5) console.log(sink); // keeps the loops from being optimised away
  return rows;
}

// ------------------------------------------------------------------------ 2. latency through CA

async function latency(n, warmup) {
  const { CaClient } = await import(CORE_CA);
  const { createInterpolator, FitType } = await import(LUT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lut-bench-'));
  const client = { current: undefined };
  try {
    const tableFile = path.join(dir, 'gap.lut');
    fs.writeFileSync(tableFile, TABLE.x.map((x, i) => `${x} ${TABLE.y[i]}`).join('\n'));
    const [monoPort, undPort, lutPort, repeaterPort, lutRepeater] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const self = fileURLToPath(import.meta.url);
    const mono = start('input IOC', [self, '--serve', 'mono', '--port', String(monoPort)], {}, /^ready$/);
    const und = start('target IOC', [self, '--serve', 'und', '--port', String(undPort)], {}, /^ready$/);
    await Promise.all([mono.ready, und.ready]);
    const lut = start(
      'LUT IOC',
      [LUT_CLI, '--device', 'BENCH:LUT', '--input', 'MONO:energy', '--target', 'UND:gap', '--table', tableFile, '--fit', 'SPLINE3'],
      {
        EPICS_CAS_SERVER_PORT: String(lutPort),
        EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
        EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${repeaterPort}`,
        EPICS_CA_ADDR_LIST: `127.0.0.1:${monoPort} 127.0.0.1:${undPort}`,
        EPICS_CA_AUTO_ADDR_LIST: 'NO',
        EPICS_CA_REPEATER_PORT: String(lutRepeater),
        EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
        // CA only: nothing leaves the machine (the LUT serves pvAccess too by default).
        DEVIOC_PVA: 'NO',
        DEVIOC_LOG_LEVEL: 'warn',
      },
      /serving BENCH:LUT:\*/,
    );
    await lut.ready;

    const ca = new CaClient({
      addressList: [`127.0.0.1:${monoPort}`, `127.0.0.1:${undPort}`, `127.0.0.1:${lutPort}`],
      autoAddressList: false,
      repeaterPort,
    });
    client.current = ca;
    await ca.connect(['MONO:energy', 'UND:gap', 'BENCH:LUT:status']);
    const f = createInterpolator(TABLE, FitType.SPLINE3, { outOfRange: 'clamp' });

    // One waiter at a time: resolves when the monitor delivers `want`.
    const timeVia = async (monitorName, expected, count) => {
      let waiting;
      const sub = ca.monitor(monitorName).subscribe((r) => {
        if (waiting !== undefined && r.value === waiting.want) {
          const w = waiting;
          waiting = undefined;
          w.resolve(performance.now());
        }
      });
      const samples = [];
      try {
        // Energies alternating around 5 and 8 keV, each one new (inside the table): each gives a new gap.
        for (let i = 0; i < count + warmup; i++) {
          const x = 5 + (i % 2) * 3 + i * 1e-4;
          const want = expected(x);
          const arrived = new Promise((resolve, reject) => {
            waiting = { want, resolve };
            setTimeout(() => reject(new Error(`no update with ${want} on ${monitorName} within 5 s`)), 5000).unref();
          });
          const t0 = performance.now();
          await ca.put('MONO:energy', x);
          const t1 = await arrived;
          if (i >= warmup) samples.push(t1 - t0);
        }
      } finally {
        sub.unsubscribe();
      }
      return samples.sort((a, b) => a - b);
    };

    const summarise = (label, s) => {
      const row = {
        path: label,
        n: s.length,
        p50: quantile(s, 0.5),
        p90: quantile(s, 0.9),
        p99: quantile(s, 0.99),
        max: s[s.length - 1],
        mean: s.reduce((a, b) => a + b, 0) / s.length,
      };
      const ms = (v) => `${v.toFixed(3)} ms`.padStart(11);
      console.log(label.padEnd(36), String(row.n).padStart(5), ms(row.p50), ms(row.p90), ms(row.p99), ms(row.max), ms(row.mean));
      return row;
    };

    console.log(`\nLUT input-to-target latency through CA (SPLINE3, ${N} points; 3 IOC processes + this client)`);
    console.log('path'.padEnd(36), 'n'.padStart(5), 'p50'.padStart(11), 'p90'.padStart(11), 'p99'.padStart(11), 'max'.padStart(11), 'mean'.padStart(11));
    const through = summarise('put MONO:energy → monitor UND:gap', await timeVia('UND:gap', (x) => f.evaluate(x), n));
    const baseline = summarise('put MONO:energy → monitor of it', await timeVia('MONO:energy', (x) => x, n));
    const status = (await ca.get('BENCH:LUT:status', { type: 0 })).value;
    console.log(`LUT status after the run: ${status}`);
    return { baseline, through };
  } finally {
    await client.current?.close();
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------ main

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
};

if (argv.includes('--help') || argv.includes('-h')) {
  console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 18).join('\n').replace(/^\/\/ ?/gm, ''));
} else if (option('--serve') !== undefined) {
  await serve(option('--serve'), Number(option('--port')));
} else {
  const quick = argv.includes('--quick');
  const only = (option('--only') ?? 'eval,latency').split(',');
  const n = Number(option('--n') ?? (quick ? 200 : 1000));
  for (const file of [CORE, CORE_CA, LUT, LUT_CLI]) {
    if (!fs.existsSync(file)) {
      console.error(`bench/lut.mjs: ${path.relative(root, file)} is missing: run npm run build first`);
      process.exit(1);
    }
  }
  const results = {};
  if (only.includes('eval')) results.eval = await evalRates(quick);
  if (only.includes('latency')) results.latency = await latency(n, quick ? 20 : 100);
  console.log(`\n${JSON.stringify({ lut: results })}`);
  process.exit(0);
}
