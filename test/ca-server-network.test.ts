/**
 * The server on the network, on loopback: beacons on the wire, the ephemeral TCP fallback,
 * two servers sharing one UDP port, and a client that stops reading.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ByteWriter,
  CaServer,
  CaStreamReader,
  Command,
  DbrType,
  Dbe,
  MemoryPvProvider,
  writeClientVersion,
  writeCreateChan,
  writeEventAdd,
} from '@devioc/core/ca';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const server = async (port: number, pvs: MemoryPvProvider, extra: ConstructorParameters<typeof CaServer>[0] = {}): Promise<CaServer> => {
  const s = new CaServer({ port, providers: [pvs], autoBeaconAddresses: false, beaconAddresses: [], ...extra });
  await s.start();
  cleanups.push(() => s.stop());
  return s;
};

describe('beacons', () => {
  it('sends RSRV_IS_UP with the TCP port and a rising counter, at 20 ms then doubling', async () => {
    const port = await freePort();
    const beaconPort = await freePort();
    const listener = dgram.createSocket('udp4');
    await new Promise<void>((r) => listener.bind(beaconPort, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => listener.close(() => r())));
    const seen: { at: number; counter: number; tcpPort: number; version: number }[] = [];
    listener.on('message', (m) => {
      if (m.readUInt16BE(0) === Command.RSRV_IS_UP) seen.push({ at: Date.now(), version: m.readUInt16BE(4), tcpPort: m.readUInt16BE(6), counter: m.readUInt32BE(8) });
    });
    const s = await server(port, new MemoryPvProvider([]), { beaconAddresses: [`127.0.0.1:${beaconPort}`] });
    await new Promise((r) => setTimeout(r, 700));
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.map((b) => b.counter)).toEqual(seen.map((_, i) => i));
    expect(seen.every((b) => b.tcpPort === s.tcpPort && b.version === 13)).toBe(true);
    // The gaps double: each one at least the one before it (timers are never early).
    const gaps = seen.slice(1).map((b, i) => b.at - seen[i].at);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1] * 1.5);
  });
});

describe('ports', () => {
  it('falls back to an ephemeral TCP port when the CA port is taken, and advertises it', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen({ port, host: '0.0.0.0', exclusive: true }, () => r()));
    cleanups.push(() => new Promise<void>((r) => blocker.close(() => r())));
    const s = await server(port, new MemoryPvProvider([{ name: 'E:pv', type: 'double', value: 1.25 }]));
    expect(s.udpPort).toBe(port);
    expect(s.tcpPort).not.toBe(port);
    const py = new PyEpics({ serverPort: port });
    cleanups.push(() => py.close());
    expect((await py.call<{ value: number }>('get', { pv: 'E:pv' })).value).toBe(1.25);
  });

  it('two servers share one UDP port: the second answers broadcast searches, clients find both', async () => {
    const port = await freePort();
    await server(port, new MemoryPvProvider([{ name: 'ONE:pv', type: 'long', value: 1 }]));
    const second = await server(port, new MemoryPvProvider([{ name: 'TWO:pv', type: 'long', value: 2 }]));
    expect(second.tcpPort).not.toBe(port);
    const py = new PyEpics({ serverPort: port, addrList: '127.255.255.255' });
    cleanups.push(() => py.close());
    expect((await py.call<{ value: number }>('get', { pv: 'ONE:pv' })).value).toBe(1);
    expect((await py.call<{ value: number }>('get', { pv: 'TWO:pv' })).value).toBe(2);
  });
});

describe('a client that stops reading', () => {
  it('is disconnected after the timeout, while other clients carry on undisturbed', async () => {
    const port = await freePort();
    const pvs = new MemoryPvProvider([{ name: 'F:wave', type: 'double', count: 8192, value: new Float64Array(8192) }, { name: 'F:ok', type: 'double', value: 5 }]);
    const s = await server(port, pvs, { slowClientTimeoutMs: 1500 });
    // A raw client subscribes to a 64 kB waveform, then never reads again.
    const slow = net.connect(s.tcpPort, '127.0.0.1');
    cleanups.push(() => void slow.destroy());
    const reader = new CaStreamReader({ maxPayload: 1 << 20 });
    let sid = -1;
    slow.on('error', () => {});
    slow.on('data', (c) =>
      reader.push(c, (r) => {
        if (r.kind === 'message' && r.message.command === Command.CREATE_CHAN) sid = r.message.parameter2;
      }),
    );
    const w = new ByteWriter();
    writeClientVersion(w);
    writeCreateChan(w, 'F:wave', 1);
    slow.write(w.take());
    while (sid < 0) await new Promise((r) => setTimeout(r, 10));
    writeEventAdd(w, DbrType.DOUBLE, 0, sid, 1, Dbe.VALUE);
    slow.write(w.take());
    await new Promise((r) => setTimeout(r, 50));
    slow.pause();
    const py = new PyEpics({ serverPort: port });
    cleanups.push(() => py.close());
    const wave = pvs.get('F:wave')!;
    const t0 = Date.now();
    let gets = 0;
    // Keep the slow client's queue full while a healthy client works.
    expect((await py.call<{ value: number }>('get', { pv: 'F:ok' })).value).toBe(5);
    expect(s.getStats().circuits).toBe(2);
    while (s.getStats().circuits === 2 && Date.now() - t0 < 10_000) {
      for (let i = 0; i < 20; i++) wave.set(new Float64Array(8192).fill(i + gets));
      expect((await py.call<{ value: number }>('get', { pv: 'F:ok' })).value).toBe(5);
      gets++;
    }
    // Only the healthy client's circuit is left.
    expect(s.getStats().circuits).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    expect(gets).toBeGreaterThan(5);
    // The healthy client is still served after the slow one is gone.
    expect((await py.call<{ value: number }>('get', { pv: 'F:ok' })).value).toBe(5);
  }, 30_000);
});
