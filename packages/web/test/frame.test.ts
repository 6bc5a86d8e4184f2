/**
 * The pre-built text frames the pvws server writes straight to the sockets are byte for byte
 * what ws itself would send (its Sender.frame, server side: unmasked), at every length encoding
 * (7-bit, 16-bit and 64-bit), and a ws client reads them back as the same text.
 */
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { textFrame } from '../src/pvws/frame.js';

// ws's framing classes (exported by ws, not declared by @types/ws).
interface WsInternals {
  Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
  Receiver: new (options: { isServer: boolean }) => NodeJS.WritableStream & {
    on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  };
}
const { Sender, Receiver } = ws as unknown as WsInternals;

const LENGTHS = [0, 1, 125, 126, 127, 65_535, 65_536, 200_001];

describe('textFrame', () => {
  it.each(LENGTHS)('is what ws frames for a %i-byte text message', (n) => {
    const payload = Buffer.alloc(n, 'a');
    const theirs = Buffer.concat(Sender.frame(payload, { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false }));
    expect(textFrame(payload).equals(theirs)).toBe(true);
  });

  it('is read back by ws as the same text', async () => {
    const texts = LENGTHS.map((n) => '{"type":"update","pv":"X","text":"' + 'é'.repeat(n >> 1) + '"}');
    const receiver = new Receiver({ isServer: false });
    const got: string[] = [];
    receiver.on('message', (data: Buffer, isBinary: boolean) => {
      expect(isBinary).toBe(false);
      got.push(data.toString());
    });
    for (const t of texts) receiver.write(textFrame(Buffer.from(t, 'utf8')));
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(texts);
  });
});
