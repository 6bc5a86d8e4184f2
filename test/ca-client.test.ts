/**
 * The devioc CA client against the devioc CA server, over real sockets on loopback: every native
 * type in every DBR family, large arrays, put-callback, monitors and masks, reconnection after a
 * server restart, two servers on one host, a missing PV, a server that stops answering, and TCP
 * name servers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Subscription, filter, firstValueFrom, take, toArray } from 'rxjs';
import { AlarmSeverity, AlarmStatus } from '@devioc/core';
import { CaServer, Dbe, DbrType, Eca, MemoryPvProvider, type MemoryPvDefinition, NativeType, PvWriteError } from '@devioc/core/ca';
import {
  CaAccessError, CaDisconnectedError, type CaReading, CaStatusError, CaTimeoutError, type ChannelState,
} from '../packages/core/src/ca/client/index.js';
import { FreezableServer, sleep, testClient, waitFor } from './helpers/ca-client.js';
import { freePort } from './helpers/ports.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const META = {
  units: 'mm', precision: 3, upperDisplay: 10, lowerDisplay: -10, upperAlarm: 9, upperWarning: 5,
  lowerWarning: -5, lowerAlarm: -9, upperControl: 8, lowerControl: -8,
};

const definitions = (): MemoryPvDefinition[] => [
  { name: 'C:double', type: 'double', value: 1.5, meta: META },
  { name: 'C:float', type: 'float', value: 2.25, meta: META },
  { name: 'C:long', type: 'long', value: -123456, meta: { ...META, precision: 0 } },
  { name: 'C:short', type: 'short', value: -1234, meta: META },
  { name: 'C:char', type: 'char', value: 65, meta: META },
  { name: 'C:enum', type: 'enum', value: 1, meta: { enumStrings: ['ZERO', 'ONE', 'TWO'] } },
  { name: 'C:string', type: 'string', value: 'hello world' },
  { name: 'C:ro', type: 'double', value: 7, readOnly: true },
  { name: 'C:wave', type: 'double', count: 1_000_000, value: new Float64Array(10).map((_, i) => i) },
  { name: 'C:empty', type: 'double', count: 100, value: new Float64Array(0) },
  { name: 'C:lstr', type: 'char', count: 256, value: new Uint8Array(0) },
  { name: 'C:sarr', type: 'string', count: 4, value: ['a', 'b', 'c', 'd'] },
  { name: 'C:mon', type: 'double', value: 0, meta: META },
  { name: 'C:slow', type: 'double', value: 0, onWrite: () => sleep(300) },
  { name: 'C:refuse', type: 'double', value: 3, onWrite: (v) => { if ((v[0] as number) > 100) throw new PvWriteError('too large', Eca.PUTFAIL); } },
];

let srv: TestServer;
let client: ReturnType<typeof testClient>;

beforeAll(async () => {
  srv = await startTestServer(definitions());
  client = testClient(srv.port);
});

afterAll(async () => {
  await client?.close();
  await srv?.stop();
});

const scalars: [string, NativeType, number | string][] = [
  ['C:double', NativeType.DOUBLE, 1.5],
  ['C:float', NativeType.FLOAT, 2.25],
  ['C:long', NativeType.LONG, -123456],
  ['C:short', NativeType.SHORT, -1234],
  ['C:char', NativeType.CHAR, 65],
  ['C:enum', NativeType.ENUM, 1],
  ['C:string', NativeType.STRING, 'hello world'],
];

describe('reads', () => {
  it('connects a channel and reports its native type, count and access', async () => {
    const ch = client.channel('C:double');
    await ch.whenConnected();
    expect(ch.state).toBe('connected');
    expect(ch.info).toMatchObject({ nativeType: NativeType.DOUBLE, elementCount: 1, readAccess: true, writeAccess: true, serverMinor: 13 });
    expect(ch.info.server).toBe(`127.0.0.1:${srv.server.tcpPort}`);
    const ro = client.channel('C:ro');
    await ro.whenConnected();
    expect([ro.readAccess, ro.writeAccess]).toEqual([true, false]);
  });

  for (const [name, native, value] of scalars) {
    it(`reads ${name} in every DBR family`, async () => {
      const plain = await client.get(name, { type: 'native' });
      expect(plain.dbrType).toBe(native);
      expect(plain.value).toEqual(value);
      expect(plain.alarm).toBeUndefined();

      const sts = await client.get(name, { type: 'sts' });
      expect(sts.dbrType).toBe(native + 7);
      expect(sts.value).toEqual(value);
      expect(sts.alarm).toEqual({ status: 0, severity: 0 });

      const time = await client.get(name, { type: 'time' });
      expect(time.dbrType).toBe(native + 14);
      expect(time.value).toEqual(value);
      expect(time.timestamp).toBeInstanceOf(Date);
      expect(Math.abs(time.timestamp!.getTime() - Date.now())).toBeLessThan(60_000);
      expect(time.epicsTimestamp!.secPastEpoch).toBeGreaterThan(1e9);

      for (const family of ['gr', 'ctrl'] as const) {
        const r = await client.get(name, { type: family });
        expect(r.dbrType).toBe(native + (family === 'gr' ? 21 : 28));
        expect(r.value).toEqual(value);
        expect(r.alarm).toEqual({ status: 0, severity: 0 });
        if (native === NativeType.ENUM) {
          expect(r.enumStrings).toEqual(['ZERO', 'ONE', 'TWO']);
        } else if (native !== NativeType.STRING) {
          expect(r.units).toBe('mm');
          const floating = native === NativeType.DOUBLE || native === NativeType.FLOAT;
          expect(r.precision).toBe(floating ? 3 : undefined);
          const low = native === NativeType.CHAR ? 246 : -10; // -10 as an unsigned char limit
          expect(r.limits!.display).toEqual({ low, high: 10 });
          expect(r.limits!.warning.high).toBe(5);
          expect(r.limits!.alarm.high).toBe(9);
          if (family === 'ctrl') expect(r.limits!.control!.high).toBe(8);
          else expect(r.limits!.control).toBeUndefined();
        }
      }
    });
  }

  it('reads any native type as any other value type (server-side conversion)', async () => {
    expect((await client.get('C:double', { type: DbrType.STRING })).value).toBe('1.500');
    expect((await client.get('C:enum', { type: DbrType.STRING })).value).toBe('ONE');
    expect((await client.get('C:string', { type: DbrType.CLASS_NAME })).value).toBe('memory');
    expect((await client.get('C:long', { type: DbrType.TIME_DOUBLE })).value).toBe(-123456);
    const d = await client.get('C:char', { type: DbrType.CTRL_DOUBLE });
    expect(d.value).toBe(65);
  });

  it('reads alarms and timestamps as set on the server', async () => {
    srv.pvs.get('C:mon')!.set(12, { status: AlarmStatus.HIHI, severity: AlarmSeverity.MAJOR });
    const r = await client.get('C:mon');
    expect(r.alarm).toEqual({ status: AlarmStatus.HIHI, severity: AlarmSeverity.MAJOR });
    srv.pvs.get('C:mon')!.set(0, { status: 0, severity: 0 });
  });

  it('reads arrays as typed arrays, honouring count', async () => {
    const r = await client.get('C:wave');
    expect(r.value).toBeInstanceOf(Float64Array);
    expect(Array.from(r.value as Float64Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const three = await client.get('C:wave', { count: 3, type: 'native' });
    expect(Array.from(three.value as Float64Array)).toEqual([0, 1, 2]);
    const empty = await client.get('C:empty', { type: 'native' });
    expect(empty.count).toBe(0);
    expect((empty.value as Float64Array).length).toBe(0);
    const strings = await client.get('C:sarr');
    expect(strings.value).toEqual(['a', 'b', 'c', 'd']);
    await expect(client.get('C:wave', { count: 2_000_000 })).rejects.toMatchObject({ eca: Eca.BADCOUNT });
  });

  it('gets and puts 1,000,000 doubles (extended header)', async () => {
    const big = Float64Array.from({ length: 1_000_000 }, (_, i) => i * 0.5);
    await client.put('C:wave', big, { wait: true, timeout: 10 });
    const r = await client.get('C:wave', { type: 'native', timeout: 10 });
    expect(r.count).toBe(1_000_000);
    const v = r.value as Float64Array;
    expect(v[0]).toBe(0);
    expect(v[999_999]).toBe(999_999 * 0.5);
    expect(v[123_457]).toBe(123_457 * 0.5);
  });
});

describe('writes', () => {
  it('puts every native type and reads it back', async () => {
    const cases: [string, number | string][] = [
      ['C:double', -0.000125], ['C:float', 3.5], ['C:long', 2147483647], ['C:short', -32768], ['C:char', 255], ['C:enum', 2],
      ['C:string', 'a string of 39 characters 12345678901'],
    ];
    for (const [name, value] of cases) {
      await client.put(name, value, { wait: true });
      expect((await client.get(name)).value, name).toEqual(value);
    }
  });

  it('puts strings that the server converts: enum state names, numbers', async () => {
    await client.put('C:enum', 'ZERO', { wait: true });
    expect((await client.get('C:enum')).value).toBe(0);
    await client.put('C:double', '2.5e1', { wait: true });
    expect((await client.get('C:double')).value).toBe(25);
    await expect(client.put('C:double', 'abc', { wait: true })).rejects.toMatchObject({ eca: Eca.PUTFAIL });
  });

  it('puts a string into a char array (long string) and string arrays', async () => {
    await client.put('C:lstr', 'a long string of more than forty characters, really', { wait: true });
    const r = await client.get('C:lstr', { type: 'native' });
    expect(Buffer.from(r.value as Uint8Array).toString('latin1').replace(/\0.*$/, '')).toBe('a long string of more than forty characters, really');
    await client.put('C:sarr', ['w', 'x', 'y', 'z'], { wait: true });
    expect((await client.get('C:sarr')).value).toEqual(['w', 'x', 'y', 'z']);
  });

  it('put with wait resolves only when the server has completed the put', async () => {
    const t0 = performance.now();
    await client.put('C:slow', 1, { wait: true });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
    const t1 = performance.now();
    await client.put('C:slow', 2);
    expect(performance.now() - t1).toBeLessThan(200);
    await expect(client.put('C:slow', 3, { wait: true, timeout: 0.1 })).rejects.toBeInstanceOf(CaTimeoutError);
  });

  it('reports refused puts and write access', async () => {
    const err = await client.put('C:refuse', 1000, { wait: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaStatusError);
    expect((err as CaStatusError).eca).toBe(Eca.PUTFAIL);
    expect((err as CaStatusError).ecaMessage).toBe('Channel write request failed');
    await expect(client.put('C:ro', 1)).rejects.toBeInstanceOf(CaAccessError);
  });
});

describe('monitors', () => {
  it('delivers the first update at once, then every change, and cancels on unsubscribe', async () => {
    const pv = srv.pvs.get('C:mon')!;
    pv.set(0);
    const updates: CaReading[] = [];
    const sub = client.monitor('C:mon').subscribe((r) => updates.push(r));
    await waitFor(() => updates.length === 1, 3000, 'first update');
    expect(pv.subscriberCount).toBe(1);
    // One at a time: a burst would be coalesced by the server's per-subscription queue (as rsrv's).
    for (let i = 1; i <= 5; i++) {
      pv.set(i);
      await waitFor(() => updates.length === i + 1, 3000, `update ${i}`);
    }
    expect(updates.map((u) => u.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(updates[5].timestamp).toBeInstanceOf(Date);
    sub.unsubscribe();
    await waitFor(() => pv.subscriberCount === 0, 3000, 'server-side cancel');
  });

  it('filters by mask: VALUE, ALARM, PROPERTY', async () => {
    const pv = srv.pvs.get('C:mon')!;
    pv.set(0, { status: 0, severity: 0 });
    const got = { value: [] as CaReading[], alarm: [] as CaReading[], property: [] as CaReading[] };
    const subs = new Subscription();
    subs.add(client.monitor('C:mon', { mask: Dbe.VALUE }).subscribe((r) => got.value.push(r)));
    subs.add(client.monitor('C:mon', { mask: Dbe.ALARM }).subscribe((r) => got.alarm.push(r)));
    subs.add(client.monitor('C:mon', { mask: Dbe.PROPERTY, type: 'ctrl' }).subscribe((r) => got.property.push(r)));
    await waitFor(() => got.value.length === 1 && got.alarm.length === 1 && got.property.length === 1, 3000, 'initial updates');
    pv.set(1);
    pv.set(2, { status: AlarmStatus.HIGH, severity: AlarmSeverity.MINOR });
    pv.setMeta({ units: 'um' });
    await waitFor(() => got.value.length === 3 && got.alarm.length === 2 && got.property.length === 2, 3000, 'masked updates');
    await sleep(100);
    expect(got.value.map((r) => r.value)).toEqual([0, 1, 2]);
    expect(got.alarm.map((r) => r.alarm!.severity)).toEqual([0, AlarmSeverity.MINOR]);
    expect(got.property[1].units).toBe('um');
    subs.unsubscribe();
    pv.set(0, { status: 0, severity: 0 });
    pv.setMeta({ units: 'mm' });
  });

  it('monitors arrays with a variable length', async () => {
    const pv = srv.pvs.get('C:empty')!;
    const updates: CaReading[] = [];
    const sub = client.monitor('C:empty', { type: 'native' }).subscribe((r) => updates.push(r));
    await waitFor(() => updates.length === 1, 3000, 'first update');
    pv.set([1, 2, 3]);
    pv.set([]);
    await waitFor(() => updates.length === 3, 3000, 'array updates');
    expect(updates.map((u) => u.count)).toEqual([0, 3, 0]);
    sub.unsubscribe();
  });
});

describe('failures', () => {
  it('a PV that does not exist times out cleanly', async () => {
    const t0 = performance.now();
    const err = await client.get('C:does-not-exist', { timeout: 0.5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaTimeoutError);
    expect((err as CaTimeoutError).phase).toBe('connect');
    expect((err as Error).message).toMatch(/not found/);
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('a PV removed on the server disconnects, and reconnects when it is back', async () => {
    const pvs = new MemoryPvProvider([{ name: 'R:x', type: 'long', value: 5 }]);
    srv.server.addProvider(pvs);
    try {
      const ch = client.channel('R:x');
      await ch.whenConnected();
      const states: ChannelState[] = [];
      const s = ch.state$.subscribe((st) => states.push(st));
      pvs.remove('R:x');
      await waitFor(() => ch.state === 'disconnected', 3000, 'disconnect');
      pvs.add({ name: 'R:x', type: 'long', value: 6 });
      expect((await client.get('R:x', { timeout: 5 })).value).toBe(6);
      expect(states).toEqual(['connected', 'disconnected', 'connected']);
      s.unsubscribe();
    } finally {
      srv.server.removeProvider(pvs);
    }
  });
});

describe('reconnection', () => {
  it('monitors resume by themselves after the server is restarted on the same port', async () => {
    const port = await freePort();
    const start = async (value: number): Promise<CaServer> => {
      const pvs = new MemoryPvProvider([{ name: 'RS:v', type: 'double', value }]);
      const s = new CaServer({ port, autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], beaconPeriod: 0.5, providers: [pvs] });
      await s.start();
      return s;
    };
    let server = await start(1);
    const c = testClient(port);
    try {
      const values: number[] = [];
      const sub = c.monitor('RS:v').subscribe((r) => values.push(r.value as number));
      await waitFor(() => values.length === 1, 3000, 'first update');
      const ch = c.channel('RS:v');
      await server.stop();
      await waitFor(() => ch.state === 'disconnected', 3000, 'disconnect');
      // Let the search back off a while, so that finding it again relies on the beacons.
      await sleep(1500);
      const t0 = performance.now();
      server = await start(2);
      await waitFor(() => values.length === 2, 5000, 'update after restart');
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(values).toEqual([1, 2]);
      expect(ch.state).toBe('connected');
      // The restarted server's second beacon (20 ms after its first) is the anomaly; a search
      // already under way can find the server before it arrives, so wait for it, not assume it.
      await waitFor(() => c.getStats().beaconAnomalies > 0, 3000, 'beacon anomaly from the restarted server');
      sub.unsubscribe();
    } finally {
      await c.close();
      await server.stop();
    }
  });

  it('finds PVs on two servers sharing one port through the loopback broadcast', async () => {
    const port = await freePort();
    const a = await startTestServer([{ name: 'TWO:a', type: 'long', value: 1 }], {}, port);
    const b = await startTestServer([{ name: 'TWO:b', type: 'long', value: 2 }], {}, port);
    const c = testClient(port, { addressList: ['127.255.255.255'] });
    try {
      const [ra, rb] = await Promise.all([c.get('TWO:a'), c.get('TWO:b')]);
      expect([ra.value, rb.value]).toEqual([1, 2]);
      expect(c.channel('TWO:a').info.server).not.toBe(c.channel('TWO:b').info.server);
      expect(c.getStats().circuits).toBe(2);
    } finally {
      await c.close();
      await b.stop();
      await a.stop();
    }
  });

  it('reports a server that stops answering through the ECHO timeout, and recovers', async () => {
    const fs = await FreezableServer.start(srv.server.tcpPort, (n) => n === 'C:mon');
    const c = testClient(fs.searchPort, { connectionTimeout: 0.4, echoTimeout: 0.4, beacons: false });
    try {
      const ch = c.channel('C:mon');
      const values: number[] = [];
      const sub = c.monitor('C:mon').subscribe((r) => values.push(r.value as number));
      await ch.whenConnected();
      await waitFor(() => values.length === 1, 3000, 'first update');
      fs.freeze();
      const pending = c.get('C:mon', { timeout: 10 }).catch((e: unknown) => e);
      const t0 = performance.now();
      await waitFor(() => ch.state === 'disconnected', 5000, 'unresponsive');
      const dt = performance.now() - t0;
      expect(dt).toBeGreaterThan(300);
      expect(dt).toBeLessThan(3000);
      const err = await pending;
      expect(err).toBeInstanceOf(CaDisconnectedError);
      expect((err as Error).message).toMatch(/unresponsive/);
      fs.thaw();
      await ch.whenConnected(5);
      srv.pvs.get('C:mon')!.set(42);
      await waitFor(() => values.includes(42), 5000, 'update after recovery');
      sub.unsubscribe();
    } finally {
      await c.close();
      await fs.stop();
    }
  });

  it('searches over TCP name servers (EPICS_CA_NAME_SERVERS) without UDP', async () => {
    const c = testClient(srv.port, { addressList: [], nameServers: [`127.0.0.1:${srv.server.tcpPort}`], beacons: false });
    try {
      expect((await c.get('C:string')).value).toEqual(expect.any(String));
      await expect(c.get('C:nope', { timeout: 0.3 })).rejects.toBeInstanceOf(CaTimeoutError);
    } finally {
      await c.close();
    }
  });

  it('one circuit per server shared by all channels, closed when the client closes', async () => {
    const c = testClient(srv.port);
    const names = scalars.map(([n]) => n);
    await c.connect(names);
    expect(c.getStats()).toMatchObject({ circuits: 1, connectedChannels: names.length });
    const before = srv.server.getStats().circuits;
    await c.close();
    await waitFor(() => srv.server.getStats().circuits === before - 1, 3000, 'server sees the circuit close');
    await expect(c.get('C:double')).rejects.toBeInstanceOf(CaDisconnectedError);
  });

  it('completes monitors when the client closes', async () => {
    const c = testClient(srv.port);
    const done = firstValueFrom(c.monitor('C:double').pipe(filter(() => false), toArray()));
    await c.channel('C:double').whenConnected();
    await c.close();
    expect(await done).toEqual([]);
    void take;
  });
});
