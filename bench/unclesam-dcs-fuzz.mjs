#!/usr/bin/env node
/**
 * DCS abuse at full scale: `node bench/unclesam-dcs-fuzz.mjs [frames]` (default 10^6; build first).
 * The `unclesam` command, with no robot connected, takes random and mutated DCS frames from 8
 * connections at a time (test/helpers/dcs-frame-fuzzer.mjs, in chunks of 100,000 frames with
 * their own seeds): every connection that shakes hands becomes the RobotDHS for as long as it
 * lasts. After each chunk a CA get (devioc's client) checks that the IOC still answers. Prints
 * progress and one JSON line: frames, connections, sessions closed by UncleSAM, seconds, the IOC
 * up or not, crashes in its output, RSS before / peak / after and fds before / after. The CI slice
 * is test/unclesam-dcs-fuzz.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaClient } from '../packages/core/dist/ca.js';
import { freePort, installCleanup, memoryMiB, startChild, stopChild, waitForOutput } from './lib/procs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const frames = Number(process.argv[2] ?? 1_000_000);
const chunk = 100_000;
installCleanup();
const fds = (pid) => fs.readdirSync(`/proc/${pid}/fd`).length;
const log = (text) => console.error(`[dcs-fuzz] ${text}`);

const caPort = await freePort();
const dhsPort = await freePort();
const env = {
  ...process.env,
  EPICS_CAS_SERVER_PORT: String(caPort),
  EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
  EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
  EPICS_CAS_BEACON_ADDR_LIST: '127.255.255.255',
  EPICS_CAS_BEACON_PORT: String(caPort + 1),
  DEVIOC_PVA: 'NO',
  DEVIOC_LOG_LEVEL: 'error',
};
const ioc = startChild(process.execPath, [path.join(root, 'packages/unclesam/dist/cli.js'), '--device', 'FUZZ', '--port', String(dhsPort), '--host', '127.0.0.1', '--heartbeat', '1'], { env });
let iocOutput = '';
ioc.stdout.on('data', (d) => (iocOutput = (iocOutput + d).slice(-200_000)));
ioc.stderr.on('data', (d) => (iocOutput = (iocOutput + d).slice(-200_000)));
await waitForOutput(ioc, /listening for the RobotDHS/);
const client = new CaClient({ addressList: [`127.0.0.1:${caPort}`], autoAddressList: false, serverPort: caPort, repeaterPort: caPort + 2, timeout: 10, env: {} });
const caGet = async () => {
  const value = await client.get('FUZZ:TIMER:REHEAT', { timeout: 5 });
  return typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
};
await caGet();
const pid = ioc.pid;
const fds0 = fds(pid);
const rss0 = memoryMiB(pid).rss;
const t0 = Date.now();
const totals = { frames: 0, connections: 0, handshakes: 0, closedByServer: 0, bytes: 0 };
const timeline = [];
for (let done = 0, seed = 1; done < frames && ioc.exitCode === null; done += chunk, seed++) {
  const n = Math.min(chunk, frames - done);
  const f = startChild(process.execPath, [path.join(root, 'test/helpers/dcs-frame-fuzzer.mjs'), String(dhsPort), String(n), String(seed), '8', 'robot']);
  let out = '';
  f.stdout.on('data', (d) => (out += d));
  await new Promise((resolve) => f.once('exit', resolve));
  const s = JSON.parse(out);
  for (const k of Object.keys(totals)) totals[k] += s[k];
  let answered = false;
  try {
    await caGet();
    answered = true;
  } catch {}
  const rss = Math.round(memoryMiB(pid).rss ?? NaN);
  timeline.push({ frames: done + n, s: Math.round((Date.now() - t0) / 1000), rssMiB: rss, fds: ioc.exitCode === null ? fds(pid) : null, caAnswered: answered });
  log(`${done + n} frames, ${Math.round((Date.now() - t0) / 1000)} s, IOC ${ioc.exitCode === null ? 'up' : 'DOWN'}, CA ${answered ? 'answers' : 'SILENT'}, RSS ${rss} MiB, fds ${timeline.at(-1).fds}`);
}
const settle = Date.now() + 10_000;
while (ioc.exitCode === null && fds(pid) > fds0 + 3 && Date.now() < settle) await new Promise((r) => setTimeout(r, 200));
const result = {
  ...totals,
  seconds: Math.round((Date.now() - t0) / 1000),
  iocUp: ioc.exitCode === null,
  crashes: (iocOutput.match(/RangeError|TypeError|Uncaught|Node\.js v/g) ?? []).length,
  caAlwaysAnswered: timeline.every((t) => t.caAnswered),
  rssBeforeMiB: Math.round(rss0),
  rssPeakMiB: Math.round(memoryMiB(pid).peak ?? NaN),
  rssAfterMiB: Math.round(memoryMiB(pid).rss ?? NaN),
  fdsBefore: fds0,
  fdsAfter: ioc.exitCode === null ? fds(pid) : null,
  timeline,
};
await client.close();
await stopChild(ioc);
console.log(JSON.stringify(result));
process.exitCode = result.iocUp && result.crashes === 0 ? 0 : 1;
if (result.crashes > 0 || !result.iocUp) console.error(iocOutput.slice(-3000));
