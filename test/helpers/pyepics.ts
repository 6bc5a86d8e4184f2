/**
 * Drives pyepics (the real libca) from a test: a long-lived /usr/bin/python3 process that runs
 * test/helpers/pyepics_driver.py and answers JSON-line commands.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const DRIVER = fileURLToPath(new URL('./pyepics_driver.py', import.meta.url));
export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface CaClientEnv {
  /** The server's port (EPICS_CA_SERVER_PORT). */
  serverPort: number;
  /** EPICS_CA_ADDR_LIST; default 127.0.0.1. */
  addrList?: string;
  repeaterPort?: number;
  extra?: Record<string, string>;
}

/** The environment a libca client needs to find only our test server. */
export const caClientEnv = (o: CaClientEnv): Record<string, string> => ({
  ...process.env as Record<string, string>,
  EPICS_CA_ADDR_LIST: o.addrList ?? '127.0.0.1',
  EPICS_CA_AUTO_ADDR_LIST: 'NO',
  EPICS_CA_SERVER_PORT: String(o.serverPort),
  EPICS_CA_REPEATER_PORT: String(o.repeaterPort ?? o.serverPort + 1),
  EPICS_CA_MAX_ARRAY_BYTES: '100000000',
  PYTHONUNBUFFERED: '1',
  ...o.extra,
});

/** JSON turns NaN/Infinity into strings in the driver; this turns them back. */
export const revive = (_k: string, v: unknown): unknown =>
  v === 'NaN' ? Number.NaN : v === 'Infinity' ? Number.POSITIVE_INFINITY : v === '-Infinity' ? Number.NEGATIVE_INFINITY : v;

export class PyEpics {
  private proc: ChildProcessWithoutNullStreams;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly ready: Promise<void>;
  private stderr = '';

  /**
   * @param prefix a command the driver runs under, e.g. `['ip', 'netns', 'exec', NS]` to put the
   *   client on a host of a test network.
   */
  constructor(env: CaClientEnv, prefix: string[] = []) {
    const [command, ...args] = [...prefix, SYSTEM_PYTHON, DRIVER];
    this.proc = spawn(command!, args, { env: caClientEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-8000);
    });
    const lines = createInterface({ input: this.proc.stdout });
    let readyResolve: () => void = () => {};
    let readyReject: (e: Error) => void = () => {};
    this.ready = new Promise((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    lines.on('line', (line) => {
      const msg = JSON.parse(line, revive) as { ready?: boolean; id?: number; ok?: boolean; result?: unknown; error?: string; trace?: string };
      if (msg.ready) return readyResolve();
      const w = msg.id !== undefined ? this.waiting.get(msg.id) : undefined;
      if (w === undefined) return;
      this.waiting.delete(msg.id!);
      if (msg.ok) w.resolve(msg.result);
      else w.reject(new Error(`pyepics: ${msg.error}\n${msg.trace ?? ''}`));
    });
    this.proc.on('exit', (code) => {
      const err = new Error(`pyepics driver exited (${code}): ${this.stderr}`);
      readyReject(err);
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    });
  }

  async call<T = Record<string, unknown>>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    await this.ready;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`pyepics ${cmd} timed out after ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.stdin.write(`${JSON.stringify({ id, cmd, args })}\n`);
    });
  }

  get stderrText(): string {
    return this.stderr;
  }

  async close(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.stdin.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
