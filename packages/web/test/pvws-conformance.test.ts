/**
 * The pvws protocol, message by message, with a real WebSocket client against the IOC's own
 * records (in-process) and against the same records over Channel Access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordPut, Runtime } from '@devioc/core';
import { CaClient } from '@devioc/core/ca';
import { instantiateDb, parseDb } from '@devioc/core/records';
import { WebServer, type WebServerOptions } from '@devioc/web';
import { freePort } from '../../../test/helpers/ports.js';
import { decode, type Message, PvwsTestClient } from './pvws-client.js';
import { TEST_ACF, TEST_DB } from './records.js';

const EPICS_EPOCH = 631_152_000;

async function ioc(options: { serve?: boolean; port?: number } = {}): Promise<Runtime> {
  const runtime = new Runtime({
    serve: options.serve ?? false,
    port: options.port,
    autoBeaconAddresses: false,
    beaconAddresses: options.port ? [`127.0.0.1:${options.port + 1}`] : [],
    acf: { text: TEST_ACF },
  });
  instantiateDb(runtime.db, parseDb(TEST_DB));
  await runtime.attach({});
  return runtime;
}

async function web(options: Omit<WebServerOptions, 'port'>): Promise<WebServer> {
  const server = new WebServer({ port: 0, host: '127.0.0.1', ...options });
  await server.start();
  return server;
}

const clients: PvwsTestClient[] = [];
const client = async (server: WebServer): Promise<PvwsTestClient> => {
  const c = await PvwsTestClient.open(server.port);
  clients.push(c);
  return c;
};

describe('pvws protocol on the IOC records', () => {
  let runtime: Runtime;
  let readOnlyServer: WebServer;
  let writableServer: WebServer;

  beforeAll(async () => {
    runtime = await ioc();
    readOnlyServer = await web({ db: runtime.db, throttleMs: 0, arrayThrottleMs: 0 });
    writableServer = await web({ db: runtime.db, write: true, throttleMs: 0, arrayThrottleMs: 0 });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await readOnlyServer.stop();
    await writableServer.stop();
    await runtime.close();
  });

  it('first update carries the metadata, later ones the value and only what changed', async () => {
    const c = await client(readOnlyServer);
    c.send({ type: 'subscribe', pvs: ['T:ai'] });
    const first = await c.update('T:ai');
    expect(first).toMatchObject({
      type: 'update',
      pv: 'T:ai',
      vtype: 'VDouble',
      units: 'mm',
      description: 'Analog in',
      precision: 3,
      min: -10,
      max: 10,
      warn_low: -5,
      warn_high: 5,
      alarm_low: -8,
      alarm_high: 8,
      value: 1.5,
      readonly: true,
    });
    // The fields in the order Vtype2Json writes them (handleNumber, then readonly, then time).
    expect(Object.keys(first)).toEqual([
      'type', 'pv', 'vtype', 'units', 'description', 'precision', 'min', 'max', 'warn_low', 'warn_high',
      'alarm_low', 'alarm_high', 'severity', 'value', 'readonly', 'seconds', 'nanos',
    ]);
    expect(['NONE', 'MINOR', 'MAJOR', 'INVALID', 'UNDEFINED']).toContain(first.severity);
    expect(first.seconds).toBeGreaterThanOrEqual(EPICS_EPOCH); // never processed: the EPICS epoch, as softIoc serves it
    expect(typeof first.nanos).toBe('number');

    const record = runtime.db.get('T:ai')!;
    record.putJs('VAL', 6, new RecordPut('app')); // HIGH: MINOR
    const second = await c.update('T:ai', 2);
    expect(second).toMatchObject({ type: 'update', pv: 'T:ai', value: 6, severity: 'MINOR' });
    expect(Object.keys(second).sort()).toEqual(['nanos', 'pv', 'seconds', 'severity', 'type', 'value']);
    expect(second.seconds).toBeGreaterThan(Date.now() / 1000 - 60);
    record.putJs('VAL', 7, new RecordPut('app')); // still MINOR: no severity, no metadata, no readonly
    const third = await c.update('T:ai', 3);
    expect(Object.keys(third).sort()).toEqual(['nanos', 'pv', 'seconds', 'type', 'value']);
    expect(third.value).toBe(7);
    record.putJs('VAL', Number.NaN, new RecordPut('app'));
    const fourth = await c.update('T:ai', 4);
    expect(fourth.value).toBe('NaN');
  });

  it('every value kind: scalars, enums, strings, and arrays as base64 little-endian', async () => {
    const db = runtime.db;
    db.get('T:dbl')!.putJs('VAL', [1.25, -2.5, 1e300, 4], new RecordPut('app'));
    db.get('T:flt')!.putJs('VAL', [0.5, -1.5, 3], new RecordPut('app'));
    db.get('T:srt')!.putJs('VAL', [-32768, 1, 32767], new RecordPut('app'));
    db.get('T:int')!.putJs('VAL', [-2147483648, 7, 2147483647], new RecordPut('app'));
    db.get('T:byt')!.putJs('VAL', Array.from(Buffer.from('long text\0')), new RecordPut('app'));
    db.get('T:strs')!.putJs('VAL', ['a', 'b c'], new RecordPut('app'));
    db.get('T:flt1')!.putJs('VAL', [2.5], new RecordPut('app'));
    db.get('T:srt1')!.putJs('VAL', [-3], new RecordPut('app'));
    db.get('T:byt1')!.putJs('VAL', [200], new RecordPut('app'));
    const c = await client(readOnlyServer);
    const names = ['T:long', 'T:mbbo', 'T:str', 'T:dbl', 'T:flt', 'T:srt', 'T:int', 'T:byt', 'T:strs', 'T:flt1', 'T:srt1', 'T:byt1'];
    c.send({ type: 'monitor', pvs: names }); // epics2web's alias
    const u: Record<string, Message> = {};
    for (const n of names) u[n] = await c.update(n);

    expect(u['T:long']).toMatchObject({ vtype: 'VInt', value: 42, precision: 0, units: '' });
    expect(u['T:mbbo']).toMatchObject({ vtype: 'VEnum', labels: ['ZERO', 'ONE', 'TWO'], value: 1, text: 'ONE' });
    expect(u['T:mbbo']).not.toHaveProperty('units');
    expect(u['T:str']).toMatchObject({ vtype: 'VString', text: 'hello' });
    expect(u['T:str']).not.toHaveProperty('value');
    expect(u['T:dbl']).toMatchObject({ vtype: 'VDoubleArray' });
    expect(decode(u['T:dbl']!.b64dbl as string, 'f64')).toEqual([1.25, -2.5, 1e300, 4]);
    expect(u['T:flt']).toMatchObject({ vtype: 'VFloatArray' });
    expect(decode(u['T:flt']!.b64flt as string, 'f32')).toEqual([0.5, -1.5, 3]);
    expect(u['T:srt']).toMatchObject({ vtype: 'VShortArray' });
    expect(decode(u['T:srt']!.b64srt as string, 'i16')).toEqual([-32768, 1, 32767]);
    expect(u['T:int']).toMatchObject({ vtype: 'VIntArray' });
    expect(decode(u['T:int']!.b64int as string, 'i32')).toEqual([-2147483648, 7, 2147483647]);
    expect(u['T:byt']).toMatchObject({ vtype: 'VByteArray' });
    expect(Buffer.from(decode(u['T:byt']!.b64byt as string, 'u8')).toString()).toBe('long text\0');
    expect(u['T:strs']).toMatchObject({ vtype: 'VStringArray', text: '[a, b c]' });
    expect(u['T:flt1']).toMatchObject({ vtype: 'VFloat', value: 2.5 });
    expect(u['T:srt1']).toMatchObject({ vtype: 'VShort', value: -3 });
    // FTVL CHAR is EPICS's epicsInt8 (and a Java byte in PVWS): 200 is stored and read as -56.
    expect(u['T:byt1']).toMatchObject({ vtype: 'VByte', value: -56 });
  });

  it('list, echo, ping, clear; unknown types and bad JSON get no answer', async () => {
    const c = await client(readOnlyServer);
    c.send({ type: 'subscribe', pvs: ['T:long', 'T:str'] });
    await c.update('T:str');
    c.send({ type: 'list' });
    const list = await c.waitFor(() => c.messages.find((m) => m.type === 'list'), 'list');
    expect(list).toEqual({ type: 'list', pvs: ['T:long', 'T:str'] });

    c.send({ type: 'ping' });
    await c.waitFor(() => c.pings === 1, 'a WebSocket ping frame');

    const count = c.messages.length;
    c.send('not json');
    c.send({ type: 'bogus' });
    c.send({ type: 'subscribe' }); // no pvs
    const echo = '{"type":"echo","body":"round trip"}';
    c.send(echo);
    await c.waitFor(() => c.messages.length > count, 'echo');
    expect(c.messages.slice(count)).toEqual([JSON.parse(echo)]);

    c.send({ type: 'clear', pvs: ['T:long'] });
    c.send({ type: 'list' });
    await c.waitFor(() => c.messages.filter((m) => m.type === 'list').length === 2, 'second list');
    expect(c.messages.filter((m) => m.type === 'list')[1]).toEqual({ type: 'list', pvs: ['T:str'] });
    const before = c.updates('T:long').length;
    runtime.db.get('T:long')!.putJs('VAL', 43, new RecordPut('app'));
    runtime.db.get('T:str')!.putJs('VAL', 'after clear', new RecordPut('app'));
    await c.waitFor(() => c.updates('T:str').some((m) => m.text === 'after clear'), 'T:str update');
    expect(c.updates('T:long').length).toBe(before);
  });

  it('writes are refused when disabled, and when the PV is not subscribed', async () => {
    const c = await client(readOnlyServer);
    c.send({ type: 'subscribe', pvs: ['T:ao'] });
    expect((await c.update('T:ao')).readonly).toBe(true);
    c.send({ type: 'write', pv: 'T:ao', value: 3 });
    const error = await c.waitFor(() => c.messages.find((m) => m.type === 'error'), 'error');
    expect(error.message).toMatch(/disabled/);
    c.send({ type: 'write', pv: 'T:long', value: 3 });
    await c.waitFor(() => c.messages.some((m) => m.type === 'error' && m.message === 'Cannot write unknown PV T:long'), 'unknown PV error');
    expect(runtime.db.get('T:ao')!.num('VAL')).toBe(0);
  });

  it('writes when enabled: numbers as doubles, text as strings (enum states, long strings), read-only refused', async () => {
    const c = await client(writableServer);
    c.send({ type: 'subscribe', pvs: ['T:ao', 'T:mbbo', 'T:str', 'T:byt', 'T:ai.STAT', 'T:secured'] });
    expect((await c.update('T:ao')).readonly).toBe(false);
    expect((await c.update('T:ai.STAT')).readonly).toBe(true);
    expect((await c.update('T:secured')).readonly).toBe(true); // access security: RULE(1, READ)
    await c.update('T:byt');
    c.send({ type: 'write', pv: 'T:ao', value: 12.5 });
    await c.waitFor(() => c.updates('T:ao').some((m) => m.value === 12.5), 'T:ao = 12.5');
    c.send({ type: 'write', pv: 'T:mbbo', value: 'TWO' });
    await c.waitFor(() => c.updates('T:mbbo').some((m) => m.value === 2 && m.text === 'TWO'), 'T:mbbo = TWO');
    c.send({ type: 'write', pv: 'T:str', value: 'from web' });
    await c.waitFor(() => c.updates('T:str').some((m) => m.text === 'from web'), 'T:str');
    c.send({ type: 'write', pv: 'T:byt', value: 'a long string from the web' });
    await c.waitFor(() => c.updates('T:byt').length > 1, 'T:byt');
    const bytes = Buffer.from(c.updates('T:byt').at(-1)!.b64byt as string, 'base64');
    expect(bytes.subarray(0, bytes.indexOf(0)).toString()).toBe('a long string from the web');
    // devioc's extension: an array of numbers is written as an array (pvws would write its text).
    c.send({ type: 'subscribe', pvs: ['T:dbl', 'T:int'] });
    await c.update('T:dbl');
    await c.update('T:int');
    c.send({ type: 'write', pv: 'T:dbl', value: [1.5, -2, 3.25, 4] });
    c.send({ type: 'write', pv: 'T:int', value: [7, 8, 9] });
    await c.waitFor(() => c.updates('T:dbl').some((m) => m.b64dbl !== undefined && decode(m.b64dbl as string, 'f64').join() === '1.5,-2,3.25,4'), 'T:dbl array');
    await c.waitFor(() => c.updates('T:int').some((m) => m.b64int !== undefined && decode(m.b64int as string, 'i32').join() === '7,8,9'), 'T:int array');
    c.send({ type: 'write', pv: 'T:secured', value: 1 });
    c.send({ type: 'write', pv: 'T:ai.STAT', value: 1 });
    await c.waitFor(() => c.messages.filter((m) => m.type === 'error').length === 2, 'two errors');
    const errors = c.messages.filter((m) => m.type === 'error').map((m) => m.message);
    expect(errors.every((e) => typeof e === 'string' && /read-only/.test(e))).toBe(true);
    expect(runtime.db.get('T:secured')!.num('VAL')).toBe(0);
  });

  it('one upstream subscription per PV shared by every browser', async () => {
    const a = await client(readOnlyServer);
    const b = await client(readOnlyServer);
    a.send({ type: 'subscribe', pvs: ['T:ai.DESC'] });
    b.send({ type: 'subscribe', pvs: ['T:ai.DESC'] });
    await a.update('T:ai.DESC');
    const bFirst = await b.update('T:ai.DESC');
    expect(bFirst.vtype).toBe('VString'); // the second browser also gets the full first update
    const pool = (await (await fetch(`http://127.0.0.1:${readOnlyServer.port}/pvws/pool`)).json()) as { pvs: { name: string; refs: number }[] };
    expect(pool.pvs.filter((p) => p.name === 'T:ai.DESC')).toEqual([expect.objectContaining({ name: 'T:ai.DESC', refs: 2 })]);
    expect(runtime.db.get('T:ai')!.hasSubscribers('DESC')).toBe(true);
    a.close();
    b.close();
    await a.waitFor(() => a.closed && b.closed, 'closed');
    await a.waitFor(() => !runtime.db.get('T:ai')!.hasSubscribers('DESC'), 'the record subscription released');
  });

  it('serves pvws.js, base64.js, /pvws/info and /pvws/summary', async () => {
    const base = `http://127.0.0.1:${readOnlyServer.port}`;
    const js = await (await fetch(`${base}/pvws/js/pvws.js`)).text();
    expect(js).toMatch(/class PVWS/);
    expect(await (await fetch(`${base}/pvws/js/base64.js`)).text()).toMatch(/function toByteArray/);
    const info = (await (await fetch(`${base}/pvws/info`)).json()) as Record<string, unknown>;
    expect(info.start_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(await (await fetch(`${base}/pvws/info/`)).json()).toMatchObject({ start_time: info.start_time }); // pvws's /info/*
    const c = await client(readOnlyServer);
    c.send({ type: 'subscribe', pvs: ['T:dbl'] });
    await c.update('T:dbl');
    const summary = (await (await fetch(`${base}/pvws/summary`)).json()) as { sockets: Record<string, unknown>[] };
    expect(summary.sockets.some((s) => s.pvs === 1 && s.arrays === 1 && s.max_size === 4)).toBe(true);
  });
});

describe('pvws throttling and slow browsers', () => {
  let runtime: Runtime;
  let server: WebServer;
  beforeAll(async () => {
    runtime = await ioc();
    server = await web({ db: runtime.db, throttleMs: 400, arrayThrottleMs: 0, maxQueuedMessages: 8 });
  });
  afterAll(async () => {
    await server.stop();
    await runtime.close();
  });

  it('updates of one PV are throttled, the latest value winning', async () => {
    const c = await client(server);
    c.send({ type: 'subscribe', pvs: ['T:ao'] });
    await c.update('T:ao');
    const record = runtime.db.get('T:ao')!;
    const start = c.updates('T:ao').length;
    for (let i = 1; i <= 50; i++) record.putJs('VAL', i, new RecordPut('app'));
    await c.waitFor(() => c.updates('T:ao').some((m) => m.value === 50), 'the latest value');
    const seen = c.updates('T:ao').slice(start).map((m) => m.value);
    expect(seen.length).toBeLessThanOrEqual(2); // the first at once (maybe), then only the latest
    expect(seen.at(-1)).toBe(50);
  });

  it('a browser that stops reading is dropped past the bounded queue; the others carry on', async () => {
    const slow = await client(server);
    const fast = await client(server);
    slow.send({ type: 'subscribe', pvs: ['T:big'] });
    fast.send({ type: 'subscribe', pvs: ['T:big'] });
    await slow.update('T:big');
    await fast.update('T:big');
    // The slow browser stops reading: its TCP window fills, writes stop completing.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = runtime.db.get('T:big')!;
    const data = new Float64Array(200_000);
    const summary = async (): Promise<{ sockets: { id: string }[] }> =>
      (await (await fetch(`http://127.0.0.1:${server.port}/pvws/summary`)).json()) as { sockets: { id: string }[] };
    const before = (await summary()).sockets.length;
    for (let i = 0; i < 400 && (await summary()).sockets.length === before; i++) {
      data.fill(i);
      big.putJs('VAL', data, new RecordPut('app'));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await summary()).sockets.length).toBe(before - 1);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await slow.waitFor(() => slow.closed, 'the slow browser disconnected');
    data.fill(-1);
    big.putJs('VAL', data, new RecordPut('app'));
    await fast.waitFor(() => fast.updates('T:big').some((m) => decode(m.b64dbl as string, 'f64')[0] === -1), 'the fast browser still updated');
  });
});

describe('pvws over Channel Access', () => {
  it('serves any CA PV, shows a disconnect as UNDEFINED, and a PV nobody serves as disconnected', async () => {
    const port = await freePort();
    const runtime = await ioc({ serve: true, port });
    const ca = new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, serverPort: port, repeaterPort: port + 1, env: {} });
    const server = await web({ ca, closeCaChannels: true, throttleMs: 0, arrayThrottleMs: 0 });
    try {
      const c = await client(server);
      c.send({ type: 'subscribe', pvs: ['ca://T:ai', 'T:mbbo', 'T:dbl', 'NOBODY:serves'] });
      const ai = await c.update('ca://T:ai');
      expect(ai).toMatchObject({ vtype: 'VDouble', units: 'mm', description: 'Analog in', precision: 3, alarm_high: 8, value: 1.5, readonly: true });
      expect(await c.update('T:mbbo')).toMatchObject({ vtype: 'VEnum', labels: ['ZERO', 'ONE', 'TWO'], text: 'ONE' });
      expect(await c.update('T:dbl')).toMatchObject({ vtype: 'VDoubleArray' });
      // Phoebus' disconnected value: VDouble NaN, UNDEFINED, Display.none() (Jackson quotes NaN).
      const none = await c.update('NOBODY:serves');
      expect(Object.keys(none)).toEqual([
        'type', 'pv', 'vtype', 'units', 'description', 'precision', 'min', 'max', 'warn_low', 'warn_high',
        'alarm_low', 'alarm_high', 'severity', 'value', 'readonly', 'seconds', 'nanos',
      ]);
      expect(none).toMatchObject({ vtype: 'VDouble', units: '', precision: 3, min: 'NaN', alarm_high: 'NaN', severity: 'UNDEFINED', value: 'NaN', readonly: true });
      await runtime.server!.stop();
      const lost = await c.waitFor(() => c.updates('ca://T:ai').find((m) => m.severity === 'UNDEFINED'), 'disconnect');
      expect(lost).toMatchObject({ value: 'NaN' }); // readonly was already true: not repeated
      expect(c.updates('T:mbbo').at(-1)).toMatchObject({ severity: 'UNDEFINED' });
    } finally {
      await server.stop();
      await ca.close();
      await runtime.close();
    }
  });
});
