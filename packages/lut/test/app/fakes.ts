/**
 * Fakes for the LUT application's unit tests: PVs of "other IOCs" held in memory, and a
 * harness that starts a LutApp on a runtime that serves nothing (no sockets).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RecordHandle, RecordPut, Runtime } from '@devioc/core';
import { BehaviorSubject, EMPTY, type Observable, Subject, concat, defer, distinctUntilChanged, of, switchMap } from 'rxjs';
import { LutApp, type LutAppOptions, type LutPv } from '../../src/index.js';

export class FakePv implements LutPv {
  private readonly state: BehaviorSubject<boolean>;
  private readonly changes = new Subject<unknown>();
  readonly puts: number[] = [];
  /** When set, puts fail with this message. */
  failPuts: string | undefined;
  gets = 0;

  constructor(
    readonly name: string,
    public value: unknown = 0,
    connected = true,
  ) {
    this.state = new BehaviorSubject(connected);
  }

  get connected$(): Observable<boolean> {
    return this.state.pipe(distinctUntilChanged());
  }

  get value$(): Observable<unknown> {
    return this.connected$.pipe(switchMap((c) => (c ? concat(defer(() => of(this.value)), this.changes) : EMPTY)));
  }

  get connected(): boolean {
    return this.state.value;
  }

  /** The other IOC changes the value (posted to monitors). */
  set(value: unknown): void {
    this.value = value;
    if (this.state.value) this.changes.next(value);
  }

  connect(): void {
    this.state.next(true);
  }

  disconnect(): void {
    this.state.next(false);
  }

  async get(): Promise<unknown> {
    this.gets++;
    if (!this.state.value) throw new Error(`${this.name} not connected (timeout)`);
    return this.value;
  }

  async put(value: number): Promise<void> {
    if (!this.state.value) throw new Error(`${this.name} not connected (timeout)`);
    if (this.failPuts !== undefined) throw new Error(this.failPuts);
    this.puts.push(value);
    this.set(value);
  }
}

export class FakeNetwork {
  readonly pvs = new Map<string, FakePv>();
  add(name: string, value: unknown = 0, connected = true): FakePv {
    const pv = new FakePv(name, value, connected);
    this.pvs.set(name, pv);
    return pv;
  }
  /** The LutPvFactory: unknown names are PVs that never connect. */
  readonly factory = (name: string): FakePv => this.pvs.get(name) ?? this.add(name, 0, false);
}

/** Lets every pending microtask and immediate run (callbacks are queued on promises). */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function until(check: () => boolean, what = 'condition', ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A CA client's put, as the record sees it (a client put): the record's callback runs; for the
 * blocking command records, resolves when it has finished (as a client's put-callback would).
 */
export async function clientPut<T, P>(handle: RecordHandle<T, P>, value: unknown): Promise<void> {
  const put = RecordPut.client(true);
  handle.record.putJs('VAL', value, put);
  await put.completion();
  await flush();
}

/** A CA client's put without a callback (caput, pyepics' default): does not wait for the IOC's work. */
export async function clientWrite<T, P>(handle: RecordHandle<T, P>, value: unknown): Promise<void> {
  handle.record.putJs('VAL', value, RecordPut.client(false));
  await flush();
}

export interface Harness {
  app: LutApp;
  net: FakeNetwork;
  energy: FakePv;
  gap: FakePv;
  dir: string;
  file: string;
  runtime: Runtime;
  stop(): Promise<void>;
}

/**
 * Starts a LUT on fake PVs E (the input, value 5) and G (the target, value 0), with the table
 * file `table.lut` in a fresh temp directory (written first if `fileText` is given).
 */
export async function startLut(options: Partial<LutAppOptions> = {}, prepare?: (dir: string, file: string) => void): Promise<Harness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lut-app-'));
  const file = path.join(dir, 'table.lut');
  prepare?.(dir, file);
  const net = new FakeNetwork();
  const energy = net.add('E', 5);
  const gap = net.add('G', 0);
  const runtime = new Runtime({ serve: false });
  const app = new LutApp({ device: 'LUT', tableFile: file, input: 'E', target: 'G', runtime, pvs: net.factory, editSettleMs: 20, ...options });
  await app.start();
  await flush();
  await app.settled();
  return {
    app,
    net,
    energy,
    gap,
    dir,
    file,
    runtime,
    async stop() {
      await app.shutdown();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
