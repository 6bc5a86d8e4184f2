// A process holding many CA clients of devioc's own client library, each one a separate circuit
// (a CaClient context), each monitoring counters that an IOC increments by one per scan. It
// checks what every client saw: each update must be newer than the last one of that PV
// (a repeated or older value is an error); a jump of more than one is an "only the newest value"
// drop, which rsrv and devioc may do for a slow reader, and is counted.
//
// Usage: node monitor-load-client.mjs CLIENTS NAMES_PER_CLIENT PREFIX COUNT
//   clients monitor PREFIX0 … PREFIX<COUNT-1>, client k starting at (k * NAMES_PER_CLIENT) % COUNT.
// Prints "READY" once every monitor has its first update; a line "report" on stdin makes it print
// one JSON line with the figures; stdin closing makes it exit.
import { createInterface } from 'node:readline';
import { CaClient } from '../../packages/core/dist/ca.js';

const [clients, perClient, prefix, count] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4], Number(process.argv[5])];
const stats = { clients, monitors: 0, updates: 0, drops: 0, regressions: 0, disconnects: 0, errors: 0, firstError: '' };
const contexts = [];
const last = [];
let pendingFirst = clients * perClient;

for (let k = 0; k < clients; k++) {
  // Each context is its own circuit to the server, as a separate client program would be.
  const client = new CaClient({ timeout: 30, beacons: false });
  contexts.push(client);
  for (let j = 0; j < perClient; j++) {
    const name = `${prefix}${(k * perClient + j) % count}`;
    const slot = last.push(undefined) - 1;
    stats.monitors++;
    const ch = client.channel(name);
    ch.state$.subscribe((state) => {
      if (state === 'disconnected') stats.disconnects++;
    });
    ch.monitor({ type: 'time' }).subscribe({
      next: (reading) => {
        const v = Number(reading.elements[0]);
        const before = last[slot];
        if (before === undefined) {
          if (--pendingFirst === 0) process.stdout.write('READY\n');
        } else if (v <= before) {
          stats.regressions++;
        } else if (v > before + 1) {
          stats.drops += v - before - 1;
        }
        last[slot] = v;
        stats.updates++;
      },
      error: (err) => {
        stats.errors++;
        stats.firstError ||= `${name}: ${err.message}`;
      },
    });
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'report') {
    const values = last.filter((v) => v !== undefined);
    process.stdout.write(`${JSON.stringify({ ...stats, minLast: Math.min(...values), maxLast: Math.max(...values), rssMiB: process.memoryUsage().rss / 2 ** 20 })}\n`);
  }
});
lines.on('close', async () => {
  await Promise.all(contexts.map((c) => c.close()));
  process.exit(0);
});
