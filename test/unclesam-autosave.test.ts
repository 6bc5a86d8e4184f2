// `unclesam --autosave DIR` as an operator runs it: staff change attributes, parameters and the
// drying limits with pyepics, the IOC is stopped (SIGTERM) and started again on the same
// directory, and everything comes back: the records read the same through libca, the .sav file
// is in synApps' format, and the restored attributes reach the (simulated) robot when it
// reconnects. A second restart after SIGKILL shows that what the periodic save wrote is kept.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';
import { PvWatch, SimulatorProcess, simulatorState } from './helpers/unclesam.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${root}packages/unclesam/dist/cli.js`;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Ioc {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

function startIoc(args: string[], caPort: number): Ioc {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: root,
    env: { ...process.env, EPICS_CAS_SERVER_PORT: String(caPort), EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_CAS_BEACON_PORT: String(caPort + 1), DEVIOC_PVA: 'NO' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, output: () => output, exited };
}

async function outputMatching(p: Ioc, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(p.output())) {
    if (Date.now() > deadline || p.child.exitCode !== null) throw new Error(`no output ${pattern}:\n${p.output()}`);
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 200);
      p.child.stderr.once('data', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }
  return p.output();
}

/** What staff set, by PV suffix, and how pyepics reads it back. */
const SETTINGS: [suffix: string, value: number | string][] = [
  ['ATTR:WASH', 1],
  ['ATTR:DETAILMSG', 1],
  ['ATTR:LOSTTHRESH', 7],
  ['ATTR:COOLTIME', 45],
  ['PARAM:NEXTPORT', 'rB12'],
  ['PARAM:DX', 0.125],
  ['PARAM:WASH', 3],
  ['PARAM:CALIB', 'toolset 1'],
  ['PARAM:CONFIG', 'move_to_checkpoint 0.5 -0.25 0 1'],
  ['PARAM:MAXSAMPLES', 12],
  ['PARAM:REHEATPERIOD', 600],
];

describe('unclesam --autosave', () => {
  it('keeps attributes, parameters and timers across a restart, in synApps .sav format, and tells the robot', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'unclesam-autosave-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const caPort = await freePort();
    const dhsPort = await freePort(1);
    const device = `AS${Math.floor(Math.random() * 1e6)}`;
    const args = ['--device', device, '--port', String(dhsPort), '--host', '127.0.0.1', '--heartbeat', '1', '--autosave', dir];
    const sim = await SimulatorProcess.start({ dhsPort });
    cleanups.push(() => sim.stop());
    // One libca client per life of the IOC, as a client started after the restart would be.
    const client = (): PyEpics => {
      const c = new PyEpics({ serverPort: caPort });
      cleanups.push(() => c.close());
      return c;
    };
    let py = client();
    const text = async (suffix: string): Promise<unknown> => (await py.call<{ value: unknown }>('caget', { pv: `${device}:${suffix}`, as_string: typeof SETTINGS.find(([s]) => s === suffix)?.[1] === 'string' })).value;

    // First life: defaults, then staff's settings.
    const first = startIoc(args, caPort);
    await outputMatching(first, /listening for the RobotDHS/);
    const connected = await PvWatch.start(py, `${device}:CONNECTED`);
    await connected.becomes((v) => v === 1, 15_000);
    expect(await text('ATTR:WASH')).toBe(0);
    expect(await text('PARAM:MAXSAMPLES')).toBe(40);
    for (const [suffix, value] of SETTINGS) {
      const r = await py.call<{ connected: boolean; status: number }>('put', { pv: `${device}:${suffix}`, value, wait: true });
      expect(r, suffix).toMatchObject({ connected: true, status: 1 });
    }
    // The IOC lowers the timers to the new limits on its next second.
    const samples = await PvWatch.start(py, `${device}:TIMER:SAMPLES`);
    await samples.becomes((v) => v === 12, 10_000);
    const reheat = await PvWatch.start(py, `${device}:TIMER:REHEAT`);
    await reheat.becomes((v) => typeof v === 'number' && v <= 600, 10_000);
    // The robot was told the attributes when staff changed them.
    await expectRobotAttributes(sim, { washBeforeMount: true, detailedMessages: true, lostPinThreshold: 7 });
    await samples.stop();
    await reheat.stop();
    await connected.stop();

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const sav = readFileSync(path.join(dir, 'info_positions.sav'), 'latin1');
    // synApps' format: the header, `PV value` lines, the <END> marker last.
    expect(sav).toMatch(/^# autosave R[\d.]+\tAutomatically generated - DO NOT MODIFY - .+\n/);
    expect(sav).toMatch(/\n<END>\n$/);
    expect(sav).toContain(`\n${device}:ATTR:WASH.VAL 1\n`);
    expect(sav).toContain(`\n${device}:ATTR:LOSTTHRESH.VAL 7\n`);
    expect(sav).toContain(`\n${device}:PARAM:NEXTPORT.VAL rB12\n`);
    expect(sav).toContain(`\n${device}:PARAM:MAXSAMPLES.VAL 12\n`);
    expect(sav).toMatch(new RegExp(`\\n${device}:TIMER:SAMPLES\\.VAL 12\\n`));
    // A new robot holding the default attributes: the restored ones can only come from the IOC.
    await sim.stop();
    const robot = await SimulatorProcess.start({ dhsPort });
    cleanups.push(() => robot.stop());
    expect((await simulatorState(robot)).attributes).toMatchObject({ washBeforeMount: false, lostPinThreshold: 3 });

    // Second life on the same directory: everything comes back before clients connect.
    const second = startIoc(args, caPort);
    await outputMatching(second, /listening for the RobotDHS/);
    await py.close();
    py = client();
    const again = await PvWatch.start(py, `${device}:CONNECTED`);
    await again.becomes((v) => v === 1, 15_000);
    for (const [suffix, value] of SETTINGS) {
      const got = await text(suffix);
      if (typeof value === 'number') expect(got, suffix).toBeCloseTo(value, 6);
      else expect(got, suffix).toBe(value);
    }
    expect(await text('TIMER:SAMPLES')).toBe(12);
    expect(await text('TIMER:REHEAT')).toBeLessThanOrEqual(600);
    await expectRobotAttributes(robot, { washBeforeMount: true, detailedMessages: true, lostPinThreshold: 7 });
    expect(second.output()).not.toMatch(/not kept across restarts/);

    // A SIGKILL leaves the files whole: the third life reads the same settings.
    second.child.kill('SIGKILL');
    await second.exited;
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
    const third = startIoc(args, caPort);
    await outputMatching(third, /listening for the RobotDHS/);
    await py.close();
    py = client();
    expect(await text('PARAM:NEXTPORT')).toBe('rB12');
    expect(await text('ATTR:LOSTTHRESH')).toBe(7);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 120_000);

  it('without --autosave says once that the settings are not kept', async () => {
    const caPort = await freePort();
    const dhsPort = await freePort(1);
    const p = startIoc(['--device', `NA${Math.floor(Math.random() * 1e6)}`, '--port', String(dhsPort), '--host', '127.0.0.1'], caPort);
    const out = await outputMatching(p, /listening for the RobotDHS/);
    expect(out.match(/records ask to be autosaved \(.*\), but the runtime has no autosave directory: their values are not kept across restarts/g)).toHaveLength(1);
    p.child.kill('SIGTERM');
    expect(await p.exited, p.output()).toBe(0);
  });
});

async function expectRobotAttributes(sim: SimulatorProcess, want: Record<string, number | boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { attributes } = await simulatorState(sim);
    const got = Object.fromEntries(Object.keys(want).map((k) => [k, attributes[k]]));
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    if (Date.now() > deadline) throw new Error(`the robot holds ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
