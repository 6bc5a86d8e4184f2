/**
 * The UDP messages of pvAccess: SEARCH (requests in), SEARCH_RESPONSE and BEACON (out).
 * Pure: bytes in, a decoded search or reply bytes out. Replies are big-endian, as pvxs sends.
 */
import { PvaReader, PvaWriter } from './buffer.js';
import { PvaCommand, PvaFlag, PvaSearchFlag, PVA_HEADER_SIZE, PVA_MAGIC } from './constants.js';
import { PvaDecodeError } from './errors.js';
import { beginMessage, endMessage } from './framing.js';

export interface SearchRequest {
  sequence: number;
  flags: number;
  mustReply: boolean;
  /** Where to reply: the address in the message, or undefined for "the sender". */
  replyAddress: string | undefined;
  replyPort: number;
  protocols: string[];
  channels: { cid: number; name: string }[];
}

/** Reads a 16-byte IPv6 or IPv4-mapped address; undefined for "any". */
export function readAddress(r: PvaReader): string | undefined {
  const b = r.raw(16);
  const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  if (mapped) {
    const ip = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    return ip === '0.0.0.0' ? undefined : ip;
  }
  if (b.every((x) => x === 0)) return undefined;
  return undefined; // IPv6 replies are not supported: answer the sender
}

export function writeAddress(w: PvaWriter, ipv4: string | undefined): void {
  for (let i = 0; i < 10; i++) w.u8(0);
  w.u8(0xff).u8(0xff);
  const parts = (ipv4 ?? '0.0.0.0').split('.').map(Number);
  for (let i = 0; i < 4; i++) w.u8(parts[i] ?? 0);
}

/** Reads one SEARCH payload (after its header). */
export function readSearch(r: PvaReader): SearchRequest {
  const sequence = r.u32();
  const flags = r.u8();
  r.skip(3);
  const replyAddress = readAddress(r);
  const replyPort = r.u16();
  const nproto = r.count(1);
  const protocols: string[] = [];
  for (let i = 0; i < nproto; i++) protocols.push(r.string());
  const channels: { cid: number; name: string }[] = [];
  // A search without channels (a "ping", as pvxlist sends) may end here.
  const n = r.remaining >= 2 ? r.u16() : 0;
  for (let i = 0; i < n; i++) channels.push({ cid: r.u32(), name: r.string() });
  return { sequence, flags, mustReply: (flags & PvaSearchFlag.MUST_REPLY) !== 0, replyAddress, replyPort, protocols, channels };
}

/** Every application message in one datagram (a datagram may carry several). */
export function splitDatagram(datagram: Uint8Array): { command: number; reader: PvaReader }[] {
  const out: { command: number; reader: PvaReader }[] = [];
  let at = 0;
  while (datagram.length - at >= PVA_HEADER_SIZE) {
    if (datagram[at] !== PVA_MAGIC) throw new PvaDecodeError('bad magic');
    const flags = datagram[at + 2]!;
    const command = datagram[at + 3]!;
    const le = (flags & PvaFlag.BIG_ENDIAN) === 0;
    const size = new DataView(datagram.buffer, datagram.byteOffset + at + 4, 4).getUint32(0, le);
    if (flags & PvaFlag.CONTROL) {
      at += PVA_HEADER_SIZE;
      continue;
    }
    if (at + PVA_HEADER_SIZE + size > datagram.length) throw new PvaDecodeError('datagram truncated');
    out.push({ command, reader: new PvaReader(datagram.subarray(at + PVA_HEADER_SIZE, at + PVA_HEADER_SIZE + size), le) });
    at += PVA_HEADER_SIZE + size;
  }
  return out;
}

/** A SEARCH_RESPONSE: big-endian over UDP as pvxs sends it; little-endian over TCP (our connections' order). */
export function writeSearchResponse(guid: Uint8Array, sequence: number, tcpPort: number, found: boolean, cids: number[], littleEndian = false): Uint8Array {
  const w = new PvaWriter(littleEndian, 64 + cids.length * 4);
  const start = beginMessage(w, PvaCommand.SEARCH_RESPONSE, true);
  w.raw(guid);
  w.u32(sequence);
  writeAddress(w, undefined);
  w.u16(tcpPort);
  w.string('tcp');
  w.u8(found ? 1 : 0);
  w.u16(cids.length);
  for (const cid of cids) w.u32(cid);
  endMessage(w, start);
  return w.finish();
}

export function writeBeacon(guid: Uint8Array, sequence: number, changeCount: number, tcpPort: number): Uint8Array {
  const w = new PvaWriter(false, 64);
  const start = beginMessage(w, PvaCommand.BEACON, true);
  w.raw(guid);
  w.u8(0);
  w.u8(sequence & 0xff);
  w.u16(changeCount & 0xffff);
  writeAddress(w, undefined);
  w.u16(tcpPort);
  w.string('tcp');
  w.u8(0xff); // null serverStatus
  endMessage(w, start);
  return w.finish();
}
