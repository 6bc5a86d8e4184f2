// The floor under a Node server's sequential round trips (issue 13, bench/RESULTS.md
// thirty-second pass): a bare Node TCP server that answers each 16-byte request with 24 bytes,
// nothing else, and a client that keeps one request in flight. Prints the server's user and
// system CPU per trip (from /proc, Linux only) and the wall time per trip. Compare with the
// "sequential gets" row of records-ca.mjs: what a server written in Node cannot go below, next to
// what devioc's CA server and softIoc's rsrv cost for the same pattern.
//   node bench/round-trip-floor.mjs [--trips N] [--server-core C] [--client-core C]
// --server-core / --client-core: run that side under `taskset -c C` (both the same core: no
// wake-up across cores). Traffic stays on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { cpuTimes, installCleanup, startChild, stopChild, waitForOutput } from './lib/procs.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};

if (args.includes('--serve')) {
  const reply = Buffer.alloc(24);
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on('data', () => socket.write(reply));
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
  process.on('SIGTERM', () => process.exit(0));
} else {
  const trips = Number(opt('--trips', 20000));
  const serverCore = opt('--server-core', undefined);
  const clientCore = opt('--client-core', undefined);
  const self = fileURLToPath(import.meta.url);
  const hasTaskset = spawnSync('taskset', ['--version']).status === 0;
  if ((serverCore !== undefined || clientCore !== undefined) && !hasTaskset) {
    console.log('round-trip-floor: --server-core and --client-core need taskset; skipped.');
    process.exit(0);
  }
  if (clientCore !== undefined) spawnSync('taskset', ['-cp', clientCore, String(process.pid)]);
  installCleanup();
  const child = serverCore !== undefined ? startChild('taskset', ['-c', serverCore, process.execPath, self, '--serve']) : startChild(process.execPath, [self, '--serve']);
  const port = Number((await waitForOutput(child, /listening on (\d+)/, 10000))[1]);
  const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise((resolve) => socket.once('connect', resolve));
  const request = Buffer.alloc(16);
  let done = 0;
  let target = 0;
  let finished = () => {};
  socket.on('data', () => {
    if (++done < target) socket.write(request);
    else finished();
  });
  const run = (n) =>
    new Promise((resolve) => {
      finished = resolve;
      done = 0;
      target = n;
      socket.write(request);
    });
  await run(5000);
  const before = cpuTimes(child.pid);
  const t0 = performance.now();
  await run(trips);
  const wallUs = ((performance.now() - t0) * 1000) / trips;
  const after = cpuTimes(child.pid);
  if (before === undefined || after === undefined) {
    console.log('round-trip-floor: no /proc (not Linux): CPU per trip not measured.');
    socket.destroy();
    await stopChild(child);
    process.exit(0);
  }
  const perTrip = (key) => (((after[key] - before[key]) * 1e6) / trips).toFixed(1);
  const cores = serverCore === undefined && clientCore === undefined ? 'cores not pinned' : `server on core ${serverCore ?? 'any'}, client on core ${clientCore ?? 'any'}`;
  console.log(`Node echo server (${cores}): ${trips} trips, server user ${perTrip('user')} µs and system ${perTrip('system')} µs per trip, wall ${wallUs.toFixed(0)} µs per trip`);
  socket.destroy();
  await stopChild(child);
}
