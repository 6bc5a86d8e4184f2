// Child processes, free ports, the loopback-only EPICS environment and /proc readings, shared
// by every part of the bench. Everything the bench starts is registered here so that it is
// killed at the end, also on Ctrl-C and on errors: a bench must never leave IOCs behind.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Every child we started and have not yet seen exit. */
const children = new Set();

/** Spawns a child and registers it for cleanup. Its stdout/stderr tail is kept for errors. */
export function startChild(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  children.add(child);
  child.outputTail = '';
  const keep = (data) => {
    child.outputTail = (child.outputTail + data.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A child that dies must not take the bench down through an EPIPE on its stdin.
  child.stdin?.on('error', () => {});
  child.on('exit', () => children.delete(child));
  return child;
}

/** Kills one child (SIGTERM, then SIGKILL after a grace period) and waits for it to go. */
export function stopChild(child, graceMs = 2000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function stopAllChildren() {
  await Promise.all([...children].map((c) => stopChild(c)));
}

/** Synchronous last resort (process 'exit' cannot wait): SIGKILL whatever is left. */
function killAllNow() {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

let cleanupInstalled = false;
/** Ctrl-C, SIGTERM, uncaught errors and normal exit all kill our children. */
export function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      process.stderr.write(`\nbench: ${sig}, stopping every process it started\n`);
      stopAllChildren().finally(() => process.exit(130));
    });
  }
  process.on('uncaughtException', (err) => {
    process.stderr.write(`bench: ${err.stack ?? err}\n`);
    stopAllChildren().finally(() => process.exit(1));
  });
  process.on('unhandledRejection', (err) => {
    process.stderr.write(`bench: ${err?.stack ?? err}\n`);
    stopAllChildren().finally(() => process.exit(1));
  });
}

/**
 * What `devioc softioc` prints once its warm-up (runtime/warm-up.ts) has ended, done or failed:
 * it runs in the background after the IOC says it serves, and a benchmark of a fresh IOC starts
 * then, so that it measures the IOC, not the warm-up beside it (its figures were taken so before
 * the warm-up ran in the background, when the IOC said it served only after it).
 */
export const DEVIOC_WARMED_UP = /warm-up (done|failed)/;

/** Resolves when `child` prints (on stdout or stderr) text matching `re`; rejects on exit/timeout. */
export function waitForOutput(child, re, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d) => {
      seen += d.toString();
      const m = seen.match(re);
      if (m) {
        done();
        resolve(m);
      }
    };
    const onExit = (code, signal) => {
      done();
      reject(new Error(`process exited (${code ?? signal}) before printing ${re}:\n${child.outputTail}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${re}:\n${child.outputTail}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
  });
}

// ------------------------------------------------------------------------------------- ports

const tryTcp = (port) =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
const tryUdp = (port) =>
  new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind({ port, address: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });

const handedOut = new Set();
/** A port free for both TCP and UDP on loopback (a CA server needs both); never 5064/5065. */
export async function freePort() {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if (handedOut.has(port)) continue;
    if ((await tryTcp(port)) && (await tryUdp(port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found');
}

/**
 * The environment for every server and EPICS tool the bench starts: loopback only, our own
 * ports, no interface broadcasts, no beacons leaving the host. `serverPort` is the CA port of
 * the server under test, `repeaterPort` the private caRepeater the bench runs.
 */
export function caEnv(serverPort, repeaterPort) {
  return {
    ...process.env,
    EPICS_CA_ADDR_LIST: '127.0.0.1',
    EPICS_CA_AUTO_ADDR_LIST: 'NO',
    EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
    EPICS_CAS_BEACON_ADDR_LIST: '127.0.0.1',
    EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
    EPICS_CA_SERVER_PORT: String(serverPort),
    EPICS_CAS_SERVER_PORT: String(serverPort),
    EPICS_CA_REPEATER_PORT: String(repeaterPort),
    EPICS_CAS_BEACON_PORT: String(repeaterPort),
    // pvAccess, where a server or client starts it: loopback only, as CA (no beacon to a LAN).
    EPICS_PVAS_INTF_ADDR_LIST: '127.0.0.1',
    EPICS_PVAS_AUTO_BEACON_ADDR_LIST: 'NO',
    EPICS_PVAS_BEACON_ADDR_LIST: '127.0.0.1',
    EPICS_PVA_AUTO_ADDR_LIST: 'NO',
    EPICS_PVA_ADDR_LIST: '127.0.0.1',
    // Info: a devioc server says there when its warm-up is done (DEVIOC_WARMED_UP), which the
    // benchmarks wait for. It logs nothing per request or per channel at info.
    DEVIOC_LOG_LEVEL: 'info',
  };
}

// ------------------------------------------------------------------------ EPICS tools lookup

/**
 * EPICS base's tools: $EPICS_BASE_BIN, then $EPICS_BASE/bin/$EPICS_HOST_ARCH, then PATH.
 * Returns { dir, softIoc, catime, caEventRate, caRepeater } or undefined with a reason.
 */
export function findEpicsTools() {
  const wanted = ['softIoc', 'catime', 'caEventRate', 'caRepeater'];
  const candidates = [];
  if (process.env.EPICS_BASE_BIN) candidates.push(process.env.EPICS_BASE_BIN);
  if (process.env.EPICS_BASE) {
    const arch = process.env.EPICS_HOST_ARCH ?? 'linux-x86_64';
    candidates.push(path.join(process.env.EPICS_BASE, 'bin', arch));
  }
  for (const p of (process.env.PATH ?? '').split(path.delimiter)) if (p) candidates.push(p);
  for (const dir of candidates) {
    if (wanted.every((t) => isExecutable(path.join(dir, t)))) {
      return { dir, ...Object.fromEntries(wanted.map((t) => [t, path.join(dir, t)])) };
    }
  }
  return undefined;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------- /proc readings

const CLOCK_TICKS = 100; // USER_HZ on Linux; /proc/<pid>/stat counts in these.

/** CPU seconds a process has used so far, { user, system } (all threads); undefined off Linux. */
export function cpuTimes(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name may contain spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / CLOCK_TICKS, system: Number(fields[12]) / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system, all threads) a process has used so far; undefined off Linux. */
export function cpuSeconds(pid) {
  const t = cpuTimes(pid);
  return t === undefined ? undefined : t.user + t.system;
}

/**
 * Minor page faults (all threads) of a process so far; undefined off Linux. Memory touched for
 * the first time since it was mapped: a server that keeps getting fresh pages shows here.
 */
export function minorFaults(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
  } catch {
    return undefined;
  }
}

/** Resident set size and its peak, in MiB. */
export function memoryMiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'latin1');
    const kb = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: undefined, peak: undefined };
  }
}

/** Measures a process's CPU over an interval: call start(), then stop() → fraction of a core. */
export function cpuMeter(pid) {
  let c0;
  let t0;
  return {
    start() {
      c0 = cpuSeconds(pid);
      t0 = performance.now();
    },
    stop() {
      const c1 = cpuSeconds(pid);
      const dt = (performance.now() - t0) / 1000;
      if (c0 === undefined || c1 === undefined || dt <= 0) return undefined;
      return { cpuSeconds: c1 - c0, seconds: dt, fraction: (c1 - c0) / dt };
    },
  };
}

/** What the figures came from. */
export function machineInfo() {
  let cpuModel = os.cpus()[0]?.model ?? '?';
  try {
    const m = fs.readFileSync('/proc/cpuinfo', 'latin1').match(/^model name\s*:\s*(.*)$/m);
    if (m) cpuModel = m[1].trim();
  } catch {
    /* not Linux */
  }
  return {
    cpuModel,
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
