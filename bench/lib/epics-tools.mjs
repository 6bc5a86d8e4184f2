// EPICS base's own tools, used as the yardstick: softIoc (rsrv) as the reference server, and
// catime / caEventRate (libca) as reference clients measuring both servers the same way.
// They are never part of the repo: run.mjs finds them through EPICS_BASE_BIN, EPICS_BASE or
// PATH (procs.mjs findEpicsTools) and skips these rows when they are absent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuMeter, startChild, stopChild, waitForOutput } from './procs.mjs';
import { softIocDb } from './pvset.mjs';

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/**
 * As root, EPICS gives its threads SCHED_FIFO real-time priorities (rsrv's per-client threads,
 * libca's socket threads). On a 2-core machine those then starve every ordinary process: our
 * Node load generator when measuring softIoc, and our Node server when catime measures it. So
 * by default every EPICS process runs without CAP_SYS_NICE (as it would for a non-root user),
 * i.e. with ordinary time-sharing threads like everything else in the bench. `--epics-rt`
 * (rtAllowed) keeps the real-time priorities.
 */
let rtAllowed = false;
export function allowEpicsRealtime(on) {
  rtAllowed = on;
}

/** The command line that runs an EPICS executable, wrapped as described above. */
export function epicsCommand(file, args) {
  const setpriv = findOnPath('setpriv');
  if (!rtAllowed && process.getuid?.() === 0 && setpriv !== undefined) {
    return [setpriv, ['--bounding-set', '-sys_nice', '--inh-caps', '-sys_nice', file, ...args]];
  }
  return [file, args];
}

/**
 * A private caRepeater on the bench's own repeater port. libca starts one (detached, never
 * stopped) when none answers; running ours means nothing outlives the bench.
 */
export async function startRepeater(tools, env) {
  const child = startChild(...epicsCommand(tools.caRepeater, []), { env });
  // It has nothing to print; give it a moment to bind before any libca client looks.
  await new Promise((r) => setTimeout(r, 200));
  if (child.exitCode !== null) throw new Error(`caRepeater exited: ${child.outputTail}`);
  return child;
}

/** softIoc serving the same PV set as serve.mjs; resolves once iocInit is complete. */
export async function startSoftIoc(tools, env) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devioc-bench-'));
  const db = path.join(dir, 'bench.db');
  fs.writeFileSync(db, softIocDb());
  // stdin stays an open pipe: softIoc exits when its shell reads EOF.
  const child = startChild(...epicsCommand(tools.softIoc, ['-d', db]), { env });
  child.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  await waitForOutput(child, /iocRun: All initialization complete/, 60000);
  return child;
}

/** Runs a tool to completion (or timeout), returning its stdout and the server's CPU use. */
async function runTool(file, args, env, serverPid, timeoutMs) {
  const meter = cpuMeter(serverPid);
  meter.start();
  const child = startChild(...epicsCommand(file, args), { env });
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise((r) => child.once('exit', (c, s) => r(c ?? s)));
  clearTimeout(timer);
  return { out, code, serverCpu: meter.stop(), tail: child.outputTail };
}

const PER_OP = /Per Op,\s*([\d.]+) uS/;

/**
 * `catime BENCH: <count> 1` and its key figures: connect µs per channel, async put/get and
 * synchronous get µs per op for each DBR type, and the get latency line.
 */
export async function runCatime(tools, env, serverPid, count, timeoutMs = 180000) {
  const r = await runTool(tools.catime, ['BENCH:', String(count), '1'], env, serverPid, timeoutMs);
  if (r.code !== 0) throw new Error(`catime exited with ${r.code}:\n${r.tail}`);
  return { ...parseCatime(r.out), serverCpuSeconds: r.serverCpu?.cpuSeconds, wallSeconds: r.serverCpu?.seconds, raw: r.out };
}

export function parseCatime(text) {
  const result = { types: {} };
  let section;
  let sub;
  for (const line of text.split('\n')) {
    let m;
    if (/^Channel Connect Test/.test(line)) section = 'connect';
    else if (/^Pend Event Test/.test(line)) section = 'pend';
    else if (/^Free Channel Test/.test(line)) section = 'free';
    else if ((m = line.match(/^DBR_(\w+) Test/))) {
      section = m[1];
      result.types[section] = {};
    } else if ((m = line.match(/### (async put|async get|synch get) test ###/))) sub = m[1].replace(' ', '');
    else if ((m = line.match(PER_OP))) {
      const us = Number(m[1]);
      if (section === 'connect') result.connectUsPerChannel = us;
      else if (section === 'free') result.freeUsPerChannel = us;
      else if (result.types[section] && sub) result.types[section][sub] = us;
    } else if ((m = line.match(/Search tries per chan - mean = ([\d.]+)/))) result.searchTriesMean = Number(m[1]);
    else if ((m = line.match(/Get Latency - mean = ([\d.]+) uS, std dev = ([\d.]+) uS, min = ([\d.]+) uS max = ([\d.]+) uS/))) {
      result.latency = { mean: Number(m[1]), stdDev: Number(m[2]), min: Number(m[3]), max: Number(m[4]) };
    }
  }
  return result;
}

/**
 * `caEventRate <pv> <subscriptions>` in `processes` separate processes at once (one libca
 * client each): each connects and subscribes (DBR_FLOAT) `subscriptions` times, then prints
 * its event rate over windows of 1 s, 2 s, 4 s … forever. We let each print `windows` rates
 * and report the sum of their last (longest-window) rates, with the server's CPU over those
 * windows.
 */
export async function runCaEventRate(tools, env, serverPid, pv, subscriptions, { processes = 1, windows = 2, timeoutMs = 120000 } = {}) {
  // Its rate lines are printf'd without a flush: through a pipe they would sit in stdio's
  // buffer. stdbuf (coreutils) makes its stdout line-buffered.
  const stdbuf = findOnPath('stdbuf');
  if (stdbuf === undefined) throw new Error('stdbuf (coreutils) is needed to read caEventRate as it runs');
  const clients = [];
  for (let i = 0; i < processes; i++) {
    const child = startChild(...epicsCommand(stdbuf, ['-oL', tools.caEventRate, pv, String(subscriptions)]), { env });
    const c = { child, out: '' };
    child.stdout.on('data', (d) => (c.out += d.toString()));
    clients.push(c);
  }
  const waitAll = async (test, what) => {
    const t0 = performance.now();
    while (!clients.every((c) => test(c.out))) {
      const dead = clients.find((c) => c.child.exitCode !== null);
      if (dead) throw new Error(`caEventRate exited:\n${dead.child.outputTail}`);
      if (performance.now() - t0 > timeoutMs) throw new Error(`caEventRate: no ${what} in ${timeoutMs} ms:\n${clients[0].child.outputTail}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    await waitAll((out) => /Waiting for initial value events\. done/.test(out), 'initial updates');
    const meter = cpuMeter(serverPid);
    meter.start();
    await waitAll((out) => (out.match(/CA Event Rate/g) ?? []).length >= windows, 'rate lines');
    const cpu = meter.stop();
    const perClient = clients.map((c) => {
      const rates = [...c.out.matchAll(/CA Event Rate \(Hz\): current ([\d.e+]+)/g)].map((m) => Number(m[1]));
      return {
        rate: rates[windows - 1],
        connectSeconds: Number(c.out.match(/times\. done\(([\d.]+) sec\)/)?.[1]),
        subscribeSeconds: Number(c.out.match(/Subscribing \d+ times\. done\(([\d.]+) sec\)/)?.[1]),
        initialSeconds: Number(c.out.match(/initial value events\. done\(([\d.]+) sec\)/)?.[1]),
      };
    });
    return { rate: perClient.reduce((s, c) => s + c.rate, 0), processes, serverCpu: cpu, perClient };
  } finally {
    await Promise.all(clients.map((c) => stopChild(c.child)));
  }
}
