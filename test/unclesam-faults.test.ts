// UncleSAM end to end, when things go wrong: a gripper jam in the middle of a mount, an abort
// in the middle of a mount, the DHS dropping the connection (mid-mount and idle), a different
// robot reconnecting, a DHS that hangs without closing its socket (the heartbeat), and an
// emergency stop while a dry soaks the tong.
// The simulated RobotDHS runs as a separate process; pyepics is the client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GonioIoc, PvWatch, SimulatorProcess, type SimulatorProcessOptions, simulatorState, startUncleSam, type UncleSamHarness } from './helpers/unclesam.js';

const IDLE = 0;
const BUSY = 2;
const STANDBY = 3;
const FAULT = 4;

let sam: UncleSamHarness;
let sim: SimulatorProcess | undefined;
let gonio: GonioIoc;
let status: PvWatch;
let health: PvWatch;
let connected: PvWatch;
let task: PvWatch;

/** Replaces the simulator (if any) by a new one and waits until UncleSAM has its strings. */
async function startSimulator(options: Omit<SimulatorProcessOptions, 'dhsPort'> = {}): Promise<SimulatorProcess> {
  await sim?.stop();
  sim = await SimulatorProcess.start({ dhsPort: sam.dhsPort, ...options });
  await sam.connected();
  return sim;
}

beforeAll(async () => {
  gonio = await GonioIoc.start(`GONIO${Math.floor(Math.random() * 1e6)}`);
  // A short heartbeat, so a hung DHS is noticed within a few seconds (with room for a loaded CI machine).
  sam = await startUncleSam({ gonio, options: { heartbeatMs: 500, heartbeatTimeoutMs: 2000 } });
  await startSimulator();
  status = await sam.watch('STATUS');
  health = await sam.watch('HEALTH');
  connected = await sam.watch('CONNECTED');
  task = await sam.watch('STATE:TASK', { text: true });
});

afterAll(async () => {
  await sim?.stop();
  await sam?.stop();
  await gonio?.stop();
});

/** Starts a mount through pyepics and resolves once the robot runs mount_crystal (robot inside the goniometer area). */
async function mountUntilInside(port: string): Promise<void> {
  const from = await task.mark();
  await sam.put('PARAM:NEXTPORT', port);
  await sam.put('CMD:mount', 1);
  await task.until((t) => String(t).startsWith('mount_crystal'), 20_000, from);
}

/** The robot back in order: clear status (home, flags cleared), then HEALTH good and STATUS idle. */
async function recoverRobot(): Promise<void> {
  const from = await status.mark();
  await sam.put('CMD:clearStatus', 1);
  await health.becomes((v) => v === 1);
  await status.until((v) => v === IDLE, 10_000, from);
}

describe('UncleSAM when things go wrong', () => {
  it('a gripper jam mid-mount: HEALTH drops, MESSAGE says why, the goniometer is released, nothing hangs', async () => {
    const robot = sim!;
    expect(await robot.control('fault gripper_jam')).toBe('ok gripper_jam armed');
    const events = gonio.events.length;
    const statusFrom = await status.mark();
    const healthFrom = await health.mark();
    await sam.put('PARAM:NEXTPORT', 'LA3');
    await sam.put('CMD:mount', 1);
    await health.until((v) => v === 0, 10_000, healthFrom);
    // STATUS leaves BUSY for FAULT: the sequence has ended, nothing waits on the robot.
    await status.until((v) => v === BUSY, 10_000, statusFrom);
    await status.until((v) => v === FAULT, 10_000, statusFrom);
    await gonio.until((e) => e.length >= events + 2 && e.at(-1) === 'off');
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
    expect(await sam.getText('MESSAGE')).toBe('mount failed: gripper jammed');
    expect(await sam.getText('STATE:WRN')).toBe('FAILED: gripper jammed');
    expect(await sam.getText('STATE:FLAGS')).toContain('GRIPPER_JAM');
    expect(await sam.get('STATE:NEEDCLEAR')).toBe(1);
    expect(await sam.get('STATE:APPROACH')).toBe(0);
    expect(sam.app.sequencer.busy).toBeUndefined();
    // Unhealthy: motions are refused with the reason.
    await sam.put('PARAM:NEXTPORT', 'LA4');
    await sam.put('CMD:mount', 1);
    const log = await sam.watch('LOG', { text: true });
    await log.until((v) => v === 'mount refused: robot needs clear', 5000, 0);
    await sam.put('PARAM:MOVE', 'LA4 LB8');
    await sam.put('CMD:move', 1);
    await log.until((v) => v === 'move refused: robot needs clear', 5000, 0);
    await sam.put('PARAM:WASH', 1);
    await sam.put('CMD:wash', 1);
    await log.until((v) => v === 'wash refused: robot needs clear', 5000, 0);
    await sam.put('PARAM:WASH', 0);
    await recoverRobot();
    expect(await sam.get('STATUS')).toBe(IDLE);
  });

  it('an abort in the middle of a mount stops the robot and releases the goniometer', async () => {
    // Slow motions, so the abort surely lands while mount_crystal runs.
    const robot = await startSimulator({ speed: 10 });
    const events = gonio.events.length;
    const log = await sam.watch('LOG', { text: true });
    await mountUntilInside('LA5');
    expect(gonio.events.slice(events)).toEqual(['on']);
    expect(await sam.get('STATE:APPROACH')).toBe(1);
    const statusFrom = await status.mark();
    await sam.put('CMD:abort', 1);
    await gonio.until((e) => e.at(-1) === 'off', 5000);
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
    await status.until((v) => v === FAULT, 10_000, statusFrom); // the robot needs a reset after an abort
    expect(await sam.get('HEALTH')).toBe(0);
    expect(await sam.get('STATE:APPROACH')).toBe(0);
    // MESSAGE mirrors the robot's robot_sample too (`abort`); LOG keeps every line.
    await log.until((v) => v === 'mount aborted', 5000, 0);
    expect(['mount aborted', 'abort']).toContain(await sam.getText('MESSAGE'));
    expect(sam.app.sequencer.busy).toBeUndefined();
    await robot.waitForLine(/completed mount_crystal \S+: aborted/, { from: 0 });
    expect((await simulatorState(robot)).flags).toEqual(expect.arrayContaining(['NEED_RST', 'ABORT']));
    await sam.put('PARAM:MOVE', 'LA4 LB8');
    await sam.put('CMD:move', 1);
    await log.until((v) => v === 'move refused: robot needs reset', 5000, 0);
    await sam.put('PARAM:WASH', 1);
    await sam.put('CMD:wash', 1);
    await log.until((v) => v === 'wash refused: robot needs reset', 5000, 0);
    await sam.put('PARAM:WASH', 0);
    await recoverRobot();
  });

  it('the DHS dropping mid-mount fails the mount cleanly; CONNECTED follows it down and up', async () => {
    const robot = sim!;
    const events = gonio.events.length;
    const connectedFrom = await connected.mark();
    const statusFrom = await status.mark();
    const lineFrom = robot.lines.length;
    const port = await sam.watch('STATE:PORT');
    await mountUntilInside('LA6');
    expect(await robot.control('drop')).toBe('ok');
    await connected.until((v) => v === 0, 5000, connectedFrom);
    await status.until((v) => v === FAULT, 5000, statusFrom);
    expect(await sam.get('HEALTH')).toBe(0);
    await gonio.until((e) => e.at(-1) === 'off', 5000);
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
    expect(sam.app.sequencer.busy).toBeUndefined();
    expect(await sam.getText('ERROR')).toMatch(/mount failed: robot disconnected|RobotDHS disconnected/);
    // The robot reconnects by itself; registration brings every string again.
    await connected.until((v) => v === 1, 10_000, connectedFrom);
    await health.becomes((v) => v === 1);
    await status.until((v) => v === IDLE, 10_000, statusFrom);
    await sam.connected();
    // The robot finished the mount on its own meanwhile: the records show it.
    await robot.waitForLine(/completed mount_crystal \S+: normal l 6 A/, { from: lineFrom, timeoutMs: 10_000 });
    await port.becomes((v) => v === 'LA6', 5000);
    expect(await sam.getText('PORTS')).toBe((await simulatorState(robot)).ports);
  });

  it('the robot controller hangs mid-mount: the DHS watchdog logs severe and stops; UncleSAM says so, releases the goniometer, and takes a new DHS', async () => {
    // The real watchdog is 30 s; at 10x speed, --watchdog-s 10 makes it 1 s.
    const robot = await startSimulator({ speed: 10, args: ['--watchdog-s', '10'] });
    const events = gonio.events.length;
    const statusFrom = await status.mark();
    const connectedFrom = await connected.mark();
    const healthFrom = await health.mark();
    const error = await sam.watch('ERROR', { text: true });
    await mountUntilInside('LA8');
    expect(await robot.control('fault controller_timeout')).toBe('ok controller_timeout done');
    await error.until((v) => v === 'severe robot: Please REBOOT robot PC. Robot controller timeout.', 10_000, 0);
    await health.until((v) => v === 0, 5000, healthFrom);
    await connected.until((v) => v === 0, 5000, connectedFrom);
    await status.until((v) => v === FAULT, 5000, statusFrom);
    await gonio.until((e) => e.at(-1) === 'off', 5000);
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
    expect(await sam.get('STATE:APPROACH')).toBe(0);
    expect(sam.app.sequencer.busy).toBeUndefined();
    expect(await sam.getText('MESSAGE')).toMatch(/^mount failed: robot disconnected|^RobotDHS disconnected/);
    await robot.waitForLine(/watchdog: robot controller timeout; stopping the system/, { from: 0 });
    // The DHS stopped for good: it does not come back by itself.
    expect((await simulatorState(robot)).connected).toBe(false);
    // The robot PC rebooted: a new DHS connects, staff clear, and the robot works again.
    await startSimulator();
    await recoverRobot();
    expect(await sam.get('HEALTH')).toBe(1);
  });

  it('a prefetch the robot gives up on (its 300 s follow-up window) empties STATE:PREFETCHED', async () => {
    // Follow-up windows 300 times faster: 300 s becomes 1 s.
    const robot = await startSimulator({ followupSpeed: 300 });
    const prefetched = await sam.watch('STATE:PREFETCHED');
    const from = await prefetched.mark();
    await sam.put('PARAM:NEXTPORT', 'LB3');
    await sam.put('CMD:prefetch', 1);
    await prefetched.until((v) => v === 'LB3', 5000, from);
    await prefetched.becomes((v) => v === '', 5000);
    expect(await sam.getText('STATE:POS')).toBe('P0');
    // The robot's own log of it reaches ERROR (htos_log error).
    expect(await sam.getText('ERROR')).toBe('error robot: Went home because of timeout for waiting message');
    expect((await simulatorState(robot)).point).toBe('P0');
    expect(await sam.get('STATUS')).toBe(IDLE);
  });

  it('a different robot connecting refreshes every record from its strings', async () => {
    const before = await sam.getText('PORTS');
    await sam.put('ATTR:LOSTTHRESH', 8); // the next robot gets it when it asks for robot_attribute
    const connectedFrom = await connected.mark();
    const robot = await startSimulator({ args: ['--cassettes', '1,1,3', '--empty', 'mA1,rB16'] });
    await connected.until((v) => v === 0, 5000, connectedFrom);
    await connected.until((v) => v === 1, 5000, connectedFrom);
    const state = await simulatorState(robot);
    const ports = await sam.getText('PORTS');
    expect(ports).not.toBe(before);
    expect(ports).toBe(state.ports);
    expect(ports[97]).toBe('1'); // the middle holder is a cassette now
    expect(await sam.get('STATE:MIDDLE')).toBe(2); // CASSETTE
    expect(await sam.get('STATE:RIGHT')).toBe(4); // PUCK
    expect(await sam.getText('STATE:PORT')).toBe(''); // this robot has nothing mounted
    expect(await sam.getText('STATE:POS')).toBe('P0');
    expect(await sam.get('STATE:CODE')).toBe(0);
    expect(await sam.get('HEALTH')).toBe(1);
    // The robot was given UncleSAM's attributes when it asked for them.
    expect(state.attributes.lostPinThreshold).toBe(8);
  });

  it('a DHS that hangs without closing is dropped by the heartbeat, and is taken back when it answers again', async () => {
    const robot = sim!;
    const connectedFrom = await connected.mark();
    const t0 = Date.now();
    robot.pause(); // SIGSTOP: the socket stays open, nothing answers get_robotstate
    try {
      await connected.until((v) => v === 0, 8000, connectedFrom);
      // 500 ms of quiet, then 2000 ms for the answer.
      expect(Date.now() - t0).toBeLessThan(6000);
      expect(await sam.getText('ERROR')).toMatch(/heartbeat/);
      expect(await sam.get('STATUS')).toBe(FAULT);
      const log = await sam.watch('LOG', { text: true });
      const logFrom = await log.mark();
      await sam.put('CMD:move', 1);
      await log.until((v) => v === 'move refused: robot not connected', 5000, logFrom);
      await sam.put('CMD:wash', 1);
      await log.until((v) => v === 'wash refused: robot not connected', 5000, logFrom);
    } finally {
      robot.resume();
    }
    await connected.until((v) => v === 1, 10_000, connectedFrom);
    await sam.connected();
    await health.becomes((v) => v === 1);
    await status.becomes((v) => v === IDLE);
  });

  it('an emergency stop while the tong soaks after a dry ends the dry at once, failed, and clear status is taken', async () => {
    // The soak (seed 1705449240): an automatic dry was soaking when the robot was e-stopped; the
    // dry went on soaking, clear status was refused "busy (dry)", and HEALTH stayed BAD.
    const robot = sim!;
    const message = await sam.watch('MESSAGE', { text: true });
    const coolTime = await sam.get('ATTR:COOLTIME');
    await sam.put('ATTR:REHEATTIME', 1);
    await sam.put('ATTR:COOLTIME', 60);
    try {
      const samples = await sam.get('TIMER:SAMPLES');
      const from = await message.mark();
      const statusFrom = await status.mark();
      await sam.put('CMD:dry', 1);
      await message.until((m) => m === 'soaking tong for 60 s', 10_000, from);
      expect(await sam.get('STATUS')).toBe(STANDBY);
      expect(await robot.control('fault estop')).toBe('ok estop done');
      // At once, not when the 60 s are over.
      await message.until((m) => String(m).startsWith('dry failed: '), 5000, from);
      await status.until((v) => v === FAULT, 5000, statusFrom);
      expect(await sam.get('STATE:DRYING')).toBe(0);
      expect(await sam.get('TIMER:SAMPLES')).toBe(samples); // a failed dry does not restart the timers
      await recoverRobot(); // clear status is taken, not refused as busy
      expect(message.since(from)).not.toContain('tong dried');
      expect(message.since(from).filter((m) => String(m).includes('refused'))).toEqual([]);
    } finally {
      await sam.put('ATTR:COOLTIME', coolTime);
    }
  });
});
