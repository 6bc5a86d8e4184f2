// UncleSAM end to end, the normal work: the simulated RobotDHS as a separate process over TCP,
// pyepics (libca) as the client doing what mxdc does, and a second IOC standing for the
// goniometer. Timings are checked against what mxdc waits for (unclesam-ioc.md §3.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitString, PORTS_LENGTH } from '@devioc/unclesam';
import { GonioIoc, PvWatch, SimulatorProcess, simulatorState, startUncleSam, type UncleSamHarness } from './helpers/unclesam.js';

const IDLE = 0;
const BUSY = 2;
const STANDBY = 3;

let sam: UncleSamHarness;
let sim: SimulatorProcess;
let gonio: GonioIoc;
let status: PvWatch;
let log: PvWatch;

/**
 * What mxdc does for mount/dismount: put the port, put the command, then STATUS must leave
 * IDLE within 60 s and come back to IDLE or STANDBY within 360 s. We then wait for IDLE (the
 * tong drying after the mount ends) so that the next test starts from a quiet robot.
 */
async function mxdcCommand(command: string, port?: string): Promise<unknown[]> {
  const from = await status.mark();
  const logFrom = await log.mark();
  if (port !== undefined) await sam.put('PARAM:NEXTPORT', port);
  await sam.put(`CMD:${command}`, 1);
  await status.until((v) => v !== IDLE, 60_000, from);
  await status.until((v) => v === IDLE || v === STANDBY, 360_000, from + 1);
  await status.until((v) => v === IDLE, 30_000, from + 1);
  // Commands follow one another as soon as STATUS is IDLE: none may be refused as busy then.
  expect(log.since(logFrom).filter((text) => /refused/.test(String(text)))).toEqual([]);
  return status.since(from);
}

/**
 * A command the IOC must refuse: LOG has the whole text, MESSAGE its first 39 characters,
 * STATUS never moves, and the robot hears nothing.
 */
async function refused(command: string, port: string | undefined, reason: RegExp): Promise<string> {
  const operationsBefore = sim.linesMatching(/completed (?!get_robotstate)/).length;
  const statusFrom = await status.mark();
  const logFrom = await log.mark();
  if (port !== undefined) await sam.put('PARAM:NEXTPORT', port);
  await sam.put(`CMD:${command}`, 1);
  const text = String(await log.until((v) => reason.test(String(v)), 5000, logFrom));
  expect(await sam.getText('MESSAGE')).toBe(fitString(text));
  expect(await sam.getText('MESSAGE:LONG')).toBe(text);
  await status.pull(0.05);
  expect(status.since(statusFrom).filter((v) => v !== IDLE)).toEqual([]);
  expect(sim.linesMatching(/completed (?!get_robotstate)/).length).toBe(operationsBefore);
  return text;
}

async function ensureNothingMounted(): Promise<void> {
  if ((await sam.getText('STATE:PORT')) !== '') await mxdcCommand('dismount');
}

/**
 * The whole suite at each of the simulator's timings (fixtures/README.md `--timing`): a robot
 * that answers at once (the orderings a slow one hides), the real robot's timings 100 times
 * faster, and a slow robot (three times the real timings, 200 times faster, to keep CI short).
 */
const TIMINGS = [
  { timing: 'instant', speed: 100 },
  { timing: 'realistic', speed: 100 },
  { timing: 'slow', speed: 200 },
] as const;

describe.each(TIMINGS)('UncleSAM with the simulated RobotDHS, $timing timings', ({ timing, speed }) => {
  beforeAll(async () => {
    gonio = await GonioIoc.start(`GONIO${Math.floor(Math.random() * 1e6)}`);
    sam = await startUncleSam({ gonio });
    sim = await SimulatorProcess.start({ dhsPort: sam.dhsPort, timing, speed, args: ['--empty', 'lB8'] });
    await sam.connected();
    status = await sam.watch('STATUS');
    log = await sam.watch('LOG', { text: true });
  });

  afterAll(async () => {
    await sim?.stop();
    await sam?.stop();
    await gonio?.stop();
  });

  it('serves mxdc’s 20 PVs with the types it relies on, and a port map equal to the robot’s', async () => {
    const info = async (suffix: string) => sam.py.call<{ type: string; count: number; enum_strs: string[] | null }>('info', { pv: sam.pv(suffix) });
    const types: Record<string, string> = {
      PORTS: 'ctrl_char',
      'STATE:PORT': 'time_string',
      'STATE:PREFETCHED': 'time_string',
      MESSAGE: 'time_string',
      'STATE:WRN': 'time_string',
      'STATE:CODE': 'ctrl_double', // unsigned: bit 31 must not read negative (issue 16)
      HEALTH: 'ctrl_enum',
      ENABLED: 'ctrl_enum',
      STATUS: 'ctrl_enum',
      'STATE:POS': 'time_string',
      'TIMER:REHEAT': 'ctrl_long',
      'TIMER:SAMPLES': 'ctrl_long',
      'ATTR:REHEATTIME': 'ctrl_long',
      'ATTR:COOLTIME': 'ctrl_long',
      'PARAM:NEXTPORT': 'time_string',
      'CMD:mount': 'ctrl_enum',
      'CMD:dismount': 'ctrl_enum',
      'CMD:prefetch': 'ctrl_enum',
      'CMD:abort': 'ctrl_enum',
      'CMD:dry': 'ctrl_enum',
    };
    for (const [suffix, type] of Object.entries(types)) expect([suffix, (await info(suffix)).type]).toEqual([suffix, type]);
    expect((await info('STATUS')).enum_strs).toEqual(['IDLE', 'WAITING', 'BUSY', 'STANDBY', 'FAULT']);
    expect((await info('HEALTH')).enum_strs).toEqual(['BAD', 'GOOD']);
    expect(await sam.get('STATUS')).toBe(IDLE);
    expect(await sam.get('HEALTH')).toBe(1);
    expect(await sam.get('ENABLED')).toBe(1);
    expect(await sam.get('CONNECTED')).toBe(1);
    expect(await sam.getText('STATE:PREFETCHED')).toBe('');
    const ports = await sam.getText('PORTS');
    expect(ports).toHaveLength(PORTS_LENGTH);
    expect(ports).toBe((await simulatorState(sim)).ports);
    expect(ports[1 + 15]).toBe('0'); // lB8 (index column × 8 + row − 1) starts empty
    expect(sam.model.recordHandles().length).toBeGreaterThanOrEqual(100);
  });

  it('mounts: STATUS leaves IDLE and comes back, STATE:PORT is the port, the goniometer hears on then off', async () => {
    await ensureNothingMounted();
    const events = gonio.events.length;
    const samplesBefore = Number(await sam.get('TIMER:SAMPLES'));
    const seen = await mxdcCommand('mount', 'LA1');
    // BUSY (with WAITING for the goniometer) until the sequence has ended, the tong sent home
    // included: no STANDBY a client could take for "done" while a command would be refused.
    expect(seen).toContain(BUSY);
    expect(seen.slice(0, -1).every((v) => v === BUSY || v === 1)).toBe(true);
    expect(seen.at(-1)).toBe(IDLE);
    expect(await sam.getText('STATE:PORT')).toBe('LA1');
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
    const robot = await simulatorState(sim);
    expect(robot).toMatchObject({ mounted: 'lA1', point: 'P0', task: 'idle' });
    expect(await sam.getText('PORTS')).toBe(robot.ports);
    expect((await sam.getText('PORTS'))[1]).toBe('m');
    expect(Number(await sam.get('TIMER:SAMPLES'))).toBe(samplesBefore - 1);
    expect(await sam.get('STATE:APPROACH')).toBe(0);
    expect(sim.linesMatching(/Went home because of timeout/)).toEqual([]);
  });

  it('mounts the next sample with mount_next_crystal when one is mounted', async () => {
    if ((await sam.getText('STATE:PORT')) === '') await mxdcCommand('mount', 'LA1');
    const from = sim.lines.length;
    const events = gonio.events.length;
    await mxdcCommand('mount', 'LA2');
    expect(await sam.getText('STATE:PORT')).toBe('LA2');
    expect(sim.linesMatching(/completed prepare_mount_next_crystal \S+: normal l 1 A normal l 2 A/, from)).toHaveLength(1);
    expect(sim.linesMatching(/completed mount_next_crystal \S+: normal l 1 A normal l 2 A/, from)).toHaveLength(1);
    expect(sim.linesMatching(/completed robot_standby/, from)).toHaveLength(1);
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
    const robot = await simulatorState(sim);
    expect(robot.mounted).toBe('lA2');
    expect(robot.ports.slice(1, 3)).toBe('1m'); // LA1 back in its port, LA2 on the goniometer
  });

  it('dismounts: STATE:PORT empties, and robot_standby goes out inside the robot’s 4 s window', async () => {
    if ((await sam.getText('STATE:PORT')) === '') await mxdcCommand('mount', 'LA1');
    const from = sim.lines.length;
    const events = gonio.events.length;
    await mxdcCommand('dismount');
    expect(await sam.getText('STATE:PORT')).toBe('');
    expect((await simulatorState(sim)).mounted).toBeNull();
    expect(sim.linesMatching(/completed dismount_crystal/, from)).toHaveLength(1);
    expect(sim.linesMatching(/completed robot_standby \S+: normal OK/, from)).toHaveLength(1);
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
    expect(sim.linesMatching(/Went home because of timeout/)).toEqual([]);
  });

  it('prefetches, then mounts the prefetched port without a second prepare', async () => {
    await ensureNothingMounted();
    const from = sim.lines.length;
    const prefetched = await sam.watch('STATE:PREFETCHED');
    const events = gonio.events.length;
    await mxdcCommand('prefetch', 'LB1');
    // mxdc: STATE:PREFETCHED equals the port within 240 s, STATUS back to IDLE.
    expect(await prefetched.until((v) => v === 'LB1', 240_000, 0)).toBe('LB1');
    expect(await sam.get('STATUS')).toBe(IDLE);
    expect(gonio.events.slice(events)).toEqual([]); // the robot stays out of the goniometer area
    expect((await simulatorState(sim)).point).toBe('P3');
    await mxdcCommand('mount', 'LB1');
    expect(await sam.getText('STATE:PORT')).toBe('LB1');
    expect(await sam.getText('STATE:PREFETCHED')).toBe('');
    expect(sim.linesMatching(/completed prepare_mount_crystal/, from)).toHaveLength(1);
    expect(sim.linesMatching(/completed mount_crystal \S+: normal l 1 B/, from)).toHaveLength(1);
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
  });

  it('prefetches the next port while one is mounted, and refuses a second prefetch', async () => {
    if ((await sam.getText('STATE:PORT')) === '') await mxdcCommand('mount', 'LB1');
    const mounted = await sam.getText('STATE:PORT');
    const from = sim.lines.length;
    await mxdcCommand('prefetch', 'LB2');
    expect(await sam.getText('STATE:PREFETCHED')).toBe('LB2');
    expect(await refused('prefetch', 'LB3', /prefetch refused: LB2 is already prefetched/)).toBeTruthy();
    await mxdcCommand('mount', 'LB2');
    expect(await sam.getText('STATE:PORT')).toBe('LB2');
    expect(sim.linesMatching(/completed prepare_mount_next_crystal/, from)).toHaveLength(1);
    expect(sim.linesMatching(/completed mount_next_crystal \S+: normal \S+ \S+ \S+ normal l 2 B/, from)).toHaveLength(1);
    expect((await simulatorState(sim)).mounted).toBe('lB2');
    expect(mounted).not.toBe('LB2');
  });

  it('refuses bad, empty, absent and already mounted ports, and a dismount with nothing mounted', async () => {
    if ((await sam.getText('STATE:PORT')) === '') await mxdcCommand('mount', 'LA1');
    const mounted = await sam.getText('STATE:PORT');
    await refused('mount', mounted, new RegExp(`mount refused: ${mounted} is already mounted`));
    await refused('mount', 'LB8', /mount refused: LB8 is empty/);
    await refused('mount', 'XY1', /mount refused: "XY1" is not a port/);
    await refused('mount', 'MF1', /mount refused: MF1 does not exist/); // the middle holder is a puck adaptor: pucks A–D
    await refused('mount', '', /mount refused: no port given/);
    await refused('prefetch', 'LB8', /prefetch refused: LB8 is empty/);
    await mxdcCommand('dismount');
    await refused('dismount', undefined, /dismount refused: nothing is mounted/);
  });

  it('refuses every command while disabled by staff, and obeys again when enabled', async () => {
    await sam.put('ENABLED', 0);
    try {
      for (const command of ['mount', 'prefetch', 'dismount', 'move', 'wash', 'dry', 'standby', 'clear', 'calibrate']) {
        await refused(command, 'LA3', new RegExp(`refused: disabled by staff`));
      }
    } finally {
      await sam.put('ENABLED', 1);
    }
    await mxdcCommand('mount', 'LA3');
    expect(await sam.getText('STATE:PORT')).toBe('LA3');
  });

  it('dries the tong: STANDBY for about reheat + cool seconds, then the timers start afresh', async () => {
    await sam.put('ATTR:REHEATTIME', 3); // robot seconds: 30 ms at speed 100
    await sam.put('ATTR:COOLTIME', 1); // UncleSAM waits this in real seconds
    await sam.put('PARAM:MAXSAMPLES', 25);
    const from = sim.lines.length;
    const drying = await sam.watch('STATE:DRYING');
    const t0 = Date.now();
    const seen = await mxdcCommand('dry');
    const elapsed = Date.now() - t0;
    expect(seen).toContain(STANDBY);
    expect(seen).not.toContain(BUSY);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    await drying.until((v) => v === 1, 2000, 0);
    await drying.until((v) => v === 0, 2000, drying.values.indexOf(1) + 1);
    expect(sim.linesMatching(/completed robot_config \S+: normal OK/, from)).toHaveLength(1);
    expect(Number(await sam.get('TIMER:SAMPLES'))).toBe(25);
    const reheat = Number(await sam.get('TIMER:REHEAT'));
    const period = Number(await sam.get('PARAM:REHEATPERIOD'));
    expect(reheat).toBeLessThanOrEqual(period);
    expect(reheat).toBeGreaterThanOrEqual(period - 3);
  });

  it('sends a client’s attribute change to the robot, and the robot’s echo comes back', async () => {
    await sam.put('ATTR:LOSTTHRESH', 6);
    await sam.put('ATTR:DETAILMSG', 1);
    const deadline = Date.now() + 5000;
    for (;;) {
      const attributes = (await simulatorState(sim)).attributes;
      if (attributes.lostPinThreshold === 6 && attributes.detailedMessages === true) break;
      if (Date.now() > deadline) throw new Error(`robot attributes: ${JSON.stringify(attributes)}`);
      await sim.waitForLine(/./, { timeoutMs: 200 }).catch(() => undefined);
    }
    await sam.put('ATTR:DETAILMSG', 0);
    expect(await sam.get('ATTR:LOSTTHRESH')).toBe(6);
  });

  it('runs the staff commands: raw config, probe, calibrate, reset counter, standby', async () => {
    await ensureNothingMounted();
    // PARAM:CONFIG is sent as robot_config's arguments: mark column C of the left cassette unknown.
    await sam.put('PARAM:CONFIG', 'set_port_state lC0 u');
    await mxdcCommand('config');
    expect((await sam.getText('PORTS')).slice(1 + 16, 1 + 24)).toBe('u'.repeat(8));
    // Probe looks at the ports of unknown state: the robot finds the pins there.
    await mxdcCommand('probe');
    expect((await sam.getText('PORTS')).slice(1 + 16, 1 + 24)).toBe('1'.repeat(8));
    await sam.put('PARAM:CALIB', 'goniometer');
    await mxdcCommand('calibrate');
    expect(await sam.getText('STATE:CALMSG')).toBe('Gonio Cal: Done');
    await mxdcCommand('resetCounter');
    expect(await sam.get('STATE:MOUNTED:CNT')).toBe(0);
    await mxdcCommand('standby');
    expect((await simulatorState(sim)).point).toBe('P0');
    expect(await sam.getText('PORTS')).toBe((await simulatorState(sim)).ports);
  });

  it('dries the tong by itself when TIMER:SAMPLES runs out and nothing else runs', async () => {
    await ensureNothingMounted();
    await sam.put('ATTR:REHEATTIME', 2);
    await sam.put('ATTR:COOLTIME', 0);
    await sam.put('PARAM:MAXSAMPLES', 1); // TIMER:SAMPLES follows at the next tick
    const drying = await sam.watch('STATE:DRYING');
    const samples = await sam.watch('TIMER:SAMPLES');
    await samples.becomes((v) => v === 1, 3000);
    const from = await drying.mark();
    await mxdcCommand('mount', 'LA7');
    expect(await sam.get('TIMER:SAMPLES')).toBe(0);
    await drying.until((v) => v === 1, 3000, from);
    await drying.until((v) => v === 0, 3000, drying.values.indexOf(1, from) + 1);
    await samples.becomes((v) => v === 1, 3000);
    expect(await sam.getText('STATE:PORT')).toBe('LA7'); // drying leaves the sample where it is
    await sam.put('PARAM:MAXSAMPLES', 40);
  });

  it('moves pins: PARAM:MOVE pairs, BUSY until robot_standby has ended, the port map follows, the goniometer is left alone', async () => {
    await ensureNothingMounted();
    const from = sim.lines.length;
    const logFrom = await log.mark();
    const events = gonio.events.length;
    // LB8 started empty; LC1 is emptied by the first pair and filled again by the second.
    await sam.put('PARAM:MOVE', 'LC1 LB8 lC2 lC1');
    const seen = await mxdcCommand('move');
    expect(seen).toContain(BUSY);
    expect(seen.slice(0, -1).every((v) => v === BUSY)).toBe(true);
    expect(seen.at(-1)).toBe(IDLE);
    expect(sim.linesMatching(/completed prepare_move_crystal \S+: normal$/, from)).toHaveLength(1);
    expect(sim.linesMatching(/completed move_crystal \S+: normal$/, from)).toHaveLength(1);
    expect(sim.linesMatching(/completed robot_standby \S+: normal OK/, from)).toHaveLength(1);
    expect(sim.linesMatching(/Went home because of timeout/)).toEqual([]);
    expect(gonio.events.slice(events)).toEqual([]);
    const robot = await simulatorState(sim);
    expect(await sam.getText('PORTS')).toBe(robot.ports);
    expect(robot.ports.slice(1 + 15, 1 + 18)).toBe('110'); // LB8, LC1 full; LC2 empty
    await log.until((v) => v === '2 pins moved', 5000, logFrom);
  });

  it('washes the mounted sample PARAM:WASH times: approach on and off, BUSY (WAITING for the goniometer) until the end', async () => {
    if ((await sam.getText('STATE:PORT')) === '') await mxdcCommand('mount', 'LC1');
    const mounted = await sam.getText('STATE:PORT');
    const from = sim.lines.length;
    const logFrom = await log.mark();
    const events = gonio.events.length;
    await sam.put('PARAM:WASH', 2);
    try {
      const seen = await mxdcCommand('wash');
      expect(seen).toContain(BUSY);
      expect(seen.slice(0, -1).every((v) => v === BUSY || v === 1)).toBe(true);
      expect(seen.at(-1)).toBe(IDLE);
    } finally {
      await sam.put('PARAM:WASH', 0);
    }
    expect(sim.linesMatching(/completed prepare_wash_crystal \S+: normal$/, from)).toHaveLength(1);
    expect(sim.linesMatching(/completed wash_crystal \S+: normal$/, from)).toHaveLength(1);
    expect(sim.linesMatching(/completed robot_standby \S+: normal OK/, from)).toHaveLength(1);
    expect(sim.linesMatching(/Went home because of timeout/)).toEqual([]);
    expect(gonio.events.slice(events)).toEqual(['on', 'off']);
    expect(await sam.get('STATE:APPROACH')).toBe(0);
    expect(await sam.getText('STATE:PORT')).toBe(mounted);
    expect((await simulatorState(sim)).mounted).toBe(mounted.charAt(0).toLowerCase() + mounted.slice(1));
    await log.until((v) => v === `${mounted} washed`, 5000, logFrom);
  });

  it('refuses a move with a sample mounted, bad pairs or ports; a wash of nothing or of 0 times', async () => {
    if ((await sam.getText('STATE:PORT')) === '') await mxdcCommand('mount', 'LC1');
    await sam.put('PARAM:MOVE', 'LA3 LC2');
    await refused('move', undefined, /^move refused: a sample is mounted$/);
    await sam.put('PARAM:WASH', 0);
    await refused('wash', undefined, /^wash refused: PARAM:WASH is 0$/);
    await mxdcCommand('dismount');
    await sam.put('PARAM:WASH', 1);
    try {
      await refused('wash', undefined, /^wash refused: nothing is mounted$/);
    } finally {
      await sam.put('PARAM:WASH', 0);
    }
    const move = async (pairs: string, reason: RegExp) => {
      await sam.put('PARAM:MOVE', pairs);
      await refused('move', undefined, reason);
    };
    await move(' ', /^move refused: PARAM:MOVE is empty$/);
    await move('LA3 LC2 LA4', /^move refused: PARAM:MOVE needs source\/target pairs$/);
    await move('LA3 XY1', /^move refused: "XY1" is not a port \(LA1 … RL8\)$/);
    await move('LC2 LA3', /^move refused: LC2 is empty$/);
    await move('LA3 LA4', /^move refused: target LA4 holds a sample$/);
    await move('LA3 LC2 LA4 LC2', /^move refused: target LC2 holds a sample$/);
    await move('LA3 MF1', /^move refused: target MF1 does not exist in that holder$/);
  });

  it('refuses a move and a wash as busy while another sequence runs', async () => {
    await sam.put('ATTR:REHEATTIME', 2);
    await sam.put('ATTR:COOLTIME', 2); // real seconds of soak: the dry surely still runs
    const from = await status.mark();
    const logFrom = await log.mark();
    await sam.put('CMD:dry', 1);
    await status.until((v) => v === STANDBY, 10_000, from);
    await sam.put('PARAM:MOVE', 'LA3 LC2');
    await sam.put('CMD:move', 1);
    await log.until((v) => v === 'move refused: busy (dry)', 5000, logFrom);
    await sam.put('PARAM:WASH', 1);
    await sam.put('CMD:wash', 1);
    await log.until((v) => v === 'wash refused: busy (dry)', 5000, logFrom);
    await sam.put('PARAM:WASH', 0);
    await status.until((v) => v === IDLE, 30_000, from + 1);
    expect(sim.linesMatching(/completed (prepare_)?(move|wash)_crystal/).length).toBe(2 * 2); // only the earlier move and wash
  });
});
