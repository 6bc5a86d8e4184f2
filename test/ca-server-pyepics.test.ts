/**
 * Our CA server against the real libca: Debian's pyepics 3.4.1 on EPICS libca 7.0.3, over
 * real sockets on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmSeverity, AlarmStatus } from '@devioc/core';
import { Dbe, PvWriteError, Eca, type MemoryPvDefinition } from '@devioc/core/ca';
import { PyEpics } from './helpers/pyepics.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const META = {
  units: 'mm',
  precision: 3,
  upperDisplay: 10,
  lowerDisplay: -10,
  upperAlarm: 9,
  upperWarning: 5,
  lowerWarning: -5,
  lowerAlarm: -9,
  upperControl: 8,
  lowerControl: -8,
};

const definitions = (): MemoryPvDefinition[] => [
  { name: 'T:double', type: 'double', value: 1.5, meta: META },
  { name: 'T:float', type: 'float', value: 2.25, meta: META },
  { name: 'T:long', type: 'long', value: -123456, meta: { ...META, precision: 0 } },
  { name: 'T:short', type: 'short', value: -1234 },
  { name: 'T:char', type: 'char', value: 65 },
  { name: 'T:enum', type: 'enum', value: 1, meta: { enumStrings: ['ZERO', 'ONE', 'TWO'] } },
  { name: 'T:string', type: 'string', value: 'hello world' },
  { name: 'T:ro', type: 'double', value: 7, readOnly: true },
  { name: 'T:noaccess', type: 'double', value: 7, noAccess: true },
  { name: 'T:wave', type: 'double', count: 1_000_000, value: new Float64Array(10) },
  { name: 'T:lstr', type: 'char', count: 512, value: new Uint8Array(0) },
  { name: 'T:iarr', type: 'long', count: 16, value: new Int32Array(16) },
  { name: 'T:sarr', type: 'string', count: 4, value: ['a', 'b', 'c', 'd'] },
  { name: 'T:counter', type: 'double', value: 0 },
  { name: 'T:churn0', type: 'double', value: 10.25 },
  { name: 'T:churn1', type: 'long', value: -7 },
  { name: 'T:churn2', type: 'string', value: 'two' },
  { name: 'T:churn3', type: 'enum', value: 1, meta: { enumStrings: ['A', 'B'] } },
  { name: 'T:alarm', type: 'double', value: 0 },
  {
    name: 'T:slow',
    type: 'double',
    value: 0,
    onWrite: () => sleep(600),
  },
  {
    name: 'T:refuse',
    type: 'double',
    value: 3,
    onWrite: (v) => {
      if (v[0] as number > 100) throw new PvWriteError('value too large', Eca.PUTFAIL);
    },
  },
];

let srv: TestServer;
let py: PyEpics;

beforeAll(async () => {
  srv = await startTestServer(definitions());
  py = new PyEpics({ serverPort: srv.port });
});

afterAll(async () => {
  await py?.close();
  await srv?.stop();
});

describe('pyepics against the devioc CA server', () => {
  it('creates and clears channels in turns on one circuit (cleared sids are given out again): each reads and writes its own PV', async () => {
    const CHURN = `
names = args['names']
keep = ca.create_channel('T:churn0')
assert ca.connect_channel(keep, timeout=5.0)
seen = []
for i in range(args['rounds']):
    name = names[i % len(names)]
    chid = ca.create_channel(name)
    assert ca.connect_channel(chid, timeout=5.0)
    seen.append([name, ca.get(chid)])
    if name == 'T:churn1':
        ca.put(chid, -7 - i, wait=True)
        assert ca.get(chid) == -7 - i
        ca.put(chid, -7, wait=True)
    ca.clear_channel(chid)
ca.put(keep, 11.5, wait=True)
result = {'seen': seen, 'keep': ca.get(keep)}
ca.put(keep, 10.25, wait=True)
ca.clear_channel(keep)
`;
    const names = ['T:churn1', 'T:churn2', 'T:churn3', 'T:double'];
    const { result } = await py.call<{ result: { seen: [string, unknown][]; keep: number } }>('exec', { code: CHURN, args: { names, rounds: 100 } }, 60_000);
    const want: Record<string, unknown> = { 'T:churn1': -7, 'T:churn2': 'two', 'T:churn3': 1, 'T:double': 1.5 };
    expect(result.seen).toHaveLength(100);
    for (const [name, value] of result.seen) expect([name, value]).toEqual([name, want[name]]);
    expect(result.keep).toBe(11.5);
  });

  it('reads every native type with its native CA type', async () => {
    const cases: [string, unknown, string][] = [
      ['T:double', 1.5, 'double'],
      ['T:float', 2.25, 'float'],
      ['T:long', -123456, 'long'],
      ['T:short', -1234, 'int'], // pyepics names DBR_SHORT by its alias DBR_INT
      ['T:char', 65, 'char'],
      ['T:enum', 1, 'enum'],
      ['T:string', 'hello world', 'string'],
    ];
    for (const [pv, value, type] of cases) {
      const r = await py.call<{ value: unknown; type: string; connected: boolean }>('get', { pv });
      expect(r.connected, pv).toBe(true);
      expect(r.type, pv).toBe(type);
      expect(r.value, pv).toEqual(value);
    }
  });

  it('writes every native type and reads it back', async () => {
    const cases: [string, unknown][] = [
      ['T:double', -0.000125],
      ['T:float', 3.5],
      ['T:long', 2147483647],
      ['T:short', -32768],
      ['T:char', 255],
      ['T:enum', 2],
      ['T:string', 'a string of 39 characters 12345678901'],
      // libca sends a short string as strlen+1 bytes, not the full 40-byte slot.
      ['T:string', 'short'],
    ];
    for (const [pv, value] of cases) {
      await py.call('put', { pv, value, wait: true });
      const r = await py.call<{ value: unknown }>('get', { pv });
      expect(r.value, pv).toEqual(value);
      expect(srv.pvs.get(pv)!.value[0]).toEqual(value);
    }
  });

  it('puts an enum by state string and reads it as a string', async () => {
    await py.call('put', { pv: 'T:enum', value: 'TWO', wait: true });
    expect((await py.call<{ value: number }>('get', { pv: 'T:enum' })).value).toBe(2);
    expect((await py.call<{ value: string }>('get', { pv: 'T:enum', as_string: true })).value).toBe('TWO');
    await py.call('put', { pv: 'T:enum', value: 0, wait: true });
    expect((await py.call<{ value: string }>('get', { pv: 'T:enum', as_string: true })).value).toBe('ZERO');
  });

  it('serves ctrl metadata: units, precision, limits and enum strings', async () => {
    const d = await py.call<{ ctrl: Record<string, unknown>; units: string; precision: number }>('info', { pv: 'T:double' });
    expect(d.units).toBe('mm');
    expect(d.precision).toBe(3);
    expect(d.ctrl).toMatchObject({
      upper_disp_limit: 10,
      lower_disp_limit: -10,
      upper_alarm_limit: 9,
      upper_warning_limit: 5,
      lower_warning_limit: -5,
      lower_alarm_limit: -9,
      upper_ctrl_limit: 8,
      lower_ctrl_limit: -8,
    });
    const e = await py.call<{ enum_strs: string[] }>('info', { pv: 'T:enum' });
    expect(e.enum_strs).toEqual(['ZERO', 'ONE', 'TWO']);
    const l = await py.call<{ ctrl: Record<string, unknown> }>('info', { pv: 'T:long' });
    expect(l.ctrl).toMatchObject({ upper_disp_limit: 10, lower_ctrl_limit: -8 });
  });

  it('serves timestamps and alarm status and severity', async () => {
    srv.pvs.get('T:alarm')!.set(12, { status: AlarmStatus.HIHI, severity: AlarmSeverity.MAJOR });
    const r = await py.call<{ status: number; severity: number; timestamp: number; value: number }>('get', { pv: 'T:alarm', form: 'time' });
    expect(r.value).toBe(12);
    expect(r.status).toBe(AlarmStatus.HIHI);
    expect(r.severity).toBe(AlarmSeverity.MAJOR);
    expect(Math.abs(r.timestamp - Date.now() / 1000)).toBeLessThan(5);
  });

  it('transfers an array of 1,000,000 doubles both ways', async () => {
    const put = await py.call<{ status: number }>('put', { pv: 'T:wave', value: null, fill: { n: 1_000_000, scale: 0.5 }, wait: true }, 60_000);
    expect(put.status).toBe(1);
    const served = srv.pvs.get('T:wave')!.value as Float64Array;
    expect(served.length).toBe(1_000_000);
    expect(served[999_999]).toBe(999_999 * 0.5);
    const r = await py.call<{ summary: { len: number; sum: number; last: number[] } }>('get', { pv: 'T:wave', summary: true }, 60_000);
    expect(r.summary.len).toBe(1_000_000);
    expect(r.summary.sum).toBe((0.5 * 999_999 * 1_000_000) / 2);
    expect(r.summary.last).toEqual([999_997 * 0.5, 999_998 * 0.5, 999_999 * 0.5]);
  });

  it('transfers integer arrays and string arrays', async () => {
    const values = Array.from({ length: 16 }, (_, i) => i * 1000 - 7000);
    await py.call('put', { pv: 'T:iarr', value: values, wait: true });
    expect((await py.call<{ value: number[] }>('get', { pv: 'T:iarr' })).value).toEqual(values);
    const s = await py.call<{ value: string[] }>('get', { pv: 'T:sarr' });
    expect(s.value).toEqual(['a', 'b', 'c', 'd']);
  });

  it('stores long strings in char arrays', async () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(6).trim();
    expect(text.length).toBeGreaterThan(200);
    await py.call('put', { pv: 'T:lstr', value: text, wait: true });
    const r = await py.call<{ value: string }>('get', { pv: 'T:lstr', as_string: true });
    expect(r.value).toBe(text);
  });

  it('completes a put with wait only after the write has been processed', async () => {
    const r = await py.call<{ status: number; elapsed: number }>('put', { pv: 'T:slow', value: 42, wait: true });
    expect(r.status).toBe(1);
    expect(r.elapsed).toBeGreaterThanOrEqual(0.5);
    expect(srv.pvs.get('T:slow')!.value[0]).toBe(42);
  });

  it('refuses writes to a read-only PV and reports access rights', async () => {
    const info = await py.call<{ read_access: boolean; write_access: boolean }>('get', { pv: 'T:ro' });
    expect(info.read_access).toBe(true);
    expect(info.write_access).toBe(false);
    await expect(py.call('put', { pv: 'T:ro', value: 99, wait: true })).rejects.toThrow();
    expect(srv.pvs.get('T:ro')!.value[0]).toBe(7);
    // libca itself refuses reads on a channel without read access.
    await expect(py.call('get', { pv: 'T:noaccess' })).rejects.toThrow(/Read access denied/);
    const none = await py.call<{ read_access: boolean; write_access: boolean }>('exec', {
      code: "c = ca.create_channel('T:noaccess'); ca.connect_channel(c, timeout=5); result = {'read_access': bool(ca.read_access(c)), 'write_access': bool(ca.write_access(c))}",
    });
    expect((none as unknown as { result: { read_access: boolean; write_access: boolean } }).result).toEqual({ read_access: false, write_access: false });
  });

  it('refuses a write the PV rejects, keeping the old value', async () => {
    await py.call('put', { pv: 'T:refuse', value: 500, wait: true });
    expect(srv.pvs.get('T:refuse')!.value[0]).toBe(3);
    await py.call('put', { pv: 'T:refuse', value: 50, wait: true });
    expect(srv.pvs.get('T:refuse')!.value[0]).toBe(50);
  });

  it('monitors: an initial update, then every change in order', async () => {
    const counter = srv.pvs.get('T:counter')!;
    counter.set(0);
    await py.call('monitor', { id: 'm1', pv: 'T:counter' });
    const first = await py.call<{ events: { value: number }[] }>('events', { id: 'm1', at_least: 1 });
    expect(first.events[0].value).toBe(0);
    for (let i = 1; i <= 10; i++) {
      counter.set(i);
      await sleep(20);
    }
    const r = await py.call<{ events: { value: number }[] }>('events', { id: 'm1', at_least: 10 });
    expect(r.events.map((e) => e.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await py.call('unmonitor', { id: 'm1' });
  });

  it('monitors honour the event mask (DBE_ALARM only)', async () => {
    const pv = srv.pvs.get('T:alarm')!;
    pv.set(0, { status: AlarmStatus.NO_ALARM, severity: AlarmSeverity.NO_ALARM });
    await py.call('monitor', { id: 'm2', pv: 'T:alarm', mask: Dbe.ALARM });
    await py.call('events', { id: 'm2', at_least: 1 });
    pv.set(1);
    pv.set(2);
    await sleep(100);
    pv.set(3, { status: AlarmStatus.HIGH, severity: AlarmSeverity.MINOR });
    const r = await py.call<{ events: { value: number; severity: number }[] }>('events', { id: 'm2', at_least: 1 });
    await sleep(100);
    const rest = await py.call<{ events: unknown[] }>('events', { id: 'm2', timeout: 0.1 });
    expect(r.events.map((e) => [e.value, e.severity])).toEqual([[3, 1]]);
    expect(rest.events).toEqual([]);
    await py.call('unmonitor', { id: 'm2' });
  });

  it('serves 20 libca clients at once', async () => {
    const clients = Array.from({ length: 20 }, () => new PyEpics({ serverPort: srv.port }));
    try {
      const results = await Promise.all(
        clients.map(async (c, i) => {
          await c.call('put', { pv: 'T:iarr', value: Array.from({ length: 16 }, () => i), wait: true });
          const d = await c.call<{ value: number }>('get', { pv: 'T:double' });
          const s = await c.call<{ value: string }>('get', { pv: 'T:string' });
          return [d.value, s.value];
        }),
      );
      expect(results).toHaveLength(20);
      for (const [d, s] of results) {
        expect(typeof d).toBe('number');
        expect(typeof s).toBe('string');
      }
      expect(srv.server.getStats().circuits).toBeGreaterThanOrEqual(21);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  }, 60_000);
});

describe('pyepics reconnects by itself', () => {
  it('resumes a monitor after the server is stopped and started again on the same port', async () => {
    const first = await startTestServer([{ name: 'R:value', type: 'double', value: 1 }]);
    const client = new PyEpics({ serverPort: first.port });
    try {
      await client.call('monitor', { id: 'r', pv: 'R:value' });
      await client.call('events', { id: 'r', at_least: 1 });
      await first.stop();
      const down = await client.call<{ connection: boolean[] }>('events', { id: 'r', until_connection: false, timeout: 5 });
      expect(down.connection).toContain(false);
      const second = await startTestServer([{ name: 'R:value', type: 'double', value: 2 }], {}, first.port);
      try {
        const back = await client.call<{ events: { value: number }[]; connected: boolean }>('events', { id: 'r', at_least: 1, until_connection: true, timeout: 20 }, 30_000);
        expect(back.connected).toBe(true);
        expect(back.events.at(-1)?.value).toBe(2);
        second.pvs.get('R:value')!.set(3);
        const more = await client.call<{ events: { value: number }[] }>('events', { id: 'r', at_least: 1 });
        expect(more.events.at(-1)?.value).toBe(3);
      } finally {
        await second.stop();
      }
    } finally {
      await client.close();
      await first.stop();
    }
  }, 60_000);
});
