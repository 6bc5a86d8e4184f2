/**
 * A circuit fills one snapshot for all its gets (CaPv.readInto) and encodes each at once. Gets of
 * every kind of record and field, in every DBR family, sent in one batch so that each reply is
 * filled over the one before: each must be byte for byte what the PV's own read() encodes to,
 * with no value, alarm, time stamp or metadata left over from the reply before it.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command } from '../../../src/ca/protocol/constants.js';
import { dbrPayloadSize, encodeDbr } from '../../../src/ca/protocol/dbr/index.js';
import { dbGetView } from '../../../src/ca/protocol/dbr/db-get-rules.js';
import { DbrType } from '../../../src/ca/protocol/dbr/types.js';
import { Eca } from '../../../src/ca/protocol/eca.js';
import * as m from '../../../src/ca/protocol/messages.js';
import { ReplySnapshot } from '../../../src/ca/server/reply-snapshot.js';
import { waitFor } from '../../../../../test/helpers/ca-client.js';
import { serveDbForFile } from './db-runtime.js';
import { openRawChannels } from './raw-channels.js';

const DB = `
record(ao, "RS:ao") { field(VAL, "7.125") field(PREC, "3") field(EGU, "mm") field(HOPR, "10") field(LOPR, "-10") field(HIHI, "5") field(HHSV, "MAJOR") }
record(ao, "RS:ao2") { field(VAL, "-2.5") field(PREC, "1") field(EGU, "V") field(DRVH, "4") field(DRVL, "-4") }
record(longin, "RS:li") { field(VAL, "-123456") field(EGU, "counts") field(LOW, "0") field(LSV, "MINOR") }
record(bi, "RS:bi") { field(VAL, "1") field(ZNAM, "Off") field(ONAM, "On") field(OSV, "MAJOR") }
record(mbbi, "RS:mbbi") { field(VAL, "2") field(ZRST, "zero") field(ONST, "one") field(TWST, "two") }
record(stringin, "RS:si") { field(VAL, "some text") }
record(waveform, "RS:wf") { field(FTVL, "SHORT") field(NELM, "4") }
record(calc, "RS:calc") { field(CALC, "A*2") field(A, "21") field(PREC, "2") }
`;
const CHANNELS = ['RS:ao', 'RS:ao2', 'RS:li', 'RS:bi', 'RS:mbbi', 'RS:si', 'RS:wf', 'RS:calc', 'RS:ao.EGU', 'RS:ao.PREC', 'RS:ao.HIHI', 'RS:li.SEVR', 'RS:si.NAME$', 'RS:bi.ONAM'];
const TYPES = [
  DbrType.STRING,
  DbrType.SHORT,
  DbrType.FLOAT,
  DbrType.ENUM,
  DbrType.CHAR,
  DbrType.LONG,
  DbrType.DOUBLE,
  DbrType.STS_STRING,
  DbrType.STS_DOUBLE,
  DbrType.TIME_STRING,
  DbrType.TIME_LONG,
  DbrType.TIME_DOUBLE,
  DbrType.GR_SHORT,
  DbrType.GR_DOUBLE,
  DbrType.CTRL_STRING,
  DbrType.CTRL_ENUM,
  DbrType.CTRL_LONG,
  DbrType.CTRL_DOUBLE,
  DbrType.STSACK_STRING,
  DbrType.CLASS_NAME,
];

const served = serveDbForFile(DB);

describe('gets filled into the circuit’s one reply snapshot', () => {
  it('every reply of a pipelined batch over many records, fields and DBR types is what read() encodes to', async () => {
    // Records processed once, so that each has its own alarm and time stamp.
    served.runtime.db.get('RS:calc')!.process();
    served.runtime.db.get('RS:ao')!.process();
    served.runtime.db.get('RS:li')!.process();
    served.runtime.db.get('RS:bi')!.process();

    const { socket, messages, sids } = await openRawChannels(served.port, CHANNELS);

    // Two rounds, the channels in a different order in each, all in one write.
    const gets: { channel: number; type: DbrType }[] = [];
    for (const order of [CHANNELS.map((_, i) => i), CHANNELS.map((_, i) => CHANNELS.length - 1 - i)]) {
      for (const type of TYPES) for (const channel of order) gets.push({ channel, type });
    }
    const batch = new ByteWriter();
    gets.forEach((g, ioid) => m.writeReadNotify(batch, g.type, 0, sids[g.channel]!, ioid));
    socket.write(batch.take());
    await waitFor(() => messages.length >= gets.length, 30_000, 'all replies');
    socket.destroy();

    let compared = 0;
    const mismatches: string[] = [];
    messages.forEach((reply, ioid) => {
      const { channel, type } = gets[ioid]!;
      const pv = served.runtime.db.open(CHANNELS[channel]!)!;
      let snapshot = pv.read();
      let count = snapshot.value.length;
      if (snapshot.dbGetRule !== undefined) {
        // dbGet's own rules (a string field as chars here): what the server sends of read().
        const view = dbGetView(snapshot, type, 0, pv.nativeCount)!;
        snapshot = view.snapshot;
        count = view.count;
      }
      const expected = Buffer.alloc(dbrPayloadSize(type, count));
      const status = encodeDbr(expected, 0, type, snapshot, count);
      expect(reply.command).toBe(Command.READ_NOTIFY);
      expect(reply.parameter2).toBe(ioid);
      if (status !== Eca.NORMAL) {
        // A conversion EPICS refuses (text to a number): the same refusal, zero-filled.
        if (reply.parameter1 !== status) mismatches.push(`${CHANNELS[channel]} type ${type}: status ${reply.parameter1}, read() ${status}`);
        return;
      }
      compared++;
      const got = reply.payload.subarray(0, expected.length);
      if (reply.parameter1 !== Eca.NORMAL || reply.dataCount !== count || !got.equals(expected)) {
        mismatches.push(`${CHANNELS[channel]} type ${type}: ${got.toString('hex')} != ${expected.toString('hex')}`);
      }
    });
    expect(mismatches).toEqual([]);
    // Text fields asked for as numbers are refused (as rsrv refuses them); the rest compared.
    expect(compared).toBeGreaterThan(gets.length * 0.8);
  });

  it('fills the one snapshot for scalars and leaves a record’s kept snapshot alone', () => {
    const into = new ReplySnapshot();
    const ao = served.runtime.db.open('RS:ao')!;
    const si = served.runtime.db.open('RS:si')!;
    const filled = ao.readInto!(into);
    expect(filled).toBe(into);
    expect(Array.from(filled.value as Float64Array)).toEqual([7.125]);
    expect(filled.meta.units).toBe('mm');
    expect(si.readInto!(into)).toBe(into);
    expect(into.value).toEqual(['some text']);
    expect(into.meta.units).toBe('');
    // A char array (NAME$) is read as before.
    expect(served.runtime.db.open('RS:si.NAME$')!.readInto!(into)).not.toBe(into);
    // A record's own snapshot (links, the model) is never the reply's.
    const kept = served.runtime.db.get('RS:ao')!.snapshot('VAL');
    const keptAgain = served.runtime.db.get('RS:ao')!.snapshot('VAL');
    ao.readInto!(into);
    expect(ao.readInto!(into)).toBe(keptAgain);
    expect(kept.value).not.toBe(into.value);
  });
});
