import type net from 'node:net';
import type { CircuitTransport } from './circuit.js';

/** How long close() lets a final message go out before it drops a peer that does not read. */
const CLOSE_GRACE_MS = 1000;

/**
 * A circuit's TCP socket. A class, not an object literal made per connection: V8 keeps such a
 * literal, with its getter, as a dictionary-mode object (`%HasFastProperties` false), so the
 * circuit's `transport.writableLength`, read after every chunk it receives, and its `write` were
 * generic property loads with a hash lookup.
 */
export class SocketTransport implements CircuitTransport {
  constructor(private readonly socket: net.Socket) {}

  write(data: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  get writableLength(): number {
    return this.socket.writableLength;
  }

  pauseInput(): void {
    this.socket.pause();
  }

  resumeInput(): void {
    this.socket.resume();
  }

  /** Lets a final ERROR go out, but never waits long for a peer that does not read. */
  close(): void {
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }
}
