/**
 * devioc's pvAccess server answers pvxs's own tools as pvxs's softIocPVX does. The tools'
 * messages (pvxget, pvxput, pvxmonitor, pvxinfo; captured through a proxy by capture-pvxs.mjs,
 * with softIocPVX 1.5.2 on EPICS 7.0.8.1 serving pva-records.db) are replayed to devioc serving
 * the same .db, in the same order across connections, and every answer is compared with
 * softIocPVX's: byte for byte where nothing varies, and value by value (timestamps masked)
 * where a record's time of processing does.
 */
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@devioc/core';
import { instantiateDb, loadDbFile } from '@devioc/core/records';
import { freePort } from '../../../../test/helpers/ports.js';
import { PvaFrameReader, type PvaMessage } from '../../src/pva/protocol/framing.js';
import { PvaReader } from '../../src/pva/protocol/buffer.js';
import { BitSet } from '../../src/pva/protocol/bitset.js';
import { type FieldDesc, type TypeCache, readFieldDesc } from '../../src/pva/protocol/field-desc.js';
import { readStatus } from '../../src/pva/protocol/status.js';
import { type PvaStruct, defaultValue, readPartial } from '../../src/pva/protocol/value.js';
import { POSIX_TIME_AT_EPICS_EPOCH, PvaCommand } from '../../src/pva/protocol/constants.js';
import { PvaClient } from '../../src/pva/client/client.js';
import { formatDelta, formatTree } from '../../src/pva/client/format.js';

interface Event {
  conn: number;
  dir: 'c2s' | 's2c' | 'close';
  hex?: string;
}
interface Scenario {
  name: string;
  steps: string[];
  outputs: string[];
  events: Event[];
}
const fixture = JSON.parse(readFileSync(new URL('./pvxs-conversations.json', import.meta.url), 'utf8')) as {
  pvxs: string;
  epicsBase: string;
  scenarios: Scenario[];
};

const DB_FILE = fileURLToPath(new URL('./pva-records.db', import.meta.url));

/** A client connection of the replay: what it received, as whole messages. */
class ReplayConnection {
  readonly received: PvaMessage[] = [];
  readonly controls: number[] = [];
  private readonly frames = new PvaFrameReader();
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      for (const m of this.frames.push(chunk)) {
        if ('control' in m) this.controls.push(m.command);
        else this.received.push(m);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `n` application messages have arrived (or the socket closed, or 10 s passed). */
  async waitFor(n: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (this.received.length < n && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
}

const connect = (port: number): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });

/** A server message as data to compare: exact bytes, or decoded with its operation's type. */
function normalise(m: PvaMessage, types: Map<number, FieldDesc>, cache: TypeCache): unknown {
  const head = { command: m.command, fromServer: (m.flags & 0x40) !== 0 };
  const dataCommand = m.command === PvaCommand.GET || m.command === PvaCommand.PUT || m.command === PvaCommand.MONITOR;
  if (!dataCommand) return { ...head, bytes: Buffer.from(m.payload).toString('hex') };
  const r = new PvaReader(m.payload, m.littleEndian);
  const ioid = r.u32();
  const sub = r.u8();
  if (sub & 0x08) {
    const rest = Buffer.from(m.payload.subarray(r.offset)).toString('hex');
    const status = readStatus(r);
    if (status.code === 0 || status.code === 1) {
      const type = readFieldDesc(r, cache);
      if (type !== undefined) types.set(ioid, type);
    }
    return { ...head, ioid, sub, init: rest };
  }
  const type = types.get(ioid);
  const isPutExec = m.command === PvaCommand.PUT && (sub & 0x40) === 0;
  if (type === undefined || isPutExec) return { ...head, ioid, sub, bytes: Buffer.from(m.payload.subarray(r.offset)).toString('hex') };
  const status = m.command === PvaCommand.MONITOR ? undefined : readStatus(r);
  if (status !== undefined && status.code > 1) return { ...head, ioid, sub, status };
  const bits = BitSet.read(r);
  const value = defaultValue(type) as PvaStruct;
  readPartial(r, type, value, bits, cache);
  const ts = value.timeStamp as PvaStruct | undefined;
  if (ts !== undefined && typeof ts.secondsPastEpoch === 'bigint' && ts.secondsPastEpoch > BigInt(POSIX_TIME_AT_EPICS_EPOCH)) {
    // When a record was processed differs from run to run; that it was stamped does not.
    ts.secondsPastEpoch = 'stamped';
    ts.nanoseconds = 'stamped';
  }
  const overrun = m.command === PvaCommand.MONITOR && r.remaining > 0 ? BitSet.read(r).toString() : undefined;
  return { ...head, ioid, sub, status, bits: bits.toString(), value, overrun, trailing: r.remaining };
}

let runtime: Runtime;
let pvaPort: number;
let client: PvaClient;

/** pvxget's output with the lines that hold a time of processing masked. */
const maskTimes = (text: string): string =>
  text.replace(/(timeStamp\.(secondsPastEpoch|nanoseconds) int\d+_t = )(\d+)/g, (_m, head: string, _f: string, n: string) =>
    BigInt(n) > BigInt(POSIX_TIME_AT_EPICS_EPOCH) || _f === 'nanoseconds' ? `${head}<stamped>` : `${head}${n}`);

beforeAll(async () => {
  const caPort = await freePort();
  pvaPort = await freePort();
  runtime = new Runtime({
    port: caPort,
    interfaces: ['127.0.0.1'],
    autoBeaconAddresses: false,
    beaconAddresses: [],
    pva: { port: pvaPort, broadcastPort: await freePort(), interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [] },
  });
  instantiateDb(runtime.db, loadDbFile(DB_FILE));
  await runtime.attach({});
  pvaPort = runtime.pvaTcpPort;
  client = new PvaClient({ addressList: [`127.0.0.1:${runtime.pvaServer!.udpPort}`], autoAddressList: false, timeout: 5 });
}, 60_000);

afterAll(async () => {
  await client?.close();
  await runtime?.close();
});

describe(`pvAccess conversations of ${fixture.pvxs.split('\n')[0]} with softIocPVX (EPICS ${fixture.epicsBase}), replayed to devioc`, () => {
  // Scenarios run in capture order: puts change what later gets read.
  for (const scenario of fixture.scenarios) {
    it(`${scenario.name}: ${scenario.steps.join('; ')}`, async () => {
      const conns = new Map<number, ReplayConnection>();
      const expected = new Map<number, PvaMessage[]>();
      const expectedSoFar = new Map<number, number>();
      const open = async (n: number): Promise<ReplayConnection> => {
        let c = conns.get(n);
        if (c === undefined) {
          c = new ReplayConnection(await connect(pvaPort));
          conns.set(n, c);
        }
        return c;
      };
      const expectedFrames = new Map<number, PvaFrameReader>();
      try {
        for (const e of scenario.events) {
          if (e.dir === 's2c') {
            await open(e.conn);
            const reader = expectedFrames.get(e.conn) ?? new PvaFrameReader();
            expectedFrames.set(e.conn, reader);
            for (const m of reader.push(Buffer.from(e.hex!, 'hex'))) {
              if ('control' in m) continue;
              const list = expected.get(e.conn) ?? [];
              list.push(m);
              expected.set(e.conn, list);
              expectedSoFar.set(e.conn, list.length);
            }
            continue;
          }
          // Before the client speaks, every answer that came before it (on any connection) is in.
          for (const [n, count] of expectedSoFar) await conns.get(n)!.waitFor(count);
          const c = await open(e.conn);
          if (e.dir === 'c2s') c.socket.write(Buffer.from(e.hex!, 'hex'));
          else c.socket.end();
        }
        for (const [n, count] of expectedSoFar) await conns.get(n)!.waitFor(count);
        for (const [n, want] of expected) {
          const got = conns.get(n)!.received;
          const wantTypes = new Map<number, FieldDesc>();
          const gotTypes = new Map<number, FieldDesc>();
          const wantCache: TypeCache = new Map();
          const gotCache: TypeCache = new Map();
          expect(got.map((m) => normalise(m, gotTypes, gotCache)), `connection ${n}`).toEqual(
            want.map((m) => normalise(m, wantTypes, wantCache)),
          );
        }
        // devioc's own client, reading the same PV at the same moment, prints what pvxget printed.
        const single = /^pvxget (?:-r (\S+) )?(-F tree )?(P:\S+)$/.exec(scenario.steps.length === 1 ? scenario.steps[0]! : '');
        if (single !== null && scenario.outputs[0]) {
          const name = single[3]!;
          const got = await client.get(name, { request: single[1] });
          const text = single[2] ? formatTree(got.type, got.value) : formatDelta(got.type, got.value, got.marked);
          expect(maskTimes(`${name}\n${text}`)).toBe(maskTimes(scenario.outputs[0]));
        }
      } finally {
        for (const c of conns.values()) c.socket.destroy();
      }
    }, 30_000);
  }
});
