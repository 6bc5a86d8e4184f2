// UncleSAM end to end: the IOC in this process with its own Runtime, a tiny goniometer IOC for
// the approach links, pyepics as the CA client, and a simulated RobotDHS that is either a
// process (SimulatorProcess, here) or a container (test/helpers/containers.ts): both answer
// the same control-port commands, which is all the tests use (`SimulatorHandle`).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Model, models, type RecordHandle, Runtime } from '@devioc/core';
import { RobotModel, UncleSam, type UncleSamOptions } from '@devioc/unclesam';
import { freePort } from './ports.js';
import { PyEpics } from './pyepics.js';
import { controlCommand } from './simulator-control.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SIMULATOR_ENTRY = `${root}fixtures/robot-dhs/dist/main.js`;

/** What the control port's `state` answers (fixtures/README.md). */
export interface SimulatorState {
  connected: boolean;
  running: string | null;
  queued: string[];
  armedFaults: string[];
  status: number;
  flags: string[];
  task: string;
  warning: string;
  sample: string;
  point: string;
  location: string;
  mounted: string | null;
  tong: string | null;
  ports: string;
  holders: { l: string; m: string; r: string };
  counters: Record<string, number>;
  attributes: Record<string, number | boolean>;
}

/** A simulated RobotDHS, whatever runs it. */
export interface SimulatorHandle {
  control(command: string): Promise<string>;
  state(): Promise<Record<string, unknown>>;
}

export async function simulatorState(simulator: SimulatorHandle): Promise<SimulatorState> {
  return (await simulator.state()) as unknown as SimulatorState;
}

export interface SimulatorProcessOptions {
  /** UncleSAM's DHS port on 127.0.0.1. */
  dhsPort: number;
  name?: string;
  /** Robot timings this many times faster; default 100. */
  speed?: number;
  /**
   * How long motions take (fixtures/README.md `--timing`): instant, realistic (the real
   * robot's, divided by `speed`) or slow; default realistic.
   */
  timing?: 'instant' | 'realistic' | 'slow';
  /** Speed of the follow-up (go home) timeouts; default 10 (300 s → 30 s, 4 s → 0.4 s). */
  followupSpeed?: number;
  /** Wait between connection attempts; default 100 ms. */
  retryMs?: number;
  /** Any other simulator options (`--empty lB8`, `--cassettes 1,3,2`, `--fault …`). */
  args?: string[];
}

/** The simulator as a child process, with its log lines and its control port. */
export class SimulatorProcess implements SimulatorHandle {
  readonly lines: string[] = [];
  controlPort = 0;
  private lineWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];

  private constructor(readonly child: ChildProcessWithoutNullStreams) {}

  static async start(options: SimulatorProcessOptions): Promise<SimulatorProcess> {
    if (!existsSync(SIMULATOR_ENTRY)) throw new Error(`${SIMULATOR_ENTRY} is missing: run "npm run build" first`);
    const args = [
      SIMULATOR_ENTRY,
      '--host', '127.0.0.1',
      '--port', String(options.dhsPort),
      '--name', options.name ?? 'robot',
      '--speed', String(options.speed ?? 100),
      '--timing', options.timing ?? 'realistic',
      '--followup-speed', String(options.followupSpeed ?? 10),
      '--retry-ms', String(options.retryMs ?? 100),
      '--control-port', '0',
      ...(options.args ?? []),
    ];
    const child = spawn(process.execPath, args, { cwd: root });
    const simulator = new SimulatorProcess(child);
    const ready = new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          simulator.take(line);
          const match = /control port listening on 127\.0\.0\.1:(\d+)/.exec(line);
          if (match) resolve(Number(match[1]));
        }
      });
      child.stderr.on('data', (chunk: Buffer) => simulator.take(`stderr: ${chunk.toString()}`));
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${simulator.lines.join('\n')}`)));
      setTimeout(() => reject(new Error(`simulator did not start: ${simulator.lines.join('\n')}`)), 10_000).unref();
    });
    simulator.controlPort = await ready;
    return simulator;
  }

  private take(line: string): void {
    this.lines.push(line);
    for (const waiter of [...this.lineWaiters]) {
      if (waiter.pattern.test(line)) {
        this.lineWaiters.splice(this.lineWaiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  }

  /** The first line matching from `from` on (default: lines still to come). */
  waitForLine(pattern: RegExp, options: { from?: number; timeoutMs?: number } = {}): Promise<string> {
    const found = this.lines.slice(options.from ?? this.lines.length).find((line) => pattern.test(line));
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { pattern, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
      const timer = setTimeout(() => {
        this.lineWaiters = this.lineWaiters.filter((w) => w !== waiter);
        reject(new Error(`no simulator line ${pattern} within ${options.timeoutMs ?? 10_000} ms:\n${this.lines.slice(-20).join('\n')}`));
      }, options.timeoutMs ?? 10_000);
      this.lineWaiters.push(waiter);
    });
  }

  /** Lines matching since index `from`. */
  linesMatching(pattern: RegExp, from = 0): string[] {
    return this.lines.slice(from).filter((line) => pattern.test(line));
  }

  control(command: string, timeoutMs = 5000): Promise<string> {
    return controlCommand(this.controlPort, command, timeoutMs);
  }

  async state(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.control('state')) as Record<string, unknown>;
  }

  /** Freezes the process: its TCP connection stays open but it answers nothing (a hung DHS). */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- the goniometer IOC

class GonioModel extends Model {
  approachOn = models.Integer({ blocking: true, desc: 'robot may enter' });
  approachOff = models.Integer({ blocking: true, desc: 'robot has left' });
  ready = models.Integer({ default: 1, desc: 'goniometer ready' });
}

/** A second IOC standing for the goniometer: it records each approach write, in order. */
export class GonioIoc {
  readonly model: GonioModel;
  /** 'on' / 'off', one per write of 1, in arrival order. */
  readonly events: ('on' | 'off')[] = [];
  private waiters: (() => void)[] = [];
  /** How long each approach-on write takes to complete (a goniometer moving to its mount position). */
  onDelayMs = 0;
  /** Called as an approach-on write completes, before the put-callback is answered. */
  onApproachOn: (() => void) | undefined;

  private constructor(
    readonly device: string,
    readonly runtime: Runtime,
    readonly port: number,
  ) {
    this.model = new GonioModel(device, { runtime, callbacks: this, skipInitial: true, ignoreOwnWrites: true });
  }

  static async start(device = 'GONIO'): Promise<GonioIoc> {
    const port = await freePort();
    const runtime = new Runtime({ port, autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`] });
    const gonio = new GonioIoc(device, runtime, port);
    await gonio.model.start();
    return gonio;
  }

  get onPv(): string {
    return `${this.device}:approachOn`;
  }

  get offPv(): string {
    return `${this.device}:approachOff`;
  }

  get readyPv(): string {
    return `${this.device}:ready`;
  }

  async do_approachOn(record: RecordHandle<number, number | boolean>, value: number): Promise<void> {
    if (value !== 1) return;
    if (this.onDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.onDelayMs));
    this.onApproachOn?.();
    this.push('on');
    await record.put(0, { quiet: true }); // ready for the next write of 1
  }

  async do_approachOff(record: RecordHandle<number, number | boolean>, value: number): Promise<void> {
    if (value !== 1) return;
    this.push('off');
    await record.put(0, { quiet: true });
  }

  private push(event: 'on' | 'off'): void {
    this.events.push(event);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Waits until the events so far satisfy `check`. */
  async until(check: (events: ('on' | 'off')[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this.events)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`goniometer events ${JSON.stringify(this.events)} never matched`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await this.model.shutdown();
    await this.runtime.close();
  }
}

// ---------------------------------------------------------------- pyepics monitors

/** Every update of one PV as pyepics sees it, to wait on values without sleeping. */
export class PvWatch {
  readonly values: unknown[] = [];
  private constructor(
    private readonly py: PyEpics,
    readonly id: string,
    readonly pv: string,
    private readonly text: boolean,
  ) {}

  /** `text`: the PV is a char waveform (LOG, PORTS…); its values are turned into strings. */
  static async start(py: PyEpics, pv: string, options: { text?: boolean } = {}): Promise<PvWatch> {
    const id = `${pv}#${Math.random().toString(36).slice(2)}`;
    const watch = new PvWatch(py, id, pv, options.text === true);
    const r = await py.call<{ connected: boolean }>('monitor', { id, pv });
    if (!r.connected) throw new Error(`pyepics could not connect to ${pv}`);
    return watch;
  }

  /**
   * Resolves with the first value from index `from` on that satisfies `predicate`
   * (default: only updates still to come). Rejects after `timeoutMs`.
   */
  async until(predicate: (value: unknown) => boolean, timeoutMs = 10_000, from = this.values.length): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (let index = from; ; ) {
      for (; index < this.values.length; index++) if (predicate(this.values[index])) return this.values[index];
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.pv}: no value matched within ${timeoutMs} ms; seen ${JSON.stringify(this.values.slice(from))}`);
      await this.pull(Math.min(left, 500) / 1000);
    }
  }

  /**
   * Collects the updates already on their way and returns the index the next one will have:
   * take it before acting, and `until(…, from)` sees only what the action caused.
   */
  async mark(): Promise<number> {
    await this.pull(0.05);
    return this.values.length;
  }

  /** Resolves when the PV's value (now, or once it changes) satisfies `predicate`. */
  async becomes(predicate: (value: unknown) => boolean, timeoutMs = 10_000): Promise<unknown> {
    const next = await this.mark();
    if (next > 0 && predicate(this.values.at(-1))) return this.values.at(-1);
    return this.until(predicate, timeoutMs, next);
  }

  /** Updates since index `from`. */
  since(from: number): unknown[] {
    return this.values.slice(from);
  }

  /** Collects whatever arrived (waiting up to `seconds` for at least one). */
  async pull(seconds = 0.2): Promise<void> {
    const r = await this.py.call<{ events: { value: unknown }[] }>('events', { id: this.id, at_least: 1, timeout: seconds });
    for (const event of r.events) this.values.push(this.text ? charsToText(event.value) : event.value);
  }

  /**
   * Ends the monitor. pyepics' PV.disconnect() releases the channel for every PV object of
   * that name in the driver, so only stop watches of PVs the test does not read otherwise.
   */
  async stop(): Promise<void> {
    await this.py.call('unmonitor', { id: this.id });
  }
}

/** A char waveform as pyepics delivers it (a list of codes) turned into text. */
export function charsToText(value: unknown): string {
  if (typeof value === 'string') {
    // pyepics' as_string decodes a char waveform's bytes as Latin-1; they are UTF-8.
    if (!/[\u0080-\u00ff]/.test(value)) return value;
    const utf8 = Buffer.from(value, 'latin1').toString('utf8');
    return utf8.includes('\ufffd') ? value : utf8;
  }
  if (!Array.isArray(value)) return String(value);
  const codes = value as number[];
  const end = codes.indexOf(0);
  // The bytes are UTF-8 (a cut message ends with "…").
  return Buffer.from(end < 0 ? codes : codes.slice(0, end)).toString('utf8');
}

// ---------------------------------------------------------------- UncleSAM

export interface StartUncleSamOptions {
  device?: string;
  /** DHS port; default 0 (any free port, read it from the result). */
  dhsPort?: number;
  /** A goniometer IOC for the approach links (its PVs become --approach-on / --approach-off). */
  gonio?: GonioIoc;
  /** Wait for the goniometer's ready PV after approach-on. */
  gonioReady?: boolean;
  /** Anything else UncleSam takes (heartbeat, timeouts). */
  options?: Partial<UncleSamOptions>;
}

export interface UncleSamHarness {
  app: UncleSam;
  model: RobotModel;
  runtime: Runtime;
  device: string;
  caPort: number;
  dhsPort: number;
  py: PyEpics;
  /** `<device>:<suffix>`. */
  pv(suffix: string): string;
  get(suffix: string): Promise<unknown>;
  /** A string PV (or char waveform) as text. */
  getText(suffix: string): Promise<string>;
  put(suffix: string, value: unknown): Promise<void>;
  watch(suffix: string, options?: { text?: boolean }): Promise<PvWatch>;
  /** Waits until the DHS is connected and its strings have arrived (PORTS known). */
  connected(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * UncleSAM in this process with its own Runtime on a free CA port, its DCS server on a free
 * port, and pyepics pointed at it. Start the simulator with `result.dhsPort` afterwards.
 */
export async function startUncleSam(o: StartUncleSamOptions = {}): Promise<UncleSamHarness> {
  const device = o.device ?? `SAM${Math.floor(Math.random() * 1e6)}`;
  const caPort = await freePort();
  const repeaterPort = await freePort(1);
  const runtime = new Runtime({
    port: caPort,
    autoBeaconAddresses: false,
    beaconAddresses: [`127.0.0.1:${caPort + 1}`],
    client: { addressList: o.gonio ? [`127.0.0.1:${o.gonio.port}`] : ['127.0.0.1'], autoAddressList: false, repeaterPort },
  });
  const app = new UncleSam({
    device,
    port: o.dhsPort ?? 0,
    host: '127.0.0.1',
    runtime,
    approachOn: o.gonio?.onPv,
    approachOff: o.gonio?.offPv,
    gonioReady: o.gonio && o.gonioReady ? o.gonio.readyPv : undefined,
    approachTimeoutMs: 5000,
    ...o.options,
  });
  const address = await app.start();
  // Registration ends with the robot echoing robot_attribute: then every string has arrived.
  let onlineSince = Number.POSITIVE_INFINITY;
  let attributesAt = 0;
  const tracking = app.connection.online$.subscribe((online) => {
    onlineSince = online ? performance.now() : Number.POSITIVE_INFINITY;
  });
  tracking.add(
    app.connection.strings$.subscribe((update) => {
      if (update.name === 'robot_attribute') attributesAt = performance.now();
    }),
  );
  const py = new PyEpics({ serverPort: caPort });
  const pv = (suffix: string) => `${device}:${suffix}`;
  const harness: UncleSamHarness = {
    app,
    model: app.model,
    runtime,
    device,
    caPort,
    dhsPort: address.dhsPort,
    py,
    pv,
    get: async (suffix) => (await py.call<{ value: unknown }>('get', { pv: pv(suffix) })).value,
    getText: async (suffix) => charsToText((await py.call<{ value: unknown }>('get', { pv: pv(suffix), as_string: true })).value),
    put: async (suffix, value) => {
      const r = await py.call<{ connected: boolean }>('put', { pv: pv(suffix), value, wait: true });
      if (!r.connected) throw new Error(`pyepics could not connect to ${pv(suffix)}`);
    },
    watch: (suffix, options) => PvWatch.start(py, pv(suffix), options),
    connected: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(app.model.connected.get() === 1 && attributesAt >= onlineSince)) {
        if (Date.now() > deadline) throw new Error(`UncleSAM ${device}: the DHS did not connect within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      tracking.unsubscribe();
      await py.close();
      await app.stop();
      await runtime.close();
    },
  };
  return harness;
}
