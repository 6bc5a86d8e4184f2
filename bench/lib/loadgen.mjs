// A load-generator worker, forked by run.mjs: it holds one or more raw CA circuits (each one a
// "client" in the figures) and runs a scenario on command, so that several workers can load a
// server at once from separate processes (and cores) and stop at the same moment. Protocol,
// over the IPC channel: run.mjs sends { id, op, ... } and gets { id, ok, ... } back.
import { GetPump, MonitorSink, RawCircuit, sequentialGets, udpSearch } from './ca-raw.mjs';
import { Histogram, summarize } from './stats.mjs';

let circuits = [];
let pumps = [];
let sinks = [];
let cpu0;

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function connectAll(port, clients, namesFor) {
  circuits = [];
  const channels = [];
  for (let k = 0; k < clients; k++) {
    const c = await RawCircuit.connect(port);
    circuits.push(c);
    channels.push(await c.createChannels(namesFor(k)));
  }
  return channels;
}

const ops = {
  /** Search + create: time to connect `names` channels from nothing, on a fresh circuit. */
  async connect({ port, names }) {
    const t0 = performance.now();
    const search = await udpSearch(names, port);
    const t1 = performance.now();
    const c = await RawCircuit.connect(port);
    await c.createChannels(names);
    const t2 = performance.now();
    c.close();
    return { searchMs: t1 - t0, createMs: t2 - t1, totalMs: t2 - t0, datagrams: search.datagrams, retries: search.retries };
  },

  /** Sequential READ_NOTIFY round trips on one circuit; exact percentiles in µs. */
  async latency({ port, names, n, warmup }) {
    const [ch] = await connectAll(port, 1, () => names);
    await sequentialGets(circuits[0], ch.sids, warmup);
    const samples = await sequentialGets(circuits[0], ch.sids, n);
    closeAll();
    return { latency: summarize(samples) };
  },

  /** Connects `clients` circuits, each with its own channels, ready to pump gets. */
  async setupGets({ port, names, clients, batch, depth }) {
    const channels = await connectAll(port, clients, () => names);
    pumps = channels.map((ch, k) => new GetPump(circuits[k], ch.sids, batch, depth));
    return {};
  },

  /**
   * Connects `clients` circuits and subscribes to every name on each; waits up to `waitMs`
   * for every subscription's initial update and says how many came.
   */
  async setupMonitors({ port, names, clients, waitMs }) {
    const channels = await connectAll(port, clients, () => names);
    sinks = channels.map((ch, k) => new MonitorSink(circuits[k], ch.sids, new Histogram()));
    return ops.waitInitial({ waitMs });
  },

  /** How many subscriptions have had a first update, waiting up to `waitMs` for all. */
  async waitInitial({ waitMs }) {
    const t0 = performance.now();
    const got = () => sinks.reduce((s, k) => s + k.initial, 0);
    const want = sinks.reduce((s, k) => s + k.n, 0);
    while (got() < want && performance.now() - t0 < waitMs) await new Promise((r) => setTimeout(r, 10));
    return { initial: got(), subscriptions: want, ms: performance.now() - t0 };
  },

  /** Running totals, sampled by run.mjs to see the rate second by second. */
  async count() {
    return { replies: pumps.reduce((s, p) => s + p.replies, 0), updates: sinks.reduce((s, k) => s + k.updates, 0) };
  },

  async start() {
    cpu0 = cpuNow();
    for (const p of pumps) p.start();
    for (const s of sinks) s.start();
    return {};
  },

  /** Ends the counted interval; returns counts, latency histogram and this worker's CPU. */
  async stop() {
    const cpuSeconds = cpuNow() - cpu0;
    const gets = pumps.map((p) => p.stop());
    const monitors = sinks.map((s) => s.stop());
    const histogram = new Histogram();
    for (const s of sinks) histogram.merge(s.histogram);
    const errors = circuits.flatMap((c) => c.errors);
    return { gets, monitors, histogram: histogram.toJSON(), cpuSeconds, errors: errors.slice(0, 5) };
  },

  async close() {
    closeAll();
    return {};
  },
};

function closeAll() {
  for (const c of circuits) c.close();
  circuits = [];
  pumps = [];
  sinks = [];
}

process.on('message', async (m) => {
  try {
    const result = await ops[m.op](m);
    process.send({ id: m.id, ok: true, ...result });
  } catch (err) {
    process.send({ id: m.id, ok: false, error: err?.stack ?? String(err) });
  }
});
// Never outlive run.mjs.
process.on('disconnect', () => process.exit(0));
