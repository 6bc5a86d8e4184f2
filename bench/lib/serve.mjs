#!/usr/bin/env node
// Our CA server under test, in its own process so that it never shares an event loop with the
// load generator. Serves bench/lib/pvset.mjs on the port in EPICS_CAS_SERVER_PORT (loopback
// only: run.mjs sets the environment) and prints `READY <tcpPort> <pid>` once clients can
// connect. SIGTERM, SIGINT or the end of stdin stop it cleanly (so that `node --cpu-prof` can
// write its profile).
//   node bench/lib/serve.mjs
import { CaServer, MemoryPvProvider } from '../../packages/core/dist/ca.js';
import { CATIME_COUNT, COUNTER, GROUPS, TICK_HZ, catimeName } from './pvset.mjs';

const provider = new MemoryPvProvider();
for (let i = 0; i < CATIME_COUNT; i++) provider.add({ name: catimeName(i), type: 'double', value: 0 });

// Always ticking, like the softIoc calc record with SCAN ".1 second".
const counter = provider.add({ name: COUNTER, type: 'double', value: 0 });
let n = 0;
setInterval(() => counter.set(++n), 1000 / TICK_HZ);

// Each group ticks only while its enable PV is non-zero, like the softIoc records whose SDIS
// link reads it. One interval updates the whole group, as one periodic scan thread does.
for (const group of Object.values(GROUPS)) {
  const pvs = [];
  for (let i = 0; i < group.count; i++) pvs.push(provider.add({ name: group.name(i), type: 'double', value: 0 }));
  const counts = new Float64Array(group.count);
  let ticker;
  provider.add({
    name: group.enable,
    type: 'double',
    value: 0,
    onWrite: (value) => {
      const on = value[0] !== 0;
      if (on && ticker === undefined) {
        ticker = setInterval(() => {
          for (let i = 0; i < pvs.length; i++) pvs[i].set(++counts[i]);
        }, 1000 / TICK_HZ);
      } else if (!on && ticker !== undefined) {
        clearInterval(ticker);
        ticker = undefined;
      }
    },
  });
}

const server = new CaServer({ providers: [provider] });
await server.start();
process.stdout.write(`READY ${server.tcpPort} ${process.pid}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// run.mjs closes our stdin when it is done (or dies): never outlive it.
process.stdin.on('end', stop);
process.stdin.resume();
