/**
 * The requests of one circuit are carried out in order, as rsrv does: a READ_NOTIFY, an
 * EVENT_ADD or a WRITE sent right behind a WRITE_NOTIFY in the same TCP chunk to a record that
 * completes synchronously is answered after the write was applied, and sees it. Real records
 * (ao, longout, mbbo, stringout, waveform) served on a real socket, driven byte by byte.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command, Dbe } from '../../../src/ca/protocol/constants.js';
import { DbrType } from '../../../src/ca/protocol/dbr/types.js';
import { Eca } from '../../../src/ca/protocol/eca.js';
import * as m from '../../../src/ca/protocol/messages.js';
import { type CaMessage, CaStreamReader } from '../../../src/ca/protocol/stream-reader.js';
import { serveDbForFile } from './db-runtime.js';

const DB = `
record(ao, "O:ao") { field(PREC, "3") }
record(longout, "O:lo") {}
record(mbbo, "O:mbbo") { field(ZRST, "zero") field(ONST, "one") field(TWST, "two") }
record(stringout, "O:so") {}
record(waveform, "O:wf") { field(FTVL, "DOUBLE") field(NELM, "4") }
`;

const served = serveDbForFile(DB);

/** A raw client: sends what it is given in one write, collects every reply in order. */
async function connect(): Promise<{ messages: CaMessage[]; send(b: (w: ByteWriter) => void): void; waitFor(n: number): Promise<void>; close(): void }> {
  const socket = net.connect(served.port, '127.0.0.1');
  const messages: CaMessage[] = [];
  const reader = new CaStreamReader({ maxPayload: 1 << 20 });
  socket.on('data', (c) => reader.push(c, (r) => void (r.kind === 'message' && messages.push({ ...r.message, payload: Buffer.from(r.message.payload) }))));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return {
    messages,
    send(build) {
      const w = new ByteWriter();
      build(w);
      socket.write(w.take());
    },
    async waitFor(n) {
      for (let i = 0; i < 1000 && messages.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      if (messages.length < n) throw new Error(`${messages.length} of ${n} replies`);
    },
    close: () => socket.destroy(),
  };
}

/** Creates the channels on a fresh circuit; returns the client and the sid of each name. */
async function open(names: string[]) {
  const c = await connect();
  c.send((w) => {
    m.writeClientVersion(w);
    names.forEach((n, i) => m.writeCreateChan(w, n, i + 1));
  });
  // VERSION, then ACCESS_RIGHTS and CREATE_CHAN for each.
  await c.waitFor(1 + 2 * names.length);
  const sids = names.map((_, i) => c.messages.find((x) => x.command === Command.CREATE_CHAN && x.parameter1 === i + 1)!.parameter2);
  c.messages.length = 0;
  return { c, sids };
}

describe('requests of one circuit are handled in order', () => {
  it('a READ_NOTIFY right behind a WRITE_NOTIFY (same chunk) sees the write, 200 times on ao', async () => {
    const { c, sids } = await open(['O:ao']);
    for (let i = 0; i < 200; i++) {
      c.send((w) => {
        w.message(Command.WRITE_NOTIFY, 8, DbrType.DOUBLE, 1, sids[0]!, 1000 + i, (b, at) => b.writeDoubleBE(i + 0.5, at));
        m.writeReadNotify(w, DbrType.DOUBLE, 1, sids[0]!, 2000 + i);
      });
    }
    await c.waitFor(400);
    const byId = new Map(c.messages.map((x) => [x.parameter2, x]));
    for (let i = 0; i < 200; i++) {
      // Each put completed, and the read behind it saw its value. (rsrv sends put-callback
      // replies from its event task: their order relative to reads is not part of the contract.)
      expect(byId.get(1000 + i)).toMatchObject({ command: Command.WRITE_NOTIFY, parameter1: Eca.NORMAL });
      const read = byId.get(2000 + i)!;
      expect(read).toMatchObject({ command: Command.READ_NOTIFY, parameter1: Eca.NORMAL });
      expect(read.payload.readDoubleBE(0)).toBe(i + 0.5);
    }
    // The reads themselves are answered in request order.
    expect(c.messages.filter((x) => x.command === Command.READ_NOTIFY).map((x) => x.parameter2)).toEqual(Array.from({ length: 200 }, (_, i) => 2000 + i));
    c.close();
  });

  it('longout, mbbo, stringout and waveform: read, first monitor update and a second write each see the put-callback', async () => {
    const { c, sids } = await open(['O:lo', 'O:mbbo', 'O:so', 'O:wf']);
    const [lo, mbbo, so, wf] = sids as [number, number, number, number];
    c.send((w) => {
      w.message(Command.WRITE_NOTIFY, 4, DbrType.LONG, 1, lo, 1, (b, at) => b.writeInt32BE(-42, at));
      m.writeReadNotify(w, DbrType.LONG, 1, lo, 2);
      w.message(Command.WRITE_NOTIFY, 2, DbrType.ENUM, 1, mbbo, 3, (b, at) => b.writeUInt16BE(2, at));
      m.writeEventAdd(w, DbrType.STRING, 1, mbbo, 4, Dbe.VALUE);
      w.message(Command.WRITE_NOTIFY, 40, DbrType.STRING, 1, so, 5, (b, at) => b.write('first\0', at, 'latin1'));
      // A plain WRITE right behind it is applied after it: the last value wins.
      w.message(Command.WRITE, 40, DbrType.STRING, 1, so, 6, (b, at) => b.write('second\0', at, 'latin1'));
      m.writeReadNotify(w, DbrType.STRING, 1, so, 7);
      w.message(Command.WRITE_NOTIFY, 32, DbrType.DOUBLE, 4, wf, 8, (b, at) => [1.5, 2.5, 3.5, 4.5].forEach((v, k) => b.writeDoubleBE(v, at + 8 * k)));
      m.writeReadNotify(w, DbrType.DOUBLE, 4, wf, 9);
    });
    await c.waitFor(8);
    const byId = (cmd: number, id: number) => c.messages.find((x) => x.command === cmd && x.parameter2 === id)!;
    expect(byId(Command.READ_NOTIFY, 2).payload.readInt32BE(0)).toBe(-42);
    expect(byId(Command.EVENT_ADD, 4).payload.toString('latin1', 0, 3)).toBe('two');
    expect(byId(Command.READ_NOTIFY, 7).payload.toString('latin1', 0, 6)).toBe('second');
    const wave = byId(Command.READ_NOTIFY, 9).payload;
    expect([0, 1, 2, 3].map((k) => wave.readDoubleBE(8 * k))).toEqual([1.5, 2.5, 3.5, 4.5]);
    // The reads in request order (monitor updates, like rsrv's event task, follow the direct
    // replies); every put-callback completed.
    expect(c.messages.filter((x) => x.command === Command.READ_NOTIFY).map((x) => x.parameter2)).toEqual([2, 7, 9]);
    expect(c.messages.filter((x) => x.command === Command.WRITE_NOTIFY).map((x) => [x.parameter2, x.parameter1]).sort()).toEqual([[1, 1], [3, 1], [5, 1], [8, 1]]);
    c.close();
  });

  it('plain WRITEs of one element to several records in one chunk each store their own value', async () => {
    // The circuit decodes these into one reused array per type where the field copies the value
    // out (CaPv.copiesScalarWrites); a waveform keeps the array it is given, so it must get its own.
    expect(served.runtime.db.open('O:ao')?.copiesScalarWrites).toBe(true);
    expect(served.runtime.db.open('O:so')?.copiesScalarWrites).toBe(true);
    expect(served.runtime.db.open('O:wf')?.copiesScalarWrites).toBe(false);
    expect(served.runtime.db.open('O:so.VAL$')?.copiesScalarWrites).toBe(false);
    const { c, sids } = await open(['O:wf', 'O:ao', 'O:lo', 'O:so']);
    const [wf, ao, lo, so] = sids as [number, number, number, number];
    const double = (sid: number, v: number) => (w: ByteWriter) => w.message(Command.WRITE, 8, DbrType.DOUBLE, 1, sid, 0, (b, at) => b.writeDoubleBE(v, at));
    c.send((w) => {
      double(wf, 7.5)(w);
      double(ao, 1.25)(w);
      w.message(Command.WRITE, 4, DbrType.LONG, 1, lo, 0, (b, at) => b.writeInt32BE(9, at));
      double(ao, 2.5)(w);
      w.message(Command.WRITE, 40, DbrType.STRING, 1, so, 0, (b, at) => b.write('x1\0', at, 'latin1'));
      double(lo, 11)(w);
      w.message(Command.WRITE, 40, DbrType.STRING, 1, ao, 0, (b, at) => b.write('3.75\0', at, 'latin1'));
      m.writeReadNotify(w, DbrType.DOUBLE, 1, wf, 1);
      m.writeReadNotify(w, DbrType.DOUBLE, 1, ao, 2);
      m.writeReadNotify(w, DbrType.LONG, 1, lo, 3);
      m.writeReadNotify(w, DbrType.STRING, 1, so, 4);
    });
    await c.waitFor(4);
    const read = (id: number) => c.messages.find((x) => x.command === Command.READ_NOTIFY && x.parameter2 === id)!.payload;
    expect(read(1).readDoubleBE(0)).toBe(7.5);
    expect(read(2).readDoubleBE(0)).toBe(3.75);
    expect(read(3).readInt32BE(0)).toBe(11);
    expect(read(4).toString('latin1', 0, 3)).toBe('x1\0');
    expect(c.messages.filter((x) => x.command === Command.ERROR)).toEqual([]);
    c.close();
  });

  it('a refused plain WRITE is reported before the reply to the request behind it, as rsrv\'s write_action does', async () => {
    // caput's "New :" read then prints after libca's exception, as with softIoc.
    const { c, sids } = await open(['O:ao']);
    for (let i = 0; i < 20; i++) {
      c.send((w) => {
        w.message(Command.WRITE, 40, DbrType.STRING, 1, sids[0]!, 3000 + i, (b, at) => {
          b.fill(0, at, at + 40);
          b.write('On', at, 'latin1');
        });
        m.writeReadNotify(w, DbrType.DOUBLE, 1, sids[0]!, 4000 + i);
      });
    }
    await c.waitFor(40);
    const order = c.messages.map((x) => (x.command === Command.ERROR ? 'error' : x.command === Command.READ_NOTIFY ? 'read' : String(x.command)));
    expect(order).toEqual(Array.from({ length: 20 }, () => ['error', 'read']).flat());
    for (const e of c.messages.filter((x) => x.command === Command.ERROR)) expect(e.parameter2).toBe(Eca.PUTFAIL);
    c.close();
  });
});
