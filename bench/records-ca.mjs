// Records over CA (issue 13): the same .db of 10,000 `ao` records served by `devioc softioc`
// and by EPICS softIoc, measured by EPICS' own catime side by side in one run, alternating the
// two servers `--repeat` times (default 2) so that machine load hits both alike. Reports each
// catime figure for both and the ratio devioc / softIoc (median over the repeats).
// Needs EPICS_BASE_BIN (or EPICS_BASE, or the tools on PATH); without them it says so and stops.
// Run after `npm run build`:
// Each server gets catime twice: the first run is the figure of a fresh server, the second that
// of the same server with devioc's hot paths compiled (rows "…, second run").
// Then, unless --catime-only: the round trip through the IOC's logic (pyepics puts req and
// waits for resp: softIoc through a CP link, devioc through a Model's callback; --trips N, on a
// fresh server and again on the same server after 4 × N trips), and
// the start-up of 100,000 ao records (spawn until the last answers caget, RSS then and --settle S
// seconds later, default 60; --million adds 1,000,000).
// After catime, each server also answers pipelined READ_NOTIFY (DBR_DOUBLE, then DBR_STRING) from
// the bench's raw client for a few seconds (unless --catime-only): the server's CPU per get. It
// tells the server's own cost per operation from catime's elapsed time, which holds the client's
// and the kernel's too. (Gets per second are in the JSON: the client is the limit there.) Then the
// same for pipelined puts (WRITE DBR_DOUBLE without callback, a READ_NOTIFY closing each batch of
// 1,000): the server's CPU per put. Last, sequential gets (DBR_DOUBLE, one in flight, as caget or a
// script waiting on each reply sends them): the server's CPU per round trip, user and system.
//   node bench/records-ca.mjs [--quick] [--repeat N] [--profile] [--servers devioc] [--catime-only] [--million] [--settle S] [--startup-only] [--round-trip-only] [--pipelined-only]
// --profile writes a V8 CPU profile of the devioc softioc process (node --cpu-prof) under the
// catime load to bench/results/profiles/records-ca-*.cpuprofile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowEpicsRealtime, epicsCommand, runCatime, startRepeater } from './lib/epics-tools.mjs';
import { caEnv, cpuSeconds, DEVIOC_WARMED_UP, findEpicsTools, freePort, installCleanup, machineInfo, memoryMiB, minorFaults, startChild, stopChild, waitForOutput } from './lib/procs.mjs';
import { DBR_DOUBLE, GetPump, PutPump, RawCircuit, sequentialGets, udpSearch } from './lib/ca-raw.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const quick = args.includes('--quick');
const profile = args.includes('--profile');
const repeat = Number(opt('--repeat', quick ? 1 : 2));
const servers = opt('--servers', 'devioc,softioc').split(',');
const COUNT = 10000;
allowEpicsRealtime(args.includes('--epics-rt'));
installCleanup();

const tools = findEpicsTools();
if (tools === undefined) {
  console.log('records-ca: EPICS tools (softIoc, catime, caRepeater) not found; set EPICS_BASE_BIN. Skipped.');
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devioc-bench-records-'));
const db = path.join(dir, 'records.db');
fs.writeFileSync(db, Array.from({ length: COUNT }, (_, i) => `record(ao, "BENCH:${String(i).padStart(6, '0')}") {}\n`).join(''));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const profileDir = here('./results/profiles');
const devioc = here('../packages/core/bin/devioc.js');

async function startServer(kind, env) {
  if (kind === 'softioc') {
    const child = startChild(...epicsCommand(tools.softIoc, ['-d', db]), { env });
    await waitForOutput(child, /iocRun: All initialization complete/, 120000);
    return child;
  }
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=records-ca-devioc.cpuprofile'] : [];
  const child = startChild(process.execPath, [...nodeArgs, devioc, 'softioc', '--no-pva', '-d', db], { env });
  await waitForOutput(child, DEVIOC_WARMED_UP, 120000);
  return child;
}

const runs = { devioc: [], softioc: [] };
/** A second catime run against the same server (see below). */
const warmRuns = { devioc: [], softioc: [] };
/** Server CPU per pipelined get, after the catime runs (see pumpGets). */
const pumpRuns = { devioc: [], softioc: [] };
const DBR_STRING = 0;

/**
 * Pipelined READ_NOTIFY to every record (batches of 1,000, two in flight) for 1 s to settle,
 * then `seconds` counted: gets per second and the server's CPU (user + system) per get.
 */
async function pumpGets(port, pid, seconds = 3) {
  const names = Array.from({ length: COUNT }, (_, i) => `BENCH:${String(i).padStart(6, '0')}`);
  await udpSearch(names, port);
  const circuit = await RawCircuit.connect(port);
  const out = {};
  try {
    const { sids } = await circuit.createChannels(names);
    const pumps = [
      ['DOUBLE', () => new GetPump(circuit, sids, 1000, 2, DBR_DOUBLE)],
      ['STRING', () => new GetPump(circuit, sids, 1000, 2, DBR_STRING)],
      // Puts (WRITE without callback, as catime's put test): one row, "PUT_DOUBLE".
      ['PUT_DOUBLE', () => new PutPump(circuit, sids, 1000, 2)],
    ];
    for (const [label, makePump] of pumps) {
      const pump = makePump();
      pump.start();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      pump.stop();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const c0 = cpuSeconds(pid);
      const f0 = minorFaults(pid);
      pump.start();
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      const stopped = pump.stop();
      const replies = stopped.replies ?? stopped.puts;
      const s = stopped.seconds;
      const c1 = cpuSeconds(pid);
      const f1 = minorFaults(pid);
      out[label] = {
        operationsPerSecond: replies / s,
        cpuNsPerOperation: c0 === undefined || c1 === undefined ? undefined : ((c1 - c0) * 1e9) / replies,
        // Some starts of devioc run in a mode with tens of thousands of faults a second, and
        // about twice the CPU per get (bench/RESULTS.md, ninth pass): this tells them apart.
        minorFaultsPer1000Operations: f0 === undefined || f1 === undefined ? undefined : ((f1 - f0) * 1000) / replies,
      };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // One get in flight at a time: each is a socket read and a write, where a pipelined batch
    // shares them among hundreds. The warm-up's trips first, then the counted ones.
    await sequentialGets(circuit, sids, 1000);
    const c0 = cpuSeconds(pid);
    const t0 = performance.now();
    await sequentialGets(circuit, sids, SEQUENTIAL_GETS);
    const c1 = cpuSeconds(pid);
    out.SEQUENTIAL = {
      operationsPerSecond: SEQUENTIAL_GETS / ((performance.now() - t0) / 1000),
      cpuNsPerOperation: c0 === undefined || c1 === undefined ? undefined : ((c1 - c0) * 1e9) / SEQUENTIAL_GETS,
    };
  } finally {
    circuit.close();
  }
  return out;
}
/** Sequential gets counted after the pumps (see pumpGets). */
const SEQUENTIAL_GETS = 10_000;

const startUpOnly = args.includes('--startup-only');
/** Only the pipelined gets and puts (no catime, round trip or start-up): the quick A/B of the server's CPU per operation. */
const pipelinedOnly = args.includes('--pipelined-only');
const roundTripOnly = args.includes('--round-trip-only');
for (let r = 0; r < (startUpOnly || roundTripOnly ? 0 : repeat); r++) {
  for (const kind of servers) {
    const port = await freePort();
    const repPort = await freePort();
    const env = caEnv(port, repPort);
    const repeater = await startRepeater(tools, env);
    process.stderr.write(`records-ca: run ${r + 1}/${repeat}, ${kind}: ${pipelinedOnly ? "pipelined gets and puts" : "catime"} on ${COUNT} records ...\n`);
    const server = await startServer(kind, env);
    try {
      if (!pipelinedOnly) {
        const res = await runCatime(tools, env, server.pid, COUNT);
        delete res.raw;
        res.rssMiB = memoryMiB(server.pid).rss;
        runs[kind].push(res);
        // The same server again: devioc's code is compiled by then (its first run is partly
        // interpreted: V8 compiles the hot paths while catime runs); softIoc's C does not change.
        const again = await runCatime(tools, env, server.pid, COUNT);
        delete again.raw;
        warmRuns[kind].push(again);
      }
      if (!args.includes('--catime-only')) pumpRuns[kind].push(await pumpGets(port, server.pid));
    } finally {
      // devioc exits normally on SIGTERM, so node --cpu-prof writes its profile.
      await stopChild(server, 10000);
      await stopChild(repeater);
    }
  }
}

// ---------------------------------------------------------------- round trip through the logic

/**
 * pyepics puts BENCH:req and waits for the monitor of BENCH:resp carrying the value: through a
 * CP link in softIoc (resp is an ao in closed loop on `req CP`), through the application's
 * callback of a devioc Model (bench/lib/records-ioc.mjs roundtrip).
 */
async function roundTrip(kind, env, port, trips) {
  let server;
  if (kind === 'softioc') {
    const rtDb = path.join(dir, 'roundtrip.db');
    fs.writeFileSync(rtDb, 'record(ao, "BENCH:req") {}\nrecord(ao, "BENCH:resp") { field(DOL, "BENCH:req CP") field(OMSL, "closed_loop") }\n');
    server = startChild(...epicsCommand(tools.softIoc, ['-d', rtDb]), { env });
    await waitForOutput(server, /iocRun: All initialization complete/, 60000);
  } else {
    server = startChild(process.execPath, [here('./lib/records-ioc.mjs'), 'roundtrip', String(port)], { env });
    await waitForOutput(server, /ready/, 60000);
  }
  const run = async (n) => {
    const py = startChild('/usr/bin/python3', [here('./lib/roundtrip.py'), String(n)], { env });
    let out = '';
    py.stdout.on('data', (d) => (out += d));
    const code = await new Promise((r) => py.once('exit', (c) => r(c)));
    if (code !== 0) throw new Error(`roundtrip.py exited ${code}: ${py.outputTail}`);
    return JSON.parse(out.trim().split('\n').pop());
  };
  try {
    const fresh = await run(trips);
    // The same server after 3 × `trips` more: devioc's callback path is compiled by then (its
    // first few thousand trips run partly interpreted while V8 compiles it).
    await run(3 * trips);
    const warm = await run(trips);
    return { ...fresh, warm };
  } finally {
    await stopChild(server, 10000);
  }
}

// ------------------------------------------------------------------- start-up of many records

/** Spawn to the last record answering caget, and the RSS then, for `count` ao records. */
async function startUp(kind, env, count) {
  const bigDb = path.join(dir, `many-${count}.db`);
  if (!fs.existsSync(bigDb)) {
    const fd = fs.openSync(bigDb, 'w');
    for (let i = 0; i < count; i += 10000) {
      const lines = [];
      for (let j = i; j < Math.min(count, i + 10000); j++) lines.push(`record(ao, "BIG:r${j}") { field(PREC, "3") field(DESC, "bench") }\n`);
      fs.writeSync(fd, lines.join(''));
    }
    fs.closeSync(fd);
  }
  const t0 = performance.now();
  const server =
    kind === 'softioc'
      ? startChild(...epicsCommand(tools.softIoc, ['-d', bigDb]), { env })
      : startChild(process.execPath, [devioc, 'softioc', '--no-pva', '-d', bigDb], { env });
  try {
    const caget = path.join(tools.dir, 'caget');
    // Short tries, one after another: a caget that searched before the server listened searches
    // again only on libca's back-off (32 ms doubling), so with `-w 1` the figure fell 0.5 s
    // late or not, start by start, which split the 100,000-record start in two modes.
    for (;;) {
      if (server.exitCode !== null) throw new Error(`${kind} exited: ${server.outputTail}`);
      const c = startChild(...epicsCommand(caget, ['-w', '0.25', `BIG:r${count - 1}`]), { env });
      const code = await new Promise((r) => c.once('exit', (x) => r(x)));
      if (code === 0) break;
      if (performance.now() - t0 > 600000) throw new Error(`${kind}: no answer in 10 minutes`);
    }
    const readyMs = performance.now() - t0;
    const rssMiB = memoryMiB(server.pid).rss;
    // A garbage-collected server holds its start-up garbage until the collector next runs
    // (V8's memory reducer, tens of seconds after start-up when idle): the RSS it then keeps.
    let settledMiB = rssMiB;
    for (let waited = 0; waited < settleS; waited++) {
      await new Promise((r) => setTimeout(r, 1000));
      settledMiB = memoryMiB(server.pid).rss;
    }
    return { count, readyMs, rssMiB, settledMiB };
  } finally {
    await stopChild(server, 10000);
  }
}

const trips = Number(opt('--trips', quick ? 200 : 1000));
const settleS = Number(opt('--settle', quick ? 0 : 60));
const startCounts = [quick ? 10000 : 100000, ...(args.includes('--million') ? [1000000] : [])];
const extra = { roundTrip: { devioc: [], softioc: [] }, startUp: { devioc: [], softioc: [] } };
if (!args.includes('--catime-only') && !pipelinedOnly) {
  for (let r = 0; r < repeat; r++) {
    for (const kind of servers) {
      const port = await freePort();
      const repPort = await freePort();
      const env = caEnv(port, repPort);
      const repeater = await startRepeater(tools, env);
      try {
        if (!startUpOnly) {
          process.stderr.write(`records-ca: run ${r + 1}/${repeat}, ${kind}: round trip, ${trips} trips ...\n`);
          extra.roundTrip[kind].push(await roundTrip(kind, env, port, trips));
        }
        for (const count of roundTripOnly ? [] : startCounts) {
          process.stderr.write(`records-ca: run ${r + 1}/${repeat}, ${kind}: start-up with ${count.toLocaleString()} records ...\n`);
          extra.startUp[kind].push(await startUp(kind, env, count));
        }
      } finally {
        await stopChild(repeater);
      }
    }
  }
}

const rows = [['connect, per channel', (x) => x.connectUsPerChannel]];
for (const t of ['DOUBLE', 'STRING']) {
  for (const [k, label] of [['asyncget', 'async get'], ['asyncput', 'async put'], ['synchget', 'sync get']]) {
    rows.push([`${label} DBR_${t}, per op`, (x) => x.types?.[t]?.[k]]);
  }
}
rows.push(['get latency (mean)', (x) => x.latency?.mean]);

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** The figures `f` picks from the runs, those that were measured. */
const numbers = (list, f) => list.map(f).filter((x) => typeof x === 'number' && Number.isFinite(x));
const med = (list, f) => {
  const v = numbers(list, f);
  return v.length ? median(v) : undefined;
};
/** The least and the most of the runs: per-start figures spread widely on a shared machine. */
const range = (list, f) => {
  const v = numbers(list, f);
  return v.length ? { min: Math.min(...v), max: Math.max(...v) } : undefined;
};
const fmt = (x) => (x === undefined ? '–' : `${x.toFixed(3)} µs`);
const table = ['| catime on 10,000 ao records | softIoc (rsrv) | devioc softioc | ratio | softIoc, runs | devioc, runs |', '|---|---:|---:|---:|---:|---:|'];
const summary = {};
const spread = (r, f) => (r === undefined ? '–' : `${f(r.min)} – ${f(r.max)}`);
/** A row: the medians of both servers, their ratio, and each server's least and most. */
const addRow = (label, sRuns, dRuns, pick, f) => {
  const s = med(sRuns, pick);
  const d = med(dRuns, pick);
  const ratio = s && d ? d / s : undefined;
  const sRange = range(sRuns, pick);
  const dRange = range(dRuns, pick);
  summary[label] = { softioc: s, devioc: d, ratio, softiocRange: sRange, deviocRange: dRange };
  table.push(`| ${label} | ${f(s)} | ${f(d)} | ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} | ${spread(sRange, f)} | ${spread(dRange, f)} |`);
};
for (const [first, scenarioRuns] of [[true, runs], [false, warmRuns]]) {
  for (const [label, f] of rows) addRow(first ? label : `${label}, second run`, scenarioRuns.softioc, scenarioRuns.devioc, f, fmt);
}
const ms = (x) => (x === undefined ? '–' : x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(0)} µs`);
const ns = (x) => (x === undefined ? '–' : `${x.toFixed(0)} ns`);
const ratioRow = (label, s, d, f = ms) => {
  const ratio = s && d ? d / s : undefined;
  summary[label] = { softioc: s, devioc: d, ratio };
  table.push(`| ${label} | ${f(s)} | ${f(d)} | ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} | | |`);
};
for (const t of ['DOUBLE', 'STRING']) {
  addRow(`pipelined gets DBR_${t} (raw client, after catime): server CPU per get`, pumpRuns.softioc, pumpRuns.devioc, (x) => x[t]?.cpuNsPerOperation, ns);
  addRow(`pipelined gets DBR_${t}: server minor page faults per 1,000 gets`, pumpRuns.softioc, pumpRuns.devioc, (x) => x[t]?.minorFaultsPer1000Operations, (x) => (x === undefined ? '–' : x.toFixed(1)));
}
addRow('pipelined puts DBR_DOUBLE (raw client, WRITE without callback): server CPU per put', pumpRuns.softioc, pumpRuns.devioc, (x) => x.PUT_DOUBLE?.cpuNsPerOperation, ns);
addRow('sequential gets DBR_DOUBLE (raw client, one in flight): server CPU per get', pumpRuns.softioc, pumpRuns.devioc, (x) => x.SEQUENTIAL?.cpuNsPerOperation, (x) => (x === undefined ? '–' : `${(x / 1000).toFixed(1)} µs`));
for (const p of ['p50', 'p99']) {
  ratioRow(`round trip req → resp (softIoc: CP link; devioc: model callback), ${p}`, med(extra.roundTrip.softioc, (x) => x[`${p}_us`]), med(extra.roundTrip.devioc, (x) => x[`${p}_us`]));
}
for (const p of ['p50', 'p99']) {
  ratioRow(`same, after ${(4 * trips).toLocaleString()} trips on the same server, ${p}`, med(extra.roundTrip.softioc, (x) => x.warm?.[`${p}_us`]), med(extra.roundTrip.devioc, (x) => x.warm?.[`${p}_us`]));
}
for (const count of startCounts) {
  const pick = (kind, key) => med(extra.startUp[kind].filter((x) => x.count === count), (x) => x[key]);
  ratioRow(`${count.toLocaleString()} ao records: spawn until the last answers caget`, pick('softioc', 'readyMs'), pick('devioc', 'readyMs'), (x) => (x === undefined ? '–' : `${(x / 1000).toFixed(2)} s`));
  ratioRow(`${count.toLocaleString()} ao records: RSS`, pick('softioc', 'rssMiB'), pick('devioc', 'rssMiB'), (x) => (x === undefined ? '–' : `${x.toFixed(0)} MiB`));
  if (settleS > 0) ratioRow(`${count.toLocaleString()} ao records: RSS ${settleS} s later`, pick('softioc', 'settledMiB'), pick('devioc', 'settledMiB'), (x) => (x === undefined ? '–' : `${x.toFixed(0)} MiB`));
}
const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`\nRecords over CA: median of ${repeat} run(s) each, load average ${load}`);
console.log(table.join('\n'));
console.log(`\n${JSON.stringify({ machine: machineInfo(), date: new Date().toISOString(), loadavg: os.loadavg(), repeat, summary, runs, warmRuns, pumpRuns, ...extra })}`);
