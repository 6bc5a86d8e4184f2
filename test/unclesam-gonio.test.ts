// The goniometer handshake with a ready readback (--gonio-ready): after approach-on, UncleSAM
// waits (STATUS WAITING) until the goniometer IOC's ready PV reads 1, through a CA link of
// INP:gonioReady; if it never does, the mount fails before the robot enters and approach-off
// goes out. The goniometer is a second IOC in this process, the robot the simulator process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GonioIoc, type PvWatch, SimulatorProcess, startUncleSam, type UncleSamHarness } from './helpers/unclesam.js';

const IDLE = 0;
const WAITING = 1;

let sam: UncleSamHarness;
let sim: SimulatorProcess;
let gonio: GonioIoc;
let status: PvWatch;

beforeAll(async () => {
  gonio = await GonioIoc.start(`GONIO${Math.floor(Math.random() * 1e6)}`);
  await gonio.model.ready.put(0);
  sam = await startUncleSam({ gonio, gonioReady: true, options: { approachTimeoutMs: 1500 } });
  sim = await SimulatorProcess.start({ dhsPort: sam.dhsPort });
  await sam.connected();
  status = await sam.watch('STATUS');
});

afterAll(async () => {
  await sim?.stop();
  await sam?.stop();
  await gonio?.stop();
});

describe('UncleSAM with a goniometer ready readback', () => {
  it('holds the robot at P3 until the approach-on put-callback completes (the goniometer has moved)', async () => {
    await gonio.model.ready.put(1);
    await (await sam.watch('INP:gonioReady')).becomes((v) => v === 1, 5000);
    gonio.onDelayMs = 300;
    const seen: { task: string; status: number }[] = [];
    gonio.onApproachOn = () => seen.push({ task: sam.model.task.get(), status: sam.model.status.get() });
    const from = await status.mark();
    try {
      await sam.put('PARAM:NEXTPORT', 'LB1');
      await sam.put('CMD:mount', 1);
      await status.until((v) => v === IDLE, 10_000, from);
    } finally {
      gonio.onDelayMs = 0;
      gonio.onApproachOn = undefined;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.task).not.toMatch(/^mount_crystal/); // the robot had not gone in yet
    expect(await sam.getText('STATE:PORT')).toBe('LB1');
    const dismountFrom = await status.mark();
    await sam.put('CMD:dismount', 1);
    await status.until((v) => v !== IDLE, 5000, dismountFrom);
    await status.until((v) => v === IDLE, 10_000, dismountFrom + 1);
    expect(await sam.getText('STATE:PORT')).toBe('');
    await gonio.model.ready.put(0);
  });

  it('waits for the goniometer to be ready before the robot enters (STATUS WAITING meanwhile)', async () => {
    const readiness = await sam.watch('INP:gonioReady');
    await readiness.becomes((v) => v === 0, 5000); // the CA link follows the goniometer IOC
    const from = await status.mark();
    const events = gonio.events.length;
    const lines = sim.lines.length;
    await sam.put('PARAM:NEXTPORT', 'LA1');
    await sam.put('CMD:mount', 1);
    await status.until((v) => v === WAITING, 5000, from);
    await gonio.until((e) => e.length > events);
    expect(gonio.events.slice(events)).toEqual(['on']);
    expect(sim.linesMatching(/completed mount_crystal/, lines)).toEqual([]); // the robot waits at P3
    await gonio.model.ready.put(1);
    await readiness.becomes((v) => v === 1, 5000);
    await status.until((v) => v === IDLE, 10_000, from);
    expect(await sam.getText('STATE:PORT')).toBe('LA1');
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
  });

  it('a goniometer that never gets ready fails the mount before the robot enters; approach-off goes out', async () => {
    await gonio.model.ready.put(0);
    const from = await status.mark();
    const events = gonio.events.length;
    const operations = sim.linesMatching(/completed (?:mount_crystal|mount_next_crystal)/).length;
    await sam.put('PARAM:NEXTPORT', 'LA2');
    await sam.put('CMD:mount', 1);
    await status.until((v) => v === WAITING, 5000, from);
    await status.until((v) => v === IDLE, 10_000, from);
    expect(await sam.getText('ERROR')).toBe('mount failed: goniometer not ready within 1.5 s');
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
    expect(sim.linesMatching(/completed (?:mount_crystal|mount_next_crystal)/)).toHaveLength(operations);
    expect(await sam.getText('STATE:PORT')).toBe('LA1'); // still the first sample
    expect(await sam.get('STATE:APPROACH')).toBe(0);
  });
});
