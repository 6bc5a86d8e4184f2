#!/usr/bin/env node
// `npm run bench`: the CA server benchmarks of issue 2, then the other benchmarks in bench/
// (SUITES below). Each CA server scenario runs against our server
// (bench/lib/serve.mjs, its own Node process) and, when EPICS base's tools are found, against
// rsrv (softIoc with the equivalent database, bench/lib/pvset.mjs), measured the same way: by
// our raw-protocol load generator (bench/lib/loadgen.mjs workers, separate processes) and by
// EPICS's own catime and caEventRate. Loopback only; every process started is killed at the
// end, also on Ctrl-C. Prints progress, a results table, and writes bench/results/latest.json
// (all figures) and bench/results/latest.md (the table, for bench/RESULTS.md).
//
//   node bench/run.mjs [--quick] [--only connect,latency,gets,catime,monitors,caeventrate,
//                              client,records,records-ca,records-monitors,lut,web]
//                      [--servers ours,rsrv] [--procs N] [--profile] [--epics-rt]
//
// See bench/README.md for what each row measures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RawCircuit } from './lib/ca-raw.mjs';
import { allowEpicsRealtime, runCaEventRate, runCatime, startRepeater, startSoftIoc } from './lib/epics-tools.mjs';
import { CATIME_COUNT, COUNTER, GROUPS, TICK_HZ, catimeName } from './lib/pvset.mjs';
import {
  caEnv,
  cpuMeter,
  findEpicsTools,
  freePort,
  installCleanup,
  machineInfo,
  memoryMiB,
  sleep,
  startChild,
  stopAllChildren,
  stopChild,
  waitForOutput,
} from './lib/procs.mjs';
import { Histogram } from './lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCENARIOS = ['connect', 'latency', 'gets', 'catime', 'monitors', 'caeventrate'];

/**
 * The other benchmarks in bench/, run after the CA server scenarios when their scripts exist:
 * each as its header documents (`node bench/<file> [--quick]`, built JS), its output printed
 * and kept in latest.json, a failure noted without stopping the rest. Their owners record
 * their figures in their own sections of RESULTS.md. A new benchmark joins with one line here.
 */
const SUITES = [
  { name: 'client', file: 'ca-client.mjs', what: 'CA client benchmark (issue 4)' },
  { name: 'records', file: 'records.mjs', what: 'records benchmark (issue 3)' },
  { name: 'records-ca', file: 'records-ca.mjs', what: 'records over CA: catime on 10,000 ao records, devioc softioc beside softIoc, ratios (issue 13)' },
  { name: 'records-monitors', file: 'records-monitors.mjs', what: 'monitors from records: 10,000 calc at 10 Hz all monitored, devioc softioc beside softIoc: updates/s, server CPU, latency (issue 13)' },
  { name: 'lut', file: 'lut.mjs', what: 'LUT evaluations per fit type and input-to-target latency through CA', noQuick: true },
  { name: 'pva', file: 'pva.mjs', what: 'pvAccess: gets/s and monitor updates/s of devioc softioc beside softIocPVX (PVXS_BIN) (issue 18)' },
  { name: 'unclesam-soak', file: 'unclesam-soak.mjs', what: 'UncleSAM: 500 mount/dismount/prefetch cycles with random faults against the simulated RobotDHS (issue 16)', noQuick: true },
  { name: 'unclesam-dcs-fuzz', file: 'unclesam-dcs-fuzz.mjs', what: 'UncleSAM: 10^6 random and mutated DCS frames on its RobotDHS port: IOC up, CA answering, RSS and fds (issue 19)', noQuick: true },
  { name: 'web', file: 'web.mjs', what: 'pvws web server: 50 WebSocket clients on 1,000 PVs at 10 Hz, server CPU and latency (issue 17)' },
];
const ALL = [...SCENARIOS, ...SUITES.map((s) => s.name)];

// ------------------------------------------------------------------------------- options

function parseOptions(argv) {
  const o = { quick: false, only: ALL, servers: ['ours', 'rsrv'], procs: 2, profile: false, epicsRt: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--only') o.only = value().split(',');
    else if (a === '--servers') o.servers = value().split(',');
    else if (a === '--procs') o.procs = Number(value());
    else if (a === '--profile') o.profile = true;
    else if (a === '--epics-rt') o.epicsRt = true;
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 15).join('\n').replace(/^\/\/ ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown option ${a} (try --help)`);
  }
  for (const s of o.only) if (!ALL.includes(s)) throw new Error(`unknown scenario "${s}"; known: ${ALL.join(', ')}`);
  return o;
}

let opts;
try {
  opts = parseOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(2);
}
// How long each measurement runs; --quick is a smoke run, its figures are rough.
const P = opts.quick
  ? { getSeconds: 1, monitorSeconds: 2, latencyN: 500, connectReps: 1, eventRateWindows: 1 }
  : { getSeconds: 3, monitorSeconds: 5, latencyN: 2000, connectReps: 3, eventRateWindows: 2 };
// Pipelined gets: each client keeps GET_DEPTH batches of GET_BATCH requests in flight.
const GET_BATCH = 500;
const GET_DEPTH = 2;
const CLIENTS = 10;

// ------------------------------------------------------------------------------ progress

/** Things the reader of the results must know (skipped rows, failures, anomalies). */
const notes = [];
const t0 = performance.now();
const log = (msg) => process.stdout.write(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);

// ------------------------------------------------------------------------------- workers

let workers = [];
let nextId = 1;

function startWorkers(n) {
  workers = [];
  for (let i = 0; i < n; i++) {
    const w = startChild(process.execPath, [path.join(here, 'lib/loadgen.mjs')], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    workers.push(w);
  }
}

/** Sends a request to a worker; resolves with its reply, rejects with its error. */
function call(w, msg, timeoutMs = 180000) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      w.off('message', onMessage);
      reject(new Error(`load generator: no answer to ${msg.op} in ${timeoutMs} ms\n${w.outputTail}`));
    }, timeoutMs);
    const onMessage = (m) => {
      if (m.id !== id) return;
      clearTimeout(timer);
      w.off('message', onMessage);
      if (m.ok) resolve(m);
      else reject(new Error(`load generator ${msg.op}: ${m.error}`));
    };
    w.on('message', onMessage);
    w.send({ ...msg, id });
  });
}

/** `total` clients spread over the first `procs` workers: [[worker, clients], …]. */
function spread(total, procs) {
  const n = Math.min(total, procs, workers.length);
  return Array.from({ length: n }, (_, i) => [workers[i], Math.floor(total / n) + (i < total % n ? 1 : 0)]);
}

// ------------------------------------------------------------------------------- servers

/** Starts a server under test on fresh ports: { name, pid, port, child, env }. */
async function startTarget(name, tools, repeaterPort) {
  const port = await freePort();
  const env = caEnv(port, repeaterPort);
  let child;
  if (name === 'ours') {
    const flags = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(here, 'results/profiles')}`] : [];
    child = startChild(process.execPath, [...flags, path.join(here, 'lib/serve.mjs')], { env });
    const m = await waitForOutput(child, /READY (\d+)/, 30000);
    if (Number(m[1]) !== port) throw new Error(`our server took TCP port ${m[1]}, not ${port}`);
  } else {
    child = await startSoftIoc(tools, env);
  }
  return { name, pid: child.pid, port, child, env };
}

/** A circuit in this process to switch the ticking PV groups on and off over CA. */
async function controlCircuit(port) {
  const c = await RawCircuit.connect(port);
  const names = Object.values(GROUPS).map((g) => g.enable);
  const ch = await c.createChannels(names);
  const sidOf = Object.fromEntries(names.map((n, i) => [n, ch.sids[i]]));
  return { enable: (group, on) => c.writeDouble(sidOf[GROUPS[group].enable], on ? 1 : 0), close: () => c.close() };
}

// ----------------------------------------------------------------------------- scenarios

const getNames = Array.from({ length: 100 }, (_, i) => catimeName(i));

const scenarios = {
  /** Search + create 10 000 channels with the raw client (best of N), and server RSS. */
  async connect(t, r) {
    const names = Array.from({ length: CATIME_COUNT }, (_, i) => catimeName(i));
    const idle = memoryMiB(t.pid);
    const runs = [];
    for (let i = 0; i < P.connectReps; i++) {
      log(`${t.name}: connect ${names.length} channels (search + create), run ${i + 1}/${P.connectReps}`);
      const res = await call(workers[0], { op: 'connect', port: t.port, names });
      // The worker keeps the circuit open until 'close': RSS now holds 10 000 channels.
      if (i === 0) r.rssWith10kChannelsMiB = memoryMiB(t.pid).rss;
      await call(workers[0], { op: 'close' });
      runs.push(res);
    }
    const best = runs.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));
    r.connect = { channels: names.length, ...best, channelsPerSecond: names.length / (best.totalMs / 1000), runs };
    r.rssIdleMiB = idle.rss;
    r.rssPerChannelKiB = ((r.rssWith10kChannelsMiB - idle.rss) * 1024) / names.length;
  },

  /** Sequential READ_NOTIFY round trips, one in flight. */
  async latency(t, r) {
    log(`${t.name}: ${P.latencyN} sequential gets (DBR_DOUBLE)`);
    // A long warm-up (for both servers): with only a few hundred gets V8 is still compiling our
    // read path while the measured gets run, and p99 measures the JIT rather than the server.
    const res = await call(workers[0], { op: 'latency', port: t.port, names: getNames, n: P.latencyN, warmup: opts.quick ? 2000 : 20000 });
    r.latency = res.latency;
  },

  /** Pipelined gets, 1 client then 10 clients. */
  async gets(t, r) {
    r.gets = {};
    for (const clients of [1, CLIENTS]) {
      const plan = spread(clients, opts.procs);
      log(`${t.name}: gets/s with ${clients} client(s) (${GET_DEPTH} x ${GET_BATCH} in flight each, ${plan.length} load process(es)), ${P.getSeconds} s`);
      await Promise.all(plan.map(([w, n]) => call(w, { op: 'setupGets', port: t.port, names: getNames, clients: n, batch: GET_BATCH, depth: GET_DEPTH })));
      await waitIdle(t);
      const m = await measure(t, plan, P.getSeconds, 'replies');
      const replies = m.results.flatMap((x) => x.gets).reduce((s, g) => s + g.replies / g.seconds, 0);
      r.gets[clients] = {
        getsPerSecond: replies,
        perSecond: m.perSecond,
        serverCpu: m.serverCpu,
        clientCpu: m.clientCpu,
        loadProcesses: plan.length,
        errors: m.errors,
      };
      await Promise.all(plan.map(([w]) => call(w, { op: 'close' })));
    }
  },

  /** EPICS catime against the 10 000 BENCH:nnnnnn channels. */
  async catime(t, r, tools) {
    if (!tools) return;
    await waitIdle(t);
    log(`${t.name}: catime BENCH: ${CATIME_COUNT} 1`);
    const res = await runCatime(tools, t.env, t.pid, CATIME_COUNT);
    delete res.raw;
    r.catime = res;
  },

  /**
   * Monitor updates delivered. Offered loads: the 100 "fan" PVs tick at 10 Hz and each client
   * subscribes S times to each, so the server posts 1 000 updates/s and must deliver S × 1 000
   * per client; the "mon" case instead has 10 000 PVs ticking (one subscription each).
   */
  async monitors(t, r) {
    r.monitors = {};
    const ctl = await controlCircuit(t.port);
    const cases = [
      { key: 'fan-1x10k', group: 'fan', clients: 1, subs: 10000, what: '1 client, 10 000 subscriptions on 100 PVs @10 Hz (offered 100 000/s)' },
      { key: 'fan-1x100k', group: 'fan', clients: 1, subs: 100000, what: '1 client, 100 000 subscriptions on 100 PVs @10 Hz (offered 1 000 000/s)' },
      { key: 'fan-10x10k', group: 'fan', clients: CLIENTS, subs: 10000, what: '10 clients x 10 000 subscriptions on 100 PVs @10 Hz (offered 1 000 000/s)' },
      { key: 'mon-1x10k', group: 'mon', clients: 1, subs: GROUPS.mon.count, what: '1 client, 10 000 PVs @10 Hz, one subscription each (offered 100 000/s)' },
    ];
    for (const c of cases) {
      const g = GROUPS[c.group];
      const names = Array.from({ length: c.subs }, (_, i) => g.name(i % g.count));
      const plan = spread(c.clients, opts.procs);
      const offered = c.subs * c.clients * TICK_HZ;
      try {
        await waitIdle(t);
        log(`${t.name}: monitors, ${c.what}: subscribing`);
        const init = await Promise.all(plan.map(([w, n]) => call(w, { op: 'setupMonitors', port: t.port, names, clients: n, waitMs: 15000 })));
        const initial = { received: init.reduce((s, x) => s + x.initial, 0), of: init.reduce((s, x) => s + x.subscriptions, 0) };
        const rssSubscribed = memoryMiB(t.pid).rss;
        ctl.enable(c.group, true);
        if (initial.received < initial.of) {
          // Every subscription is owed a first update at once, whether or not the PV changes.
          const note = `${t.name}, monitors ${c.key}: only ${initial.received} of ${initial.of} initial updates arrived within 15 s of subscribing (the PVs were not changing); measured anyway once the PVs ticked`;
          log(note);
          notes.push(note);
          await Promise.all(plan.map(([w]) => call(w, { op: 'waitInitial', waitMs: 30000 })));
        }
        await sleep(1000); // let the first ticks and any backlog pass
        log(`${t.name}: monitors, ${c.what}: measuring ${P.monitorSeconds} s`);
        const m = await measure(t, plan, P.monitorSeconds, 'updates');
        const all = m.results.flatMap((x) => x.monitors);
        const delivered = all.reduce((s, x) => s + x.updates / x.seconds, 0);
        const histogram = new Histogram();
        for (const x of m.results) histogram.merge(Histogram.fromJSON(x.histogram));
        r.monitors[c.key] = {
          what: c.what,
          offeredPerSecond: offered,
          deliveredPerSecond: delivered,
          perSecond: m.perSecond,
          deliveredFraction: delivered / offered,
          skippedUpdates: all.reduce((s, x) => s + x.gaps, 0),
          initialUpdates: initial,
          latencyUs: histogram.summary(),
          serverRssSubscribedMiB: rssSubscribed,
          serverCpu: m.serverCpu,
          serverCpuPer10kEvents: m.serverCpu !== undefined ? m.serverCpu / (delivered / 10000) : undefined,
          clientCpu: m.clientCpu,
          loadProcesses: plan.length,
          errors: m.errors,
        };
      } catch (err) {
        const msg = `${t.name}, monitors ${c.key}: ${err?.message ?? err}`;
        log(`FAILED ${msg}`);
        notes.push(`FAILED ${msg.split('\n')[0]}`);
        r.monitors[c.key] = { what: c.what, error: String(err?.message ?? err) };
      } finally {
        ctl.enable(c.group, false);
        await Promise.all(plan.map(([w]) => call(w, { op: 'close' })));
        await sleep(300);
      }
    }
    ctl.close();
  },

  /**
   * EPICS caEventRate on the 10 Hz counter: one libca client with 1 000 and 10 000
   * subscriptions, then 10 libca clients (10 processes) with 1 000 and 10 000 each.
   */
  async caeventrate(t, r, tools) {
    if (!tools) return;
    r.caEventRate = {};
    for (const [processes, subs] of [
      [1, 1000],
      [1, 10000],
      [CLIENTS, 1000],
      [CLIENTS, 10000],
    ]) {
      const offered = processes * subs * TICK_HZ;
      log(`${t.name}: caEventRate ${COUNTER} ${subs}${processes > 1 ? `, ${processes} processes at once` : ''} (offered ${offered}/s)`);
      await waitIdle(t);
      const res = await runCaEventRate(tools, t.env, t.pid, COUNTER, subs, { processes, windows: P.eventRateWindows });
      r.caEventRate[`${processes}x${subs}`] = { offeredPerSecond: offered, ...res, serverCpu: res.serverCpu?.fraction };
    }
  },
};

/**
 * Waits (up to `maxMs`) until the server uses less than 10 % of a core, so that one case's
 * aftermath (a backlog being drained, closed circuits being cleaned up) does not count in the
 * next. Returns how long it waited.
 */
async function waitIdle(t, maxMs = 15000) {
  const start = performance.now();
  while (performance.now() - start < maxMs) {
    const meter = cpuMeter(t.pid);
    meter.start();
    await sleep(300);
    const cpu = meter.stop();
    if (cpu === undefined || cpu.fraction < 0.1) break;
  }
  const waited = performance.now() - start;
  if (waited > 1000) log(`${t.name}: waited ${(waited / 1000).toFixed(1)} s for the server to go idle`);
  return waited;
}

/**
 * Starts every worker in `plan` at once, samples their running total (`field`) every second,
 * stops them after `seconds`, and measures the server's CPU over the same interval (from
 * /proc, so the same for Node and softIoc). The per-second rates show a bimodal server.
 */
async function measure(t, plan, seconds, field) {
  const meter = cpuMeter(t.pid);
  await Promise.all(plan.map(([w]) => call(w, { op: 'start' })));
  meter.start();
  const total = async () => (await Promise.all(plan.map(([w]) => call(w, { op: 'count' })))).reduce((s, c) => s + c[field], 0);
  const perSecond = [];
  let last = 0;
  let lastT = performance.now();
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    const now = await total();
    const tn = performance.now();
    perSecond.push(Math.round((now - last) / ((tn - lastT) / 1000)));
    last = now;
    lastT = tn;
  }
  const cpu = meter.stop();
  const results = await Promise.all(plan.map(([w]) => call(w, { op: 'stop' })));
  return {
    results,
    perSecond,
    serverCpu: cpu?.fraction,
    clientCpu: results.reduce((s, x) => s + x.cpuSeconds, 0) / (cpu?.seconds ?? seconds),
    errors: results.flatMap((x) => x.errors),
  };
}

// ------------------------------------------------------------------------------- report

const fmt = {
  int: (v) => (v === undefined || Number.isNaN(v) ? '—' : Math.round(v).toLocaleString('en-US')),
  us: (v) => (v === undefined || Number.isNaN(v) ? '—' : v >= 100 ? `${Math.round(v)} µs` : `${v.toFixed(1)} µs`),
  ms: (v) => (v === undefined || Number.isNaN(v) ? '—' : `${v.toFixed(0)} ms`),
  pct: (v) => (v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(v < 0.1 ? 1 : 0)} %`),
  mib: (v) => (v === undefined || Number.isNaN(v) ? '—' : `${v.toFixed(0)} MiB`),
  kib: (v) => (v === undefined || Number.isNaN(v) ? '—' : `${v.toFixed(1)} KiB`),
  /** [min, max] of per-second rates, in thousands. */
  range: (v) => (v === undefined ? '—' : `${Math.round(Math.min(...v) / 1000).toLocaleString('en-US')}k – ${Math.round(Math.max(...v) / 1000).toLocaleString('en-US')}k`),
};

/** Table rows: label, how to read a target's results, format, and whether higher is better. */
const ROWS = [
  ['Round-trip get latency p50 (raw client, 1 in flight)', (r) => r.latency?.p50, fmt.us, false],
  ['Round-trip get latency p90', (r) => r.latency?.p90, fmt.us, false],
  ['Round-trip get latency p99', (r) => r.latency?.p99, fmt.us, false],
  ['catime get latency mean (libca, sync get)', (r) => r.catime?.latency?.mean, fmt.us, false],
  ['Gets/s, 1 client (pipelined, raw)', (r) => r.gets?.[1]?.getsPerSecond, fmt.int, true],
  ['  server CPU (1 core = 100 %)', (r) => r.gets?.[1]?.serverCpu, fmt.pct, false],
  ['  slowest – fastest second', (r) => r.gets?.[1]?.perSecond, fmt.range, true],
  ['  load generator CPU', (r) => r.gets?.[1]?.clientCpu, fmt.pct, false],
  ['Gets/s, 10 clients (pipelined, raw)', (r) => r.gets?.[10]?.getsPerSecond, fmt.int, true],
  ['  server CPU', (r) => r.gets?.[10]?.serverCpu, fmt.pct, false],
  ['  slowest – fastest second', (r) => r.gets?.[10]?.perSecond, fmt.range, true],
  ['  load generator CPU', (r) => r.gets?.[10]?.clientCpu, fmt.pct, false],
  ['catime async get DBR_DOUBLE, per op', (r) => r.catime?.types?.DOUBLE?.asyncget, fmt.us, false],
  ['catime async get DBR_FLOAT, per op', (r) => r.catime?.types?.FLOAT?.asyncget, fmt.us, false],
  ['catime async get DBR_STRING, per op', (r) => r.catime?.types?.STRING?.asyncget, fmt.us, false],
  ['catime async get DBR_INT, per op', (r) => r.catime?.types?.INT?.asyncget, fmt.us, false],
  ['catime async put DBR_DOUBLE, per op', (r) => r.catime?.types?.DOUBLE?.asyncput, fmt.us, false],
  ['catime async put DBR_STRING, per op', (r) => r.catime?.types?.STRING?.asyncput, fmt.us, false],
  ['Monitor updates/s, 1 client, offered 100 k/s (fan-out)', (r) => r.monitors?.['fan-1x10k']?.deliveredPerSecond, fmt.int, true],
  ['  server CPU per 10 k updates/s', (r) => r.monitors?.['fan-1x10k']?.serverCpuPer10kEvents, fmt.pct, false],
  ['  updates skipped (counter gaps)', (r) => r.monitors?.['fan-1x10k']?.skippedUpdates, fmt.int, false],
  ['  latency post→client p50', (r) => r.monitors?.['fan-1x10k']?.latencyUs?.p50, fmt.us, false],
  ['  latency post→client p99', (r) => r.monitors?.['fan-1x10k']?.latencyUs?.p99, fmt.us, false],
  ['Monitor updates/s, 1 client, offered 1 M/s (fan-out)', (r) => r.monitors?.['fan-1x100k']?.deliveredPerSecond, fmt.int, true],
  ['  slowest – fastest second', (r) => r.monitors?.['fan-1x100k']?.perSecond, fmt.range, true],
  ['  server CPU', (r) => r.monitors?.['fan-1x100k']?.serverCpu, fmt.pct, false],
  ['Monitor updates/s, 10 clients, offered 1 M/s (fan-out)', (r) => r.monitors?.['fan-10x10k']?.deliveredPerSecond, fmt.int, true],
  ['  slowest – fastest second', (r) => r.monitors?.['fan-10x10k']?.perSecond, fmt.range, true],
  ['  server CPU', (r) => r.monitors?.['fan-10x10k']?.serverCpu, fmt.pct, false],
  ['Monitor updates/s, 10 000 PVs @10 Hz, 1 client', (r) => r.monitors?.['mon-1x10k']?.deliveredPerSecond, fmt.int, true],
  ['  server CPU (incl. updating the PVs)', (r) => r.monitors?.['mon-1x10k']?.serverCpu, fmt.pct, false],
  ['caEventRate, 1 client x 1 000 subs, 1 PV @10 Hz, ev/s', (r) => r.caEventRate?.['1x1000']?.rate, fmt.int, true],
  ['  server CPU', (r) => r.caEventRate?.['1x1000']?.serverCpu, fmt.pct, false],
  ['caEventRate, 1 client x 10 000 subs, ev/s', (r) => r.caEventRate?.['1x10000']?.rate, fmt.int, true],
  ['  server CPU', (r) => r.caEventRate?.['1x10000']?.serverCpu, fmt.pct, false],
  ['caEventRate, 10 clients x 1 000 subs, ev/s (sum)', (r) => r.caEventRate?.['10x1000']?.rate, fmt.int, true],
  ['  server CPU', (r) => r.caEventRate?.['10x1000']?.serverCpu, fmt.pct, false],
  ['caEventRate, 10 clients x 10 000 subs, ev/s (sum)', (r) => r.caEventRate?.['10x10000']?.rate, fmt.int, true],
  ['  server CPU', (r) => r.caEventRate?.['10x10000']?.serverCpu, fmt.pct, false],
  ['Connect 10 000 channels, raw (search + create)', (r) => r.connect?.totalMs, fmt.ms, false],
  ['  channels/s', (r) => r.connect?.channelsPerSecond, fmt.int, true],
  ['  of which UDP search (10 000 names)', (r) => r.connect?.searchMs, fmt.ms, false],
  ['  of which TCP connect + create', (r) => r.connect?.createMs, fmt.ms, false],
  ['Connect 10 000 channels, catime, per channel', (r) => r.catime?.connectUsPerChannel, fmt.us, false],
  ['  channels/s', (r) => (r.catime?.connectUsPerChannel ? 1e6 / r.catime.connectUsPerChannel : undefined), fmt.int, true],
  ['Server RSS idle (all PVs loaded)', (r) => r.rssIdleMiB, fmt.mib, false],
  ['Server RSS per channel (10 000 channels)', (r) => r.rssPerChannelKiB, fmt.kib, false],
  ['Server RSS, 1 client x 100 000 subscriptions', (r) => r.monitors?.['fan-1x100k']?.serverRssSubscribedMiB, fmt.mib, false],
  ['Server RSS peak over the run', (r) => r.rssPeakMiB, fmt.mib, false],
];

function table(results, names) {
  const header = ['scenario', ...names, ...(names.length === 2 ? ['ours vs rsrv'] : [])];
  const rows = [];
  for (const [label, get, f, higherBetter] of ROWS) {
    const values = names.map((n) => get(results[n] ?? {}));
    if (values.every((v) => v === undefined || Number.isNaN(v))) continue;
    const row = [label, ...values.map(f)];
    if (names.length === 2) {
      const [a, b] = values;
      // Ratio phrased so that > 1 means ours is better, < 1 worse.
      const numeric = typeof a === 'number' && typeof b === 'number';
      const ratio = numeric && a && b && !/CPU|skipped|RSS/.test(label) ? (higherBetter ? a / b : b / a) : undefined;
      // Within 5 % is noise on any machine.
      row.push(ratio === undefined ? '' : ratio >= 1.05 ? `${ratio.toFixed(1)}× better` : ratio <= 1 / 1.05 ? `${(1 / ratio).toFixed(1)}× worse` : 'same');
    }
    rows.push(row);
  }
  return [header, ...rows];
}

function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

const markdown = (rows) =>
  [`| ${rows[0].join(' | ')} |`, `|${rows[0].map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)].join('\n');

// --------------------------------------------------------------------------------- main

async function main() {
  installCleanup();
  const machine = machineInfo();
  log(`devioc CA server bench on ${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}, ${machine.kernel}`);
  log(`load average at start ${machine.loadAverageAtStart.join(' ')} (other load on the machine skews every figure)`);

  const tools = findEpicsTools();
  // Always ours first, rsrv second: the ratio column reads them in that order.
  let servers = ['ours', 'rsrv'].filter((s) => opts.servers.includes(s));
  if (!SCENARIOS.some((sc) => opts.only.includes(sc))) servers = [];
  if (!tools && servers.length > 0) {
    const note = 'EPICS base tools (softIoc, catime, caEventRate, caRepeater) not found via EPICS_BASE_BIN, EPICS_BASE or PATH: the rsrv column and the catime/caEventRate rows are skipped.';
    notes.push(note);
    log(note);
    servers = servers.filter((s) => s !== 'rsrv');
  } else if (tools) {
    log(`EPICS tools: ${tools.dir}`);
  }

  allowEpicsRealtime(opts.epicsRt);
  startWorkers(Math.max(1, opts.procs));
  // One private caRepeater for every libca tool (and beacon) of the run.
  const repeaterPort = await freePort();
  const repeater = tools && servers.length > 0 ? await startRepeater(tools, caEnv(0, repeaterPort)) : undefined;

  const results = {};
  for (const name of servers) {
    log(`${name}: starting ${name === 'ours' ? 'bench/lib/serve.mjs' : 'softIoc'}`);
    const target = await startTarget(name, tools, repeaterPort);
    const r = (results[name] = { pid: target.pid });
    r.failures = [];
    try {
      for (const s of SCENARIOS) {
        if (!opts.only.includes(s)) continue;
        try {
          await scenarios[s](target, r, tools);
        } catch (err) {
          // One failed scenario must not cost the others: note it, reset the workers, go on.
          const msg = `${name} ${s}: ${err?.message ?? err}`;
          log(`FAILED ${msg}`);
          r.failures.push(msg);
          notes.push(`FAILED ${msg.split('\n')[0]}`);
          await Promise.all(workers.map((w) => call(w, { op: 'close' }).catch(() => {})));
        }
      }
      r.rssPeakMiB = memoryMiB(target.pid).peak;
    } finally {
      await stopChild(target.child);
    }
  }

  if (repeater) await stopChild(repeater);
  await Promise.all(workers.map((w) => stopChild(w)));

  const suites = {};
  for (const suite of SUITES) {
    if (!opts.only.includes(suite.name)) continue;
    const file = path.join(here, suite.file);
    if (!fs.existsSync(file)) {
      notes.push(`${suite.name}: bench/${suite.file} not found, skipped`);
      continue;
    }
    log(`${suite.what}: node bench/${suite.file}`);
    const child = startChild(process.execPath, [file, ...(opts.quick && !suite.noQuick ? ['--quick'] : [])]);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      process.stdout.write(d);
    });
    const code = await new Promise((r) => child.once('exit', (c) => r(c)));
    suites[suite.name] = { file: `bench/${suite.file}`, exitCode: code, output: out };
    if (code !== 0) notes.push(`FAILED ${suite.name}: bench/${suite.file} exited with ${code}: ${child.outputTail.split('\n').slice(-3).join(' ')}`);
  }

  const rows = table(results, servers);
  console.log('');
  if (rows.length > 1) printTable(rows);
  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  machine.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const report = { machine, options: { ...opts, ...P, getBatch: GET_BATCH, getDepth: GET_DEPTH }, epicsTools: tools?.dir ?? null, notes, results, suites };
  fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  const md = `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, Node ${machine.node}, ${machine.kernel}, ${machine.date}, load average at start ${machine.loadAverageAtStart.join(' ')}, at end ${machine.loadAverageAtEnd.join(' ')}${opts.quick ? ' (--quick)' : ''}\n\n${rows.length > 1 ? markdown(rows) : ''}\n${notes.map((n) => `\n${n}\n`).join('')}${Object.entries(suites)
    .map(([name, x]) => `\n${name} (${x.file}):\n\n\`\`\`\n${x.output.trimEnd()}\n\`\`\`\n`)
    .join('')}`;
  fs.writeFileSync(path.join(outDir, 'latest.md'), md);
  for (const n of notes) console.log(`\nnote: ${n}`);
  log(`wrote bench/results/latest.json and bench/results/latest.md`);
}

main()
  .catch(async (err) => {
    process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAllChildren());
