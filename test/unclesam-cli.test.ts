// The `unclesam` command (packages/unclesam/dist/cli.js, the package's bin) as an operator runs
// it: its help, a bad command line, and a real run with the simulated RobotDHS connecting to it
// and pyepics reading its records, stopped with SIGTERM.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';
import { PvWatch, SimulatorProcess } from './helpers/unclesam.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${root}packages/unclesam/dist/cli.js`;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function run(args: string[], env: Record<string, string> = {}): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [CLI, ...args], { cwd: root, env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function outputMatching(p: ReturnType<typeof run>, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(p.output())) {
    if (Date.now() > deadline || p.child.exitCode !== null) throw new Error(`no output ${pattern}:\n${p.output()}`);
    await new Promise((resolve) => p.child.stderr.once('data', resolve).once('close', resolve));
  }
  return p.output();
}

describe('the unclesam command', () => {
  it('documents every option in --help', async () => {
    const p = run(['--help']);
    expect(await p.exited).toBe(0);
    for (const option of ['--device <name>', '--port <port>', '--dhs-name <name>', '--approach-on <pv>', '--approach-off <pv>', '--verbose', '--heartbeat <s>', '--heartbeat-timeout <s>']) {
      expect(p.output()).toContain(option);
    }
    expect(p.output()).toContain('(default: 14242)');
    expect(p.output()).toContain('(default: "robot")');
    expect(p.output()).toMatch(/--device <name>\s+\(required\)/);
    expect(p.output()).toContain('--log-file <path>');
  });

  it('--version prints the package version', async () => {
    const p = run(['--version']);
    expect(await p.exited).toBe(0);
    const { version } = JSON.parse(readFileSync(new URL('../packages/unclesam/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(p.output().trim()).toBe(version);
  });

  it('refuses a command line without --device, saying so', async () => {
    const p = run(['--port', '1']);
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/required option '-d, --device <name>' not specified/);
  });

  it('serves the records, says where it listens, takes the simulator, and stops on SIGTERM', async () => {
    const caPort = await freePort();
    const dhsPort = await freePort(1);
    const device = `CLI${Math.floor(Math.random() * 1e6)}`;
    const logDir = mkdtempSync(path.join(os.tmpdir(), 'unclesam-log-'));
    cleanups.push(async () => rmSync(logDir, { recursive: true, force: true }));
    const logFile = path.join(logDir, 'unclesam.log');
    const p = run(['--device', device, '--port', String(dhsPort), '--host', '127.0.0.1', '--heartbeat', '1', '--log-file', logFile], {
      EPICS_CAS_SERVER_PORT: String(caPort),
      EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
      EPICS_CAS_BEACON_PORT: String(caPort + 1),
    });
    cleanups.push(async () => {
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
    });
    const text = await outputMatching(p, /listening for the RobotDHS "robot" on TCP 127\.0\.0\.1:\d+; \d+ records/);
    expect(text).toContain(`TCP 127.0.0.1:${dhsPort}`);
    expect(text).toContain(`on CA port ${caPort}`);
    const sim = await SimulatorProcess.start({ dhsPort });
    cleanups.push(() => sim.stop());
    const py = new PyEpics({ serverPort: caPort });
    cleanups.push(() => py.close());
    const connected = await PvWatch.start(py, `${device}:CONNECTED`);
    await connected.becomes((v) => v === 1, 10_000);
    const health = await PvWatch.start(py, `${device}:HEALTH`);
    await health.becomes((v) => v === 1, 10_000);
    const ports = (await py.call<{ value: string }>('get', { pv: `${device}:PORTS`, as_string: true })).value;
    expect(ports).toBe((await sim.state()).ports);
    const from = sim.lines.length;
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(readFileSync(logFile, 'utf8')).toMatch(/listening for the RobotDHS "robot" on TCP 127\.0\.0\.1/);
    await sim.waitForLine(/connecting to 127\.0\.0\.1/, { from }); // the DHS lost its server and retries
  });
});
