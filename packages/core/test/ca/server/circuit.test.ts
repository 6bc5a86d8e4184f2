/**
 * The server circuit driven byte by byte through an in-memory transport: every rule of the
 * spec's error table (section 6) and the monitor semantics, with no sockets involved.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command, Dbe, SearchReply } from '../../../src/ca/protocol/constants.js';
import { dbrPayloadSize, emptyMetadata, encodeDbr } from '../../../src/ca/protocol/dbr/index.js';
import { DbrType } from '../../../src/ca/protocol/dbr/types.js';
import { Eca } from '../../../src/ca/protocol/eca.js';
import * as m from '../../../src/ca/protocol/messages.js';
import { CaStreamReader, type CaMessage } from '../../../src/ca/protocol/stream-reader.js';
import { ServerCircuit, type CircuitTransport } from '../../../src/ca/server/circuit.js';
import type { CaPv } from '../../../src/ca/server/provider.js';
import { resolveServerConfig } from '../../../src/ca/server/config.js';
import { MemoryPvProvider } from '../../../src/ca/server/memory-provider.js';
import { getLogger } from '../../../src/log/index.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

class FakeTransport implements CircuitTransport {
  chunks: Buffer[] = [];
  writableLength = 0;
  paused = false;
  closed = false;
  /** When true, written bytes pile up as if the peer had stopped reading. */
  stalled = false;
  write(data: Buffer): void {
    this.chunks.push(Buffer.from(data));
    if (this.stalled) this.writableLength += data.length;
  }
  pauseInput(): void { this.paused = true; }
  resumeInput(): void { this.paused = false; }
  close(): void { this.closed = true; }
}

interface Rig {
  circuit: ServerCircuit;
  transport: FakeTransport;
  pvs: MemoryPvProvider;
  send(build: (w: ByteWriter) => void): Promise<CaMessage[]>;
  replies(): CaMessage[];
}

function rig(slowClientTimeoutMs = 60_000): Rig {
  const pvs = new MemoryPvProvider([
    { name: 'X:double', type: 'double', value: 1.5 },
    { name: 'X:wave', type: 'long', count: 10, value: new Int32Array([1, 2, 3]) },
    { name: 'X:enum', type: 'enum', value: 0, meta: { enumStrings: ['OFF', 'ON'] } },
  ]);
  const transport = new FakeTransport();
  const config = { ...resolveServerConfig({ env: {} }), slowClientTimeoutMs, maxIncomingPayload: 4096 };
  const circuit = new ServerCircuit(
    transport,
    { config, log: getLogger('test'), tcpPort: 5064, has: (n) => pvs.has(n), open: (n) => pvs.open(n) },
    '127.0.0.1',
    40000,
  );
  let consumed = 0;
  let sawVersion = false;
  // One reader for the whole circuit: messages may straddle the chunks the circuit writes.
  const reader = new CaStreamReader({ maxPayload: 1 << 24, requireAlignment: false });
  const parse = (): CaMessage[] => {
    const out: CaMessage[] = [];
    for (const c of transport.chunks.slice(consumed)) {
      reader.push(c, (r) => {
        if (r.kind === 'message') out.push({ ...r.message, payload: Buffer.from(r.message.payload), rawHeader: Buffer.from(r.message.rawHeader) });
      });
    }
    consumed = transport.chunks.length;
    // The VERSION every circuit opens with is checked on its own; hide it from the rest.
    if (!sawVersion && out[0]?.command === Command.VERSION) {
      sawVersion = true;
      out.shift();
    }
    return out;
  };
  return {
    circuit,
    transport,
    pvs,
    async send(build) {
      const w = new ByteWriter();
      build(w);
      circuit.receive(w.take());
      await tick();
      return parse();
    },
    replies: parse,
  };
}

/** Connects a channel and returns its sid. */
async function open(r: Rig, name: string, cid = 7): Promise<number> {
  const replies = await r.send((w) => m.writeCreateChan(w, name, cid));
  const create = replies.find((x) => x.command === Command.CREATE_CHAN);
  if (!create) throw new Error(`no CREATE_CHAN reply for ${name}`);
  return create.parameter2;
}

let rigs: Rig[] = [];
const make = (timeout?: number): Rig => {
  const r = rig(timeout);
  rigs.push(r);
  return r;
};
afterEach(() => {
  for (const r of rigs) r.circuit.close();
  rigs = [];
  vi.useRealTimers();
});

describe('server circuit: connection and channels', () => {
  it('sends VERSION at accept (dtype 0, count 13), as rsrv does', async () => {
    const r = make();
    await tick();
    expect(r.transport.chunks[0].toString('hex')).toBe('0000000000000' + '00d0000000000000000');
  });

  it('answers CREATE_CHAN with ACCESS_RIGHTS then CREATE_CHAN (native type, count, cid, sid)', async () => {
    const r = make();
    await tick();
    r.replies();
    const replies = await r.send((w) => {
      m.writeClientVersion(w);
      m.writeHostName(w, 'testhost');
      m.writeClientName(w, 'tester');
      m.writeCreateChan(w, 'X:wave', 42);
    });
    expect(replies.map((x) => x.command)).toEqual([Command.ACCESS_RIGHTS, Command.CREATE_CHAN]);
    expect(replies[0].parameter1).toBe(42);
    expect(replies[0].parameter2).toBe(3);
    expect(replies[1]).toMatchObject({ dataType: DbrType.LONG, dataCount: 10, parameter1: 42 });
    expect(r.circuit.client).toMatchObject({ host: 'testhost', user: 'tester' });
  });

  it('fails unknown and empty names with CREATE_CH_FAIL', async () => {
    const r = make();
    const replies = await r.send((w) => {
      m.writeCreateChan(w, 'NO:SUCH', 1);
      m.writeCreateChan(w, '', 2);
    });
    expect(replies.filter((x) => x.command === Command.CREATE_CH_FAIL).map((x) => x.parameter1)).toEqual([1, 2]);
  });

  it('accepts NAME.VAL for NAME', async () => {
    const r = make();
    expect(await open(r, 'X:double.VAL')).toBeGreaterThan(0);
  });

  it('refuses a change of identity once channels exist, and carries on', async () => {
    const r = make();
    await open(r, 'X:double');
    const replies = await r.send((w) => {
      m.writeHostName(w, 'other');
      m.writeEcho(w);
    });
    expect(replies.map((x) => x.command)).toEqual([Command.ERROR, Command.ECHO]);
    expect(replies[0].parameter2).toBe(Eca.INTERNAL);
    expect(r.circuit.client.host).toBe('127.0.0.1');
  });

  it('clears a channel with an echo of its ids, and refuses its sid afterwards', async () => {
    const r = make();
    const sid = await open(r, 'X:double', 9);
    const cleared = await r.send((w) => m.writeClearChannel(w, sid, 9));
    expect(cleared[0]).toMatchObject({ command: Command.CLEAR_CHANNEL, parameter1: sid, parameter2: 9 });
    const after = await r.send((w) => m.writeReadNotify(w, DbrType.DOUBLE, 1, sid, 5));
    expect(after[0]).toMatchObject({ command: Command.ERROR, parameter2: Eca.BADCHID });
    expect(r.transport.closed).toBe(false);
  });

  it('gives a cleared sid to the next channel, which then answers its own reads', async () => {
    const r = make();
    const first = await open(r, 'X:double', 1);
    const kept = await open(r, 'X:enum', 2);
    await r.send((w) => m.writeClearChannel(w, first, 1));
    const reused = await open(r, 'X:wave', 3);
    expect(reused).toBe(first);
    expect(kept).not.toBe(first);
    const read = await r.send((w) => m.writeReadNotify(w, DbrType.LONG, 3, reused, 8));
    expect(read[0]).toMatchObject({ command: Command.READ_NOTIFY, dataType: DbrType.LONG, dataCount: 3, parameter2: 8 });
    expect([...read[0].payload.subarray(0, 12)]).toEqual([0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]);
  });

  it('never gives out again the sid of a channel whose PV went away: late requests on it get ECA_BADCHID', async () => {
    const r = make();
    const gone = await open(r, 'X:double', 1);
    r.pvs.remove('X:double');
    await tick();
    expect(r.replies()[0]).toMatchObject({ command: Command.SERVER_DISCONN, parameter1: 1 });
    const next = await open(r, 'X:enum', 2);
    expect(next).not.toBe(gone);
    const late = await r.send((w) => m.writeReadNotify(w, DbrType.DOUBLE, 1, gone, 5));
    expect(late[0]).toMatchObject({ command: Command.ERROR, parameter2: Eca.BADCHID });
  });

  it('answers a TCP (4.12 name server) search hit, and a DO_REPLY miss with NOT_FOUND', async () => {
    const r = make();
    const replies = await r.send((w) => {
      w.stringMessage(Command.SEARCH, 'X:double', SearchReply.DO_REPLY, 13, 41, 41);
      w.stringMessage(Command.SEARCH, 'missing', SearchReply.DO_REPLY, 13, 42, 42);
      w.stringMessage(Command.SEARCH, 'missing', SearchReply.DONT_REPLY, 13, 43, 43);
    });
    expect(replies).toHaveLength(2);
    expect(replies[0].rawHeader.toString('hex')).toBe('0006000013c8' + '0000ffffffff00000029');
    expect(replies[1].rawHeader.toString('hex')).toBe('000e0000000a000d0000002a0000002a');
  });

  it('echoes ECHO and READ_SYNC', async () => {
    const r = make();
    const replies = await r.send((w) => {
      m.writeEcho(w);
      w.header(Command.READ_SYNC, 0, 0, 0, 0);
    });
    expect(replies.map((x) => x.command)).toEqual([Command.ECHO, Command.READ_SYNC]);
  });
});

describe('server circuit: reads and writes', () => {
  it('reads with count 0 as the current length, and zero-fills a count beyond it', async () => {
    const r = make();
    const sid = await open(r, 'X:wave');
    const [dynamic] = await r.send((w) => m.writeReadNotify(w, DbrType.LONG, 0, sid, 1));
    expect(dynamic).toMatchObject({ command: Command.READ_NOTIFY, dataCount: 3, parameter1: Eca.NORMAL, parameter2: 1 });
    expect([...new Int32Array(new Uint8Array(dynamic.payload.subarray(0, 12)).reverse().buffer)].reverse()).toEqual([1, 2, 3]);
    const [fixed] = await r.send((w) => m.writeReadNotify(w, DbrType.LONG, 6, sid, 2));
    expect(fixed.dataCount).toBe(6);
    expect(fixed.payload.subarray(12, 24).every((b) => b === 0)).toBe(true);
  });

  it('answers an invalid DBR type with an ERROR and keeps the circuit', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    const replies = await r.send((w) => {
      m.writeReadNotify(w, 77, 1, sid, 3);
      m.writeEcho(w);
    });
    expect(replies.map((x) => x.command)).toEqual([Command.ERROR, Command.ECHO]);
    expect(replies[0].parameter2).toBe(Eca.BADTYPE);
    // The ERROR payload starts with the offending request header.
    expect(replies[0].payload.readUInt16BE(0)).toBe(Command.READ_NOTIFY);
  });

  it('answers WRITE_NOTIFY of an unparsable string to a double with status ECA_PUTFAIL', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    await r.send((w) => w.message(Command.WRITE_NOTIFY, 40, DbrType.STRING, 1, sid, 11, (b, at) => {
      b.fill(0, at, at + 40);
      b.write('abc', at, 'latin1');
    }));
    await tick();
    const [reply] = r.replies();
    expect(reply).toMatchObject({ command: Command.WRITE_NOTIFY, parameter1: Eca.PUTFAIL, parameter2: 11 });
    expect(r.pvs.get('X:double')!.value[0]).toBe(1.5);
  });

  it('accepts a one-string put shortened to strlen+1 bytes, as libca sends it', async () => {
    const r = make();
    const sid = await open(r, 'X:enum');
    // libca: 'ON' + NUL padded to 8 bytes, not the 40-byte slot.
    await r.send((w) => w.message(Command.WRITE_NOTIFY, 3, DbrType.STRING, 1, sid, 14, (b, at) => b.write('ON\0', at, 'latin1')));
    await tick();
    expect(r.replies()[0]).toMatchObject({ command: Command.WRITE_NOTIFY, parameter1: Eca.NORMAL });
    expect(r.pvs.get('X:enum')!.value[0]).toBe(1);
  });

  it('writes a string to an enum by state name', async () => {
    const r = make();
    const sid = await open(r, 'X:enum');
    await r.send((w) => w.message(Command.WRITE_NOTIFY, 40, DbrType.STRING, 1, sid, 12, (b, at) => {
      b.fill(0, at, at + 40);
      b.write('ON', at, 'latin1');
    }));
    await tick();
    expect(r.replies()[0]).toMatchObject({ command: Command.WRITE_NOTIFY, parameter1: Eca.NORMAL });
    expect(r.pvs.get('X:enum')!.value[0]).toBe(1);
  });

  it('answers a failing plain WRITE with an ERROR carrying the channel cid', async () => {
    const r = make();
    const sid = await open(r, 'X:double', 77);
    await r.send((w) => w.message(Command.WRITE, 40, DbrType.STRING, 1, sid, 13, (b, at) => {
      b.fill(0, at, at + 40);
      b.write('not a number', at, 'latin1');
    }));
    await tick();
    const [err] = r.replies();
    expect(err).toMatchObject({ command: Command.ERROR, parameter1: 77, parameter2: Eca.PUTFAIL });
  });
});

describe('server circuit: one-element writes into a reused array', () => {
  /** A PV that records what each write gave it, as it was when given and the array itself. */
  function recordingPv(copies: boolean | undefined) {
    const seen: { array: unknown; value: number }[] = [];
    const pv: CaPv = {
      nativeType: DbrType.DOUBLE,
      nativeCount: 1,
      ...(copies === undefined ? {} : { copiesScalarWrites: copies }),
      read: () => ({ nativeType: DbrType.DOUBLE, value: new Float64Array([0]), alarm: { status: 0, severity: 0 }, timestamp: { secPastEpoch: 0, nsec: 0 }, meta: emptyMetadata() }),
      write: (v) => void seen.push({ array: v.value, value: Number(v.value[0]) }),
      subscribe: () => () => {},
    };
    return { pv, seen };
  }

  it('a PV that copies gets the one array each time; one that may keep it gets a new array per write', async () => {
    const keeping = recordingPv(undefined);
    const copying = recordingPv(true);
    const pvs = new Map<string, CaPv>([['KEEP', keeping.pv], ['COPY', copying.pv]]);
    const transport = new FakeTransport();
    const config = { ...resolveServerConfig({ env: {} }), maxIncomingPayload: 4096 };
    const circuit = new ServerCircuit(transport, { config, log: getLogger('test'), tcpPort: 5064, has: (n) => pvs.has(n), open: (n) => pvs.get(n) }, '127.0.0.1', 40000);
    try {
      const w = new ByteWriter();
      m.writeCreateChan(w, 'KEEP', 1);
      m.writeCreateChan(w, 'COPY', 2);
      circuit.receive(w.take());
      // sids are given in order of creation, from 1.
      for (const [sid, v] of [[1, 1.5], [2, 2.5], [1, 3.5], [2, 4.5], [1, 5.5]] as const) w.message(Command.WRITE, 8, DbrType.DOUBLE, 1, sid, 0, (b, at) => b.writeDoubleBE(v, at));
      circuit.receive(w.take());
      expect(keeping.seen.map((s) => s.value)).toEqual([1.5, 3.5, 5.5]);
      expect(new Set(keeping.seen.map((s) => s.array)).size).toBe(3);
      expect(keeping.seen.map((s) => (s.array as Float64Array)[0])).toEqual([1.5, 3.5, 5.5]);
      expect(copying.seen.map((s) => s.value)).toEqual([2.5, 4.5]);
      expect(copying.seen[0]!.array).toBe(copying.seen[1]!.array);
      // A put-callback always gets its own array: its write may still be completing.
      w.message(Command.WRITE_NOTIFY, 8, DbrType.DOUBLE, 1, 2, 9, (b, at) => b.writeDoubleBE(6.5, at));
      circuit.receive(w.take());
      expect(copying.seen[2]!.array).not.toBe(copying.seen[0]!.array);
    } finally {
      circuit.close();
    }
  });
});

describe('server circuit: monitors', () => {
  it('sends an immediate first update, then updates filtered by the mask', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    const first = await r.send((w) => m.writeEventAdd(w, DbrType.DOUBLE, 1, sid, 100, Dbe.ALARM));
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ command: Command.EVENT_ADD, parameter1: Eca.NORMAL, parameter2: 100 });
    r.pvs.get('X:double')!.set(2);
    await tick();
    expect(r.replies()).toHaveLength(0);
    r.pvs.get('X:double')!.set(3, { status: 3, severity: 2 });
    await tick();
    const alarm = r.replies();
    expect(alarm).toHaveLength(1);
    expect(alarm[0].payload.readDoubleBE(0)).toBe(3);
  });

  it('answers EVENT_CANCEL with an empty EVENT_ADD (p1 = sid) and never sends that subscription again', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    await r.send((w) => m.writeEventAdd(w, DbrType.TIME_DOUBLE, 1, sid, 5, Dbe.VALUE));
    r.pvs.get('X:double')!.set(10);
    const replies = await r.send((w) => m.writeEventCancel(w, DbrType.TIME_DOUBLE, 1, sid, 5));
    // An update posted while the circuit keeps up is encoded at once, as when rsrv's event task
    // has sent it before the cancel is read: it comes first, then the cancel's empty EVENT_ADD.
    expect(replies.map((x) => [x.command, x.payloadSize])).toEqual([
      [Command.EVENT_ADD, 24],
      [Command.EVENT_ADD, 0],
    ]);
    expect(replies[0]!.payload.readDoubleBE(16)).toBe(10);
    expect(replies[1]).toMatchObject({ dataType: DbrType.TIME_DOUBLE, dataCount: 1, parameter1: sid, parameter2: 5 });
    r.pvs.get('X:double')!.set(11);
    await tick();
    expect(r.replies()).toHaveLength(0);
  });

  it('drops the updates still queued for a subscription when it is cancelled (rsrv: db_cancel_event)', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    await r.send((w) => m.writeEventAdd(w, DbrType.TIME_DOUBLE, 1, sid, 5, Dbe.VALUE));
    // Under EVENTS_OFF updates wait in the subscription's queue.
    await r.send((w) => m.writeEventsOff(w));
    r.pvs.get('X:double')!.set(10);
    const replies = await r.send((w) => {
      m.writeEventCancel(w, DbrType.TIME_DOUBLE, 1, sid, 5);
      m.writeEventsOn(w);
    });
    expect(replies.map((x) => [x.command, x.payloadSize])).toEqual([[Command.EVENT_ADD, 0]]);
    expect(replies[0]).toMatchObject({ dataType: DbrType.TIME_DOUBLE, dataCount: 1, parameter1: sid, parameter2: 5 });
  });

  it('answers EVENT_CANCEL of an unknown subscription with ECA_BADMONID', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    const [err] = await r.send((w) => m.writeEventCancel(w, DbrType.DOUBLE, 1, sid, 999));
    expect(err).toMatchObject({ command: Command.ERROR, parameter2: Eca.BADMONID });
  });

  it('under EVENTS_OFF keeps only the latest value, delivered at EVENTS_ON, surviving rapid toggling', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    await r.send((w) => m.writeEventAdd(w, DbrType.DOUBLE, 1, sid, 1, Dbe.VALUE));
    for (let round = 0; round < 5; round++) {
      await r.send((w) => m.writeEventsOff(w));
      for (let i = 0; i < 50; i++) r.pvs.get('X:double')!.set(round * 100 + i);
      await tick();
      expect(r.replies()).toHaveLength(0);
      const on = await r.send((w) => m.writeEventsOn(w));
      expect(on.map((x) => x.payload.readDoubleBE(0))).toEqual([round * 100 + 49]);
    }
  });

  it('sends count 0 updates with the current length each time', async () => {
    const r = make();
    const sid = await open(r, 'X:wave');
    const [first] = await r.send((w) => m.writeEventAdd(w, DbrType.LONG, 0, sid, 2, Dbe.VALUE));
    expect(first.dataCount).toBe(3);
    r.pvs.get('X:wave')!.set([9, 8, 7, 6, 5]);
    await tick();
    expect(r.replies()[0].dataCount).toBe(5);
  });

  it('on loss of read access sends one zeroed update with ECA_NORDACCESS, and resumes when it returns', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    await r.send((w) => m.writeEventAdd(w, DbrType.DOUBLE, 1, sid, 3, Dbe.VALUE));
    r.pvs.get('X:double')!.setAccess(0);
    await tick();
    const lost = r.replies();
    expect(lost.map((x) => x.command)).toEqual([Command.ACCESS_RIGHTS, Command.EVENT_ADD]);
    expect(lost[1]).toMatchObject({ parameter1: Eca.NORDACCESS });
    expect(lost[1].payload.readDoubleBE(0)).toBe(0);
    r.pvs.get('X:double')!.set(4);
    await tick();
    expect(r.replies()).toHaveLength(0);
    r.pvs.get('X:double')!.setAccess(3);
    await tick();
    const back = r.replies();
    expect(back.map((x) => x.command)).toEqual([Command.ACCESS_RIGHTS, Command.EVENT_ADD]);
    expect(back[1].payload.readDoubleBE(0)).toBe(4);
  });

  it('sends SERVER_DISCONN when a PV goes away', async () => {
    const r = make();
    await open(r, 'X:double', 55);
    r.pvs.remove('X:double');
    await tick();
    expect(r.replies()[0]).toMatchObject({ command: Command.SERVER_DISCONN, parameter1: 55 });
  });
});

describe('server circuit: fan-out and reused request views', () => {
  /** The EVENT_ADD reply one subscription should get for the PV's current value, encoded on its own. */
  function expected(r: Rig, pv: string, dbrType: DbrType, count: number, id: number): CaMessage[] {
    const snap = r.pvs.get(pv)!.read();
    const n = count !== 0 ? count : snap.value.length;
    const w = new ByteWriter();
    let status: number = Eca.NORMAL;
    const start = w.length;
    w.message(Command.EVENT_ADD, dbrPayloadSize(dbrType, n), dbrType, n, Eca.NORMAL, id, (buf, at) => {
      status = encodeDbr(buf, at, dbrType, snap, n);
    });
    if (status !== Eca.NORMAL) {
      w.truncate(start);
      w.message(Command.EVENT_ADD, dbrPayloadSize(dbrType, count), dbrType, count, status, id, (buf, at) => buf.fill(0, at, at + dbrPayloadSize(dbrType, count)));
    }
    const out: CaMessage[] = [];
    new CaStreamReader({ maxPayload: 1 << 20 }).push(w.take(), (x) => {
      if (x.kind === 'message') out.push({ ...x.message, payload: Buffer.from(x.message.payload), rawHeader: Buffer.from(x.message.rawHeader) });
    });
    return out;
  }

  it('gives every subscriber of one value the bytes of its own encoding, whatever the mix of types and counts', async () => {
    const r = make();
    r.pvs.add({ name: 'X:text', type: 'string', value: 'not a number' });
    const dbl = await open(r, 'X:double', 1);
    const wave = await open(r, 'X:wave', 2);
    const text = await open(r, 'X:text', 3);
    // Runs of equal (value, type, count) interleaved with others, a count 0, failing conversions.
    const plan: [string, number, DbrType, number][] = [
      ['X:double', dbl, DbrType.TIME_DOUBLE, 1], ['X:double', dbl, DbrType.TIME_DOUBLE, 1], ['X:double', dbl, DbrType.DOUBLE, 1],
      ['X:double', dbl, DbrType.TIME_DOUBLE, 1], ['X:double', dbl, DbrType.STRING, 1], ['X:double', dbl, DbrType.STRING, 1],
      ['X:double', dbl, DbrType.CTRL_DOUBLE, 1], ['X:double', dbl, DbrType.TIME_DOUBLE, 2],
      ['X:wave', wave, DbrType.LONG, 0], ['X:wave', wave, DbrType.LONG, 0], ['X:wave', wave, DbrType.LONG, 3], ['X:wave', wave, DbrType.TIME_SHORT, 0],
      ['X:text', text, DbrType.DOUBLE, 1], ['X:text', text, DbrType.DOUBLE, 1], ['X:text', text, DbrType.DOUBLE, 0], ['X:text', text, DbrType.DOUBLE, 0],
      ['X:text', text, DbrType.STRING, 1], ['X:text', text, DbrType.STRING, 1],
    ];
    const initial = await r.send((w) => plan.forEach(([, sid, type, count], i) => m.writeEventAdd(w, type, count, sid, 100 + i, Dbe.VALUE)));
    expect(initial).toEqual(plan.flatMap(([pv, , type, count], i) => expected(r, pv, type, count, 100 + i)));
    for (const value of [2.2, -7.1]) {
      r.pvs.get('X:double')!.set(value);
      r.pvs.get('X:wave')!.set([value, 1, 2, 3]);
      r.pvs.get('X:text')!.set(String(value));
      await tick();
      const updates = r.replies();
      // In the order the PVs posted: every X:double subscriber, then X:wave's, then X:text's.
      expect(updates).toEqual(plan.flatMap(([pv, , type, count], i) => expected(r, pv, type, count, 100 + i)));
    }
  });

  it('answers a plain WRITE that fails later with an ERROR carrying that request\'s own header', async () => {
    const r = make();
    let reject: (e: Error) => void = () => {};
    r.pvs.add({ name: 'X:slow', type: 'double', value: 0, onWrite: () => new Promise<void>((_, rej) => { reject = rej; }) });
    const sid = await open(r, 'X:slow', 9);
    const w = new ByteWriter();
    w.message(Command.WRITE, 8, DbrType.DOUBLE, 1, sid, 1234, (b, at) => b.writeDoubleBE(5, at));
    const request = w.take();
    // More requests in the same chunk after it: the reader moves on before the write fails.
    const replies = await r.send((x) => {
      const at = x.reserve(request.length);
      request.copy(x.buffer, at);
      m.writeReadNotify(x, DbrType.DOUBLE, 1, sid, 77);
      m.writeEcho(x);
    });
    expect(replies.map((x) => x.command)).toEqual([Command.READ_NOTIFY, Command.ECHO]);
    reject(new Error('device refused'));
    await tick();
    await tick();
    const [err] = r.replies();
    expect(err).toMatchObject({ command: Command.ERROR, parameter1: 9, parameter2: Eca.PUTFAIL });
    expect(err.payload.subarray(0, 16).toString('hex')).toBe(request.subarray(0, 16).toString('hex'));
  });

  it('answers a WRITE_NOTIFY that fails later with its own type, count and ioid', async () => {
    const r = make();
    let reject: (e: Error) => void = () => {};
    r.pvs.add({ name: 'X:slow', type: 'long', count: 4, value: [0, 0, 0, 0], onWrite: () => new Promise<void>((_, rej) => { reject = rej; }) });
    const sid = await open(r, 'X:slow', 9);
    await r.send((w) => {
      w.message(Command.WRITE_NOTIFY, 16, DbrType.LONG, 4, sid, 4321, (b, at) => b.fill(0, at, at + 16));
      m.writeReadNotify(w, DbrType.DOUBLE, 1, sid, 77);
    });
    reject(new Error('device refused'));
    await tick();
    await tick();
    const [reply] = r.replies();
    expect(reply).toMatchObject({ command: Command.WRITE_NOTIFY, dataType: DbrType.LONG, dataCount: 4, parameter1: Eca.PUTFAIL, parameter2: 4321 });
  });
});

describe('server circuit: bad input and slow clients', () => {
  it('rejects a misaligned message with an ERROR and closes the circuit', async () => {
    const r = make();
    const bad = Buffer.alloc(16 + 3);
    bad.writeUInt16BE(Command.CREATE_CHAN, 0);
    bad.writeUInt16BE(3, 2);
    r.circuit.receive(bad);
    await tick();
    const replies = r.replies();
    expect(replies.at(-1)?.command).toBe(Command.ERROR);
    expect(r.transport.closed).toBe(true);
  });

  it('closes the circuit on an unknown or obsolete command', async () => {
    for (const cmd of [5, 7, 16, 25, 99]) {
      const r = make();
      await r.send((w) => w.header(cmd, 0, 0, 0, 0));
      expect(r.transport.closed, `command ${cmd}`).toBe(true);
    }
  });

  it('drains an oversized request with ECA_TOLARGE and keeps serving', async () => {
    const r = make();
    const replies = await r.send((w) => {
      w.message(Command.WRITE, 100_000, DbrType.DOUBLE, 12_500, 1, 1);
      m.writeEcho(w);
    });
    expect(replies.map((x) => x.command)).toEqual([Command.ERROR, Command.ECHO]);
    expect(replies[0].parameter2).toBe(Eca.TOLARGE);
  });

  it('keeps memory bounded for a client that stops reading, then disconnects it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const r = make(5_000);
    const sid = await open(r, 'X:wave');
    await r.send((w) => m.writeEventAdd(w, DbrType.LONG, 0, sid, 8, Dbe.VALUE));
    r.transport.stalled = true;
    r.transport.writableLength = 2 * 1024 * 1024;
    for (let i = 0; i < 10_000; i++) r.pvs.get('X:wave')!.set([i, i, i]);
    await tick();
    // Nothing more was written while the socket was congested; the queue held at most 4.
    expect(r.transport.chunks.length).toBeLessThanOrEqual(3);
    expect(r.transport.closed).toBe(false);
    vi.advanceTimersByTime(5_001);
    expect(r.transport.closed).toBe(true);
  });

  it('keeps sending past 1 MiB to a socket that takes everything and never emits drain (loopback)', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    const n = 30_000; // 30,000 initial TIME_DOUBLE updates: 1.2 MB
    const first = await r.send((w) => {
      for (let i = 0; i < n; i++) m.writeEventAdd(w, DbrType.TIME_DOUBLE, 1, sid, 1000 + i, Dbe.VALUE);
    });
    let received = first.filter((x) => x.command === Command.EVENT_ADD).length;
    for (let turn = 0; turn < 50 && received < n; turn++) {
      received += r.replies().filter((x) => x.command === Command.EVENT_ADD).length;
      await tick();
    }
    expect(received).toBe(n);
    expect(Math.max(...r.transport.chunks.map((c) => c.length))).toBeLessThanOrEqual(64 * 1024 + 64);
  });

  it('delivers the newest value once a congested socket drains', async () => {
    const r = make();
    const sid = await open(r, 'X:double');
    await r.send((w) => m.writeEventAdd(w, DbrType.DOUBLE, 1, sid, 8, Dbe.VALUE));
    r.transport.writableLength = 2 * 1024 * 1024;
    for (let i = 0; i < 100; i++) r.pvs.get('X:double')!.set(i);
    await tick();
    expect(r.replies()).toHaveLength(0);
    r.transport.writableLength = 0;
    r.circuit.onDrain();
    await tick();
    const values = r.replies().map((x) => x.payload.readDoubleBE(0));
    expect(values.length).toBeLessThanOrEqual(4);
    expect(values.at(-1)).toBe(99);
  });
});
