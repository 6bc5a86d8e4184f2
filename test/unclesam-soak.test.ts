// UncleSAM soak: mount / dismount / prefetch-then-mount cycles against the simulated RobotDHS
// (a separate process), with faults injected at random moments (gripper jam, lost pin,
// emergency stop, the DHS dropping mid-message, a hung DHS). After every cycle, over CA through
// pyepics: STATUS is not left BUSY, STATE:APPROACH is off and the goniometer was released, and a
// cycle that failed said so on MESSAGE (and HEALTH went BAD when the robot was hurt).
// CI runs UNCLESAM_SOAK_CYCLES (default 40); `node bench/unclesam-soak.mjs` runs 500 and keeps
// the counts and timings (UNCLESAM_SOAK_RESULTS names the JSON file they go to).
import { writeFileSync } from 'node:fs';
import { skip } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GonioIoc, PvWatch, SimulatorProcess, simulatorState, startUncleSam, type UncleSamHarness } from './helpers/unclesam.js';

const CYCLES = Number(process.env.UNCLESAM_SOAK_CYCLES ?? 40);
const RESULTS = process.env.UNCLESAM_SOAK_RESULTS;
/** A fixed seed per run, printed, so a failing run can be replayed (UNCLESAM_SOAK_SEED). */
const SEED = Number(process.env.UNCLESAM_SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const FAULT_RATE = 0.3;
const FAULTS = ['gripper_jam', 'lost_pin', 'estop', 'disconnect_mid_message', 'hang'] as const;
type Fault = (typeof FAULTS)[number];
const BUSY = 2;
const IDLE = 0;

/** mulberry32: small, seeded, good enough to choose operations and moments. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const PORTS = 'ABCDEFGHIJKL'.split('').flatMap((column) => [1, 2, 3, 4, 5, 6, 7, 8].map((row) => `L${column}${row}`));

let sam: UncleSamHarness;
let sim: SimulatorProcess;
let gonio: GonioIoc;
let status: PvWatch;
let health: PvWatch;
let message: PvWatch;
let connected: PvWatch;

interface CycleRecord {
  cycle: number;
  operation: string;
  fault: Fault | null;
  faultAtMs: number | null;
  outcome: 'ok' | 'failed' | 'refused';
  ms: number;
  message: string;
  recoveredMs: number;
}
const cycles: CycleRecord[] = [];

beforeAll(async () => {
  gonio = await GonioIoc.start(`SOAKGONIO${Math.floor(Math.random() * 1e6)}`);
  sam = await startUncleSam({ gonio, options: { heartbeatMs: 500, heartbeatTimeoutMs: 2000 } });
  sim = await SimulatorProcess.start({ dhsPort: sam.dhsPort, speed: 200 });
  await sam.connected(15_000);
  // Short drying times and few mounts per reheat: the automatic dry joins the mix, quickly.
  await sam.put('ATTR:REHEATTIME', 1);
  await sam.put('ATTR:COOLTIME', 1);
  await sam.put('PARAM:MAXSAMPLES', 8);
  status = await sam.watch('STATUS');
  health = await sam.watch('HEALTH');
  message = await sam.watch('MESSAGE', { text: true });
  connected = await sam.watch('CONNECTED');
});

afterAll(async () => {
  await sim?.stop();
  await sam?.stop();
  await gonio?.stop();
});

/** Resolves once the command has ended: its sequence ran and returned to idle, or it was refused. */
async function runCommand(command: string, port: string | null): Promise<{ outcome: CycleRecord['outcome']; message: string }> {
  const messages = await message.mark();
  let ranBusy = false;
  let ended!: () => void;
  const endedPromise = new Promise<void>((resolve) => (ended = resolve));
  // Only what happens from now on: a background dry already running is not this command.
  const activity = sam.app.sequencer.activity$.pipe(skip(1)).subscribe((a) => {
    if (a !== 'idle') ranBusy = true;
    else if (ranBusy) ended();
  });
  try {
    if (port !== null) await sam.put('PARAM:NEXTPORT', port);
    await sam.put(command, 1);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const said = message.since(messages).map(String);
      const refused = said.find((m) => m.includes('refused'));
      if (refused !== undefined && !ranBusy) return { outcome: 'refused', message: refused };
      const done = await Promise.race([endedPromise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100))]);
      if (done) break;
      if (Date.now() > deadline) throw new Error(`${command} ${port ?? ''}: still running after 60 s (activity ${sam.app.sequencer.busy}); messages ${JSON.stringify(message.since(messages))}`);
      await message.pull(0.05);
    }
    await message.pull(0.05);
    const said = message.since(messages).map(String);
    const failed = said.find((m) => /failed|aborted|refused|disconnected/.test(m));
    return { outcome: failed === undefined ? 'ok' : 'failed', message: failed ?? said.at(-1) ?? '' };
  } finally {
    activity.unsubscribe();
  }
}

/** Brings the robot back to a healthy idle state after a fault: the staff's clear, reconnection. */
async function recover(fault: Fault | null): Promise<void> {
  if (fault === 'hang') {
    // The heartbeat drops a hung DHS; once dropped, it is woken so it reconnects.
    await connected.becomes((v) => v === 0, 15_000).catch(() => undefined);
    await sim.control('unhang');
  }
  await sim.control('fault clear');
  await connected.becomes((v) => v === 1, 20_000);
  await sam.connected(20_000);
  if ((await sam.get('HEALTH')) !== 1 || (await sam.get('STATUS')) !== IDLE) {
    await sam.put('CMD:clearStatus', 1);
    await health.becomes((v) => v === 1, 20_000);
  }
  await status.becomes((v) => v === IDLE, 20_000);
}

describe('UncleSAM soak', () => {
  it(`${CYCLES} cycles with random faults: never a stuck BUSY, never approach left on, every failure reported`, { timeout: 60_000 + CYCLES * 30_000 }, async () => {
    console.log(`unclesam soak: ${CYCLES} cycles, seed ${SEED}`);
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const mounted = (await sam.getText('STATE:PORT')).trim();
      const operation = mounted !== '' ? 'dismount' : random() < 0.3 ? 'prefetch+mount' : 'mount';
      const port = mounted !== '' ? null : pick(PORTS);
      const fault = random() < FAULT_RATE ? pick(FAULTS) : null;
      // Some faults right away (armed for the next gripper action or pin), some in the middle.
      const faultAtMs = fault === null ? null : Math.floor(random() * 250);
      const gonioFrom = gonio.events.length;
      const healthFrom = await health.mark();
      const t0 = performance.now();
      const injected =
        fault === null
          ? Promise.resolve('')
          : new Promise<void>((resolve) => setTimeout(resolve, faultAtMs!)).then(() => sim.control(`fault ${fault}`));
      let result: Awaited<ReturnType<typeof runCommand>>;
      if (operation === 'dismount') result = await runCommand('CMD:dismount', null);
      else if (operation === 'mount') result = await runCommand('CMD:mount', port);
      else {
        result = await runCommand('CMD:prefetch', port);
        if (result.outcome === 'ok') result = await runCommand('CMD:mount', port);
      }
      const ms = performance.now() - t0;
      const injectedReply = await injected;
      const context = `cycle ${cycle} (seed ${SEED}): ${operation} ${port ?? mounted}, fault ${fault ?? 'none'} at ${faultAtMs ?? '-'} ms (${injectedReply}): ${result.outcome} "${result.message}"`;

      // Never a stuck BUSY: the sequence has ended, so STATUS leaves BUSY.
      await status.becomes((v) => v !== BUSY, 5000).catch((error: Error) => {
        throw new Error(`${context}: STATUS stuck BUSY: ${error.message}`);
      });
      // Never approach left on: the goniometer got an off for each on.
      expect(await sam.get('STATE:APPROACH'), context).toBe(0);
      const events = gonio.events.slice(gonioFrom);
      if (events.includes('on')) expect(events.at(-1), context).toBe('off');
      // Every failure reported: MESSAGE said it, and a robot that was hurt made HEALTH BAD.
      if (result.outcome === 'failed') expect(result.message, context).not.toBe('');
      const state = await simulatorState(sim);
      const hurt = state.flags.some((f) => ['GRIPPER_JAM', 'PIN_LOST', 'ESTOP', 'NEED_CLR', 'NEED_RST'].includes(f));
      if (hurt) await health.until((v) => v === 0, 5000, healthFrom).catch((error: Error) => {
        throw new Error(`${context}: the robot reports ${state.flags.join(',')} but HEALTH never went BAD: ${error.message}`);
      });
      const r0 = performance.now();
      if (fault !== null || hurt || result.outcome === 'failed') await recover(fault);
      // Refused because the robot is busy (an automatic dry): wait for it, as mxdc would.
      else if (result.outcome === 'refused' && /busy/.test(result.message)) await status.becomes((v) => v === IDLE, 60_000);
      cycles.push({ cycle, operation, fault, faultAtMs, outcome: result.outcome, ms: Math.round(ms), message: result.message, recoveredMs: Math.round(performance.now() - r0) });
    }
    const summary = summarise(cycles);
    console.log(JSON.stringify(summary));
    if (RESULTS !== undefined) writeFileSync(RESULTS, `${JSON.stringify({ seed: SEED, summary, cycles }, null, 2)}\n`);
    expect(cycles).toHaveLength(CYCLES);
    // The run did exercise faults and successes alike.
    expect(summary.outcomes.ok).toBeGreaterThan(0);
    if (CYCLES >= 20) expect(summary.faults).toBeGreaterThan(0);
  });
});

function summarise(all: CycleRecord[]) {
  const byOperation: Record<string, { count: number; meanMs: number; p95Ms: number; maxMs: number }> = {};
  for (const op of new Set(all.map((c) => c.operation))) {
    const ms = all.filter((c) => c.operation === op && c.outcome === 'ok').map((c) => c.ms).sort((a, b) => a - b);
    byOperation[op] = {
      count: all.filter((c) => c.operation === op).length,
      meanMs: ms.length ? Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) : 0,
      p95Ms: ms.length ? ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]! : 0,
      maxMs: ms.length ? ms.at(-1)! : 0,
    };
  }
  const outcomes = { ok: 0, failed: 0, refused: 0 };
  for (const c of all) outcomes[c.outcome]++;
  const faultsByKind: Record<string, number> = {};
  for (const c of all) if (c.fault) faultsByKind[c.fault] = (faultsByKind[c.fault] ?? 0) + 1;
  const recoveries = all.filter((c) => c.recoveredMs > 0).map((c) => c.recoveredMs).sort((a, b) => a - b);
  return {
    cycles: all.length,
    outcomes,
    faults: all.filter((c) => c.fault).length,
    faultsByKind,
    byOperation,
    recoveries: recoveries.length,
    recoveryP95Ms: recoveries.length ? recoveries[Math.floor(recoveries.length * 0.95)] : 0,
  };
}
