#!/usr/bin/env node
// pvAccess benchmark: devioc softioc's PVA server beside pvxs's softIocPVX (QSRV2) serving the
// same .db, in the same run, measured by the same client (devioc's, over one connection each):
//   gets     GET operations per second (INIT + GET + destroy, as pvxget does), 64 in flight, on
//            1,000 ao records
//   monitors 1,000 calc records counting at 10 Hz (SCAN .1 second), one monitor each: updates
//            per second delivered, and the server's CPU
// softIocPVX runs when PVXS_BIN names pvxs's bin directory; without it only devioc is measured.
//
//   npm run build && PVXS_BIN=/path/to/pvxs/bin/linux-x86_64 node bench/pva.mjs [--quick] [--seconds N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEVIOC_WARMED_UP, freePort, installCleanup, startChild, stopChild, waitForOutput } from './lib/procs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const core = await import(path.resolve(here, '../packages/core/dist/pva/client/connection.js'));
const { parsePvRequest } = await import(path.resolve(here, '../packages/core/dist/pva/protocol/request-text.js'));
const { ClientConnection } = core;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const secondsArg = args.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : quick ? 3 : 10;
const N = 1000;
installCleanup();

const dbFile = path.join(os.tmpdir(), `devioc-pva-bench-${process.pid}.db`);
let db = '';
for (let i = 0; i < N; i++) db += `record(ao, "B:ao${i}") { field(VAL, "${i}.5") field(EGU, "mm") field(PREC, "2") }\n`;
for (let i = 0; i < N; i++) db += `record(calc, "B:c${i}") { field(SCAN, ".1 second") field(CALC, "VAL+1") }\n`;
fs.writeFileSync(dbFile, db);

const cpuTicks = (pid) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
};
const HZ = 100;

async function startServer(kind) {
  const tcp = await freePort();
  const udp = await freePort();
  const env = {
    ...process.env,
    EPICS_PVAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_PVAS_SERVER_PORT: String(tcp), EPICS_PVAS_BROADCAST_PORT: String(udp),
    EPICS_PVAS_AUTO_BEACON_ADDR_LIST: 'NO', EPICS_PVAS_BEACON_ADDR_LIST: '127.0.0.1',
    EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_CA_SERVER_PORT: String(await freePort()),
    EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO', EPICS_CAS_BEACON_ADDR_LIST: '127.0.0.1',
  };
  const child =
    kind === 'softIocPVX'
      ? startChild(path.join(process.env.PVXS_BIN, 'softIocPVX'), ['-d', dbFile], { env, stdio: ['pipe', 'pipe', 'pipe'] })
      : startChild(process.execPath, [path.resolve(here, '../packages/core/bin/devioc.js'), 'softioc', '-d', dbFile], { env });
  await waitForOutput(child, kind === 'softIocPVX' ? /iocRun: All initialization complete/ : DEVIOC_WARMED_UP, 60000);
  return { child, tcp };
}

async function measure(kind) {
  const { child, tcp } = await startServer(kind);
  const out = { server: kind };
  try {
    const conn = await ClientConnection.open('127.0.0.1', tcp, 'bench', 'localhost', 5000);
    const request = parsePvRequest('');
    const channels = [];
    for (let i = 0; i < N; i++) channels.push(await conn.createChannel(`B:ao${i}`));
    // gets: 64 loops in flight for `seconds`
    let gets = 0;
    const until = Date.now() + seconds * 1000;
    const t0 = cpuTicks(child.pid);
    await Promise.all(
      Array.from({ length: 64 }, async (_, k) => {
        let i = k;
        while (Date.now() < until) {
          await conn.get(channels[i % N], request, 5000);
          gets++;
          i += 64;
        }
      }),
    );
    out.getsPerSecond = Math.round(gets / seconds);
    out.getCpu = (cpuTicks(child.pid) - t0) / HZ / seconds;
    // monitors: 1,000 counting calcs
    const calcs = [];
    for (let i = 0; i < N; i++) calcs.push(await conn.createChannel(`B:c${i}`));
    let updates = 0;
    const stops = calcs.map((ch) => conn.monitor(ch, request, () => updates++, () => undefined));
    await new Promise((r) => setTimeout(r, 1500));
    updates = 0;
    const c0 = cpuTicks(child.pid);
    const w0 = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const elapsed = (Date.now() - w0) / 1000;
    out.monitorUpdatesPerSecond = Math.round(updates / elapsed);
    out.monitorCpu = (cpuTicks(child.pid) - c0) / HZ / elapsed;
    for (const s of stops) s();
    conn.close();
  } finally {
    await stopChild(child);
  }
  return out;
}

const results = [];
results.push(await measure('devioc'));
if (process.env.PVXS_BIN) results.push(await measure('softIocPVX'));
else console.log('PVXS_BIN not set: softIocPVX skipped');
fs.rmSync(dbFile, { force: true });

const fmt = (x, d = 0) => (x === undefined ? '—' : x.toFixed(d));
console.log('\n| server | PVA gets/s (64 in flight) | server CPU during gets | monitor updates/s (1,000 × 10 Hz) | server CPU during monitors |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.server} | ${r.getsPerSecond} | ${fmt(r.getCpu * 100)} % | ${r.monitorUpdatesPerSecond} | ${fmt(r.monitorCpu * 100, 1)} % |`);
}
if (results.length === 2) {
  const [ours, theirs] = results;
  console.log(`\nratio devioc/softIocPVX: gets/s ${(ours.getsPerSecond / theirs.getsPerSecond).toFixed(2)}, monitor CPU ${(ours.monitorCpu / theirs.monitorCpu).toFixed(2)}`);
}
console.log(`\nJSON ${JSON.stringify(results)}`);
