// Monitors from records (issue 13), two scenarios served by `devioc softioc` and by EPICS
// softIoc from the same .db, one raw CA client (bench/lib/ca-raw.mjs, the same for both)
// counting for `--seconds` (default 10): updates/s, the server's CPU, and the latency (p50/p99):
// for the scan, from the record's time stamp to the client's receipt; for the fanout, from the
// client's PROC write to its receipt of each update the write caused (one clock).
// - scan: 10,000 `calc` records scanned at 10 Hz (CALC "VAL+1", so every processing posts),
//   each monitored with DBR_TIME_DOUBLE.
// - fanout: one `calc` (CALC "VAL+1") processed 1,000 times a second, 100 subscriptions to it.
//   softIoc's scan menu stops at 0.1 s, so the source is an event both servers share: the
//   client writes the record's PROC at 1 kHz (paced by the clock, so the average rate holds).
// The servers alternate `--repeat N` times (default 1). Needs EPICS_BASE_BIN for softIoc;
// without it only devioc runs.
//   node bench/records-monitors.mjs [--scenarios scan,fanout] [--seconds S] [--repeat N] [--count N] [--servers devioc,softioc] [--profile]
// --profile writes a V8 CPU profile of devioc softioc to bench/results/profiles/records-monitors-devioc.cpuprofile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MonitorSink, RawCircuit } from './lib/ca-raw.mjs';
import { epicsCommand, startRepeater } from './lib/epics-tools.mjs';
import { caEnv, cpuSeconds, DEVIOC_WARMED_UP, findEpicsTools, freePort, installCleanup, machineInfo, sleep, startChild, stopChild, waitForOutput } from './lib/procs.mjs';
import { Histogram } from './lib/stats.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const seconds = Number(opt('--seconds', args.includes('--quick') ? 3 : 10));
const repeat = Number(opt('--repeat', 1));
const COUNT = Number(opt('--count', 10000));
const scenarios = opt('--scenarios', 'scan,fanout').split(',');
/** The fanout scenario: processings per second, and subscriptions to the one record. */
const FAN_RATE = 1000;
const FAN_SUBS = 100;
installCleanup();
const tools = findEpicsTools();
const servers = opt('--servers', tools === undefined ? 'devioc' : 'devioc,softioc').split(',');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devioc-bench-monitors-'));
const db = path.join(dir, 'monitors.db');
const names = Array.from({ length: COUNT }, (_, i) => `MON:${String(i).padStart(6, '0')}`);
fs.writeFileSync(db, names.map((n) => `record(calc, "${n}") { field(SCAN, ".1 second") field(CALC, "VAL+1") }\n`).join(''));
const fanDb = path.join(dir, 'fanout.db');
fs.writeFileSync(fanDb, 'record(calc, "FAN:CALC") { field(CALC, "VAL+1") }\n');
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

async function startServer(kind, env, dbFile = db) {
  if (kind === 'softioc') {
    const child = startChild(...epicsCommand(tools.softIoc, ['-d', dbFile]), { env });
    await waitForOutput(child, /iocRun: All initialization complete/, 120000);
    return child;
  }
  const nodeArgs = args.includes('--profile') ? ['--cpu-prof', `--cpu-prof-dir=${here('./results/profiles')}`, '--cpu-prof-name=records-monitors-devioc.cpuprofile'] : [];
  const child = startChild(process.execPath, [...nodeArgs, here('../packages/core/bin/devioc.js'), 'softioc', '--no-pva', '-d', dbFile], { env });
  await waitForOutput(child, DEVIOC_WARMED_UP, 120000);
  return child;
}

/**
 * What both scenarios share: serve `dbFile` with `kind`, connect `channelNames`, subscribe, and
 * count for `seconds` (after a second past the subscription burst). `plan(circuit, sids)` says
 * which sids to subscribe to, the updates offered (a rate, or a running count of them), and
 * may start and stop a source.
 */
async function measureScenario(kind, dbFile, channelNames, plan) {
  const port = await freePort();
  const env = caEnv(port, await freePort());
  // softIoc's CA client context would otherwise start a caRepeater that outlives the run.
  const repeater = tools === undefined ? undefined : await startRepeater(tools, env);
  let server;
  let circuit;
  let scenario;
  try {
    server = await startServer(kind, env, dbFile);
    circuit = await RawCircuit.connect(port);
    const { sids } = await circuit.createChannels(channelNames);
    scenario = plan(circuit, sids);
    const histogram = new Histogram();
    const sink = new MonitorSink(circuit, scenario.subscriptions, histogram, scenario.sinceEvent);
    const t0 = performance.now();
    while (sink.initial < scenario.subscriptions.length && performance.now() - t0 < 60000) await sleep(20);
    scenario.start?.();
    await sleep(1000);
    const cpu0 = cpuSeconds(server.pid);
    const offered0 = scenario.offered?.() ?? 0;
    sink.start();
    await sleep(seconds * 1000);
    const counted = sink.stop();
    const cpu = cpuSeconds(server.pid) - cpu0;
    return {
      updatesPerSecond: counted.updates / counted.seconds,
      expectedPerSecond: scenario.offered !== undefined ? (scenario.offered() - offered0) / counted.seconds : scenario.offeredPerSecond,
      gaps: counted.gaps,
      serverCpuFraction: cpu / counted.seconds,
      p50us: histogram.quantile(0.5),
      p99us: histogram.quantile(0.99),
    };
  } finally {
    scenario?.stop?.();
    circuit?.close();
    if (server !== undefined) await stopChild(server, 10000);
    if (repeater !== undefined) await stopChild(repeater);
  }
}

/** COUNT calc records scanned at 10 Hz, each subscribed to once. */
const measure = (kind) => measureScenario(kind, db, names, (_circuit, sids) => ({ subscriptions: sids, offeredPerSecond: names.length * 10 }));

/** One calc processed FAN_RATE times a second by PROC writes, FAN_SUBS subscriptions to it. */
const measureFanout = (kind) =>
  measureScenario(kind, fanDb, ['FAN:CALC', 'FAN:CALC.PROC'], (circuit, sids) => {
    let timer;
    let sent = 0;
    // When each PROC write left, by write number. The calc counts its processings (VAL+1 from
    // 0), so the update carrying VAL = k is the one the k-th write caused: its latency is taken
    // on this process's clock alone, not from the server's time stamp (this VM's system clock
    // moves against its monotonic clock by up to a millisecond, the size of what is measured).
    const sentAt = new Float64Array(FAN_RATE * (seconds + 10));
    return {
      subscriptions: new Uint32Array(FAN_SUBS).fill(sids[0]),
      // The source: PROC writes paced by the clock (a 1 ms timer fires late; the writes due
      // since the start go out at each tick, so the average rate is FAN_RATE).
      start() {
        const start = performance.now();
        timer = setInterval(() => {
          const due = Math.floor(((performance.now() - start) * FAN_RATE) / 1000);
          for (; sent < due; sent++) {
            if (sent + 1 < sentAt.length) sentAt[sent + 1] = performance.now();
            circuit.writeDouble(sids[1], 1);
          }
        }, 1);
      },
      stop: () => clearInterval(timer),
      offered: () => sent * FAN_SUBS,
      sinceEvent: (value) => (value > 0 && value < sentAt.length && sentAt[value] > 0 ? performance.now() - sentAt[value] : undefined),
    };
  });

const runs = { devioc: [], softioc: [] };
const fanRuns = { devioc: [], softioc: [] };
for (let r = 0; r < repeat; r++) {
  for (const kind of servers) {
    if (scenarios.includes('scan')) {
      process.stderr.write(`records-monitors: run ${r + 1}/${repeat}, ${kind}: ${COUNT} calc at 10 Hz, ${seconds} s ...\n`);
      runs[kind].push(await measure(kind));
    }
    if (scenarios.includes('fanout')) {
      process.stderr.write(`records-monitors: run ${r + 1}/${repeat}, ${kind}: 1 calc at ${FAN_RATE} Hz to ${FAN_SUBS} subscriptions, ${seconds} s ...\n`);
      fanRuns[kind].push(await measureFanout(kind));
    }
  }
}

const median = (v) => {
  const s = v.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rows = [
  ['updates/s received', 'updatesPerSecond', (x) => x.toFixed(0)],
  ['updates/s offered', 'expectedPerSecond', (x) => x.toFixed(0)],
  ['server CPU (fraction of one core)', 'serverCpuFraction', (x) => `${(x * 100).toFixed(1)} %`],
  ['latency p50', 'p50us', (x) => `${x.toFixed(0)} µs`],
  ['latency p99', 'p99us', (x) => `${x.toFixed(0)} µs`],
];
function tableOf(title, scenarioRuns) {
  const summary = {};
  const table = [`| ${title} | softIoc (rsrv) | devioc softioc | ratio |`, '|---|---:|---:|---:|'];
  for (const [label, key, f] of rows) {
    const s = median(scenarioRuns.softioc.map((x) => x[key]));
    const d = median(scenarioRuns.devioc.map((x) => x[key]));
    const ratio = s && d ? d / s : undefined;
    summary[label] = { softioc: s, devioc: d, ratio };
    table.push(`| ${label} | ${s === undefined ? '–' : f(s)} | ${d === undefined ? '–' : f(d)} | ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} |`);
  }
  return { summary, table };
}
const scan = scenarios.includes('scan') ? tableOf(`${COUNT.toLocaleString()} calc records at 10 Hz, all monitored (latency: time stamp to receipt)`, runs) : undefined;
const fanout = scenarios.includes('fanout') ? tableOf(`1 calc at ${FAN_RATE.toLocaleString()} Hz (PROC writes), ${FAN_SUBS} subscriptions (latency: PROC write to receipt)`, fanRuns) : undefined;
console.log(`\nMonitors from records: median of ${repeat} run(s), ${seconds} s each, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
if (scan) console.log(`${scan.table.join('\n')}\n`);
if (fanout) console.log(fanout.table.join('\n'));
console.log(`\n${JSON.stringify({ machine: machineInfo(), date: new Date().toISOString(), summary: scan?.summary, fanout: fanout?.summary, runs, fanRuns })}`);
