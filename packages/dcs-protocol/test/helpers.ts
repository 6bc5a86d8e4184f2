import { connect, type Socket } from 'node:net';
import type { Observable } from 'rxjs';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { FrameDecoder } from '../src/index.js';

/** A hand-driven DHS on a raw socket, for testing the server byte by byte. */
export class RawPeer {
  readonly socket: Socket;
  readonly received: Buffer[] = [];
  readonly decoder = new FrameDecoder({ framing: 'dcs1' });
  readonly texts: string[] = [];
  readonly closed: Promise<number>;
  private waiters: (() => void)[] = [];
  private readonly openedAt = Date.now();

  constructor(
    port: number,
    private readonly afterHandshake: 'dcs1' | 'dcs2' = 'dcs2',
  ) {
    this.socket = connect({ host: '127.0.0.1', port });
    this.socket.on('data', (chunk) => {
      this.received.push(chunk);
      try {
        this.decoder.push(chunk);
        for (let f = this.decoder.next(); f; f = this.decoder.next()) {
          this.texts.push(f.text);
          // After the 200-byte handshake the server talks DCS2 (or DCS1 to a level-1 DHS).
          if (this.texts.length === 1) this.decoder.setFraming(this.afterHandshake);
        }
      } catch (error) {
        this.texts.push(`DECODE ERROR: ${String(error)}`);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.socket.on('error', () => {});
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve(Date.now() - this.openedAt)));
  }

  get bytes(): Buffer {
    return Buffer.concat(this.received);
  }

  /** Resolve once `n` messages have been received. */
  async waitForTexts(n: number, ms = 2000): Promise<string[]> {
    const deadline = Date.now() + ms;
    while (this.texts.length < n) {
      if (Date.now() > deadline) throw new Error(`got ${this.texts.length} messages, wanted ${n}: ${JSON.stringify(this.texts)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.texts;
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** The first value matching a predicate, or fail after `ms`. */
export function waitFor<T>(source: Observable<T>, predicate: (value: T) => boolean, ms = 3000): Promise<T> {
  return firstValueFrom(source.pipe(filter(predicate), timeout(ms)));
}
