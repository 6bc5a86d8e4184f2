import { getU16, getU32 } from './bytes.js';
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

/**
 * Where CaStreamReader.read() delivers what it finds: the allocation-free alternative to
 * push()'s ReadResult objects, for the circuits' hot paths. A method returning false stops the
 * reader (keeping nothing), e.g. after a fatal error.
 */
export interface CaMessageSink {
  /** A complete message. The object and its views are only valid during the call. */
  message(m: CaMessageView): boolean | void;
  /** Payload larger than the limit: its bytes are being drained. `rawHeader` is a copy. */
  oversize(header: CaHeader, rawHeader: Buffer): boolean | void;
  /** A payload size that is not a multiple of 8; the reader stops after it. */
  misaligned(header: CaHeader, rawHeader: Buffer): void;
}

/**
 * One message as CaStreamReader.read() hands it over. The reader fills the same object for every
 * message (a fresh object per message, with two buffer views made whether or not they are used,
 * was a large part of the cost of a small request), so it is only valid during the sink call:
 * copy what must outlive it. `payload` and `rawHeader` are views made when asked for.
 */
export class CaMessageView implements CaMessage {
  command = 0;
  payloadSize = 0;
  dataType = 0;
  dataCount = 0;
  parameter1 = 0;
  parameter2 = 0;
  private buf: Buffer = Buffer.alloc(0);
  private at = 0;
  private headerSize = HEADER_SIZE;

  /** Points the view at the message whose header starts at `buf[at]` (called by the reader). */
  set(buf: Buffer, at: number, headerSize: number, command: number, payloadSize: number, dataType: number, dataCount: number, parameter1: number, parameter2: number): void {
    this.buf = buf;
    this.at = at;
    this.headerSize = headerSize;
    this.command = command;
    this.payloadSize = payloadSize;
    this.dataType = dataType;
    this.dataCount = dataCount;
    this.parameter1 = parameter1;
    this.parameter2 = parameter2;
  }

  get payload(): Buffer {
    const start = this.at + this.headerSize;
    return this.buf.subarray(start, start + this.payloadSize);
  }

  /** The received bytes the payload lies in, from payloadOffset on (no view made). */
  get bytes(): Buffer {
    return this.buf;
  }

  get payloadOffset(): number {
    return this.at + this.headerSize;
  }

  get rawHeader(): Buffer {
    return this.buf.subarray(this.at, this.at + this.headerSize);
  }

  /** readCString(payload) without making the view: the name in a SEARCH or CREATE_CHAN. */
  payloadCString(): string {
    return latin1CString(this.buf, this.at + this.headerSize, this.at + this.headerSize + this.payloadSize);
  }

  /** A standalone CaMessage with the same fields (its views still share the received bytes). */
  toMessage(): CaMessage {
    return {
      command: this.command,
      payloadSize: this.payloadSize,
      dataType: this.dataType,
      dataCount: this.dataCount,
      parameter1: this.parameter1,
      parameter2: this.parameter2,
      payload: this.payload,
      rawHeader: this.rawHeader,
    };
  }
}

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
  /** The one message object read() hands out. */
  private readonly view = new CaMessageView();

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
   * Each message is a new object of its own (see read() for the cheaper form).
   */
  push(chunk: Buffer, onResult: (r: ReadResult) => boolean | void): void {
    this.read(chunk, {
      message: (m) => onResult({ kind: 'message', message: m.toMessage() }),
      oversize: (header, rawHeader) => onResult({ kind: 'oversize', header, rawHeader }),
      misaligned: (header, rawHeader) => void onResult({ kind: 'misaligned', header, rawHeader }),
    });
  }

  /** Like push(), but hands every message to `sink` as the one reused CaMessageView. */
  read(chunk: Buffer, sink: CaMessageSink): void {
    while (chunk.length > 0) {
      if (this.drainRemaining > 0) {
        const skip = Math.min(this.drainRemaining, chunk.length);
        this.drainRemaining -= skip;
        chunk = chunk.subarray(skip);
        continue;
      }
      if (this.pendingLength === 0) {
        this.parse(chunk, sink);
        return;
      }
      // Complete the held message with only the bytes it lacks, then go on in the chunk itself.
      // (Joining the held tail to the whole chunk copied every chunk of a burst, up to 64 KiB,
      // for the few bytes of one message that straddled two reads.)
      const lacking = this.pendingNeed - this.pendingLength;
      if (chunk.length < lacking) {
        this.pendingChunks.push(chunk);
        this.pendingLength += chunk.length;
        return;
      }
      this.pendingChunks.push(chunk.subarray(0, lacking));
      const joined = Buffer.concat(this.pendingChunks, this.pendingNeed);
      this.pendingChunks = [];
      this.pendingLength = 0;
      chunk = chunk.subarray(lacking);
      // A completed header may reveal that the message needs more (its payload, or the rest of
      // an extended header): parse() keeps it again with the new need, and the loop goes on.
      if (!this.parse(joined, sink)) return;
    }
  }

  /**
   * Hands over every complete message of `buf` and keeps a copy of an incomplete tail. Returns
   * false when the sink stopped the reader (nothing is kept then).
   */
  private parse(buf: Buffer, sink: CaMessageSink): boolean {
    const view = this.view;
    let at = 0;
    const end = buf.length;
    let need = HEADER_SIZE;
    while (end - at >= HEADER_SIZE) {
      // Plain byte reads: the loop condition keeps them inside the buffer (see bytes.ts).
      const command = getU16(buf, at);
      let payloadSize = getU16(buf, at + 2);
      const dataType = getU16(buf, at + 4);
      let dataCount = getU16(buf, at + 6);
      const parameter1 = getU32(buf, at + 8);
      const parameter2 = getU32(buf, at + 12);
      let headerSize = HEADER_SIZE;
      if (payloadSize === 0xffff && this.extendedAllowed()) {
        if (end - at < EXTENDED_HEADER_SIZE) {
          need = EXTENDED_HEADER_SIZE;
          break;
        }
        payloadSize = getU32(buf, at + 16);
        dataCount = getU32(buf, at + 20);
        headerSize = EXTENDED_HEADER_SIZE;
      }
      if ((this.requireAlignment && (payloadSize & 7) !== 0) || payloadSize > this.maxPayload) {
        const header: CaHeader = { command, payloadSize, dataType, dataCount, parameter1, parameter2 };
        const rawHeader = buf.subarray(at, at + headerSize);
        if (this.requireAlignment && (payloadSize & 7) !== 0) {
          sink.misaligned(header, rawHeader);
          return false;
        }
        const available = end - at - headerSize;
        if (available >= payloadSize) {
          at += headerSize + payloadSize;
        } else {
          this.drainRemaining = payloadSize - available;
          at = end;
        }
        if (sink.oversize(header, Buffer.from(rawHeader)) === false) return false;
        continue;
      }
      const total = headerSize + payloadSize;
      if (end - at < total) {
        need = total;
        break;
      }
      view.set(buf, at, headerSize, command, payloadSize, dataType, dataCount, parameter1, parameter2);
      at += total;
      if (sink.message(view) === false) return false;
    }
    if (at < end) {
      // Keep an independent copy only of the unparsed tail. Copied by hand: Buffer.from's
      // branches for every kind of argument, inlined here, deoptimized this function again at
      // each message cut between two reads (73 times in one catime run of a fresh IOC), its
      // compiled code kept and never improved ("insufficient type feedback" in Node's buffer.js).
      const tail = Buffer.allocUnsafeSlow(end - at);
      buf.copy(tail, 0, at, end);
      this.pendingChunks = [tail];
      this.pendingLength = tail.length;
      this.pendingNeed = need;
    }
    return true;
  }
}

/**
 * Parses the messages of one UDP datagram (never extended, lenient about alignment, as rsrv
 * is). A truncated trailing message is ignored. Every message is handed over in the same
 * CaMessageView, valid only during the call (an object and two views per message were most of
 * the time of answering a search).
 */
export function parseDatagram(buf: Buffer, onMessage: (m: CaMessageView) => void): void {
  const view = new CaMessageView();
  let at = 0;
  while (buf.length - at >= HEADER_SIZE) {
    const payloadSize = getU16(buf, at + 2);
    const total = HEADER_SIZE + payloadSize;
    if (buf.length - at < total) return;
    view.set(buf, at, HEADER_SIZE, getU16(buf, at), payloadSize, getU16(buf, at + 4), getU16(buf, at + 6), getU32(buf, at + 8), getU32(buf, at + 12));
    onMessage(view);
    at += total;
  }
}

/** readCString of a message's payload, without a view of it when the message is a reader's view. */
export function payloadCString(m: CaMessage): string {
  return m instanceof CaMessageView ? m.payloadCString() : readCString(m.payload);
}

/** Reads a NUL-terminated Latin-1 string from a payload (the whole payload if no NUL). */
export function readCString(payload: Buffer): string {
  return latin1CString(payload, 0, payload.length);
}

/** The Latin-1 text of buf[start, limit) up to its first NUL. */
function latin1CString(buf: Buffer, start: number, limit: number): string {
  let end = start;
  while (end < limit && buf[end] !== 0) end++;
  return buf.toString('latin1', start, end);
}
