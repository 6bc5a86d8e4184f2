/**
 * The warm-up's name searches: datagrams sent from one UDP socket of its own to another, both on
 * 127.0.0.1 at ephemeral ports, answered there as the server answers a search, the replies sent
 * back. Real sockets, not a direct call, for what only Node's UDP path does:
 *
 * Node makes the Buffer of a received datagram in C++, as a Uint8Array whose prototype it then
 * sets to Buffer's. The first time, that moves the Uint8Array class off its first hidden class,
 * and V8 throws away every function it had compiled trusting that class to stay put: the
 * server's reads and writes of numbers into Buffers, and Node's own. When that first datagram
 * was a client's search, the first client after a start was served by half-compiled code (the
 * first catime run's FLOAT and STRING rows, bench/RESULTS.md). Received here, it happens before
 * the warm-up compiles anything.
 */
import dgram from 'node:dgram';
import { datagramView } from '../ca/server/search-responder.js';

/** Longest wait for a datagram's replies (loopback does not lose them; a stuck warm-up must not hang the IOC). */
const REPLY_TIMEOUT_MS = 2000;

export class WarmUpDatagrams {
  private waiting: { replies: number; done: () => void } | undefined;
  /** Left open after the warm-up: answers nothing more. */
  private parked = false;

  private constructor(
    private readonly client: dgram.Socket,
    private readonly server: dgram.Socket,
    answer: (datagram: Buffer) => Buffer[],
  ) {
    server.on('message', (received, remote) => {
      if (this.parked) return;
      // As the server reads a datagram (datagramView), so that this path is compiled too.
      const replies = answer(datagramView(received));
      const waiting = this.waiting;
      if (waiting === undefined) return;
      waiting.replies = replies.length;
      if (replies.length === 0) waiting.done();
      for (const reply of replies) server.send(reply, remote.port, remote.address);
    });
    client.on('message', () => {
      const waiting = this.waiting;
      if (waiting !== undefined && --waiting.replies <= 0) waiting.done();
    });
  }

  /** Two sockets on 127.0.0.1; `answer` gives the replies to each datagram the second receives. */
  static async open(answer: (datagram: Buffer) => Buffer[]): Promise<WarmUpDatagrams> {
    const bind = async (): Promise<dgram.Socket> => {
      const socket = dgram.createSocket('udp4');
      socket.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, '127.0.0.1', () => {
          socket.off('error', reject);
          resolve();
        });
      });
      return socket;
    };
    const client = await bind();
    const server = await bind().catch((err: unknown) => {
      client.close();
      throw err;
    });
    return new WarmUpDatagrams(client, server, answer);
  }

  /** Sends `datagram` and waits for all its replies (or a timeout: UDP promises nothing). */
  exchange(datagram: Buffer): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => finish(), REPLY_TIMEOUT_MS);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve();
      };
      this.waiting = { replies: Number.POSITIVE_INFINITY, done: finish };
      const { port } = this.server.address();
      this.client.send(datagram, port, '127.0.0.1');
    });
  }

  /**
   * Leaves both sockets open for the rest of the process, answering nothing and not keeping the
   * process alive (warm-up.ts says why).
   */
  park(): void {
    this.parked = true;
    this.client.unref();
    this.server.unref();
  }

  close(): void {
    this.client.close();
    this.server.close();
  }
}
