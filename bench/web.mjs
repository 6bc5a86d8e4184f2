#!/usr/bin/env node
// The web server's benchmark (issue 17), standalone: runs the BUILT packages (`npm run build` first).
//
//   node bench/web.mjs [--quick] [--clients 50] [--pvs 1000] [--hz 10] [--watch 1000]
//                      [--throttle 0,100] [--light 100] [--procs 2] [--seconds 20] [--profile]
//
// "50 browsers' worth of WebSocket clients on 1,000 PVs at 10 Hz": the IOC (its own process,
// bench/web.mjs --role server) holds 1,000 ao records and puts a new value in every one of them
// 10 times a second, the value being the wall-clock time of the put (ms, sub-ms resolution);
// its WebServer serves them over pvws. 50 WebSocket clients (real sockets, in --procs client
// processes, bench/web.mjs --role clients) each subscribe to --watch of the PVs (all 1,000 by
// default: every browser showing every PV) and time each update from the put to its arrival
// (the clock is the same machine's). Measured over a window after a warm-up: the server
// process's CPU (user + system, from /proc, including the 10,000 record puts a second), the
// updates delivered per second against those offered, the latency p50/p99/max, and the clients
// dropped by the server for not keeping up (its bounded queue), and the client processes' CPU
// (they share the machine's cores with the server). Run once per --throttle value (0: every
// update passed through; 100: the default, latest value wins every 100 ms), then once with each
// client watching only --light PVs (a lighter screen, the same 1,000 PVs changing).
// Loopback only; every process started is killed at the end, also on Ctrl-C. Not a test: it
// asserts nothing and its numbers depend on the machine (the clients share its cores).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMeter, installCleanup, machineInfo, memoryMiB, sleep, startChild, stopAllChildren, stopChild, waitForOutput } from './lib/procs.mjs';
import { Histogram } from './lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const CORE = path.join(root, 'packages/core/dist/index.js');
const CORE_RECORDS = path.join(root, 'packages/core/dist/records.js');
const WEB = path.join(root, 'packages/web/dist/index.js');
const WS = path.join(root, 'node_modules/ws/wrapper.mjs');

const now = () => performance.timeOrigin + performance.now();

function options(argv) {
  const o = { role: 'main', light: 100, quick: false, clients: 50, pvs: 1000, hz: 10, watch: undefined, throttle: [0, 100], procs: 2, seconds: 20, port: 0, first: 0, count: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--quick') o.quick = true;
    else if (a === '--profile') o.profile = true;
    else if (a === '--role') o.role = v();
    else if (a === '--clients') o.clients = Number(v());
    else if (a === '--pvs') o.pvs = Number(v());
    else if (a === '--hz') o.hz = Number(v());
    else if (a === '--watch') o.watch = Number(v());
    else if (a === '--light') o.light = Number(v());
    else if (a === '--throttle') o.throttle = v().split(',').map(Number);
    else if (a === '--procs') o.procs = Number(v());
    else if (a === '--seconds') o.seconds = Number(v());
    else if (a === '--port') o.port = Number(v());
    else if (a === '--count') o.count = Number(v());
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 20).join('\n').replace(/^\/\/ ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown option ${a} (try --help)`);
  }
  o.watch ??= o.pvs;
  if (o.quick) o.seconds = Math.min(o.seconds, 8);
  return o;
}

const pvName = (i) => `WEB:pv${String(i).padStart(4, '0')}`;

// ------------------------------------------------------------------------------ the IOC

async function server(o) {
  const { Runtime, RecordPut, configureLogging } = await import(CORE);
  const { instantiateDb, parseDb } = await import(CORE_RECORDS);
  const { WebServer } = await import(WEB);
  configureLogging({ level: 'warn' });
  const runtime = new Runtime({ serve: false });
  let db = '';
  for (let i = 0; i < o.pvs; i++) db += `record(ao, "${pvName(i)}") { field(PREC, "3") field(EGU, "ms") }\n`;
  instantiateDb(runtime.db, parseDb(db));
  await runtime.attach({});
  const web = new WebServer({ port: 0, host: '127.0.0.1', db: runtime.db, throttleMs: o.throttle[0] });
  await web.start();
  const records = Array.from({ length: o.pvs }, (_, i) => runtime.db.get(pvName(i)));
  const put = new RecordPut('bench');
  // Every record gets the time of its put, o.hz times a second (a drifting-free schedule).
  const period = 1000 / o.hz;
  let next = now();
  const tick = () => {
    for (const r of records) r.putJs('VAL', now(), put);
    next += period;
    setTimeout(tick, Math.max(0, next - now()));
  };
  tick();
  console.log(`READY ${web.port} ${process.pid}`);
  process.on('SIGTERM', async () => {
    await web.stop();
    await runtime.close();
    process.exit(0);
  });
}

// -------------------------------------------------------------------------- the clients

async function clients(o) {
  const { default: WebSocket } = await import(WS);
  const names = Array.from({ length: o.watch }, (_, i) => pvName(i % o.pvs));
  const hist = new Histogram();
  let received = 0;
  let measuring = false;
  let closed = 0;
  const sockets = [];
  for (let k = 0; k < o.count; k++) {
    const ws = new WebSocket(`ws://127.0.0.1:${o.port}/pvws/pv`);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', pvs: names })));
    ws.on('message', (data) => {
      if (!measuring) return;
      // The value, without a full JSON.parse (a browser parses, but the clients share the server's cores).
      const text = data.toString();
      const at = text.indexOf('"value":');
      if (at === -1) return;
      const value = Number.parseFloat(text.slice(at + 8));
      received++;
      hist.record(Math.max(0, (now() - value) * 1000));
    });
    ws.on('close', () => closed++);
    ws.on('error', () => {});
    sockets.push(ws);
  }
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (line) => {
    if (line.startsWith('start')) {
      measuring = true;
      received = 0;
    } else if (line.startsWith('stop')) {
      measuring = false;
      process.stdout.write(`RESULT ${JSON.stringify({ received, closed, hist: hist.toJSON() })}\n`);
      for (const ws of sockets) ws.terminate();
      setTimeout(() => process.exit(0), 100);
    }
  });
  const opened = () => sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  while (opened() < o.count) await sleep(20);
  console.log(`OPEN ${o.count}`);
}

// ---------------------------------------------------------------------------- the runner

async function measure(o, throttle, watch) {
  o = { ...o, watch };
  const self = fileURLToPath(import.meta.url);
  const profile = o.profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(here, 'results', 'profiles')] : [];
  const srv = startChild(process.execPath, [...profile, self, '--role', 'server', '--pvs', String(o.pvs), '--hz', String(o.hz), '--throttle', String(throttle)]);
  const ready = await waitForOutput(srv, /READY (\d+) (\d+)/);
  const port = Number(ready[1]);
  const per = Math.ceil(o.clients / o.procs);
  const workers = [];
  const opens = [];
  for (let p = 0, left = o.clients; left > 0; p++, left -= per) {
    const count = Math.min(per, left);
    const w = startChild(process.execPath, [self, '--role', 'clients', '--port', String(port), '--pvs', String(o.pvs), '--watch', String(o.watch), '--count', String(count)]);
    workers.push(w);
    opens.push(waitForOutput(w, /OPEN \d+/, 60_000));
  }
  await Promise.all(opens);
  await sleep(o.quick ? 2000 : 4000); // warm-up: first updates (metadata), JIT
  const cpu = cpuMeter(srv.pid);
  const clientCpu = workers.map((w) => cpuMeter(w.pid));
  cpu.start();
  for (const c of clientCpu) c.start();
  for (const w of workers) w.stdin.write('start\n');
  const t0 = now();
  await sleep(o.seconds * 1000);
  const results = await Promise.all(
    workers.map(async (w) => {
      const line = waitForOutput(w, /RESULT (.*)/, 30_000);
      w.stdin.write('stop\n');
      return JSON.parse((await line)[1]);
    }),
  );
  const seconds = (now() - t0) / 1000;
  const usage = cpu.stop();
  const clientUsage = clientCpu.map((c) => c.stop()?.fraction ?? 0).reduce((a, b) => a + b, 0);
  const rss = memoryMiB(srv.pid);
  const hist = new Histogram();
  let received = 0;
  let dropped = 0;
  for (const r of results) {
    hist.merge(Histogram.fromJSON(r.hist));
    received += r.received;
    dropped += r.closed;
  }
  for (const w of workers) await stopChild(w);
  await stopChild(srv);
  const s = hist.summary();
  return {
    throttleMs: throttle,
    clients: o.clients,
    pvs: o.pvs,
    watchedPerClient: o.watch,
    hz: o.hz,
    offeredPerSecond: o.clients * o.watch * o.hz,
    deliveredPerSecond: Math.round(received / seconds),
    serverCpuPercent: usage ? Math.round(usage.fraction * 1000) / 10 : undefined,
    clientsCpuPercent: Math.round(clientUsage * 1000) / 10,
    serverRssMiB: rss.rss === undefined ? undefined : Math.round(rss.rss),
    latencyMs: s && { p50: s.p50 / 1000, p90: s.p90 / 1000, p99: s.p99 / 1000, max: s.max / 1000 },
    clientsDropped: dropped,
    seconds: Math.round(seconds * 10) / 10,
  };
}

const fmt = (x, d = 1) => (x === undefined ? '–' : x.toFixed(d));

async function main(o) {
  installCleanup();
  const machine = machineInfo();
  const rows = [];
  // Every browser watching every PV, at each throttle; then a lighter screen (--light PVs each).
  const scenarios = o.throttle.map((throttle) => ({ throttle, watch: o.watch }));
  if (o.light > 0 && o.light < o.watch) scenarios.push({ throttle: o.throttle[0], watch: o.light });
  for (const { throttle, watch } of scenarios) {
    console.error(`web bench: ${o.clients} clients × ${watch} PVs of ${o.pvs} at ${o.hz} Hz, throttle ${throttle} ms, ${o.seconds} s…`);
    rows.push(await measure(o, throttle, watch));
  }
  await stopAllChildren();
  console.log(`Machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}`);
  console.log('| PVs per client | throttle | offered updates/s | delivered/s | server CPU | server RSS | clients\' CPU | latency p50 | p90 | p99 | max | clients dropped |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.watchedPerClient} | ${r.throttleMs} ms | ${r.offeredPerSecond.toLocaleString('en')} | ${r.deliveredPerSecond.toLocaleString('en')} | ${fmt(r.serverCpuPercent)} % | ${fmt(r.serverRssMiB, 0)} MiB | ${fmt(r.clientsCpuPercent)} % | ${fmt(r.latencyMs?.p50)} ms | ${fmt(r.latencyMs?.p90)} ms | ${fmt(r.latencyMs?.p99)} ms | ${fmt(r.latencyMs?.max)} ms | ${r.clientsDropped} |`,
    );
  }
  fs.mkdirSync(path.join(here, 'results'), { recursive: true });
  fs.writeFileSync(path.join(here, 'results', 'web.json'), `${JSON.stringify({ machine, options: o, rows }, null, 2)}\n`);
}

const o = options(process.argv.slice(2));
if (o.role === 'server') await server(o);
else if (o.role === 'clients') await clients(o);
else await main(o);
