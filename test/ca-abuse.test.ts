/**
 * Abuse, at CI's reduced scale (bench/load.mjs sends 10^6 frames): random and mutated CA frames
 * from many connections at once, and garbage datagrams, against `devioc softioc` serving records
 * that post all the time, while well-behaved clients (devioc's and libca's) monitor other records.
 *
 * What must hold: the IOC stays up and keeps answering, the other clients see nothing of it (no
 * disconnect, every update in order), and memory and file descriptors come back down.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';
import { LoadClient, type Proc, counterDb, openFds, rssMiB, startLoopbackIoc } from './helpers/load-procs.js';
import { PyEpics } from './helpers/pyepics.js';

const FUZZER = fileURLToPath(new URL('./helpers/ca-frame-fuzzer.mjs', import.meta.url));
const FRAMES = 40_000;

/** Records the fuzzer aims at: they post on their own (a scanned calc) or take writes. */
const targetsDb = `
record(calc, "ABUSE:calc") { field(SCAN, ".1 second") field(INPA, "ABUSE:calc") field(CALC, "A+1") }
record(ao, "ABUSE:ao") { field(VAL, "1") field(SCAN, ".2 second") }
record(waveform, "ABUSE:wave") { field(NELM, "1000") field(FTVL, "DOUBLE") }
record(stringout, "ABUSE:str") { field(VAL, "text") }
record(mbbo, "ABUSE:mbbo") { field(ZRST, "zero") field(ONST, "one") }
`;

const procs: Proc[] = [];
const clients: LoadClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  await Promise.all(procs.splice(0).map((p) => p.stop()));
});

function runFuzzer(port: number, frames: number, seed: number): Promise<{ frames: number; connections: number; datagrams: number; closedByServer: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FUZZER, String(port), String(frames), String(seed), '8', 'ABUSE:calc', 'ABUSE:ao', 'ABUSE:wave', 'ABUSE:str', 'ABUSE:mbbo']);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`fuzzer exited ${code}: ${err}`))));
  });
}

describe('random and mutated frames from many connections', () => {
  it('leave the IOC up, the other clients untouched, and memory and descriptors bounded', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const ioc = await startLoopbackIoc(counterDb('GOOD:n', 100, '.5 second') + targetsDb, port);
    procs.push(ioc);
    const pid = ioc.child.pid!;

    clients.push(LoadClient.devioc(port, 5, 20, 'GOOD:n', 100), LoadClient.pyepics(port, 0, 20, 'GOOD:n', 100));
    await Promise.all(clients.map((c) => c.ready()));
    const fdsBefore = openFds(pid);
    const rssBefore = rssMiB(pid);

    let rssPeak = 0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 250);
    let fuzz;
    try {
      fuzz = await runFuzzer(port, FRAMES, 20261202);
    } finally {
      clearInterval(sampler);
    }
    expect(fuzz.frames).toBe(FRAMES);
    expect(ioc.child.exitCode).toBeNull();
    expect(ioc.output.text).not.toMatch(/RangeError|TypeError|uncaught|internal error/i);

    // The IOC answers a new libca client, and the monitoring clients carried on untouched.
    const py = new PyEpics({ serverPort: port });
    try {
      expect((await py.call<{ value: string }>('get', { pv: 'ABUSE:str', timeout: 10 })).value).toEqual(expect.any(String));
      const calc = await py.call<{ value: number }>('get', { pv: 'ABUSE:calc' });
      expect(calc.value).toBeGreaterThan(0);
    } finally {
      await py.close();
    }
    const reports = await Promise.all(clients.map((c) => c.report()));
    for (const r of reports) {
      expect(r.disconnects).toBe(0);
      expect(r.regressions).toBe(0);
      expect(r.errors).toBe(0);
      expect(r.updates).toBeGreaterThan(r.monitors);
    }

    // Every fuzz connection is gone and its memory with it.
    const deadline = Date.now() + 30_000;
    while (openFds(pid) > fdsBefore + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(openFds(pid)).toBeLessThanOrEqual(fdsBefore + 2);
    expect(rssPeak).toBeLessThan(rssBefore + 300);
    console.log(
      `abuse: ${fuzz.frames} frames on ${fuzz.connections} connections (${fuzz.closedByServer} closed by the server), ` +
        `${fuzz.datagrams} datagrams; RSS ${rssBefore.toFixed(0)} → peak ${rssPeak.toFixed(0)} MiB; fds ${fdsBefore} → ${openFds(pid)}`,
    );
  });
});
