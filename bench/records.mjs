// Records benchmarks (issue 3): the round trip through an application's own logic as a pyepics
// client sees it, and the start-up time and memory of an IOC with 100,000 records.
// Run after `npm run build`: node bench/records.mjs [--quick]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/procs.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const quick = process.argv.includes('--quick');

/** Starts the benchmark IOC in its own process and waits for "ready". */
function startIoc(args, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, here('./lib/records-ioc.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DEVIOC_LOG_LEVEL: 'warn', EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO' },
  });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready\n')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`IOC exited (${code})`)));
  });
  return { child, ready };
}

const stop = (child) =>
  new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });

async function roundTrip() {
  const port = await freePort();
  const { child, ready } = startIoc(['roundtrip', String(port)]);
  await ready;
  const n = quick ? 200 : 1000;
  process.stderr.write(`round trip: ${n} req -> do_req -> resp through pyepics ...\n`);
  const result = await new Promise((resolve, reject) => {
    const py = spawn('/usr/bin/python3', [here('./lib/roundtrip.py'), String(n)], {
      env: { ...process.env, EPICS_CA_ADDR_LIST: '127.0.0.1', EPICS_CA_AUTO_ADDR_LIST: 'NO', EPICS_CA_SERVER_PORT: String(port), EPICS_CA_REPEATER_PORT: String(port + 1) },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    py.stdout.on('data', (d) => (out += d));
    py.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`roundtrip.py exited ${code}: ${out}`))));
  });
  await stop(child);
  return result;
}

async function manyRecords(count) {
  const port = await freePort();
  process.stderr.write(`start-up: an IOC with ${count.toLocaleString()} records ...\n`);
  const t0 = performance.now();
  const { child, ready } = startIoc(['many', String(port), String(count)], ['--expose-gc']);
  const out = await ready;
  const wallMs = performance.now() - t0;
  const stats = JSON.parse(out.split('\n')[0]);
  await stop(child);
  return { ...stats, wallMs };
}

const results = { machine: process.env.BENCH_MACHINE ?? '', roundTrip: await roundTrip(), records: await manyRecords(quick ? 10_000 : 100_000) };
const us = (x) => `${(x / 1000).toFixed(3)} ms`;
console.log('\nRound trip through the application logic (pyepics writes req, do_req writes resp, pyepics sees resp)');
console.log(`  n=${results.roundTrip.n}  p50 ${us(results.roundTrip.p50_us)}  p90 ${us(results.roundTrip.p90_us)}  p99 ${us(results.roundTrip.p99_us)}`);
const r = results.records;
console.log(`\nIOC with ${r.count.toLocaleString()} records (ao)`);
console.log(`  start(): ${r.startMs.toFixed(0)} ms (declare ${r.declareMs.toFixed(0)} ms), then the warm-up in the background ${r.warmUpMs.toFixed(0)} ms; process ready ${r.wallMs.toFixed(0)} ms after spawn`);
console.log(`  RSS ${r.rssMB.toFixed(0)} MB, heap ${r.heapUsedMB.toFixed(0)} MB, ${(r.heapPerRecordBytes / 1024).toFixed(1)} KiB heap per record`);
console.log(`\n${JSON.stringify(results)}`);
