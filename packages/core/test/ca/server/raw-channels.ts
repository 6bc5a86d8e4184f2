/**
 * A raw CA client for the socket tests: connects to a served port, creates channels to the
 * names given, and collects every message the server sends, in order (payloads copied).
 */
import net from 'node:net';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command } from '../../../src/ca/protocol/constants.js';
import * as m from '../../../src/ca/protocol/messages.js';
import { type CaMessage, CaStreamReader } from '../../../src/ca/protocol/stream-reader.js';
import { waitFor } from '../../../../../test/helpers/ca-client.js';

export interface RawChannels {
  readonly socket: net.Socket;
  /** Every message received since the channels were made (the test may empty it). */
  readonly messages: CaMessage[];
  /** The server's sid for each name, by the name's index. */
  readonly sids: number[];
}

export async function openRawChannels(port: number, names: readonly string[]): Promise<RawChannels> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const messages: CaMessage[] = [];
  const reader = new CaStreamReader({ maxPayload: 1 << 20 });
  socket.on('data', (c) => reader.push(c, (r) => void (r.kind === 'message' && messages.push({ ...r.message, payload: Buffer.from(r.message.payload) }))));
  const w = new ByteWriter();
  m.writeClientVersion(w);
  names.forEach((n, i) => m.writeCreateChan(w, n, i + 1));
  socket.write(w.take());
  const created = (): CaMessage[] => messages.filter((x) => x.command === Command.CREATE_CHAN);
  await waitFor(() => created().length === names.length, 60_000, 'channels');
  const sidOf = new Map(created().map((x) => [x.parameter1 - 1, x.parameter2]));
  const sids = names.map((_, i) => sidOf.get(i)!);
  messages.length = 0;
  return { socket, messages, sids };
}
