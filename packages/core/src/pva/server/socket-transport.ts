import type net from 'node:net';
import type { PvaTransport } from './connection.js';

/** How long close() lets a final message go out before it drops a peer that does not read. */
const CLOSE_GRACE_MS = 1000;

/**
 * A PVA connection's TCP socket. Replies made in one turn of the event loop leave in one write
 * (writev), not one each: the first write of a turn corks the socket and the next tick uncorks
 * it. A class, not an object literal made per connection: V8 keeps such a literal, with its
 * getter, as a dictionary-mode object, so every `write` and `writableLength` was a generic
 * property load with a hash lookup.
 */
export class PvaSocketTransport implements PvaTransport {
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(private readonly socket: net.Socket) {}

  write(data: Uint8Array): void {
    if (this.socket.destroyed) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.socket.write(data);
  }

  get writableLength(): number {
    return this.socket.writableLength;
  }

  close(): void {
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }
}
