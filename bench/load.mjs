// Reliability at load, full scale (the CI tests test/ca-load.test.ts, test/ca-abuse.test.ts run
// a reduced slice of the same scenarios with the same scripts from test/helpers/):
//
//   fanout  `devioc softioc` with 1,000 counters posting 1,000 updates/s in all; 200 monitoring
//           clients (devioc's client and libca's) plus 5 raw clients that stop reading; for
//           --minutes: updates delivered, drops, stalled clients cut off, server RSS and fds
//           over time.
//   fuzz    10^6 random and mutated CA frames over live sockets (and garbage datagrams) while
//           clients monitor: crashes, memory, clients affected.
//   churn   10,000 records; 50 clients connecting, reading and disconnecting in a loop for
//           --churn-minutes: RSS and fds over time (flat or not).
//
// Usage: node bench/load.mjs [--only fanout,fuzz,churn] [--minutes 10] [--churn-minutes 60]
//        [--frames 1000000] [--clients 200]
// Build first (npm run build). Loopback only. Prints progress, then a Markdown summary, and
// writes bench/results/load.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { DEVIOC_WARMED_UP, freePort, installCleanup, machineInfo, memoryMiB, sleep, startChild, stopAllChildren, stopChild, waitForOutput, cpuMeter } from './lib/procs.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CLI = path.join(root, 'packages/core/dist/cli/main.js');
const helpers = path.join(root, 'test/helpers');
const PY = '/usr/bin/python3';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const only = new Set((arg('only', 'fanout,fuzz,churn') ?? '').split(','));
const minutes = Number(arg('minutes', '10'));
const churnMinutes = Number(arg('churn-minutes', '60'));
const frames = Number(arg('frames', '1000000'));
const totalClients = Number(arg('clients', '200'));

installCleanup();
const log = (s) => process.stderr.write(`[load] ${s}\n`);

const env = (port, extra = {}) => ({
  ...process.env,
  EPICS_CA_SERVER_PORT: String(port),
  EPICS_CA_REPEATER_PORT: String(port + 1),
  EPICS_CA_ADDR_LIST: '127.0.0.1',
  EPICS_CA_AUTO_ADDR_LIST: 'NO',
  EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
  EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
  EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`,
  // pvAccess (softioc serves it too): loopback only.
  EPICS_PVAS_INTF_ADDR_LIST: '127.0.0.1',
  EPICS_PVAS_AUTO_BEACON_ADDR_LIST: 'NO',
  EPICS_PVAS_BEACON_ADDR_LIST: '127.0.0.1',
  EPICS_PVA_AUTO_ADDR_LIST: 'NO',
  EPICS_PVA_ADDR_LIST: '127.0.0.1',
  PYTHONUNBUFFERED: '1',
  NO_COLOR: '1',
  DEVIOC_LOG_LEVEL: 'info',
  ...extra,
});

const counters = (prefix, n, scan) =>
  Array.from({ length: n }, (_, i) => `record(calc, "${prefix}${i}") { field(SCAN, "${scan}") field(INPA, "${prefix}${i}") field(CALC, "A+1") }`).join('\n');

async function startIoc(dbText, port, extra) {
  const file = path.join(fs.mkdtempSync('/tmp/devioc-load-'), 'load.db');
  fs.writeFileSync(file, dbText);
  const child = startChild(process.execPath, [CLI, 'softioc', '-d', file], { env: env(port, extra) });
  child.log = '';
  child.stdout.on('data', (d) => (child.log += d));
  child.stderr.on('data', (d) => (child.log += d));
  await waitForOutput(child, DEVIOC_WARMED_UP, 120_000);
  return child;
}

/** A client process (devioc contexts or one pyepics) speaking the report protocol of test/helpers. */
function loadClient(command, args, port) {
  const child = startChild(command, args, { env: env(port) });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  let ready;
  const readyP = new Promise((r) => (ready = r));
  lines.on('line', (l) => {
    if (l === 'READY') ready();
    else if (l.startsWith('{')) waiting.shift()?.(JSON.parse(l));
  });
  return {
    child,
    ready: () => Promise.race([readyP, sleep(180_000).then(() => Promise.reject(new Error(`client not ready: ${child.outputTail}`)))]),
    report: () => new Promise((r) => (waiting.push(r), child.stdin.write('report\n'))),
  };
}

const fds = (pid) => {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
};
const sum = (rs, k) => rs.reduce((a, r) => a + Number(r[k] ?? 0), 0);
const results = { machine: machineInfo() };

async function fanout() {
  const port = await freePort();
  const records = 1000;
  log(`fanout: ${records} counters at 1 Hz each, ${totalClients} clients, 5 stalled, ${minutes} min`);
  const ioc = await startIoc(counters('LOAD:n', records, '1 second'), port, { DEVIOC_CAS_SLOW_CLIENT_TMO: '10' });
  const pid = ioc.pid;
  const pyClients = Math.round(totalClients / 10);
  const perProc = 30;
  const nodeClients = totalClients - pyClients;
  const clients = [];
  for (let left = nodeClients; left > 0; left -= perProc)
    clients.push(loadClient(process.execPath, [path.join(helpers, 'monitor-load-client.mjs'), String(Math.min(perProc, left)), '50', 'LOAD:n', String(records)], port));
  for (let i = 0; i < pyClients; i++)
    clients.push(loadClient(PY, [path.join(helpers, 'pyepics_monitor_load.py'), 'LOAD:n', String((i * 50) % records), '50', String(records)], port));
  await Promise.all(clients.map((c) => c.ready()));
  log(`fanout: ${totalClients} clients monitoring`);
  const names = Array.from({ length: records }, (_, i) => `LOAD:n${i}`);
  const stalled = [];
  for (let i = 0; i < 5; i++) {
    const s = startChild(PY, [path.join(helpers, 'stalled_ca_client.py'), '127.0.0.1', String(port), '4', ...names], { env: env(port) });
    await waitForOutput(s, /STALLED/, 60_000);
    stalled.push(s);
  }
  const cpu = cpuMeter(pid);
  cpu.start();
  const timeline = [];
  const t0 = Date.now();
  const first = await Promise.all(clients.map((c) => c.report()));
  while (Date.now() - t0 < minutes * 60_000) {
    await sleep(Math.min(30_000, minutes * 6000));
    const m = memoryMiB(pid);
    timeline.push({ s: Math.round((Date.now() - t0) / 1000), rssMiB: Math.round(m.rss), fds: fds(pid) });
    log(`fanout: ${timeline.at(-1).s} s, RSS ${timeline.at(-1).rssMiB} MiB, fds ${timeline.at(-1).fds}`);
  }
  const last = await Promise.all(clients.map((c) => c.report()));
  const c = cpu.stop();
  const seconds = (Date.now() - t0) / 1000;
  const cutOff = (ioc.log.match(/not reading for/g) ?? []).length;
  results.fanout = {
    records, clients: totalClients, stalledClients: 5, cutOff, seconds: Math.round(seconds),
    monitors: sum(last, 'monitors'),
    updatesPerSecond: Math.round((sum(last, 'updates') - sum(first, 'updates')) / seconds),
    drops: sum(last, 'drops'), regressions: sum(last, 'regressions'), disconnects: sum(last, 'disconnects'), errors: sum(last, 'errors'),
    serverCpu: c?.fraction, serverPeakRssMiB: Math.round(memoryMiB(pid).peak), timeline,
  };
  await Promise.all([...clients.map((x) => stopChild(x.child)), ...stalled.map((s) => stopChild(s)), stopChild(ioc)]);
}

async function fuzz() {
  const port = await freePort();
  log(`fuzz: ${frames} frames`);
  const targets = `record(calc, "ABUSE:calc") { field(SCAN, ".1 second") field(INPA, "ABUSE:calc") field(CALC, "A+1") }
record(ao, "ABUSE:ao") { field(VAL, "1") field(SCAN, ".2 second") }
record(waveform, "ABUSE:wave") { field(NELM, "1000") field(FTVL, "DOUBLE") }
record(stringout, "ABUSE:str") { field(VAL, "text") }
record(mbbo, "ABUSE:mbbo") { field(ZRST, "zero") field(ONST, "one") }`;
  const ioc = await startIoc(`${counters('GOOD:n', 100, '.5 second')}\n${targets}`, port);
  const clients = [
    loadClient(process.execPath, [path.join(helpers, 'monitor-load-client.mjs'), '5', '20', 'GOOD:n', '100'], port),
    loadClient(PY, [path.join(helpers, 'pyepics_monitor_load.py'), 'GOOD:n', '0', '20', '100'], port),
  ];
  await Promise.all(clients.map((c) => c.ready()));
  const fds0 = fds(ioc.pid);
  const rss0 = memoryMiB(ioc.pid).rss;
  const t0 = Date.now();
  const stats = [];
  const chunk = 100_000;
  for (let done = 0, seed = 1; done < frames; done += chunk, seed++) {
    const f = startChild(process.execPath, [path.join(helpers, 'ca-frame-fuzzer.mjs'), String(port), String(Math.min(chunk, frames - done)), String(seed), '8', 'ABUSE:calc', 'ABUSE:ao', 'ABUSE:wave', 'ABUSE:str', 'ABUSE:mbbo']);
    let out = '';
    f.stdout.on('data', (d) => (out += d));
    await new Promise((r) => f.once('exit', r));
    stats.push(JSON.parse(out));
    log(`fuzz: ${done + Math.min(chunk, frames - done)} frames, IOC ${ioc.exitCode === null ? 'up' : 'DOWN'}, RSS ${Math.round(memoryMiB(ioc.pid).rss)} MiB`);
    if (ioc.exitCode !== null) break;
  }
  await sleep(3000);
  const reports = await Promise.all(clients.map((c) => c.report()));
  results.fuzz = {
    frames: sum(stats, 'frames'), connections: sum(stats, 'connections'), datagrams: sum(stats, 'datagrams'), closedByServer: sum(stats, 'closedByServer'),
    seconds: Math.round((Date.now() - t0) / 1000), iocUp: ioc.exitCode === null,
    internalErrors: (ioc.log.match(/internal error|RangeError|TypeError/g) ?? []).length,
    rssBeforeMiB: Math.round(rss0), rssPeakMiB: Math.round(memoryMiB(ioc.pid).peak), fdsBefore: fds0, fdsAfter: fds(ioc.pid),
    clientDisconnects: sum(reports, 'disconnects'), clientRegressions: sum(reports, 'regressions'),
  };
  await Promise.all([...clients.map((x) => stopChild(x.child)), stopChild(ioc)]);
}

async function churn() {
  const port = await freePort();
  const records = 10_000;
  log(`churn: ${records} records, 50 clients connecting and disconnecting for ${churnMinutes} min`);
  const ioc = await startIoc(Array.from({ length: records }, (_, i) => `record(ao, "CHURN:${i}") { field(VAL, "${i}") }`).join('\n'), port);
  // 5 processes × 10 concurrent loops = 50 clients, each cycle a new circuit: connect 20 channels,
  // read them, monitor one briefly, close.
  const script = `
    import { CaClient } from ${JSON.stringify(path.join(root, 'packages/core/dist/ca.js'))};
    const end = Date.now() + ${churnMinutes * 60_000};
    let cycles = 0, failures = 0;
    const loop = async () => {
      while (Date.now() < end) {
        const c = new CaClient({ beacons: false, timeout: 30 });
        try {
          const names = Array.from({ length: 20 }, () => 'CHURN:' + Math.floor(Math.random() * ${records}));
          await Promise.all(names.map((n) => c.get(n)));
          const m = c.channel(names[0]).monitor({ type: 'time' }).subscribe(() => {});
          await new Promise((r) => setTimeout(r, 50));
          m.unsubscribe();
        } catch { failures++; }
        await c.close();
        cycles++;
      }
    };
    await Promise.all(Array.from({ length: 10 }, loop));
    console.log(JSON.stringify({ cycles, failures }));`;
  const workers = Array.from({ length: 5 }, () => {
    const w = startChild(process.execPath, ['--input-type=module', '-e', script], { env: env(port) });
    let out = '';
    w.stdout.on('data', (d) => (out += d));
    return new Promise((r) => w.once('exit', () => r(out)));
  });
  const timeline = [];
  const t0 = Date.now();
  let finished = false;
  const all = Promise.all(workers).then((outs) => ((finished = true), outs));
  while (!finished) {
    await Promise.race([all, sleep(Math.max(10_000, churnMinutes * 3000))]);
    const m = memoryMiB(ioc.pid);
    timeline.push({ s: Math.round((Date.now() - t0) / 1000), rssMiB: Math.round(m.rss), fds: fds(ioc.pid) });
    log(`churn: ${timeline.at(-1).s} s, RSS ${timeline.at(-1).rssMiB} MiB, fds ${timeline.at(-1).fds}`);
  }
  const outs = (await all).map((o) => JSON.parse(o.trim().split('\n').at(-1) || '{}'));
  results.churn = { records, clients: 50, minutes: churnMinutes, cycles: sum(outs, 'cycles'), failures: sum(outs, 'failures'), timeline };
  await stopChild(ioc);
}

try {
  if (only.has('fanout')) await fanout();
  if (only.has('fuzz')) await fuzz();
  if (only.has('churn')) await churn();
} finally {
  await stopAllChildren();
}
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/load.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
