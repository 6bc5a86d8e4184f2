/**
 * Answers UDP name searches: a pure function from one received datagram to the reply
 * datagrams, so that it can be tested byte for byte and fuzzed without sockets.
 */
import { ByteWriter } from '../protocol/byte-writer.js';
import { Command, MAX_NAME_LENGTH } from '../protocol/constants.js';
import { writeSearchReply, writeSearchReplyVersion } from '../protocol/messages.js';
import { parseDatagram } from '../protocol/stream-reader.js';

/** libca's search datagrams, and our replies, stay within one Ethernet frame. */
const MAX_REPLY_DATAGRAM = 1472;
const REPLY_SIZE = 24;

/** Whether a name is served (the server's ProviderHost: an object, so that the call is to one method). */
export interface ServedNames {
  has(name: string): boolean;
}

export interface SearchStats {
  searched: number;
  found: number;
}

/**
 * A received datagram as the server reads it: a view (no copy) of dgram's Buffer with the class
 * of the Buffers TCP reads give. dgram makes its Buffers in C++, with another hidden class: the
 * same decoding functions, compiled for one, were thrown away ("wrong map") at the first of the
 * other. The server and the warm-up's searches both go through here, so that this code, too,
 * is compiled before a client's first search (it deoptimized there: "insufficient type
 * feedback" in Buffer.from).
 */
export function datagramView(received: Buffer): Buffer {
  return Buffer.from(received.buffer, received.byteOffset, received.length);
}

/**
 * Returns the reply datagrams for a search datagram: a VERSION echoing the request's sequence
 * number, then one SEARCH reply per name this server has. Misses get no reply (never over
 * UDP, even with DO_REPLY). Requests from clients older than 4.4 are ignored, as rsrv does.
 */
export function answerSearchDatagram(
  datagram: Buffer,
  names: ServedNames,
  tcpPort: number,
  stats?: SearchStats,
): Buffer[] {
  let sequence = 0;
  let clientMinor = 13;
  let writer: ByteWriter | undefined;
  const out: Buffer[] = [];
  parseDatagram(datagram, (m) => {
    if (m.command === Command.VERSION) {
      sequence = m.parameter1;
      clientMinor = m.dataCount;
      return;
    }
    if (m.command !== Command.SEARCH) return;
    if (stats) stats.searched++;
    // A SEARCH carries the client's minor version in its count as well.
    const minor = m.dataCount !== 0 ? m.dataCount : clientMinor;
    if (minor < 4) return;
    const name = m.payloadCString();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH || !names.has(name)) return;
    if (stats) stats.found++;
    if (writer !== undefined && writer.length + REPLY_SIZE > MAX_REPLY_DATAGRAM) {
      out.push(writer.take());
      writer = undefined;
    }
    if (writer === undefined) {
      writer = new ByteWriter(MAX_REPLY_DATAGRAM);
      // Clients before 4.11 do not expect the leading VERSION.
      if (minor >= 11) writeSearchReplyVersion(writer, sequence);
    }
    writeSearchReply(writer, tcpPort, m.parameter1);
  });
  if (writer !== undefined) out.push(writer.take());
  return out;
}
