/**
 * Helpers for tests of the CA client: a client configured for one test server (loopback only, its
 * own repeater port), and a freezable TCP proxy with its own UDP search responder, to play a server
 * that stops answering.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { answerSearchDatagram } from '@devioc/core/ca';
import { CaClient, type CaClientOptions } from '../../packages/core/src/ca/client/index.js';
import { freePort } from './ports.js';

/** A client that searches only 127.0.0.1:`serverPort` (or `addressList`) and hears beacons on `serverPort + 1`. */
export const testClient = (serverPort: number, options: CaClientOptions = {}): CaClient =>
  new CaClient({
    addressList: [`127.0.0.1:${serverPort}`],
    autoAddressList: false,
    serverPort,
    repeaterPort: serverPort + 1,
    timeout: 3,
    env: {},
    ...options,
  });

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it is true or `ms` pass. */
export async function waitFor(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * A server that can stop answering: a UDP search responder (on its own port) that advertises a TCP
 * proxy in front of a real server's TCP port. freeze() stops all traffic both ways (and search
 * replies) without closing anything, like a hung IOC; thaw() lets the queued bytes through.
 */
export class FreezableServer {
  frozen = false;
  readonly searchPort: number;
  readonly proxyPort: number;
  private readonly udp: dgram.Socket;
  private readonly proxy: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly thawers = new Set<() => void>();

  private constructor(searchPort: number, proxy: net.Server, udp: dgram.Socket) {
    this.searchPort = searchPort;
    this.proxy = proxy;
    this.udp = udp;
    this.proxyPort = (proxy.address() as net.AddressInfo).port;
  }

  static async start(upstreamPort: number, has: (name: string) => boolean): Promise<FreezableServer> {
    const searchPort = await freePort();
    const udp = dgram.createSocket({ type: 'udp4' });
    await new Promise<void>((r) => udp.bind(searchPort, '127.0.0.1', () => r()));
    const proxy = net.createServer();
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const fs = new FreezableServer(searchPort, proxy, udp);
    udp.on('message', (data, rinfo) => {
      if (fs.frozen) return;
      for (const reply of answerSearchDatagram(data, { has }, fs.proxyPort)) udp.send(reply, rinfo.port, rinfo.address);
    });
    proxy.on('connection', (client) => fs.pipe(client, upstreamPort));
    return fs;
  }

  private pipe(client: net.Socket, upstreamPort: number): void {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    const queue: [net.Socket, Buffer][] = [];
    const forward = (to: net.Socket) => (chunk: Buffer) => {
      if (this.frozen) queue.push([to, chunk]);
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      this.thawers.delete(thaw);
    };
    const thaw = (): void => {
      for (const [to, chunk] of queue.splice(0)) to.write(chunk);
    };
    this.thawers.add(thaw);
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const t of this.thawers) t();
  }

  get connections(): number {
    return this.sockets.size / 2;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.proxy.close(() => r()));
    await new Promise<void>((r) => this.udp.close(() => r()));
  }
}
