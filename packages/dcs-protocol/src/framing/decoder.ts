import { DcsProtocolError } from '../errors.js';
import { ByteQueue } from './byte-queue.js';
import type { Framing } from './constants.js';
import { DCS1_MESSAGE_SIZE, DCS2_HEADER_SIZE } from './constants.js';
import { decodeDcs1 } from './dcs1.js';
import type { Dcs2Header, Dcs2Limits } from './dcs2.js';
import { decodeDcs2Text, parseDcs2Header } from './dcs2.js';
import { detectFraming } from './detect.js';

/** One message cut out of the byte stream. */
export interface Frame {
  framing: Framing;
  /** The text: before the first NUL, trimmed. */
  text: string;
  /** The binary section (DCS2 only; empty otherwise). */
  binary: Buffer;
  /** Bytes the message took on the wire, header included. */
  size: number;
}

/** `auto` detects DCS1 or DCS2 on the first message decoded in that mode, then sticks. */
export type FramingMode = Framing | 'auto';

export interface FrameDecoderOptions extends Dcs2Limits {
  framing?: FramingMode;
}

/**
 * Turns received bytes into messages, whatever way TCP chunked them. No I/O: feed it
 * with push() and pull messages with next(). Pull-based on purpose: the handshake is one
 * DCS1 message and the framing changes right after it, possibly inside the same chunk,
 * so the caller must be able to switch framing between two messages.
 *
 * Any framing error is final: the stream can no longer be re-synchronised, so every
 * later call throws the same error and the caller should close the connection.
 */
export class FrameDecoder {
  private readonly queue = new ByteQueue();
  private readonly limits: Dcs2Limits;
  private mode: FramingMode;
  private pendingHeader: Dcs2Header | undefined;
  private failure: DcsProtocolError | undefined;

  constructor(options: FrameDecoderOptions = {}) {
    this.mode = options.framing ?? 'dcs2';
    this.limits = { maxTextLength: options.maxTextLength, maxBinaryLength: options.maxBinaryLength };
  }

  /** The framing in force; `auto` until the first message has been seen. */
  get framing(): FramingMode {
    return this.mode;
  }

  /** Bytes received but not yet returned as a message. */
  get buffered(): number {
    return this.queue.length;
  }

  setFraming(mode: FramingMode): void {
    if (this.pendingHeader !== undefined) {
      throw new Error('cannot change framing in the middle of a DCS2 message');
    }
    this.mode = mode;
  }

  push(chunk: Uint8Array): void {
    if (this.failure) throw this.failure;
    this.queue.push(chunk);
  }

  /** The next complete message, or undefined until more bytes arrive. */
  next(): Frame | undefined {
    if (this.failure) throw this.failure;
    try {
      return this.cut();
    } catch (error) {
      if (error instanceof DcsProtocolError) this.failure = error;
      throw error;
    }
  }

  /** push() then every complete message. */
  decode(chunk: Uint8Array): Frame[] {
    this.push(chunk);
    const frames: Frame[] = [];
    for (let frame = this.next(); frame !== undefined; frame = this.next()) frames.push(frame);
    return frames;
  }

  /**
   * Call when the peer has closed: throws a `truncated` error if part of a message is
   * still buffered (the peer closed mid-message).
   */
  end(): void {
    if (this.failure) return;
    if (this.queue.length > 0) {
      this.failure = new DcsProtocolError(
        'truncated',
        `connection closed in the middle of a message (${this.queue.length} bytes of it received)`,
      );
      throw this.failure;
    }
  }

  private cut(): Frame | undefined {
    if (this.mode === 'auto') {
      const detected = detectFraming(this.queue.length >= DCS2_HEADER_SIZE ? this.queue.peek(DCS2_HEADER_SIZE) : new Uint8Array(0));
      if (detected === undefined) return undefined;
      this.mode = detected;
    }
    return this.mode === 'dcs1' ? this.cutDcs1() : this.cutDcs2();
  }

  private cutDcs1(): Frame | undefined {
    if (this.queue.length < DCS1_MESSAGE_SIZE) return undefined;
    const bytes = this.queue.take(DCS1_MESSAGE_SIZE);
    return { framing: 'dcs1', text: decodeDcs1(bytes), binary: Buffer.alloc(0), size: DCS1_MESSAGE_SIZE };
  }

  private cutDcs2(): Frame | undefined {
    if (this.pendingHeader === undefined) {
      if (this.queue.length < DCS2_HEADER_SIZE) return undefined;
      // Parsed (and length-checked) before the body is awaited, so a lying header
      // can never make us buffer more than the limits allow.
      this.pendingHeader = parseDcs2Header(this.queue.peek(DCS2_HEADER_SIZE), this.limits);
    }
    const { textLength, binaryLength } = this.pendingHeader;
    const size = DCS2_HEADER_SIZE + textLength + binaryLength;
    if (this.queue.length < size) return undefined;
    this.pendingHeader = undefined;
    const bytes = this.queue.take(size);
    const text = decodeDcs2Text(bytes.subarray(DCS2_HEADER_SIZE, DCS2_HEADER_SIZE + textLength));
    const binary = Buffer.from(bytes.subarray(DCS2_HEADER_SIZE + textLength));
    return { framing: 'dcs2', text, binary, size };
  }
}
