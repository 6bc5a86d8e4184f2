/**
 * The circuit hands its reply batches to the socket without copying them and reuses their memory
 * once Node says they were sent. A client that stops reading while megabytes of replies queue up
 * in Node, then reads them all, must get every reply intact and in order: real records (ao,
 * stringout), a real socket, checked byte by byte.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command } from '../../../src/ca/protocol/constants.js';
import { DbrType } from '../../../src/ca/protocol/dbr/types.js';
import { Eca } from '../../../src/ca/protocol/eca.js';
import * as m from '../../../src/ca/protocol/messages.js';
import { waitFor } from '../../../../../test/helpers/ca-client.js';
import { serveDbForFile } from './db-runtime.js';
import { openRawChannels } from './raw-channels.js';

const RECORDS = 50;
const DB = Array.from({ length: RECORDS }, (_, i) => `record(ao, "RB:ao${i}") { field(VAL, "${i + 0.25}") }\nrecord(stringout, "RB:so${i}") { field(VAL, "text ${i}") }\n`).join('');

const served = serveDbForFile(DB);

/** The server's end of the test's connection (same process): its bytes queued in Node. */
function serverSideQueued(clientPort: number): number {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const side = handles.find((h): h is net.Socket => h instanceof net.Socket && h.localPort === served.port && h.remotePort === clientPort);
  return side?.writableLength ?? 0;
}

describe('reply batches reused after the socket sent them', () => {
  it('a client that stops reading under 300,000 pipelined gets still gets every reply intact, in order', async () => {
    const names = Array.from({ length: RECORDS }, (_, i) => [`RB:ao${i}`, `RB:so${i}`]).flat();
    const { socket, messages, sids } = await openRawChannels(served.port, names);

    // Stop reading: the server's replies fill the kernel's buffers, then queue in Node.
    socket.pause();
    const GETS = 300_000;
    for (let at = 0; at < GETS; at += 10_000) {
      const batch = new ByteWriter();
      for (let ioid = at; ioid < at + 10_000; ioid++) {
        const channel = ioid % names.length;
        // Even channels are the ao records (DOUBLE), odd ones the stringouts (STRING).
        m.writeReadNotify(batch, channel % 2 === 0 ? DbrType.DOUBLE : DbrType.STRING, 1, sids[channel]!, ioid);
      }
      socket.write(batch.take());
    }
    // Once the kernel's buffers are full, the server's replies queue in Node: batches it lent
    // are still unsent while it writes the next ones. That is the case under test.
    await waitFor(() => serverSideQueued(socket.localPort!) > 1024 * 1024, 60_000, 'replies queued in the server');
    socket.resume();
    await waitFor(() => messages.length >= GETS, 60_000, 'all replies');
    socket.destroy();

    expect(messages.length).toBe(GETS);
    let bad = 0;
    messages.forEach((x, ioid) => {
      const channel = ioid % names.length;
      const record = channel >> 1;
      const ok =
        x.command === Command.READ_NOTIFY &&
        x.parameter1 === Eca.NORMAL &&
        x.parameter2 === ioid &&
        (channel % 2 === 0 ? x.payload.readDoubleBE(0) === record + 0.25 : x.payload.toString('latin1', 0, x.payload.indexOf(0)) === `text ${record}`);
      if (!ok) bad++;
    });
    expect(bad).toBe(0);
  });
});
