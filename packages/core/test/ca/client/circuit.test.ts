import { describe, expect, it, vi } from 'vitest';
import { ClientCircuit, type CircuitChannel, type IoHandler } from '../../../src/ca/client/circuit.js';
import { encodePut } from '../../../src/ca/client/put-value.js';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command, Eca } from '../../../src/ca/protocol/index.js';
import * as msg from '../../../src/ca/protocol/messages.js';
import { type CaMessage, CaStreamReader, readCString } from '../../../src/ca/protocol/stream-reader.js';
import { encodeDbr } from '../../../src/ca/protocol/dbr/encode.js';
import { DbrType, NativeType, emptyMetadata } from '../../../src/ca/protocol/dbr/types.js';
import { getLogger } from '../../../src/log/index.js';

/** A circuit wired to a fake transport; `sent()` parses what it wrote since the last call. */
function setup() {
  const chunks: Buffer[] = [];
  const transport = { write: (d: Buffer) => chunks.push(Buffer.from(d)), close: vi.fn() };
  const lost = vi.fn();
  const circuit = new ClientCircuit(transport, {
    server: '127.0.0.1:5064', priority: 0, userName: 'me', hostName: 'here', maxPayload: 1 << 24, log: getLogger('test'), onLost: lost,
  });
  const sent = (): CaMessage[] => {
    circuit.flush();
    const out: CaMessage[] = [];
    const reader = new CaStreamReader({ maxPayload: 1 << 24 });
    for (const c of chunks.splice(0)) reader.push(c, (r) => void (r.kind === 'message' && out.push({ ...r.message, payload: Buffer.from(r.message.payload) })));
    return out;
  };
  const server = (fill: (w: ByteWriter) => void): void => {
    const w = new ByteWriter();
    fill(w);
    circuit.receive(w.take());
  };
  return { circuit, sent, server, transport, lost };
}

const channel = (cid: number, name: string): CircuitChannel & { events: string[] } => {
  const events: string[] = [];
  return {
    cid, name, events,
    onCreated: (_c, sid, type, count) => void events.push(`created sid=${sid} type=${type} count=${count}`),
    onAccessRights: (r) => void events.push(`rights=${r}`),
    onCreateFailed: (reason) => void events.push(`failed ${reason}`),
    onServerDisconnect: () => void events.push('server disconnect'),
    onCircuitLost: (e) => void events.push(`lost ${e.message}`),
  };
};

describe('ClientCircuit against a fake transport', () => {
  it('opens with VERSION, CLIENT_NAME, HOST_NAME, then CREATE_CHAN', () => {
    const { circuit, sent } = setup();
    circuit.createChannel(channel(5, 'PV:A'));
    const m = sent();
    expect(m.map((x) => x.command)).toEqual([Command.VERSION, Command.CLIENT_NAME, Command.HOST_NAME, Command.CREATE_CHAN]);
    expect(m[0]).toMatchObject({ dataType: 0, dataCount: 13 });
    expect(readCString(m[1].payload)).toBe('me');
    expect(readCString(m[2].payload)).toBe('here');
    expect(m[3]).toMatchObject({ parameter1: 5, parameter2: 13 });
    expect(readCString(m[3].payload)).toBe('PV:A');
  });

  it('routes ACCESS_RIGHTS, CREATE_CHAN, SERVER_DISCONN and CREATE_CH_FAIL to the channels', () => {
    const { circuit, server } = setup();
    const a = channel(1, 'A');
    const b = channel(2, 'B');
    circuit.createChannel(a);
    circuit.createChannel(b);
    server((w) => {
      msg.writeServerVersion(w);
      msg.writeAccessRights(w, 1, 3);
      msg.writeCreateChanReply(w, NativeType.DOUBLE, 1, 1, 77);
      msg.writeCreateChFail(w, 2);
      msg.writeServerDisconn(w, 1);
    });
    expect(a.events).toEqual(['rights=3', 'created sid=77 type=6 count=1', 'server disconnect']);
    expect(b.events[0]).toMatch(/^failed/);
    expect(circuit.serverMinor).toBe(13);
    expect(circuit.channelCount).toBe(0);
  });

  it('matches READ_NOTIFY replies by ioid, including a 1,000,000-element extended-header reply', () => {
    const { circuit, sent, server } = setup();
    const replies: CaMessage[] = [];
    const h = (): IoHandler => ({ reply: (m) => void replies.push({ ...m, payload: Buffer.from(m.payload) }), fail: () => {} });
    const io1 = circuit.read(9, DbrType.DOUBLE, 1_000_000, h());
    const io2 = circuit.read(9, DbrType.TIME_DOUBLE, 1, h());
    const reqs = sent().filter((m) => m.command === Command.READ_NOTIFY);
    expect(reqs.map((r) => r.parameter2)).toEqual([io1, io2]);
    expect(reqs[0].dataCount).toBe(1_000_000); // extended header on the request too
    const snap = { nativeType: NativeType.DOUBLE, value: new Float64Array(1_000_000).fill(2), alarm: { status: 0, severity: 0 }, timestamp: { secPastEpoch: 1, nsec: 2 }, meta: emptyMetadata() };
    server((w) => {
      w.message(Command.READ_NOTIFY, 16 + 8, DbrType.TIME_DOUBLE, 1, Eca.NORMAL, io2, (buf, at) => void encodeDbr(buf, at, DbrType.TIME_DOUBLE, snap, 1));
      w.message(Command.READ_NOTIFY, 8_000_000, DbrType.DOUBLE, 1_000_000, Eca.NORMAL, io1, (buf, at) => void encodeDbr(buf, at, DbrType.DOUBLE, snap, 1_000_000));
    });
    expect(replies.map((r) => r.parameter2)).toEqual([io2, io1]);
    expect(replies[1].dataCount).toBe(1_000_000);
    expect(replies[1].payload.length).toBe(8_000_000);
    expect(circuit.pendingIoCount).toBe(0);
  });

  it('fails a reply larger than EPICS_CA_MAX_ARRAY_BYTES with ECA_TOLARGE, and stays usable', () => {
    const chunks: Buffer[] = [];
    const circuit = new ClientCircuit({ write: (d) => chunks.push(d), close: () => {} }, {
      server: 's', priority: 0, userName: 'u', hostName: 'h', maxPayload: 1024, log: getLogger('test'),
    });
    const errors: Error[] = [];
    const ok: number[] = [];
    const big = circuit.read(1, DbrType.DOUBLE, 1000, { reply: () => {}, fail: (e) => void errors.push(e) });
    const small = circuit.read(1, DbrType.DOUBLE, 1, { reply: (m) => void ok.push(m.payload.readDoubleBE(0)), fail: () => {} });
    const w = new ByteWriter();
    w.message(Command.READ_NOTIFY, 8000, DbrType.DOUBLE, 1000, Eca.NORMAL, big, (b, at) => void b.fill(0, at, at + 8000));
    w.message(Command.READ_NOTIFY, 8, DbrType.DOUBLE, 1, Eca.NORMAL, small, (b, at) => void b.writeDoubleBE(4.5, at));
    circuit.receive(w.take());
    expect(errors[0]).toMatchObject({ eca: Eca.TOLARGE });
    expect(ok).toEqual([4.5]);
  });

  it('fails a request answered by a CA ERROR carrying its header', () => {
    const { circuit, sent, server } = setup();
    const errors: Error[] = [];
    const put = encodePut(1.5, NativeType.DOUBLE, 1);
    const ioid = circuit.write(3, put, { reply: () => {}, fail: (e) => void errors.push(e) });
    const req = sent().find((m) => m.command === Command.WRITE_NOTIFY)!;
    server((w) => msg.writeError(w, 1, Eca.PUTFAIL, req.rawHeader, 'CAS: refused'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ eca: Eca.PUTFAIL });
    expect(errors[0].message).toMatch(/refused/);
    void ioid;
  });

  it('delivers subscription updates until unsubscribed, then sends EVENT_CANCEL and ignores its confirmation', () => {
    const { circuit, sent, server } = setup();
    const values: number[] = [];
    const subid = circuit.subscribe(4, DbrType.DOUBLE, 1, 5, { update: (m) => void values.push(m.payload.readDoubleBE(0)), fail: () => {} });
    const add = sent().find((m) => m.command === Command.EVENT_ADD)!;
    expect(add).toMatchObject({ parameter1: 4, parameter2: subid, payloadSize: 16 });
    expect(add.payload.readUInt16BE(12)).toBe(5);
    const update = (v: number) => (w: ByteWriter) => w.message(Command.EVENT_ADD, 8, DbrType.DOUBLE, 1, Eca.NORMAL, subid, (b, at) => void b.writeDoubleBE(v, at));
    server(update(1));
    server(update(2));
    circuit.unsubscribe(subid);
    expect(sent().find((m) => m.command === Command.EVENT_CANCEL)).toMatchObject({ parameter1: 4, parameter2: subid });
    server(update(3));
    server((w) => msg.writeEventCancelReply(w, DbrType.DOUBLE, 1, 4, subid));
    expect(values).toEqual([1, 2]);
  });

  it('on loss fails every outstanding request, tells every channel, and calls onLost once', () => {
    const { circuit, lost } = setup();
    const ch = channel(1, 'A');
    circuit.createChannel(ch);
    const failed: Error[] = [];
    circuit.read(1, 6, 1, { reply: () => {}, fail: (e) => void failed.push(e) });
    circuit.lost(new Error('gone'));
    circuit.lost(new Error('again'));
    expect(failed.map((e) => e.message)).toEqual(['gone']);
    expect(ch.events).toEqual(['lost gone']);
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('sends ECHO on demand and notes any reply as liveness', () => {
    const { circuit, sent, server } = setup();
    sent();
    circuit.echo();
    expect(circuit.echoPending).toBe(true);
    expect(sent().map((m) => m.command)).toEqual([Command.ECHO]);
    server((w) => msg.writeEcho(w));
    expect(circuit.echoPending).toBe(false);
  });

  it('refuses extended-header sizes toward a server older than CA 4.9', () => {
    const { circuit, server } = setup();
    server((w) => w.header(Command.VERSION, 0, 8, 0, 0));
    expect(circuit.canSend(100, 10)).toBe(true);
    expect(circuit.canSend(0x10000, 10)).toBe(false);
    expect(circuit.canSend(8, 0x10000)).toBe(false);
  });
});
