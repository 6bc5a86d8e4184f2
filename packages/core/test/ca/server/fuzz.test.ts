/**
 * Random and mutated frames against the server: first straight into a circuit (thousands of
 * cases, no sockets), then over real TCP and UDP sockets to a running server, which must keep
 * serving a well-behaved client afterwards.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command, Dbe, SearchReply } from '../../../src/ca/protocol/constants.js';
import { DbrType } from '../../../src/ca/protocol/dbr/types.js';
import * as m from '../../../src/ca/protocol/messages.js';
import { CaStreamReader, type CaMessage } from '../../../src/ca/protocol/stream-reader.js';
import { ServerCircuit } from '../../../src/ca/server/circuit.js';
import { resolveServerConfig } from '../../../src/ca/server/config.js';
import { MemoryPvProvider } from '../../../src/ca/server/memory-provider.js';
import { CaServer } from '../../../src/ca/server/server.js';
import { getLogger } from '../../../src/log/index.js';
// Free for TCP and UDP both: the server binds the port for searches too (an ephemeral TCP
// port alone once collided with another test's UDP socket: EADDRINUSE).
import { freePort } from '../../../../../test/helpers/ports.js';

const definitions = () => [
  { name: 'F:double', type: 'double' as const, value: 4.5 },
  { name: 'F:wave', type: 'double' as const, count: 5000, value: new Float64Array(5000) },
  { name: 'F:string', type: 'string' as const, value: 'ok' },
  { name: 'F:enum', type: 'enum' as const, value: 1, meta: { enumStrings: ['A', 'B'] } },
];

/** Well-formed requests, the raw material the mutations start from. */
const validFrames = (): Buffer[] => {
  const frames: Buffer[] = [];
  const add = (build: (w: ByteWriter) => void): void => {
    const w = new ByteWriter();
    build(w);
    frames.push(w.take());
  };
  add((w) => m.writeClientVersion(w));
  add((w) => m.writeHostName(w, 'fuzzhost'));
  add((w) => m.writeCreateChan(w, 'F:double', 1));
  add((w) => m.writeCreateChan(w, 'F:wave', 2));
  add((w) => m.writeCreateChan(w, 'F:enum', 3));
  add((w) => m.writeReadNotify(w, DbrType.CTRL_DOUBLE, 1, 1, 10));
  add((w) => m.writeReadNotify(w, DbrType.TIME_DOUBLE, 0, 2, 11));
  add((w) => m.writeEventAdd(w, DbrType.GR_ENUM, 1, 3, 20, Dbe.VALUE | Dbe.ALARM));
  add((w) => m.writeEventCancel(w, DbrType.GR_ENUM, 1, 3, 20));
  add((w) => w.message(Command.WRITE_NOTIFY, 8, DbrType.DOUBLE, 1, 1, 12, (b, at) => b.writeDoubleBE(1.25, at)));
  add((w) => w.message(Command.WRITE, 40, DbrType.STRING, 1, 3, 13, (b, at) => b.write('B\0', at, 'latin1')));
  add((w) => m.writeEventsOff(w));
  add((w) => m.writeEventsOn(w));
  add((w) => m.writeEcho(w));
  add((w) => m.writeClearChannel(w, 2, 2));
  add((w) => w.stringMessage(Command.SEARCH, 'F:double', SearchReply.DO_REPLY, 13, 5, 5));
  return frames;
};

/** A frame mutated at the byte level: flips, truncations, random header fields, junk. */
const mutatedFrame = (frames: Buffer[]): fc.Arbitrary<Buffer> =>
  fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 200 }).map((a) => Buffer.from(a)),
    fc.tuple(fc.constantFrom(...frames), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 6 })).map(([f, flips]) => {
      const b = Buffer.from(f);
      for (const [i, v] of flips) if (b.length > 0) b[i % b.length] = v;
      return b;
    }),
    fc.tuple(fc.constantFrom(...frames), fc.nat()).map(([f, n]) => f.subarray(0, n % (f.length + 1))),
    fc
      .record({
        cmd: fc.nat(40),
        size: fc.oneof(fc.constantFrom(0, 8, 16, 0xffff), fc.nat(0xffff)),
        dtype: fc.oneof(fc.nat(40), fc.nat(0xffff)),
        count: fc.nat(0xffff),
        p1: fc.oneof(fc.nat(5), fc.nat()),
        p2: fc.nat(),
        tail: fc.uint8Array({ maxLength: 64 }),
      })
      .map(({ cmd, size, dtype, count, p1, p2, tail }) => {
        const b = Buffer.alloc(16);
        b.writeUInt16BE(cmd, 0);
        b.writeUInt16BE(size, 2);
        b.writeUInt16BE(dtype, 4);
        b.writeUInt16BE(count, 6);
        b.writeUInt32BE(p1 >>> 0, 8);
        b.writeUInt32BE(p2 >>> 0, 12);
        return Buffer.concat([b, Buffer.from(tail)]);
      }),
    fc.constantFrom(...frames),
  );

describe('fuzzing the circuit (no sockets)', () => {
  it('never throws, whatever bytes arrive', async () => {
    const frames = validFrames();
    const pvs = new MemoryPvProvider(definitions());
    const config = { ...resolveServerConfig({ env: {} }), maxIncomingPayload: 64 * 1024 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedFrame(frames), { minLength: 1, maxLength: 30 }), async (batch) => {
        const writes: Buffer[] = [];
        const circuit = new ServerCircuit(
          { write: (d) => void writes.push(d), writableLength: 0, pauseInput: () => {}, resumeInput: () => {}, close: () => {} },
          { config, log: getLogger('fuzz'), tcpPort: 5064, has: (n) => pvs.has(n), open: (n) => pvs.open(n) },
          '127.0.0.1',
          1,
        );
        expect(() => {
          for (const f of batch) circuit.receive(f);
        }).not.toThrow();
        await new Promise((r) => setImmediate(r));
        circuit.close();
        // Everything the server wrote must itself be well-framed CA.
        const reader = new CaStreamReader({ maxPayload: 1 << 26 });
        for (const w of writes) reader.push(w, (r) => expect(r.kind).toBe('message'));
      }),
      { numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------- live sockets

let server: CaServer;
let port: number;
let livePvs: MemoryPvProvider;


beforeAll(async () => {
  port = await freePort();
  livePvs = new MemoryPvProvider(definitions());
  server = new CaServer({ port, autoBeaconAddresses: false, beaconAddresses: [], providers: [livePvs], maxArrayBytes: 64 * 1024 });
  await server.start();
});
afterAll(() => server.stop());

/** A minimal well-behaved client: connect, create, read. */
async function readValue(name: string, tcpPort = server.tcpPort): Promise<number> {
  const socket = net.connect(tcpPort, '127.0.0.1');
  const reader = new CaStreamReader({ maxPayload: 1 << 20 });
  const messages: CaMessage[] = [];
  socket.on('data', (c) => reader.push(c, (r) => void (r.kind === 'message' && messages.push({ ...r.message, payload: Buffer.from(r.message.payload) }))));
  const waitFor = async (cmd: number): Promise<CaMessage> => {
    for (let i = 0; i < 200; i++) {
      const found = messages.find((x) => x.command === cmd);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no reply ${cmd}`);
  };
  const w = new ByteWriter();
  m.writeClientVersion(w);
  m.writeCreateChan(w, name, 1);
  socket.write(w.take());
  const created = await waitFor(Command.CREATE_CHAN);
  m.writeReadNotify(w, DbrType.DOUBLE, 1, created.parameter2, 1);
  socket.write(w.take());
  const reply = await waitFor(Command.READ_NOTIFY);
  socket.destroy();
  return reply.payload.readDoubleBE(0);
}

describe('fuzzing a live server over TCP and UDP', () => {
  it('keeps serving after random and mutated frames on many connections', async () => {
    const frames = validFrames();
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedFrame(frames), { minLength: 1, maxLength: 20 }), fc.boolean(), async (batch, abrupt) => {
        await new Promise<void>((resolve) => {
          const socket = net.connect(server.tcpPort, '127.0.0.1', () => {
            for (const f of batch) socket.write(f);
            // Either vanish mid-message or close politely.
            if (abrupt) socket.destroy();
            else socket.end();
          });
          socket.on('data', () => {});
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 500);
        });
      }),
      { numRuns: 150 },
    );
    expect(server.isRunning).toBe(true);
    // The fuzzer may legitimately have written F:double (some frames are valid writes).
    expect(await readValue('F:double')).toBe(livePvs.get('F:double')!.value[0]);
  }, 120_000);

  it('survives EVENT_ADD and READ_NOTIFY with huge counts followed by a post from another client', async () => {
    // A server with EPICS_CA_AUTO_ARRAY_BYTES (the default: no fixed EPICS_CA_MAX_ARRAY_BYTES).
    const autoPvs = new MemoryPvProvider(definitions());
    const auto = new CaServer({ port: await freePort(), env: {}, autoBeaconAddresses: false, beaconAddresses: [], providers: [autoPvs] });
    await auto.start();
    const poster = net.connect(auto.tcpPort, '127.0.0.1');
    poster.on('data', () => {});
    const pw = new ByteWriter();
    m.writeClientVersion(pw);
    m.writeCreateChan(pw, 'F:double', 1);
    m.writeCreateChan(pw, 'F:wave', 2);
    poster.write(pw.take());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(Command.EVENT_ADD, Command.READ_NOTIFY),
        fc.nat(DbrType.CTRL_DOUBLE),
        fc.oneof(fc.constantFrom(0x7fffffff, 0x20000000, 0xffffffff, 0x10000), fc.integer({ min: 0x10000, max: 0xffffffff })),
        fc.constantFrom(1, 2),
        async (command, dbrType, count, sid) => {
          const socket = net.connect(auto.tcpPort, '127.0.0.1');
          socket.on('data', () => {});
          socket.on('error', () => {});
          const w = new ByteWriter();
          m.writeClientVersion(w);
          m.writeCreateChan(w, sid === 1 ? 'F:double' : 'F:wave', 1);
          // The server numbers channels per circuit from 1: this circuit's first channel is sid 1.
          if (command === Command.EVENT_ADD) m.writeEventAdd(w, dbrType, count, 1, 5, Dbe.VALUE);
          else m.writeReadNotify(w, dbrType, count, 1, 5);
          socket.write(w.take());
          await new Promise((r) => setTimeout(r, 5));
          // A post from another circuit reaches the subscription.
          pw.message(Command.WRITE, 8, DbrType.DOUBLE, 1, sid, 0, (b, at) => b.writeDoubleBE(count, at));
          poster.write(pw.take());
          await new Promise((r) => setTimeout(r, 5));
          socket.destroy();
        },
      ),
      { numRuns: 60 },
    );
    poster.destroy();
    expect(auto.isRunning).toBe(true);
    expect(await readValue('F:double', auto.tcpPort)).toBe(autoPvs.get('F:double')!.value[0]);
    await auto.stop();
  }, 60_000);

  it('keeps answering searches after garbage datagrams', async () => {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 1500 }), async (junk) => {
        await new Promise<void>((r) => sock.send(junk, server.udpPort, '127.0.0.1', () => r()));
      }),
      { numRuns: 300 },
    );
    // The burst may have overflowed the kernel's receive buffer: like a real client, retry.
    let reply: Buffer | undefined;
    for (let attempt = 0; attempt < 20 && reply === undefined; attempt++) {
      const w = new ByteWriter();
      m.writeSearchRequestVersion(w, 77);
      m.writeSearchRequest(w, 'F:double', 9, SearchReply.DONT_REPLY);
      reply = await new Promise<Buffer | undefined>((resolve) => {
        const onMessage = (msg: Buffer): void => {
          if (msg.length < 40 || msg.readUInt32BE(8) !== 77) return;
          sock.off('message', onMessage);
          resolve(msg);
        };
        sock.on('message', onMessage);
        sock.send(w.take(), server.udpPort, '127.0.0.1');
        setTimeout(() => {
          sock.off('message', onMessage);
          resolve(undefined);
        }, 200);
      });
    }
    sock.close();
    expect(reply).toBeDefined();
    expect(reply!.readUInt16BE(16)).toBe(Command.SEARCH);
    expect(reply!.readUInt16BE(20)).toBe(server.tcpPort);
  });
});
