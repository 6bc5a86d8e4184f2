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
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { installCleanup, startChild, stopChild, waitForOutput } from './lib/procs.mjs';

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
  const ticks = () => {
    const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [Number(fields[11]), Number(fields[12])];
  };
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
  const [u0, s0] = ticks();
  const t0 = performance.now();
  await run(trips);
  const wallUs = ((performance.now() - t0) * 1000) / trips;
  const [u1, s1] = ticks();
  // /proc counts in clock ticks of 10 ms on Linux (getconf CLK_TCK = 100).
  const perTrip = (ticks0, ticks1) => (((ticks1 - ticks0) * 10_000) / trips).toFixed(1);
  const cores = serverCore === undefined && clientCore === undefined ? 'cores not pinned' : `server on core ${serverCore ?? 'any'}, client on core ${clientCore ?? 'any'}`;
  console.log(`Node echo server (${cores}): ${trips} trips, server user ${perTrip(u0, u1)} µs and system ${perTrip(s0, s1)} µs per trip, wall ${wallUs.toFixed(0)} µs per trip`);
  socket.destroy();
  await stopChild(child);
}
