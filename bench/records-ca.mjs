// Records over CA (issue 13): the same .db of 10,000 `ao` records served by `devioc softioc`
// and by EPICS softIoc, measured by EPICS' own catime side by side in one run, alternating the
// two servers `--repeat` times (default 2) so that machine load hits both alike. Reports each
// catime figure for both and the ratio devioc / softIoc (median over the repeats).
// Needs EPICS_BASE_BIN (or EPICS_BASE, or the tools on PATH); without them it says so and stops.
// Run after `npm run build`:
//   node bench/records-ca.mjs [--quick] [--repeat N] [--profile] [--servers devioc]
// --profile writes a V8 CPU profile of the devioc softioc process (node --cpu-prof) under the
// catime load to bench/results/profiles/records-ca-*.cpuprofile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowEpicsRealtime, epicsCommand, runCatime, startRepeater } from './lib/epics-tools.mjs';
import { caEnv, findEpicsTools, freePort, installCleanup, machineInfo, memoryMiB, startChild, stopChild, waitForOutput } from './lib/procs.mjs';

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
  await waitForOutput(child, /serving \d+ records/, 120000);
  return child;
}

const runs = { devioc: [], softioc: [] };
for (let r = 0; r < repeat; r++) {
  for (const kind of servers) {
    const port = await freePort();
    const repPort = await freePort();
    const env = caEnv(port, repPort);
    const repeater = await startRepeater(tools, env);
    process.stderr.write(`records-ca: run ${r + 1}/${repeat}, ${kind}: catime BENCH: ${COUNT} ...\n`);
    const server = await startServer(kind, env);
    try {
      const res = await runCatime(tools, env, server.pid, COUNT);
      delete res.raw;
      res.rssMiB = memoryMiB(server.pid).rss;
      runs[kind].push(res);
    } finally {
      // devioc exits normally on SIGTERM, so node --cpu-prof writes its profile.
      await stopChild(server, 10000);
      await stopChild(repeater);
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
const med = (list, f) => {
  const v = list.map(f).filter((x) => typeof x === 'number' && Number.isFinite(x));
  return v.length ? median(v) : undefined;
};
const fmt = (x) => (x === undefined ? '–' : `${x.toFixed(3)} µs`);
const table = ['| catime on 10,000 ao records | softIoc (rsrv) | devioc softioc | ratio |', '|---|---:|---:|---:|'];
const summary = {};
for (const [label, f] of rows) {
  const s = med(runs.softioc, f);
  const d = med(runs.devioc, f);
  const ratio = s && d ? d / s : undefined;
  summary[label] = { softioc: s, devioc: d, ratio };
  table.push(`| ${label} | ${fmt(s)} | ${fmt(d)} | ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} |`);
}
const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`\nRecords over CA: median of ${repeat} run(s) each, load average ${load}`);
console.log(table.join('\n'));
console.log(`\n${JSON.stringify({ machine: machineInfo(), date: new Date().toISOString(), loadavg: os.loadavg(), repeat, summary, runs })}`);
