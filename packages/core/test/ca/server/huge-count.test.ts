/**
 * A request count far beyond the channel (EVENT_ADD or READ_NOTIFY with an extended header and
 * a count of 0x7fffffff or 0x20000000) is answered as rsrv answers it: ECA_TOLARGE for that
 * request alone (for a subscription, for each of its updates), while the circuit, the other
 * clients and the process carry on. A count merely larger than the channel is served zero-padded.
 * Real sockets; the post comes from another client, as in the crash that was reported.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command, Dbe } from '../../../src/ca/protocol/constants.js';
import { DbrType } from '../../../src/ca/protocol/dbr/types.js';
import { Eca } from '../../../src/ca/protocol/eca.js';
import * as m from '../../../src/ca/protocol/messages.js';
import { type CaMessage, CaStreamReader } from '../../../src/ca/protocol/stream-reader.js';
import { MemoryPvProvider } from '../../../src/ca/server/memory-provider.js';
import { CaServer } from '../../../src/ca/server/server.js';
import { freePort } from '../../../../../test/helpers/ports.js';

/** A raw CA client on a real socket: every message it received, and a way to wait for one. */
class RawClient {
  readonly messages: CaMessage[] = [];
  private readonly socket: net.Socket;
  private readonly reader = new CaStreamReader({ maxPayload: 1 << 24 });
  closed = false;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (c) =>
      this.reader.push(c, (r) => void (r.kind === 'message' && this.messages.push({ ...r.message, payload: Buffer.from(r.message.payload) }))),
    );
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => {});
  }

  send(build: (w: ByteWriter) => void): void {
    const w = new ByteWriter();
    build(w);
    this.socket.write(w.take());
  }

  async waitFor(match: (x: CaMessage) => boolean, what: string): Promise<CaMessage> {
    for (let i = 0; i < 1000; i++) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.closed) throw new Error(`circuit closed while waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${what}`);
  }

  async open(name: string, cid: number): Promise<number> {
    this.send((w) => {
      m.writeClientVersion(w);
      m.writeCreateChan(w, name, cid);
    });
    return (await this.waitFor((x) => x.command === Command.CREATE_CHAN && x.parameter1 === cid, `CREATE_CHAN ${name}`)).parameter2;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

const servers: CaServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

describe.each([
  ['EPICS_CA_AUTO_ARRAY_BYTES (no fixed limit)', undefined],
  ['EPICS_CA_MAX_ARRAY_BYTES=64 KiB', 64 * 1024],
])('huge request counts with %s', (_label, maxArrayBytes) => {
  let server: CaServer;
  let pvs: MemoryPvProvider;
  beforeAll(async () => {
    pvs = new MemoryPvProvider([{ name: 'H:double', type: 'double' as const, value: 1.5 }]);
    server = new CaServer({ port: await freePort(), env: {}, autoBeaconAddresses: false, beaconAddresses: [], providers: [pvs], maxArrayBytes });
    servers.push(server);
    await server.start();
  });

  it.each([0x7fffffff, 0x20000000, 0x10000000])('EVENT_ADD of DBR_DOUBLE × %i, then a post from another client', async (count) => {
    const victim = new RawClient(server.tcpPort);
    const sid = await victim.open('H:double', 1);
    victim.send((w) => m.writeEventAdd(w, DbrType.DOUBLE, count, sid, 7, Dbe.VALUE));
    // The first update is refused for this request alone.
    const first = await victim.waitFor((x) => x.command === Command.ERROR, 'ERROR for the initial update');
    expect(first.parameter2).toBe(Eca.TOLARGE);
    expect(first.payload.readUInt16BE(0)).toBe(Command.EVENT_ADD);

    const writer = new RawClient(server.tcpPort);
    const wsid = await writer.open('H:double', 2);
    writer.send((w) => w.message(Command.WRITE_NOTIFY, 8, DbrType.DOUBLE, 1, wsid, 3, (b, at) => b.writeDoubleBE(count, at)));
    await writer.waitFor((x) => x.command === Command.WRITE_NOTIFY, 'WRITE_NOTIFY reply');
    // The post is refused too, and the circuit still answers an ordinary read afterwards.
    await victim.waitFor((x) => x.command === Command.ERROR && x !== first, 'ERROR for the posted update');
    victim.send((w) => m.writeReadNotify(w, DbrType.DOUBLE, 1, sid, 9));
    const read = await victim.waitFor((x) => x.command === Command.READ_NOTIFY && x.parameter2 === 9, 'READ_NOTIFY reply');
    expect(read.parameter1).toBe(Eca.NORMAL);
    expect(read.payload.readDoubleBE(0)).toBe(count);
    expect(victim.closed).toBe(false);
    expect(server.isRunning).toBe(true);
    victim.destroy();
    writer.destroy();
  });

  it.each([0x7fffffff, 0x20000000])('READ_NOTIFY of DBR_DOUBLE × %i is refused with ECA_TOLARGE alone', async (count) => {
    const client = new RawClient(server.tcpPort);
    const sid = await client.open('H:double', 1);
    client.send((w) => {
      m.writeReadNotify(w, DbrType.DOUBLE, count, sid, 4);
      m.writeReadNotify(w, DbrType.DOUBLE, 1, sid, 5);
    });
    const refused = await client.waitFor((x) => x.command === Command.ERROR, 'ERROR');
    expect(refused.parameter2).toBe(Eca.TOLARGE);
    expect(refused.payload.readUInt16BE(0)).toBe(Command.READ_NOTIFY);
    const read = await client.waitFor((x) => x.command === Command.READ_NOTIFY && x.parameter2 === 5, 'the next read');
    expect(read.parameter1).toBe(Eca.NORMAL);
    client.destroy();
  });

  it('a count larger than the channel but within the limit is served zero-padded, as rsrv does', async () => {
    const client = new RawClient(server.tcpPort);
    const sid = await client.open('H:double', 1);
    client.send((w) => m.writeReadNotify(w, DbrType.DOUBLE, 1000, sid, 6));
    const read = await client.waitFor((x) => x.command === Command.READ_NOTIFY && x.parameter2 === 6, 'READ_NOTIFY');
    expect(read.parameter1).toBe(Eca.NORMAL);
    expect(read.dataCount).toBe(1000);
    expect(read.payload.readDoubleBE(8)).toBe(0);
    client.destroy();
  });
});

