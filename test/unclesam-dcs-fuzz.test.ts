/**
 * DCS abuse, at CI's reduced scale (bench/unclesam-dcs-fuzz.mjs sends 10^6 frames): random and
 * mutated DCS frames from many connections at once on UncleSAM's port for the RobotDHS, while the
 * simulated RobotDHS is connected and pyepics (libca) monitors a record that changes every second.
 *
 * What must hold: the `unclesam` process stays up, CA clients see nothing of it (their monitor
 * keeps updating, never disconnected), memory and file descriptors come back down, and afterwards
 * the real robot is connected again and a mount works.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openFds, rssMiB } from './helpers/load-procs.js';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';
import { PvWatch, SimulatorProcess } from './helpers/unclesam.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${root}packages/unclesam/dist/cli.js`;
const FUZZER = fileURLToPath(new URL('./helpers/dcs-frame-fuzzer.mjs', import.meta.url));
const FRAMES = 80_000;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function runDcsFuzzer(port: number, frames: number, seed: number, concurrency = 8): Promise<{ frames: number; connections: number; handshakes: number; closedByServer: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FUZZER, String(port), String(frames), String(seed), String(concurrency), 'robot']);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`fuzzer exited ${code}: ${err}`))));
  });
}

function startIoc(args: string[], caPort: number): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: root,
    env: { ...process.env, EPICS_CAS_SERVER_PORT: String(caPort), EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_CAS_BEACON_PORT: String(caPort + 1), DEVIOC_PVA: 'NO', DEVIOC_LOG_LEVEL: 'error' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, output: () => output };
}

describe('random and mutated DCS frames on the RobotDHS port', () => {
  it('leave UncleSAM up, its CA clients untouched, memory and descriptors bounded, and the robot usable', { timeout: 240_000 }, async () => {
    const caPort = await freePort();
    const dhsPort = await freePort(1);
    const device = `FZ${Math.floor(Math.random() * 1e6)}`;
    const ioc = startIoc(['--device', device, '--port', String(dhsPort), '--host', '127.0.0.1', '--heartbeat', '1', '--heartbeat-timeout', '3'], caPort);
    const py = new PyEpics({ serverPort: caPort });
    cleanups.push(() => py.close());
    const sim = await SimulatorProcess.start({ dhsPort });
    cleanups.push(() => sim.stop());
    const connected = await PvWatch.start(py, `${device}:CONNECTED`);
    await connected.becomes((v) => v === 1, 15_000);
    // TIMER:REHEAT counts down once a second: a monitor that must keep arriving.
    const timer = await PvWatch.start(py, `${device}:TIMER:REHEAT`);
    await timer.until(() => true, 5000);
    const pid = ioc.child.pid!;
    const fdsBefore = openFds(pid);
    const rssBefore = rssMiB(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 250);
    const timerFrom = await timer.mark();
    const t0 = Date.now();
    let fuzz;
    let alone;
    let robot = sim;
    try {
      // With the robot connected: the fuzz connections are other DHSs, refused or dropped.
      fuzz = await runDcsFuzzer(dhsPort, FRAMES / 4, 20261203);
      expect(ioc.child.exitCode, ioc.output()).toBeNull();
      // Without it: each fuzz connection that shakes hands becomes the RobotDHS and feeds it.
      await sim.stop();
      alone = await runDcsFuzzer(dhsPort, (FRAMES * 3) / 4, 20261204);
      expect(ioc.child.exitCode, ioc.output()).toBeNull();
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - t0) / 1000;
    expect(fuzz.frames + alone.frames).toBe(FRAMES);
    robot = await SimulatorProcess.start({ dhsPort });
    cleanups.push(() => robot.stop());
    // The CA side never noticed: the countdown kept coming, about one a second.
    await timer.pull(0.5);
    const updates = timer.since(timerFrom);
    expect(updates.length, `TIMER:REHEAT updates in ${seconds.toFixed(1)} s`).toBeGreaterThanOrEqual(Math.floor(seconds) - 2);
    expect(updates.every((v) => typeof v === 'number')).toBe(true);

    // The real robot is back (it reconnects when a fuzz connection took its place) and works.
    await connected.becomes((v) => v === 1, 20_000);
    const port = await PvWatch.start(py, `${device}:STATE:PORT`);
    const deadline = Date.now() + 60_000;
    // A fuzz connection still being dropped may refuse the first try: try until it mounts.
    for (let attempt = 0; (await py.call<{ value: string }>('get', { pv: `${device}:STATE:PORT`, as_string: true })).value !== 'LB2'; attempt++) {
      if (Date.now() > deadline) throw new Error(`no mount after the fuzz; output:\n${ioc.output().slice(-3000)}`);
      await connected.becomes((v) => v === 1, 20_000);
      await py.call('put', { pv: `${device}:PARAM:NEXTPORT`, value: 'LB2', wait: true });
      await py.call('put', { pv: `${device}:CMD:mount`, value: 1, wait: true });
      await port.becomes((v) => v === 'LB2', 5000).catch(() => undefined);
    }
    // Every fuzz connection is gone and its memory with it.
    const fdDeadline = Date.now() + 20_000;
    while (openFds(pid) > fdsBefore + 3 && Date.now() < fdDeadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const fdsAfter = openFds(pid);
    console.log(
      `dcs abuse: ${fuzz.frames} frames on ${fuzz.connections} connections beside the robot, ${alone.frames} on ${alone.connections} without it ` +
        `(${fuzz.closedByServer + alone.closedByServer} closed by UncleSAM) in ${seconds.toFixed(1)} s; ` +
        `RSS ${rssBefore.toFixed(0)} → peak ${rssPeak.toFixed(0)} MiB; fds ${fdsBefore} → ${fdsAfter}; ${updates.length} monitor updates meanwhile`,
    );
    expect(fdsAfter).toBeLessThanOrEqual(fdsBefore + 3);
    expect(rssPeak - rssBefore).toBeLessThan(150);
    expect(ioc.child.exitCode).toBeNull();
  });
});
