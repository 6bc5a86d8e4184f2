import type { Socket } from 'node:net';
import { DcsProtocolError } from '../errors.js';
import type { Framing } from '../framing/constants.js';
import type { Frame, FramingMode } from '../framing/decoder.js';
import { FrameDecoder } from '../framing/decoder.js';
import type { Dcs2HeaderStyle } from '../framing/dcs2.js';
import { encodeFrame } from '../framing/encode.js';
import type { Logger } from '../logger.js';

export interface FramedSocketOptions {
  /** Read framing to start with (the handshake is always dcs1). */
  readFraming: FramingMode;
  writeFraming: Framing;
  headerStyle?: Dcs2HeaderStyle;
  maxTextLength?: number;
  maxBinaryLength?: number;
  logger: Logger;
  /** Names the peer in log lines. */
  label: string;
}

export interface FramedSocketHandlers {
  frame(frame: Frame): void;
  /** Called once, when the socket is gone; `error` is set when it died of one. */
  closed(reason: string, error?: Error): void;
}

/** How long a graceful close waits for the peer before destroying the socket. */
const CLOSE_GRACE_MS = 1000;

/**
 * A socket that speaks in frames: bytes in are cut into messages by a FrameDecoder,
 * texts out are framed. The only place where DCS meets node:net, shared by the server
 * and the client. A framing error closes the socket with a logged reason; nothing throws
 * out of a socket callback.
 */
export class FramedSocket {
  private readonly decoder: FrameDecoder;
  private writeFraming: Framing;
  private followPeer: boolean;
  private closing = false;
  private done = false;
  private failure: Error | undefined;
  private closeReason: string | undefined;

  constructor(
    readonly socket: Socket,
    private readonly options: FramedSocketOptions,
    private readonly handlers: FramedSocketHandlers,
  ) {
    this.decoder = new FrameDecoder({
      framing: options.readFraming,
      maxTextLength: options.maxTextLength,
      maxBinaryLength: options.maxBinaryLength,
    });
    this.writeFraming = options.writeFraming;
    this.followPeer = options.readFraming === 'auto';
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: Error) => {
      // 'close' always follows; remember why.
      this.failure ??= error;
    });
    socket.on('close', () => this.onClose());
  }

  get open(): boolean {
    return !this.done && !this.closing;
  }

  /** Framing for the next messages read; `auto` detects it and makes writes follow. */
  setReadFraming(mode: FramingMode): void {
    this.decoder.setFraming(mode);
    this.followPeer = mode === 'auto';
  }

  setWriteFraming(framing: Framing): void {
    this.writeFraming = framing;
  }

  writeText(text: string): boolean {
    if (!this.open) return false;
    this.options.logger.debug(`→ ${this.options.label}: ${text}`);
    this.socket.write(encodeFrame(text, this.writeFraming, this.options.headerStyle));
    return true;
  }

  /** Bytes as they are, unframed (tests and fault injection). */
  writeRaw(bytes: Uint8Array): boolean {
    if (!this.open) return false;
    this.socket.write(bytes);
    return true;
  }

  /** Flush what was written, send FIN, and destroy if the peer does not close soon. */
  close(reason: string): void {
    if (this.done || this.closing) return;
    this.closing = true;
    this.closeReason = reason;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Drop the connection now, discarding unsent bytes. */
  destroy(reason: string, error?: Error): void {
    if (this.done) return;
    this.closing = true;
    this.closeReason ??= reason;
    if (error) this.failure ??= error;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    // Once we have decided to close, whatever else the peer sends is ignored.
    if (this.done || this.closing) return;
    try {
      this.decoder.push(chunk);
      // Pull one frame at a time: a handler may change the framing between two frames.
      for (let frame = this.decoder.next(); frame !== undefined; frame = this.decoder.next()) {
        if (this.followPeer) this.writeFraming = frame.framing;
        this.options.logger.debug(`← ${this.options.label}: ${frame.text}`);
        this.handlers.frame(frame);
        if (this.done || this.closing) return;
      }
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      const kind = error instanceof DcsProtocolError ? 'protocol error' : 'error while handling a message';
      this.options.logger.error(`${this.options.label}: ${kind}, closing: ${err.message}`);
      this.destroy(`${kind}: ${err.message}`, err);
    }
  }

  private onClose(): void {
    if (this.done) return;
    this.done = true;
    // Only a peer that hung up on us can leave half a message behind.
    if (this.failure === undefined && this.closeReason === undefined) {
      try {
        this.decoder.end();
      } catch (error) {
        if (error instanceof Error) {
          this.failure = error;
          this.options.logger.error(`${this.options.label}: ${error.message}`);
        }
      }
    }
    const reason =
      this.closeReason ?? (this.failure ? `connection lost: ${this.failure.message}` : 'connection closed by peer');
    this.handlers.closed(reason, this.failure);
  }
}
