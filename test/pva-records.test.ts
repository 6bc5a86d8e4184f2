/**
 * Every record type served over pvAccess agrees with what the same record answers over
 * Channel Access (which is compared with softIoc elsewhere): value, alarm, units, precision,
 * limits, enum choices, for all 118 records of the initial-state .db. Puts over PVA run the
 * CA put path (processing, access security with the "ca" user the client sends); monitors see
 * CA puts; a model reaches another IOC's record with `pv('pva://…')`.
 */
import { fileURLToPath } from 'node:url';
import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Model, Runtime, models } from '@devioc/core';
import { instantiateDb, loadDbFile } from '@devioc/core/records';
import { CaClient } from '../packages/core/src/ca/client/index.js';
import { DbrType, NativeType } from '../packages/core/src/ca/protocol/dbr/types.js';
import { PvaClient } from '../packages/core/src/pva/client/client.js';
import { pvaStatusClass } from '../packages/core/src/pva/server/nt-mapping.js';
import type { PvaStruct } from '../packages/core/src/pva/protocol/value.js';
import { freePort } from './helpers/ports.js';

const DB = fileURLToPath(new URL('../packages/core/test/records/initial-state/initial.db', import.meta.url));

async function serving(extra: ConstructorParameters<typeof Runtime>[0] = {}): Promise<{ runtime: Runtime; ca: CaClient; pva: (user?: string) => PvaClient }> {
  const port = await freePort();
  const runtime = new Runtime({
    port,
    interfaces: ['127.0.0.1'],
    autoBeaconAddresses: false,
    beaconAddresses: [],
    pva: { port: await freePort(), broadcastPort: await freePort(), interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [] },
    ...extra,
  });
  instantiateDb(runtime.db, loadDbFile(DB));
  await runtime.attach({});
  const ca = new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, serverPort: port, repeaterPort: await freePort(), timeout: 5, env: {} });
  const udp = runtime.pvaServer!.udpPort;
  const pva = (user?: string): PvaClient => new PvaClient({ addressList: [`127.0.0.1:${udp}`], autoAddressList: false, timeout: 5, userName: user, env: {} });
  return { runtime, ca, pva };
}

/** bigint as number, typed arrays as arrays (NaN kept). */
const plain = (x: unknown): unknown => {
  if (typeof x === 'bigint') return Number(x);
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<unknown>, plain);
  if (Array.isArray(x)) return x.map(plain);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, plain(y)]));
  return x;
};

const names = (loadDbFile(DB).records as { name: string }[]).map((r) => r.name);

describe('records over pvAccess agree with Channel Access', () => {
  let s: Awaited<ReturnType<typeof serving>>;
  let pva: PvaClient;
  beforeAll(async () => {
    s = await serving();
    pva = s.pva();
  }, 60_000);
  afterAll(async () => {
    await pva?.close();
    await s?.ca.close();
    await s?.runtime.close();
  });

  it.each(names)('%s', async (name) => {
    const ch = s.ca.channel(name);
    await ch.whenConnected();
    const native = ch.nativeType!;
    const ctrl = await s.ca.get(name, { type: 'ctrl' });
    const time = await s.ca.get(name, { type: 'time' });
    const got = await pva.get(name);
    // 64-bit integers (int64in/out, served as int64 as QSRV2 does) compared as numbers.
    const v = plain(got.value) as PvaStruct;
    const alarm = v.alarm as PvaStruct;
    expect(alarm.severity).toBe(time.alarm?.severity);
    expect(alarm.status).toBe(pvaStatusClass(time.alarm?.status ?? 0));
    const ts = v.timeStamp as PvaStruct;
    expect(Number(ts.secondsPastEpoch) - 631152000).toBe(time.epicsTimestamp?.secPastEpoch);
    expect(ts.nanoseconds).toBe(time.epicsTimestamp?.nsec);
    if (native === NativeType.ENUM) {
      const e = v.value as PvaStruct;
      expect(e.index).toBe(Number(time.elements[0]));
      expect(e.choices).toEqual([...(ctrl.enumStrings ?? [])]);
      return;
    }
    const elements = Array.from(time.elements as ArrayLike<unknown>);
    if (ch.elementCount > 1) expect(Array.from(v.value as ArrayLike<unknown>)).toEqual(elements);
    // An empty long string (lsi, printf) is 0 elements over CA, "" over PVA.
    else expect(v.value).toEqual(native === NativeType.FLOAT ? Math.fround(Number(elements[0])) : (elements[0] ?? ''));
    if (native === NativeType.STRING) return;
    const display = v.display as PvaStruct;
    expect(display.units).toBe(ctrl.units);
    if (native === NativeType.DOUBLE || native === NativeType.FLOAT) expect(display.precision).toBe(ctrl.precision);
    const limit = (x: number | undefined): number => (native === NativeType.DOUBLE ? (x ?? 0) : native === NativeType.FLOAT ? Math.fround(x ?? 0) : Math.trunc(x ?? 0));
    expect(display.limitLow).toEqual(limit(ctrl.limits?.display.low));
    expect(display.limitHigh).toEqual(limit(ctrl.limits?.display.high));
    expect((v.control as PvaStruct).limitLow).toEqual(limit(ctrl.limits?.control?.low));
    expect((v.control as PvaStruct).limitHigh).toEqual(limit(ctrl.limits?.control?.high));
  });

  it('puts over pvAccess process the record as a CA put does, and CA sees them', async () => {
    await pva.put('I:ao:v:p', 7.25);
    expect((await s.ca.get('I:ao:v:p')).elements[0]).toBe(7.25);
    await pva.put('I:longout:v:p', { value: '-42' });
    expect((await s.ca.get('I:longout:v:p')).elements[0]).toBe(-42);
    await pva.put('I:mbbo:v:p', 'two');
    expect(Number((await s.ca.get('I:mbbo:v:p', { type: DbrType.SHORT })).elements[0])).toBe(2);
    await pva.put('I:bo:v:p', { 'value.index': 0 });
    expect(Number((await s.ca.get('I:bo:v:p', { type: DbrType.SHORT })).elements[0])).toBe(0);
    await pva.put('I:stringout:v:p', 'over pva');
    expect((await s.ca.get('I:stringout:v:p')).elements[0]).toBe('over pva');
    await pva.put('I:waveform:n:n', [1, 2, 3]);
    expect(Array.from((await s.ca.get('I:waveform:n:n')).elements as ArrayLike<number>)).toEqual([1, 2, 3]);
    await expect(pva.put('I:mbbo:v:p', 'no such state')).rejects.toThrow(/not one of/);
  });

  it('a pvAccess monitor sees CA puts: the full structure first, then value and timeStamp', async () => {
    const updates = firstValueFrom(pva.monitor('I:longout:v:n').pipe(take(3), toArray()));
    const first = await firstValueFrom(pva.monitor('I:longout:v:n').pipe(take(1)));
    expect(first.marked.bits().length).toBeGreaterThan(10);
    await s.ca.put('I:longout:v:n', 11, { wait: true });
    await s.ca.put('I:longout:v:n', 12, { wait: true });
    const got = await updates;
    expect(got.map((u) => u.value.value)).toEqual([-4, 11, 12]);
    // Later updates carry value and timeStamp only (the alarm did not change), as QSRV2 sends.
    expect(got[2]!.marked.bits()).toEqual([1, 7, 8, 9]);
  });
});

describe('access security over pvAccess', () => {
  it('the user a client names with "ca" authentication gets the rights the .acf gives it', async () => {
    const acf = `UAG(ops) { alice }\nASG(DEFAULT) {\n  RULE(1, READ)\n  RULE(1, WRITE) { UAG(ops) }\n}\n`;
    const s = await serving({ acf: { text: acf } });
    const alice = s.pva('alice');
    const bob = s.pva('bob');
    try {
      await alice.put('I:ao:v:n', 3.5);
      await expect(bob.put('I:ao:v:n', 4.5)).rejects.toThrow(/Put not permitted/);
      expect((await bob.get('I:ao:v:n')).value.value).toBe(3.5);
    } finally {
      await alice.close();
      await bob.close();
      await s.ca.close();
      await s.runtime.close();
    }
  });
});

describe('a model reaches another IOC over pvAccess', () => {
  it("pv('pva://…'): value$, get and put", async () => {
    class Source extends Model {
      level = models.Float({ prec: 2 });
    }
    class User extends Model {}
    const a = await serving();
    const b = new Runtime({ serve: false, pvaClient: { addressList: [`127.0.0.1:${a.runtime.pvaServer!.udpPort}`], autoAddressList: false, env: {} } });
    const source = await new Source('SRC', { runtime: a.runtime }).start();
    const user = await new User('USR', { runtime: b }).start();
    try {
      await source.level.put(1.5);
      const remote = user.pv('pva://SRC:level');
      expect(await remote.get()).toBe(1.5);
      const seen = firstValueFrom(remote.value$.pipe(filter((v) => v === 2.75)));
      await remote.put(2.75);
      expect(await seen).toBe(2.75);
      expect(source.level.value).toBe(2.75);
    } finally {
      await user.shutdown();
      await source.shutdown();
      await b.close();
      await a.ca.close();
      await a.runtime.close();
    }
  });
});

describe('name servers', () => {
  it('a client with only EPICS_PVA_NAME_SERVERS finds PVs by TCP search (no UDP at all)', async () => {
    const s = await serving();
    const client = new PvaClient({ addressList: [], autoAddressList: false, nameServers: [`127.0.0.1:${s.runtime.pvaTcpPort}`], timeout: 5, env: {} });
    try {
      expect((await client.get('I:longout:v:n')).value.value).toBe(-4);
      await client.put('I:ao:v:n', 6.5);
      expect((await client.get('I:ao:v:n')).value.value).toBe(6.5);
    } finally {
      await client.close();
      await s.ca.close();
      await s.runtime.close();
    }
  });
});
