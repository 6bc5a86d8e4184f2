/**
 * The warm-up's client: a TCP connection over loopback to a circuit of the warm-up's own, that
 * sends request bytes and reads the replies. A real socket, not an object standing in for one:
 * V8 compiles the circuit for the classes it meets (the transport's socket, the Buffers a TCP
 * read gives), and Node's own stream code on the way is compiled too.
 *
 * Each send ends with an ECHO and resolves when its reply comes back: the circuit answers in
 * order, so by then it has handled everything sent before. Of the replies it keeps only what
 * the warm-up checks: the sids of the channels made and how many requests were refused.
 */
import net from 'node:net';
import { ByteWriter } from '../ca/protocol/byte-writer.js';
import { Command } from '../ca/protocol/constants.js';
import { Eca } from '../ca/protocol/eca.js';
import * as msg from '../ca/protocol/messages.js';

/** Longest wait for a reply: a circuit that does not answer ends the warm-up, not the IOC. */
const REPLY_TIMEOUT_MS = 10_000;
const HEADER = 16;

/** A client's greeting, as libca sends it first: VERSION, HOST_NAME, CLIENT_NAME. */
export function writeGreeting(w: ByteWriter): void {
  msg.writeClientVersion(w);
  msg.writeHostName(w, 'localhost');
  msg.writeClientName(w, 'devioc');
}

export class WarmUpConnection {
  /** Sids of the channels created, in the order of the replies. */
  readonly sids: number[] = [];
  /** ERRORs, and gets or put-callbacks answered with a failure status. */
  refused = 0;
  private unread: Buffer = Buffer.alloc(0);
  private readonly echoes: { resolve: () => void; reject: (err: Error) => void }[] = [];
  /** Monitor updates (EVENT_ADD replies) received. */
  updates = 0;
  /** Who waits for a number of updates (updatesReach). */
  private readonly updateWaiters: { count: number; settle: (reached: boolean) => void }[] = [];
  private failure: Error | undefined;
  private readonly echo: Buffer;

  private constructor(
    private readonly server: net.Server,
    private readonly client: net.Socket,
    private readonly accepted: net.Socket,
  ) {
    const w = new ByteWriter();
    msg.writeEcho(w);
    this.echo = w.take();
    client.on('data', (chunk: Buffer) => this.read(chunk));
    client.on('error', (err) => this.fail(err));
    client.on('close', () => this.fail(new Error('the warm-up circuit closed')));
  }

  /**
   * Listens on an ephemeral loopback port, connects to it, and hands the accepted socket to
   * `serve` (which makes the circuit); then stops listening: one connection is all it takes.
   */
  static async open(serve: (socket: net.Socket) => void): Promise<WarmUpConnection> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('connect', resolve);
        client.once('error', reject);
      });
    } catch (err) {
      server.close();
      throw err;
    }
    client.setNoDelay(true);
    const socket = await accepted;
    serve(socket);
    server.close();
    return new WarmUpConnection(server, client, socket);
  }

  /** Sends the requests, then waits until the circuit has handled them. */
  send(requests: Buffer): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const handled = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply from the warm-up circuit in ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
      timer.unref();
      this.echoes.push({
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
    });
    this.client.write(requests);
    this.client.write(this.echo);
    return handled;
  }

  /**
   * Resolves true once `count` monitor updates (EVENT_ADD replies) have arrived in all, false
   * if they have not within `timeoutMs` or the connection fails.
   */
  updatesReach(count: number, timeoutMs: number): Promise<boolean> {
    if (this.updates >= count) return Promise.resolve(true);
    if (this.failure !== undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        count,
        settle: (reached: boolean): void => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        const at = this.updateWaiters.indexOf(waiter);
        if (at >= 0) this.updateWaiters.splice(at, 1);
        resolve(false);
      }, timeoutMs);
      timer.unref();
      this.updateWaiters.push(waiter);
    });
  }

  /**
   * Leaves the connection open and idle for the rest of the process, without keeping the
   * process alive (warm-up.ts says why).
   */
  park(): void {
    this.client.unref();
    this.accepted.unref();
  }

  /** Closes the connection; resolves once the socket has closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.client.destroyed) resolve();
      else this.client.once('close', () => resolve()).destroy();
      this.server.close();
    });
  }

  private read(chunk: Buffer): void {
    let bytes = this.unread.length > 0 ? Buffer.concat([this.unread, chunk]) : chunk;
    while (bytes.length >= HEADER) {
      let size = bytes.readUInt16BE(2);
      let headerSize = HEADER;
      if (size === 0xffff && bytes.readUInt16BE(6) === 0) {
        if (bytes.length < HEADER + 8) break;
        size = bytes.readUInt32BE(16);
        headerSize = HEADER + 8;
      }
      if (bytes.length < headerSize + size) break;
      this.onReply(bytes.readUInt16BE(0), bytes.readUInt32BE(8), bytes.readUInt32BE(12));
      bytes = bytes.subarray(headerSize + size);
    }
    this.unread = bytes;
  }

  private onReply(command: number, parameter1: number, parameter2: number): void {
    if (command === Command.CREATE_CHAN) this.sids.push(parameter2);
    else if (command === Command.ERROR) this.refused++;
    else if ((command === Command.READ_NOTIFY || command === Command.WRITE_NOTIFY) && parameter1 !== Eca.NORMAL) this.refused++;
    else if (command === Command.ECHO) this.echoes.shift()?.resolve();
    else if (command === Command.EVENT_ADD) this.onUpdate();
  }

  private onUpdate(): void {
    this.updates++;
    for (let i = this.updateWaiters.length - 1; i >= 0; i--) {
      const waiter = this.updateWaiters[i]!;
      if (waiter.count > this.updates) continue;
      this.updateWaiters.splice(i, 1);
      waiter.settle(true);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiting of this.echoes.splice(0)) waiting.reject(err);
    for (const waiting of this.updateWaiters.splice(0)) waiting.settle(false);
  }
}
