#!/usr/bin/env node
/**
 * Records real pvAccess conversations: pvxs's own tools (pvxget, pvxput, pvxmonitor, pvxinfo,
 * pvxlist) and pvAccessCPP's (pvget, pvput, pvmonitor, pvinfo, whose pvRequests use the type
 * cache) talking to pvxs's softIocPVX serving pva-records.db, through a recording proxy. Every
 * message in both directions is written, in order, to pvxs-conversations.json; the CI test
 * (pvxs-replay.test.ts) replays the tools' messages to devioc and compares its answers with
 * softIocPVX's. Nothing of pvxs is committed: only the bytes it exchanged.
 *
 *   PVXS_BIN=/path/to/pvxs/bin/linux-x86_64 PVACPP_BIN=/path/to/pvAccessCPP/bin/linux-x86_64 \
 *     node packages/core/test/pva/capture-pvxs.mjs
 *
 * The proxy answers the tools' UDP searches itself (claiming every name, pointing them at the
 * proxy's TCP port) and forwards each TCP connection to softIocPVX on private loopback ports.
 */
import { spawn, execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from './scenarios.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.PVXS_BIN;
/** pvAccessCPP's tools (pvget, pvput, pvmonitor, pvinfo), for the scenarios that use them. */
const cppBin = process.env.PVACPP_BIN;
if (!bin || !cppBin) {
  console.error('set PVXS_BIN to the directory holding softIocPVX and the pvx* tools, PVACPP_BIN to pvAccessCPP\'s bin');
  process.exit(2);
}
const toolPath = (tool) => path.join(tool.startsWith('pvx') || tool === 'softIocPVX' ? bin : cppBin, tool);

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const iocTcp = await freePort();
const iocUdp = await freePort();
const proxyTcp = await freePort();
const proxyUdp = await freePort();

const iocEnv = {
  ...process.env,
  EPICS_PVAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_PVAS_SERVER_PORT: String(iocTcp), EPICS_PVAS_BROADCAST_PORT: String(iocUdp),
  EPICS_PVAS_AUTO_BEACON_ADDR_LIST: 'NO', EPICS_PVAS_BEACON_ADDR_LIST: '127.0.0.1',
  EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_CA_SERVER_PORT: String(await freePort()), EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
  EPICS_CAS_BEACON_ADDR_LIST: '127.0.0.1',
};
const toolEnv = {
  ...process.env,
  EPICS_PVA_AUTO_ADDR_LIST: 'NO', EPICS_PVA_ADDR_LIST: '127.0.0.1', EPICS_PVA_BROADCAST_PORT: String(proxyUdp),
  EPICS_PVA_SERVER_PORT: String(proxyTcp),
};

/** Every message seen: { conn, dir: 'c2s' | 's2c', hex }, in the order the proxy saw them. */
const events = [];
let connCount = 0;

/** Splits a byte stream into whole PVA messages (8-byte header; control messages are 8 bytes). */
function splitter(onMessage) {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 8) {
      const flags = pending[2];
      const le = (flags & 0x80) === 0;
      const size = le ? pending.readUInt32LE(4) : pending.readUInt32BE(4);
      const total = flags & 0x01 ? 8 : 8 + size;
      if (pending.length < total) break;
      onMessage(pending.subarray(0, total));
      pending = pending.subarray(total);
    }
  };
}

const proxy = net.createServer((client) => {
  const conn = connCount++;
  const upstream = net.connect(iocTcp, '127.0.0.1');
  client.on('data', splitter((m) => { events.push({ conn, dir: 'c2s', hex: m.toString('hex') }); upstream.write(m); }));
  upstream.on('data', splitter((m) => { events.push({ conn, dir: 's2c', hex: m.toString('hex') }); client.write(m); }));
  client.on('close', () => { events.push({ conn, dir: 'close' }); upstream.end(); });
  upstream.on('close', () => client.destroy());
  client.on('error', () => {});
  upstream.on('error', () => {});
});
await new Promise((r) => proxy.listen(proxyTcp, '127.0.0.1', r));

// Answer every search: found, at the proxy's TCP port (big-endian, as pvxs replies).
const guid = Buffer.from('646576696f632d7076787300', 'hex');
const udp = dgram.createSocket({ type: 'udp4', reuseAddr: true });
udp.on('message', (d, remote) => {
  if (d.length < 8 || d[0] !== 0xca || d[3] !== 3) return;
  const le = (d[2] & 0x80) === 0;
  const u32 = (o) => (le ? d.readUInt32LE(o) : d.readUInt32BE(o));
  const u16 = (o) => (le ? d.readUInt16LE(o) : d.readUInt16BE(o));
  let at = 8;
  const seq = u32(at); at += 4 + 1 + 3 + 16;
  const replyPort = u16(at); at += 2;
  const nproto = d[at++];
  for (let i = 0; i < nproto; i++) at += 1 + d[at];
  const n = at + 2 <= d.length ? u16(at) : 0; at += 2;
  const cids = [];
  for (let i = 0; i < n; i++) { cids.push(u32(at)); at += 4; at += 1 + d[at]; }
  if (cids.length === 0) return;
  const body = Buffer.alloc(12 + 4 + 16 + 2 + 4 + 1 + 2 + 4 * cids.length);
  let o = 0;
  guid.copy(body, o); o += 12;
  body.writeUInt32BE(seq, o); o += 4;
  body[o + 10] = 0xff; body[o + 11] = 0xff; o += 16;
  body.writeUInt16BE(proxyTcp, o); o += 2;
  body[o++] = 3; body.write('tcp', o); o += 3;
  body[o++] = 1;
  body.writeUInt16BE(cids.length, o); o += 2;
  for (const c of cids) { body.writeUInt32BE(c, o); o += 4; }
  const head = Buffer.from([0xca, 2, 0xc0, 4, 0, 0, 0, 0]);
  head.writeUInt32BE(body.length, 4);
  udp.send(Buffer.concat([head, body]), replyPort || remote.port, remote.address);
});
await new Promise((r) => udp.bind(proxyUdp, '127.0.0.1', r));

const ioc = spawn(path.join(bin, 'softIocPVX'), ['-d', path.join(here, 'pva-records.db')], { env: iocEnv, stdio: ['pipe', 'pipe', 'pipe'] });
let iocOut = '';
ioc.stdout.on('data', (d) => { iocOut += d; });
ioc.stderr.on('data', (d) => { iocOut += d; });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const run = (tool, args) => new Promise((resolve) => {
  execFile(toolPath(tool), args, { env: toolEnv, timeout: 10_000 }, (err, stdout, stderr) => resolve({ err, stdout, stderr }));
});

const scenarios = [];
try {
  for (let i = 0; i < 100 && !iocOut.includes('iocRun: All initialization complete'); i++) await sleep(100);
  await sleep(300);
  for (const scenario of SCENARIOS) {
    const first = events.length;
    const firstConn = connCount;
    let background;
    const outputs = [];
    for (const step of scenario.steps) {
      if (step.background) {
        background = spawn(toolPath(step.tool), step.args, { env: toolEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        let seen = '';
        background.stdout.on('data', (d) => { seen += d; });
        for (let i = 0; i < 100 && !seen.includes(step.waitFor); i++) await sleep(50);
        await sleep(200);
        continue;
      }
      const r = await run(step.tool, step.args.map((a) => (a === '@server' ? `127.0.0.1:${proxyTcp}` : a)));
      outputs.push(r.stdout);
      await sleep(150);
    }
    if (background) {
      await sleep(500);
      background.kill('SIGINT');
      await new Promise((r) => background.once('exit', r));
    }
    await sleep(300);
    const mine = events.slice(first).map((e) => ({ ...e, conn: e.conn - firstConn }));
    scenarios.push({ name: scenario.name, steps: scenario.steps.map((s) => [s.tool, ...s.args].join(' ')), outputs, events: mine });
    console.log(`${scenario.name}: ${mine.length} messages`);
  }
  ioc.stdin.write('epicsEnvShow EPICS_VERSION_FULL\n');
  for (let i = 0; i < 50 && !/EPICS_VERSION_FULL=\S+/.test(iocOut); i++) await sleep(100);
  const base = /EPICS_VERSION_FULL=(\S+)/.exec(iocOut)?.[1] ?? 'unknown';
  const version = await run('pvxget', ['-V']);
  writeFileSync(
    path.join(here, 'pvxs-conversations.json'),
    `${JSON.stringify({ captured: new Date().toISOString().slice(0, 10), epicsBase: base, pvxs: version.stdout.trim() || version.stderr.trim(), scenarios }, null, 1)}\n`,
  );
  console.log(`wrote ${scenarios.length} scenarios`);
} finally {
  ioc.kill('SIGTERM');
  udp.close();
  proxy.close();
}
