/** A pvws test client on a real WebSocket: collects every message and waits for conditions. */
import WebSocket from 'ws';

export type Message = Record<string, unknown>;

export class PvwsTestClient {
  readonly messages: Message[] = [];
  pings = 0;
  closed = false;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(data.toString()) as Message));
    ws.on('ping', () => this.pings++);
    ws.on('close', () => (this.closed = true));
  }

  static async open(port: number): Promise<PvwsTestClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/pvws/pv`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new PvwsTestClient(ws);
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  updates(pv: string): Message[] {
    return this.messages.filter((m) => m.type === 'update' && m.pv === pv);
  }

  async waitFor<T>(find: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found !== undefined && found !== false) return found;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits for the n-th (1-based) update of `pv`. */
  update(pv: string, n = 1): Promise<Message> {
    return this.waitFor(() => this.updates(pv)[n - 1], `update ${n} of ${pv}`);
  }

  close(): void {
    this.ws.close();
  }
}

export const decode = (b64: string, type: 'f64' | 'f32' | 'i16' | 'i32' | 'u8'): number[] => {
  const buf = Buffer.from(b64, 'base64');
  const out: number[] = [];
  const size = { f64: 8, f32: 4, i16: 2, i32: 4, u8: 1 }[type];
  for (let i = 0; i < buf.length; i += size) {
    out.push(
      type === 'f64' ? buf.readDoubleLE(i) : type === 'f32' ? buf.readFloatLE(i) : type === 'i16' ? buf.readInt16LE(i) : type === 'i32' ? buf.readInt32LE(i) : buf.readUInt8(i),
    );
  }
  return out;
};
