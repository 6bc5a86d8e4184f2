/**
 * CaServer.pause() and resume(), rsrv_pause and rsrv_run (iocPause, iocRun): searches go
 * unanswered and beacons stop while paused; a connected client is dropped after its next
 * request, with no reply to it, while an idle one keeps its connection; a client that connects
 * while paused waits and is served at resume(); beacons start again from the fast schedule with
 * their counter going on. Real sockets. test/softioc-pause.test.ts compares the whole with
 * softIoc through libca.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command } from '../../../src/ca/protocol/constants.js';
import * as m from '../../../src/ca/protocol/messages.js';
import { MemoryPvProvider } from '../../../src/ca/server/memory-provider.js';
import { CaServer } from '../../../src/ca/server/server.js';
import { freePort } from '../../../../../test/helpers/ports.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A raw TCP client: the commands of the messages it received, and whether it was closed. */
class RawClient {
  readonly commands: number[] = [];
  closed = false;
  readonly socket: net.Socket;
  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (chunk) => {
      for (let at = 0; at + 16 <= chunk.length; at += 16 + chunk.readUInt16BE(at + 2)) this.commands.push(chunk.readUInt16BE(at));
    });
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => undefined);
  }
  connected(): Promise<void> {
    return new Promise((r) => (this.socket.connecting ? this.socket.once('connect', () => r()) : r()));
  }
  send(build: (w: ByteWriter) => void): void {
    const w = new ByteWriter();
    build(w);
    this.socket.write(w.take());
  }
}

let server: CaServer | undefined;
const sockets: (net.Socket | dgram.Socket)[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s instanceof net.Socket ? s.destroy() : s.close();
  await server?.stop();
  server = undefined;
});

async function started(): Promise<{ port: number; beacons: number[]; search: () => Promise<boolean> }> {
  const port = await freePort(3);
  const pvs = new MemoryPvProvider([{ name: 'PAUSE:x', type: 'double', value: 1 }]);
  // Beacons at most every 200 ms, so that a silence is the pause, not the schedule.
  server = new CaServer({ port, env: {}, autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], beaconPeriod: 0.2, providers: [pvs] });
  const beacons: number[] = [];
  const beaconSocket = dgram.createSocket('udp4');
  sockets.push(beaconSocket);
  beaconSocket.on('message', (d) => d.readUInt16BE(0) === Command.RSRV_IS_UP && beacons.push(d.readUInt32BE(8)));
  await new Promise<void>((r) => beaconSocket.bind(port + 1, '127.0.0.1', r));
  await server.start();
  const client = dgram.createSocket('udp4');
  sockets.push(client);
  await new Promise<void>((r) => client.bind(port + 2, '127.0.0.1', r));
  let replies = 0;
  client.on('message', (d) => {
    for (let at = 0; at + 16 <= d.length; at += 16 + d.readUInt16BE(at + 2)) if (d.readUInt16BE(at) === Command.SEARCH) replies++;
  });
  /** Whether a search for PAUSE:x is answered within 500 ms. */
  const search = async (): Promise<boolean> => {
    const before = replies;
    const w = new ByteWriter();
    m.writeSearchRequestVersion(w, 1);
    m.writeSearchRequest(w, 'PAUSE:x', 7, 10);
    client.send(w.take(), port, '127.0.0.1');
    const end = Date.now() + 500;
    while (replies === before && Date.now() < end) await sleep(10);
    return replies > before;
  };
  return { port, beacons, search };
}

describe('CaServer pause and resume (iocPause, iocRun)', () => {
  it('answers no search and sends no beacon while paused; both come back at resume, beacons counting on', async () => {
    const { beacons, search } = await started();
    expect(await search()).toBe(true);
    await until('beacons', () => beacons.length >= 2);
    server!.pause();
    expect(server!.isPaused).toBe(true);
    await sleep(50);
    const seen = beacons.length;
    expect(await search()).toBe(false);
    await sleep(300);
    expect(beacons.length).toBe(seen);
    const last = beacons.at(-1)!;
    server!.resume();
    await until('a beacon after resume', () => beacons.length > seen, 2000);
    expect(beacons[seen]).toBe(last + 1);
    expect(await search()).toBe(true);
  });

  it("drops a client at its next request without its reply, keeps an idle one, and serves one that connected while paused", async () => {
    const { port } = await started();
    const busy = new RawClient(port);
    const idle = new RawClient(port);
    sockets.push(busy.socket, idle.socket);
    await Promise.all([busy.connected(), idle.connected()]);
    // rsrv sends its VERSION at accept: both are being served.
    await until('VERSION to both', () => busy.commands.includes(Command.VERSION) && idle.commands.includes(Command.VERSION));
    server!.pause();
    const before = busy.commands.length;
    busy.send((w) => m.writeEcho(w));
    await until('the busy client dropped', () => busy.closed);
    expect(busy.commands.length).toBe(before);
    const late = new RawClient(port);
    sockets.push(late.socket);
    await late.connected();
    late.send((w) => m.writeEcho(w));
    await sleep(300);
    expect(late.commands).toEqual([]);
    expect(idle.closed).toBe(false);
    server!.resume();
    // The late client is accepted now, and its ECHO, waiting since, is answered.
    await until('the late client served', () => late.commands.includes(Command.ECHO));
    idle.send((w) => m.writeEcho(w));
    await until('the idle client answered', () => idle.commands.includes(Command.ECHO));
    expect(idle.closed).toBe(false);
  });
});
