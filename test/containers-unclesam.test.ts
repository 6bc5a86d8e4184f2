/**
 * UncleSAM against the simulated RobotDHS in a container, through testcontainers: UncleSAM on
 * the host on a free port, the simulator in a FROM-scratch image with host networking, pyepics
 * as the client. A mount and a dismount; the container stopped in the middle of a mount and
 * started again; a fault injected into the containerised simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatorContainer, startSimulatorContainer } from './helpers/containers.js';
import { GonioIoc, type PvWatch, simulatorState, startUncleSam, type UncleSamHarness } from './helpers/unclesam.js';

const IDLE = 0;
const FAULT = 4;

let sam: UncleSamHarness;
let sim: SimulatorContainer;
let gonio: GonioIoc;
let status: PvWatch;
let health: PvWatch;
let connected: PvWatch;
let task: PvWatch;

beforeAll(async () => {
  gonio = await GonioIoc.start(`CGONIO${Math.floor(Math.random() * 1e6)}`);
  sam = await startUncleSam({ gonio, options: { heartbeatMs: 500, heartbeatTimeoutMs: 3000 } });
  // Motions 20 times faster than the real robot: fast, yet slow enough to stop it mid-mount.
  sim = await startSimulatorContainer({ dhsPort: sam.dhsPort, speed: 20 });
  await sam.connected();
  status = await sam.watch('STATUS');
  health = await sam.watch('HEALTH');
  connected = await sam.watch('CONNECTED');
  task = await sam.watch('STATE:TASK', { text: true });
}, 120_000);

afterAll(async () => {
  await sim?.remove();
  await sam?.stop();
  await gonio?.stop();
});

async function recoverRobot(): Promise<void> {
  const from = await status.mark();
  await sam.put('CMD:clearStatus', 1);
  await health.becomes((v) => v === 1);
  await status.until((v) => v === IDLE, 10_000, from);
}

describe('UncleSAM with the RobotDHS in a container', () => {
  it('mounts and dismounts as mxdc sees it, with a port map matching the container', async () => {
    const port = await sam.watch('STATE:PORT');
    let from = await status.mark();
    await sam.put('PARAM:NEXTPORT', 'LA1');
    await sam.put('CMD:mount', 1);
    await status.until((v) => v !== IDLE, 60_000, from);
    await status.until((v) => v === IDLE, 120_000, from);
    await port.becomes((v) => v === 'LA1', 10_000);
    expect(gonio.events.slice(-2)).toEqual(['on', 'off']);
    from = await status.mark();
    await sam.put('CMD:dismount', 1);
    await status.until((v) => v !== IDLE, 60_000, from);
    await status.until((v) => v === IDLE, 120_000, from);
    await port.becomes((v) => v === '', 10_000);
    expect(await sam.getText('PORTS')).toBe((await simulatorState(sim)).ports);
  }, 240_000);

  it('the container stopped mid-mount: the disconnect is reported, the mount fails cleanly, and all recovers when it is back', async () => {
    const events = gonio.events.length;
    const statusFrom = await status.mark();
    const connectedFrom = await connected.mark();
    const taskFrom = await task.mark();
    await sam.put('PARAM:NEXTPORT', 'LA2');
    await sam.put('CMD:mount', 1);
    await task.until((t) => String(t).startsWith('mount_crystal') || String(t).startsWith('prepare_mount'), 60_000, taskFrom);
    await sim.stop();
    await connected.until((v) => v === 0, 10_000, connectedFrom);
    await status.until((v) => v === FAULT, 10_000, statusFrom);
    expect(await sam.get('HEALTH')).toBe(0);
    expect(sam.app.sequencer.busy).toBeUndefined();
    expect(await sam.getText('ERROR')).toMatch(/disconnected/);
    // The goniometer is never left with approach on.
    await gonio.until((e) => e.length === events || e.at(-1) === 'off', 10_000);
    expect(await sam.get('STATE:APPROACH')).toBe(0);
    await sim.start();
    await connected.until((v) => v === 1, 30_000, connectedFrom);
    await sam.connected();
    await recoverRobot();
    expect(await sam.getText('PORTS')).toBe((await simulatorState(sim)).ports);
  }, 180_000);

  it('a gripper jam injected into the container fails the next mount with the reason', async () => {
    expect(await sim.control('fault gripper_jam')).toBe('ok gripper_jam armed');
    const statusFrom = await status.mark();
    const healthFrom = await health.mark();
    await sam.put('PARAM:NEXTPORT', 'LA3');
    await sam.put('CMD:mount', 1);
    await health.until((v) => v === 0, 60_000, healthFrom);
    await status.until((v) => v === FAULT, 60_000, statusFrom);
    expect(await sam.getText('MESSAGE')).toBe('mount failed: gripper jammed');
    expect(await sam.getText('STATE:FLAGS')).toContain('GRIPPER_JAM');
    expect(await sam.get('STATE:APPROACH')).toBe(0);
    await recoverRobot();
  }, 120_000);
});
