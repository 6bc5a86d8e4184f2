/**
 * Processes on the hosts of a test network (test/helpers/netns.ts): `devioc softioc` IOCs,
 * `devioc` CLI clients, the devioc CA repeater and pyepics, each in its host's namespace, with an
 * environment made for that network alone (nothing inherited from the loopback-only test setup).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PyEpics } from './pyepics.js';
import type { TestNetwork } from './netns.js';

export const DEVIOC_CLI = fileURLToPath(new URL('../../packages/core/dist/cli/main.js', import.meta.url));

/** What every process on the test network runs with: auto address lists, fast beacons and timeouts. */
export const networkEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/root',
  NO_COLOR: '1',
  EPICS_CA_AUTO_ADDR_LIST: 'YES',
  EPICS_CA_ADDR_LIST: '',
  EPICS_CAS_BEACON_ADDR_LIST: '',
  EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'YES',
  // Beacons every second at most, so that a host coming back is noticed within seconds.
  EPICS_CAS_BEACON_PERIOD: '1',
  EPICS_CA_BEACON_PERIOD: '1',
  EPICS_CA_CONN_TMO: '4',
  // pvAccess, served beside CA by every IOC here: the same auto lists, a short heartbeat.
  EPICS_PVA_AUTO_ADDR_LIST: 'YES',
  EPICS_PVA_ADDR_LIST: '',
  EPICS_PVAS_AUTO_BEACON_ADDR_LIST: 'YES',
  EPICS_PVAS_BEACON_ADDR_LIST: '',
  EPICS_PVA_CONN_TMO: '4',
  EPICS_CA_MAX_ARRAY_BYTES: '100000000',
  DEVIOC_LOG_LEVEL: 'info',
  PYTHONUNBUFFERED: '1',
  ...extra,
});

/** Collects a child's output and resolves when a line matches. */
export class Output {
  text = '';
  private readonly waiters: { re: RegExp; from: number; resolve: () => void }[] = [];
  constructor(child: ChildProcess) {
    const add = (d: Buffer): void => {
      this.text += d.toString();
      for (const w of [...this.waiters]) {
        if (w.re.test(this.text.slice(w.from))) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    };
    child.stdout?.on('data', add);
    child.stderr?.on('data', add);
  }

  /** Resolves when `re` matches output that came after `from` (default: all of it). */
  wait(re: RegExp, timeoutMs = 30_000, from = 0): Promise<void> {
    if (re.test(this.text.slice(from))) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; output so far:\n${this.text.slice(-3000)}`)), timeoutMs);
      this.waiters.push({ re, from, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

export interface NetProcess {
  readonly child: ChildProcess;
  readonly output: Output;
  /** SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A child process on the test network, with its output collected and a bounded stop. */
export const wrap = (child: ChildProcess): NetProcess => {
  const output = new Output(child);
  return {
    child,
    output,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
        child.kill(signal);
      }),
  };
};

let dbCount = 0;
const dbDir = mkdtempSync(join(tmpdir(), 'devioc-netns-'));

/** Writes a .db file for a test IOC. */
export function writeDb(text: string): string {
  const file = join(dbDir, `ioc${dbCount++}.db`);
  writeFileSync(file, text);
  return file;
}

/** `devioc softioc -d file` on a host; resolves once it serves. */
export async function startIoc(net: TestNetwork, host: string, dbText: string, env: Record<string, string> = {}): Promise<NetProcess> {
  const file = writeDb(dbText);
  const p = wrap(net.spawn(host, process.execPath, [DEVIOC_CLI, 'softioc', '-d', file], { env: networkEnv(env) }));
  await p.output.wait(/serving \d+ records/);
  return p;
}

/** The devioc CA repeater on a host (libca clients there hear beacons through it). */
export async function startRepeater(net: TestNetwork, host: string, args: string[] = []): Promise<NetProcess> {
  const p = wrap(net.spawn(host, process.execPath, [DEVIOC_CLI, 'repeater', ...args], { env: networkEnv() }));
  await p.output.wait(/repeater: listening/);
  return p;
}

/** A long-running devioc CLI command on a host (e.g. `monitor`). */
export function startCli(net: TestNetwork, host: string, args: string[], env: Record<string, string> = {}): NetProcess {
  return wrap(net.spawn(host, process.execPath, [DEVIOC_CLI, ...args], { env: networkEnv(env) }));
}

/** A devioc CLI command on a host, run to completion: its exit code and output. */
export async function runCli(net: TestNetwork, host: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const p = startCli(net, host, args, env);
  const code = await new Promise<number | null>((resolve) => p.child.once('exit', (c) => resolve(c)));
  return { code, out: p.output.text };
}

/** pyepics (libca) on a host. */
export function pyepicsOn(net: TestNetwork, host: string, env: Record<string, string> = {}): PyEpics {
  const ns = net.host(host).ns;
  return new PyEpics(
    { serverPort: 5064, repeaterPort: 5065, extra: networkEnv(env) },
    ['ip', 'netns', 'exec', ns],
  );
}
