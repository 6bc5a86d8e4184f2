/**
 * The model API end to end: callbacks and their options, blocking puts and validation seen
 * from pyepics, RxJS streams, macros, definition-time errors, several models on one server,
 * start failures, alarms and deadbands seen by a libca monitor, and links across IOCs.
 */
import net from 'node:net';
import { combineLatest, debounceTime, firstValueFrom, filter, take, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AlarmSeverity, AlarmStatus, Model, ModelDefinitionError, ModelStartError, models, type RecordHandle, Runtime } from '@devioc/core';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function runtimeOnFreePort(extra: ConstructorParameters<typeof Runtime>[0] = {}): Promise<{ runtime: Runtime; port: number }> {
  const port = await freePort();
  const runtime = new Runtime({ port, autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], ...extra });
  return { runtime, port };
}

class Ioc extends Model {
  counter = models.Integer({ desc: 'counts callbacks' });
  req = models.Float({ desc: 'request' });
  resp = models.Float({ desc: 'response' });
  slow = models.Float({ blocking: true, desc: 'blocking put' });
  positive = models.Float({ validate: (v) => { if (v < 0) throw new Error('must not be negative'); } });
  mode = models.Enum({ choices: { SLOW_MODE: 5, FAST_MODE: 10 }, default: 10 });
  level = models.Ai({ hihi: 90, hhsv: 'MAJOR', high: 70, hsv: 'MINOR', mdel: 1, units: '%' });
  broken = models.Integer();
  note = models.String({ maxLength: 39, desc: 'macro $(site=ESRF) on $(device)' });
}

class App {
  readonly calls: [string, unknown][] = [];
  readonly ioc: Ioc;
  constructor(device: string, runtime: Runtime, options: { ignoreOwnWrites?: boolean } = {}) {
    this.ioc = new Ioc(device, { callbacks: this, runtime, ...options });
  }
  do_req(_r: RecordHandle<number, number | boolean>, value: number, ioc: Ioc): void {
    this.calls.push(['req', value]);
    void ioc.resp.put(value * 2);
  }
  do_counter(_r: RecordHandle<number, number | boolean>, value: number): void {
    this.calls.push(['counter', value]);
  }
  async do_slow(_r: RecordHandle<number, number | boolean>, value: number): Promise<void> {
    await sleep(500);
    this.calls.push(['slow', value]);
  }
  do_mode(_r: RecordHandle<number, number | string>, value: number): void {
    this.calls.push(['mode', value]);
  }
  do_broken(): void {
    throw new Error('callback bug');
  }
}

describe('the model in one process', () => {
  let runtime: Runtime;
  let port: number;
  let app: App;
  let py: PyEpics;

  beforeAll(async () => {
    ({ runtime, port } = await runtimeOnFreePort());
    app = new App('M1', runtime);
    await app.ioc.start();
    py = new PyEpics({ serverPort: port });
    // Every callback runs once with the initial value at start; the blocking one (do_slow) ends
    // 500 ms later. Wait for it, so that it cannot land among a later test's calls.
    await vi.waitFor(() => expect(app.calls.some(([name]) => name === 'slow')).toBe(true), { timeout: 10_000, interval: 20 });
  });
  afterAll(async () => {
    await py?.close();
    await app?.ioc.shutdown();
    await runtime?.close();
  });

  it('calls every callback once with the initial value at start, then on changes', async () => {
    expect(app.calls).toContainEqual(['counter', 0]);
    expect(app.calls).toContainEqual(['mode', 10]);
    app.calls.length = 0;
    await py.call('put', { pv: 'M1:counter', value: 5, wait: true });
    await app.ioc.counter.put(6);
    await sleep(20);
    expect(app.calls.filter(([n]) => n === 'counter')).toEqual([['counter', 5], ['counter', 6]]);
  });

  it('runs the application logic in-process: a client writes req, the callback writes resp', async () => {
    await py.call('put', { pv: 'M1:req', value: 21, wait: true });
    await sleep(20);
    expect((await py.call<{ value: number }>('get', { pv: 'M1:resp' })).value).toBe(42);
  });

  it('put options: quiet skips the callback, soft skips an unchanged value, force posts anyway', async () => {
    app.calls.length = 0;
    await app.ioc.counter.put(100, { quiet: true });
    await sleep(10);
    expect(app.calls).toEqual([]);
    expect(app.ioc.counter.get()).toBe(100);
    const updates: number[] = [];
    const sub = app.ioc.counter.changes$.subscribe((v) => updates.push(v));
    await app.ioc.counter.put(100, { soft: true });
    await app.ioc.counter.put(100);
    await app.ioc.counter.put(100, { force: true });
    sub.unsubscribe();
    expect(updates).toEqual([100]);
  });

  it('put with wait resolves after the callback has finished', async () => {
    const t0 = Date.now();
    await app.ioc.slow.put(1, { wait: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
    expect(app.calls).toContainEqual(['slow', 1]);
  });

  it('a blocking record makes a client put-callback wait for its callback', async () => {
    const r = await py.call<{ elapsed: number }>('put', { pv: 'M1:slow', value: 2, wait: true });
    expect(r.elapsed).toBeGreaterThanOrEqual(0.45);
    expect(app.calls).toContainEqual(['slow', 2]);
  });

  it('a validate hook refuses a client write; the value stays', async () => {
    await py.call('put', { pv: 'M1:positive', value: 3, wait: true });
    await py.call('put', { pv: 'M1:positive', value: -1, wait: true });
    expect(app.ioc.positive.get()).toBe(3);
    // pyepics reports a refused plain put through libca's exception handler; the value is kept.
    expect((await py.call<{ value: number }>('get', { pv: 'M1:positive' })).value).toBe(3);
  });

  it('a map of choices works in raw values for the application, indexes for clients', async () => {
    expect(app.ioc.mode.get()).toBe(10);
    expect((await py.call<{ value: string }>('get', { pv: 'M1:mode', as_string: true })).value).toBe('FAST MODE');
    await py.call('put', { pv: 'M1:mode', value: 'SLOW MODE', wait: true });
    expect(app.ioc.mode.get()).toBe(5);
    await app.ioc.mode.put(10);
    expect((await py.call<{ value: number }>('get', { pv: 'M1:mode' })).value).toBe(1);
    expect(() => app.ioc.mode.put(7)).toThrow(/none of the enum's values/);
  });

  it('a callback that throws is logged, and the IOC carries on', async () => {
    await py.call('put', { pv: 'M1:broken', value: 1, wait: true });
    await py.call('put', { pv: 'M1:counter', value: 7, wait: true });
    expect(app.ioc.counter.get()).toBe(7);
  });

  it('expands macros in fields, with defaults', async () => {
    expect(app.ioc.note.field('DESC')).toBe('macro ESRF on M1');
  });

  it('streams: value$ starts with the current value, alarm$ follows the limits, updates$ merges the model', async () => {
    const values = firstValueFrom(app.ioc.level.value$.pipe(take(3), toArray()));
    await app.ioc.level.put(10);
    await app.ioc.level.put(75);
    expect(await values).toEqual([app.ioc.level.get() === 75 ? 0 : 0, 10, 75].slice(0, 3).map((v, i) => (i === 0 ? expect.any(Number) : v)));
    const alarms = firstValueFrom(app.ioc.level.alarm$.pipe(filter((a) => a.severity === AlarmSeverity.MAJOR), take(1)));
    await app.ioc.level.put(95);
    expect(await alarms).toEqual({ status: AlarmStatus.HIHI, severity: AlarmSeverity.MAJOR });
    const merged = firstValueFrom(app.ioc.updates$.pipe(filter((u) => u.record === 'M1:req'), take(1)));
    await app.ioc.req.put(3);
    expect((await merged).value).toBe(3);
    const combined = firstValueFrom(combineLatest([app.ioc.req.value$, app.ioc.resp.value$]).pipe(debounceTime(20), take(1)));
    await app.ioc.req.put(4);
    expect(await combined).toEqual([4, 8]);
  });

  it('alarms and deadbands reach a libca monitor', async () => {
    await app.ioc.level.put(50);
    await py.call('monitor', { id: 'lvl', pv: 'M1:level' });
    await py.call('events', { id: 'lvl', at_least: 1 });
    await app.ioc.level.put(50.5); // inside MDEL 1: no update
    await app.ioc.level.put(75); // MINOR
    await app.ioc.level.put(95); // MAJOR
    const r = await py.call<{ events: { value: number; severity: number; status: number }[] }>('events', { id: 'lvl', at_least: 2 });
    expect(r.events.map((e) => [e.value, e.severity, e.status])).toEqual([
      [75, AlarmSeverity.MINOR, AlarmStatus.HIGH],
      [95, AlarmSeverity.MAJOR, AlarmStatus.HIHI],
    ]);
    await py.call('unmonitor', { id: 'lvl' });
  });

  it('ignoreOwnWrites skips callbacks for the application own puts only', async () => {
    const other = new App('M2', runtime, { ignoreOwnWrites: true });
    await other.ioc.start();
    try {
      other.calls.length = 0;
      await other.ioc.counter.put(1);
      await py.call('put', { pv: 'M2:counter', value: 2, wait: true });
      await sleep(20);
      expect(other.calls.filter(([n]) => n === 'counter')).toEqual([['counter', 2]]);
    } finally {
      await other.ioc.shutdown();
    }
  });

  it('several models in one process share one server', async () => {
    const other = new App('M3', runtime);
    await other.ioc.start();
    try {
      expect(runtime.server!.tcpPort).toBe(port);
      expect((await py.call<{ value: number }>('get', { pv: 'M3:counter' })).value).toBe(0);
    } finally {
      await other.ioc.shutdown();
    }
  });
});

describe('definition and start errors', () => {
  it('rejects bad definitions when the class is defined, naming the record', () => {
    expect(() => models.Float('x', { desc: 'd'.repeat(41) })).toThrow(ModelDefinitionError);
    expect(() => models.Float('x', { desc: 'd'.repeat(41) })).toThrow(/record "x".*DESC is 41 characters; EPICS allows 40/);
    expect(() => models.Float('x', { units: 'u'.repeat(16) })).toThrow(/EGU is 16 characters; EPICS allows 15/);
    expect(() => models.Enum('x', { choices: Array.from({ length: 17 }, (_, i) => `S${i}`) })).toThrow(/17 states; EPICS allows at most 16/);
    expect(() => models.Enum('x', { choices: ['a'.repeat(26)] })).toThrow(/longer than 25 characters/);
    expect(() => models.Calc('x', { calc: 'A+*B' })).toThrow(/bad CALC expression "A\+\*B".*position 2/);
    expect(() => models.Float('x', { fields: { NOPE: 1 } })).toThrow(/unknown field NOPE for a ao record/);
  });

  it('start() throws on a duplicate record name and on an undefined macro, leaving nothing behind', async () => {
    const { runtime } = await runtimeOnFreePort();
    class Dup extends Model {
      a = models.Float('same');
      b = models.Float('same');
    }
    await expect(new Dup('D', { runtime }).start()).rejects.toThrow(/duplicate record name "D:same"/);
    expect(runtime.db.size).toBe(0);
    class Undefined extends Model {
      a = models.Float({ desc: '$(nosuch)' });
    }
    await expect(new Undefined('U', { runtime }).start()).rejects.toThrow(ModelStartError);
    await expect(new Undefined('U', { runtime }).start()).rejects.toThrow(/nosuch/);
    expect(runtime.db.size).toBe(0);
    await runtime.close();
  });

  it('start() throws with the reason when the server cannot listen', async () => {
    const port = await freePort();
    const runtime = new Runtime({ port, interfaces: ['203.0.113.7'], autoBeaconAddresses: false, beaconAddresses: [] });
    class One extends Model {
      a = models.Float();
    }
    await expect(new One('P', { runtime }).start()).rejects.toThrow(/cannot listen on TCP 203\.0\.113\.7/);
    await runtime.close();
  });

  it('shutdown() closes every socket: the port is free again', async () => {
    const { runtime, port } = await runtimeOnFreePort();
    class One extends Model {
      a = models.Float();
    }
    const m = new One('S', { runtime });
    await m.start();
    await m.shutdown();
    await new Promise<void>((resolve, reject) => {
      const s = net.createServer().once('error', reject).listen({ port, host: '0.0.0.0', exclusive: true }, () => s.close(() => resolve()));
    });
  });

  it('type-checks records by name (checked by `npm run typecheck`)', () => {
    const ioc = new Ioc('T', {});
    expect(typeof ioc.counter.put).toBe('function');
    // @ts-expect-error: a model has no record it did not declare
    expect(ioc.nosuch).toBeUndefined();
  });
});

describe('links across IOCs (CA links)', () => {
  let a: { runtime: Runtime; port: number };
  let b: { runtime: Runtime; port: number };
  class Source extends Model {
    src = models.Float({ hihi: 100, hhsv: 'MAJOR' });
    dst = models.Float();
  }
  class Sink extends Model {
    sum = models.Calc({ calc: 'A*10', inpa: 'B:src CP MS' });
    out = models.CalcOut({ calc: 'A+1', inpa: '$(device):sum CP', out: 'B:dst PP' });
  }
  let source: Source;
  let sink: Sink;

  beforeAll(async () => {
    b = await runtimeOnFreePort();
    source = new Source('B', { runtime: b.runtime });
    await source.start();
    const repeaterPort = await freePort();
    a = await runtimeOnFreePort({ client: { addressList: [`127.0.0.1:${b.port}`], autoAddressList: false, repeaterPort } });
    sink = new Sink('A', { runtime: a.runtime });
    await sink.start();
  });
  afterAll(async () => {
    await sink?.shutdown();
    await source?.shutdown();
    await a?.runtime.close();
    await b?.runtime.close();
  });

  const until = async (check: () => boolean, ms = 5000): Promise<void> => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await sleep(20);
    }
  };

  it('CP on a remote PV is a monitor: the calc follows the other IOC, and its OUT writes back there', async () => {
    await source.src.put(4);
    await until(() => sink.sum.get() === 40);
    await until(() => source.dst.get() === 41);
    await source.src.put(5);
    await until(() => sink.sum.get() === 50 && source.dst.get() === 51);
  });

  it('MS carries the remote severity into the link', async () => {
    await source.src.put(150);
    await until(() => sink.sum.alarm.severity === AlarmSeverity.MAJOR);
    expect(sink.sum.alarm.status).toBe(AlarmStatus.LINK);
  });

  it('put(value, { alarm }) raises an alarm with the value', async () => {
    await source.src.put(9, { alarm: { status: AlarmStatus.COMM, severity: AlarmSeverity.INVALID } });
    expect(source.src.alarm).toEqual({ status: AlarmStatus.COMM, severity: AlarmSeverity.INVALID });
    await until(() => sink.sum.alarm.severity === AlarmSeverity.INVALID);
    await source.src.put(6);
    expect(source.src.alarm.severity).toBe(AlarmSeverity.NO_ALARM);
  });

  it('model.pv() reaches remote PVs as streams', async () => {
    const remote = sink.pv('B:src');
    const next = firstValueFrom(remote.value$.pipe(filter((v) => v === 7), take(1)));
    await source.src.put(7);
    expect(await next).toBe(7);
    await remote.put(8, { wait: true });
    expect(source.src.get()).toBe(8);
  });
});
