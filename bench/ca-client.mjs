#!/usr/bin/env node
// The CA client benchmark (issue 4): the devioc client against the devioc server, and pyepics
// (libca 7.0 via /usr/bin/python3, bench/ca-client-pyepics.py) doing the same work against the same
// server. The server runs in its own Node process; everything is on loopback, on free ports.
//
//   npm run build && node bench/ca-client.mjs [--quick] [--no-pyepics]
//
// Rows: time to connect 10,000 channels; sequential gets/s (one round trip each); pipelined gets/s
// (1,000 channels × N rounds, all requests in flight together); monitor updates/s received from
// 1,000 PVs each updated at 100 Hz by the server (100,000 updates/s offered).
import { fork, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../packages/core/dist/ca.js');
const clientDist = path.resolve(here, '../packages/core/dist/ca.js');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const PYEPICS = !argv.includes('--no-pyepics');
const N_CONNECT = QUICK ? 2000 : 10_000;
const N_SEQ = QUICK ? 2000 : 10_000;
const PIPE_CHANNELS = 1000;
const PIPE_ROUNDS = QUICK ? 5 : 20;
const MON_CHANNELS = 1000;
const MON_HZ = 100;
const MON_SECONDS = QUICK ? 3 : 5;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ the server process
if (argv[0] === '--serve') {
  const { CaServer, MemoryPvProvider } = await import(dist);
  const port = Number(argv[1]);
  const pvs = new MemoryPvProvider();
  for (let i = 0; i < N_CONNECT; i++) pvs.add({ name: `B:${i}`, type: 'double', value: i });
  const mons = [];
  for (let i = 0; i < MON_CHANNELS; i++) mons.push(pvs.add({ name: `M:${i}`, type: 'double', value: 0 }));
  const server = new CaServer({ port, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], providers: [pvs] });
  await server.start();
  let tick;
  let n = 0;
  process.on('message', (m) => {
    if (m === 'tick') {
      tick = setInterval(() => {
        n++;
        for (const pv of mons) pv.set(n);
      }, 1000 / MON_HZ);
    } else if (m === 'stop-tick') {
      clearInterval(tick);
    } else if (m === 'exit') {
      clearInterval(tick);
      void server.stop().then(() => process.exit(0));
    }
  });
  process.send('ready');
} else {
  await main();
}

async function freePort() {
  const ok = (p) =>
    Promise.all([
      new Promise((r) => { const s = net.createServer(); s.once('error', () => r(false)); s.listen(p, '127.0.0.1', () => s.close(() => r(true))); }),
      new Promise((r) => { const s = dgram.createSocket('udp4'); s.once('error', () => { s.close(); r(false); }); s.bind(p, () => s.close(() => r(true))); }),
    ]).then((a) => a.every(Boolean));
  for (;;) {
    const p = 20000 + Math.floor(Math.random() * 40000);
    if ((await ok(p)) && (await ok(p + 1))) return p;
  }
}

function runPyepics(port, args) {
  return new Promise((resolve) => {
    const env = {
      ...process.env, EPICS_CA_ADDR_LIST: '127.0.0.1', EPICS_CA_AUTO_ADDR_LIST: 'NO', EPICS_CA_SERVER_PORT: String(port),
      EPICS_CA_REPEATER_PORT: String(port + 1), EPICS_CA_MAX_ARRAY_BYTES: '100000000',
    };
    const child = spawn('/usr/bin/python3', [path.join(here, 'ca-client-pyepics.py'), ...args.map(String)], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('close', () => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop();
      try {
        resolve(JSON.parse(line));
      } catch {
        resolve({ error: (err || out).trim().slice(-300) || 'no output' });
      }
    });
  });
}

async function main() {
  const { CaClient } = await import(clientDist);
  const port = await freePort();
  const server = fork(fileURLToPath(import.meta.url), ['--serve', String(port), ...(QUICK ? ['--quick'] : [])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, DEVIOC_LOG_LEVEL: 'warn' } });
  const stop = () => { try { server.send('exit'); } catch { /* gone */ } setTimeout(() => server.kill('SIGKILL'), 2000).unref(); };
  process.once('SIGINT', () => { stop(); process.exit(130); });
  await new Promise((r) => server.once('message', r));
  const newClient = () => new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, serverPort: port, repeaterPort: port + 1, timeout: 30, env: {} });
  const rows = [];
  const row = (what, ours, py, unit) => rows.push({ what, ours, py, unit });
  try {
    // 1. connect
    {
      const c = newClient();
      const t0 = performance.now();
      await c.connect(Array.from({ length: N_CONNECT }, (_, i) => `B:${i}`), 60);
      const s = (performance.now() - t0) / 1000;
      await c.close();
      const py = PYEPICS ? await runPyepics(port, ['connect', N_CONNECT]) : undefined;
      row(`connect ${N_CONNECT.toLocaleString('en')} channels`, s, py?.seconds, 's');
    }
    // 2. sequential gets
    {
      const c = newClient();
      await c.get('B:0');
      const t0 = performance.now();
      for (let i = 0; i < N_SEQ; i++) await c.get('B:0', { type: 'native' });
      const s = (performance.now() - t0) / 1000;
      await c.close();
      const py = PYEPICS ? await runPyepics(port, ['seqget', N_SEQ]) : undefined;
      row('sequential gets (1 round trip each)', N_SEQ / s, py?.gets ? py.gets / py.seconds : undefined, 'gets/s');
    }
    // 3. pipelined gets
    {
      const c = newClient();
      const names = Array.from({ length: PIPE_CHANNELS }, (_, i) => `B:${i}`);
      const chans = await c.connect(names, 60);
      const t0 = performance.now();
      for (let r = 0; r < PIPE_ROUNDS; r++) await Promise.all(chans.map((ch) => ch.get({ type: 'native' })));
      const s = (performance.now() - t0) / 1000;
      await c.close();
      const py = PYEPICS ? await runPyepics(port, ['pipeget', PIPE_CHANNELS, PIPE_ROUNDS]) : undefined;
      row(`pipelined gets (${PIPE_CHANNELS} channels × ${PIPE_ROUNDS})`, (PIPE_CHANNELS * PIPE_ROUNDS) / s, py?.gets ? py.gets / py.seconds : undefined, 'gets/s');
    }
    // 4. monitor updates
    {
      server.send('tick');
      await sleep(300);
      const c = newClient();
      let n = 0;
      const subs = Array.from({ length: MON_CHANNELS }, (_, i) => c.monitor(`M:${i}`).subscribe(() => n++));
      await c.connect(Array.from({ length: MON_CHANNELS }, (_, i) => `M:${i}`), 60);
      await sleep(1000);
      n = 0;
      const t0 = performance.now();
      await sleep(MON_SECONDS * 1000);
      const rate = n / ((performance.now() - t0) / 1000);
      for (const s of subs) s.unsubscribe();
      await c.close();
      const py = PYEPICS ? await runPyepics(port, ['monitor', MON_CHANNELS, MON_SECONDS]) : undefined;
      server.send('stop-tick');
      row(`monitor updates received (${MON_CHANNELS} PVs × ${MON_HZ} Hz offered)`, rate, py?.updates !== undefined ? py.updates / py.seconds : undefined, 'updates/s');
      if (py?.error) console.error(`pyepics monitor: ${py.error}`);
    }
  } finally {
    stop();
  }
  const fmt = (v, unit) => (v === undefined ? 'n/a' : unit === 's' ? `${v.toFixed(2)} s` : `${Math.round(v).toLocaleString('en')}`);
  console.log('\nCA client benchmark: devioc client vs pyepics (libca), same devioc server, loopback\n');
  console.log(`| scenario | devioc client | pyepics | unit | devioc/pyepics |`);
  console.log(`|---|---:|---:|---|---:|`);
  for (const r of rows) {
    const ratio = r.ours !== undefined && r.py !== undefined ? (r.unit === 's' ? r.py / r.ours : r.ours / r.py) : undefined;
    console.log(`| ${r.what} | ${fmt(r.ours, r.unit)} | ${fmt(r.py, r.unit)} | ${r.unit} | ${ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}×`} |`);
  }
  console.log('\n(ratio > 1: the devioc client is faster)');
  process.exit(0);
}
