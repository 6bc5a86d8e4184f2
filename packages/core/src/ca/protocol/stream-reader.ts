import { EXTENDED_HEADER_SIZE, HEADER_SIZE } from './constants.js';
import type { CaHeader } from './header.js';

/** One complete message. `payload` and `raw` are views valid until the next push(). */
export interface CaMessage extends CaHeader {
  payload: Buffer;
  /** The header bytes as received (16 or 24), echoed back in CA ERROR messages. */
  rawHeader: Buffer;
}

/** What the reader yields: a message, or a framing problem the circuit must act on. */
export type ReadResult =
  | { kind: 'message'; message: CaMessage }
  /** Payload larger than the limit: its bytes are being drained; answer ECA_TOLARGE. */
  | { kind: 'oversize'; header: CaHeader; rawHeader: Buffer }
  /** A payload size that is not a multiple of 8: rsrv rejects the circuit. */
  | { kind: 'misaligned'; header: CaHeader; rawHeader: Buffer };

export interface StreamReaderOptions {
  /** Largest payload accepted (EPICS_CA_MAX_ARRAY_BYTES plus room for a DBR struct). */
  maxPayload: number;
  /** Whether the peer may send extended headers (it announced minor version >= 9). */
  extendedAllowed?: () => boolean;
  /** rsrv rejects misaligned TCP messages; UDP parsing is lenient. */
  requireAlignment?: boolean;
}

/**
 * Splits a TCP byte stream into CA messages, in one pass over each received chunk. Bytes are
 * only copied when a message straddles two chunks; an oversized message is never buffered,
 * its payload is skipped as it arrives.
 */
export class CaStreamReader {
  /** Chunks of an incomplete message, joined only once it is complete (no quadratic copying). */
  private pendingChunks: Buffer[] = [];
  private pendingLength = 0;
  /** Bytes the incomplete message needs in total (header first, then header + payload). */
  private pendingNeed = 0;
  private drainRemaining = 0;
  private readonly maxPayload: number;
  private readonly extendedAllowed: () => boolean;
  private readonly requireAlignment: boolean;

  constructor(options: StreamReaderOptions) {
    this.maxPayload = options.maxPayload;
    this.extendedAllowed = options.extendedAllowed ?? (() => true);
    this.requireAlignment = options.requireAlignment ?? true;
  }

  /** Bytes held while waiting for the rest of a message. */
  get bufferedBytes(): number {
    return this.pendingLength;
  }

  /**
   * Feeds a chunk and calls `onResult` for every complete message or framing event in it.
   * Stops early (keeping nothing) when `onResult` returns false, e.g. after a fatal error.
   */
  push(chunk: Buffer, onResult: (r: ReadResult) => boolean | void): void {
    let buf: Buffer;
    if (this.drainRemaining > 0) {
      const skip = Math.min(this.drainRemaining, chunk.length);
      this.drainRemaining -= skip;
      if (skip === chunk.length) return;
      chunk = chunk.subarray(skip);
    }
    if (this.pendingLength > 0) {
      if (this.pendingLength + chunk.length < this.pendingNeed) {
        this.pendingChunks.push(chunk);
        this.pendingLength += chunk.length;
        return;
      }
      this.pendingChunks.push(chunk);
      buf = Buffer.concat(this.pendingChunks, this.pendingLength + chunk.length);
      this.pendingChunks = [];
      this.pendingLength = 0;
    } else {
      buf = chunk;
    }

    let at = 0;
    const end = buf.length;
    let need = HEADER_SIZE;
    while (end - at >= HEADER_SIZE) {
      const command = buf.readUInt16BE(at);
      let payloadSize = buf.readUInt16BE(at + 2);
      const dataType = buf.readUInt16BE(at + 4);
      let dataCount = buf.readUInt16BE(at + 6);
      const parameter1 = buf.readUInt32BE(at + 8);
      const parameter2 = buf.readUInt32BE(at + 12);
      let headerSize = HEADER_SIZE;
      if (payloadSize === 0xffff && this.extendedAllowed()) {
        if (end - at < EXTENDED_HEADER_SIZE) {
          need = EXTENDED_HEADER_SIZE;
          break;
        }
        payloadSize = buf.readUInt32BE(at + 16);
        dataCount = buf.readUInt32BE(at + 20);
        headerSize = EXTENDED_HEADER_SIZE;
      }
      const header: CaHeader = { command, payloadSize, dataType, dataCount, parameter1, parameter2 };
      const rawHeader = buf.subarray(at, at + headerSize);
      if (this.requireAlignment && (payloadSize & 7) !== 0) {
        onResult({ kind: 'misaligned', header, rawHeader });
        return;
      }
      if (payloadSize > this.maxPayload) {
        const available = end - at - headerSize;
        if (available >= payloadSize) {
          at += headerSize + payloadSize;
        } else {
          this.drainRemaining = payloadSize - available;
          at = end;
        }
        if (onResult({ kind: 'oversize', header, rawHeader: Buffer.from(rawHeader) }) === false) return;
        continue;
      }
      const total = headerSize + payloadSize;
      if (end - at < total) {
        need = total;
        break;
      }
      const message = header as CaMessage;
      message.payload = buf.subarray(at + headerSize, at + total);
      message.rawHeader = rawHeader;
      at += total;
      if (onResult({ kind: 'message', message }) === false) return;
    }
    if (at < end) {
      // Keep an independent copy only of the unparsed tail.
      const tail = Buffer.from(buf.subarray(at));
      this.pendingChunks = [tail];
      this.pendingLength = tail.length;
      this.pendingNeed = need;
    }
  }
}

/**
 * Parses the messages of one UDP datagram (never extended, lenient about alignment, as rsrv
 * is). A truncated trailing message is ignored.
 */
export function parseDatagram(buf: Buffer, onMessage: (m: CaMessage) => void): void {
  let at = 0;
  while (buf.length - at >= HEADER_SIZE) {
    const payloadSize = buf.readUInt16BE(at + 2);
    const total = HEADER_SIZE + payloadSize;
    if (buf.length - at < total) return;
    onMessage({
      command: buf.readUInt16BE(at),
      payloadSize,
      dataType: buf.readUInt16BE(at + 4),
      dataCount: buf.readUInt16BE(at + 6),
      parameter1: buf.readUInt32BE(at + 8),
      parameter2: buf.readUInt32BE(at + 12),
      payload: buf.subarray(at + HEADER_SIZE, at + total),
      rawHeader: buf.subarray(at, at + HEADER_SIZE),
    });
    at += total;
  }
}

/** Reads a NUL-terminated Latin-1 string from a payload (the whole payload if no NUL). */
export function readCString(payload: Buffer): string {
  const nul = payload.indexOf(0);
  return payload.toString('latin1', 0, nul === -1 ? payload.length : nul);
}
