/**
 * Processes for the load and abuse tests (and bench/load.mjs uses the same scripts): an IOC of
 * counters, monitoring clients of devioc's client and of libca, stalled raw clients, and the
 * server's memory read from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Output } from './net-procs.js';
import { SYSTEM_PYTHON } from './pyepics.js';

const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));
export const DEVIOC_CLI = here('../../packages/core/dist/cli/main.js');
const NODE_CLIENT = here('./monitor-load-client.mjs');
const PY_CLIENT = here('./pyepics_monitor_load.py');
const STALLED_CLIENT = here('./stalled_ca_client.py');

/** Counters `PREFIXi` for i < count, each adding one per scan period. */
export const counterDb = (prefix: string, count: number, scan = '1 second'): string => {
  let text = '';
  for (let i = 0; i < count; i++) text += `record(calc, "${prefix}${i}") { field(SCAN, "${scan}") field(INPA, "${prefix}${i}") field(CALC, "A+1") }\n`;
  return text;
};

/** Loopback-only CA settings for one server on `port` (beacons to port + 1). */
export const loopbackEnv = (port: number, extra: Record<string, string> = {}): Record<string, string> => ({
  ...(process.env as Record<string, string>),
  EPICS_CA_SERVER_PORT: String(port),
  EPICS_CA_REPEATER_PORT: String(port + 1),
  EPICS_CA_ADDR_LIST: '127.0.0.1',
  EPICS_CA_AUTO_ADDR_LIST: 'NO',
  EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
  EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
  EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`,
  EPICS_CA_MAX_ARRAY_BYTES: '100000000',
  PYTHONUNBUFFERED: '1',
  NO_COLOR: '1',
  ...extra,
});

export interface Proc {
  readonly child: ChildProcess;
  readonly output: Output;
  stop(): Promise<void>;
}

function proc(command: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = new Output(child);
  return {
    child,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
        child.stdin?.end();
        child.kill('SIGTERM');
      }),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'devioc-load-'));
let files = 0;

/** `devioc softioc` serving a .db text on loopback; resolves once it serves. */
export async function startLoopbackIoc(dbText: string, port: number, extraEnv: Record<string, string> = {}): Promise<Proc> {
  const file = join(dir, `load${files++}.db`);
  writeFileSync(file, dbText);
  const p = proc(process.execPath, [DEVIOC_CLI, 'softioc', '-d', file], loopbackEnv(port, { DEVIOC_LOG_LEVEL: 'info', ...extraEnv }));
  await p.output.wait(/serving \d+ records/, 60_000);
  return p;
}

export interface LoadReport {
  clients: number;
  monitors: number;
  updates: number;
  drops: number;
  regressions: number;
  disconnects: number;
  errors: number;
  firstError: string;
  minLast: number | null;
  maxLast: number | null;
}

/** A monitoring client process: devioc's client (many circuits) or pyepics (one libca context). */
export class LoadClient {
  private constructor(private readonly p: Proc) {}

  /** `clients` devioc client contexts in one process, `perClient` monitors each. */
  static devioc(port: number, clients: number, perClient: number, prefix: string, count: number): LoadClient {
    return new LoadClient(proc(process.execPath, [NODE_CLIENT, String(clients), String(perClient), prefix, String(count)], loopbackEnv(port)));
  }

  /** One libca client monitoring `perClient` names from `first`. */
  static pyepics(port: number, first: number, perClient: number, prefix: string, count: number): LoadClient {
    return new LoadClient(proc(SYSTEM_PYTHON, [PY_CLIENT, prefix, String(first), String(perClient), String(count)], loopbackEnv(port)));
  }

  ready(timeoutMs = 90_000): Promise<void> {
    return this.p.output.wait(/READY/, timeoutMs);
  }

  async report(): Promise<LoadReport> {
    const from = this.p.output.text.length;
    this.p.child.stdin?.write('report\n');
    await this.p.output.wait(/\{.*\}\n/, 30_000, from);
    const line = this.p.output.text.slice(from).split('\n').find((l) => l.startsWith('{'));
    return JSON.parse(line!) as LoadReport;
  }

  stop(): Promise<void> {
    return this.p.stop();
  }
}

/** A raw client that subscribes `perChannel` times to each name, then never reads again. */
export async function startStalledClient(port: number, perChannel: number, names: string[]): Promise<Proc> {
  const p = proc(SYSTEM_PYTHON, [STALLED_CLIENT, '127.0.0.1', String(port), String(perChannel), ...names], loopbackEnv(port));
  await p.output.wait(/STALLED/, 60_000);
  return p;
}

/** Resident memory of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** Open file descriptors of a process (Linux /proc). */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}
