/**
 * The protocol layer's fast paths against the code they stand in for: writeHeader's unchecked
 * stores vs the Buffer methods (same bytes, same errors), ByteWriter.startMessage vs message()
 * with a fill callback, and CaStreamReader.read() (one reused message view) vs push().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command } from '../../../src/ca/protocol/constants.js';
import { needsExtendedHeader, writeHeader } from '../../../src/ca/protocol/header.js';
import { type CaMessage, type CaMessageSink, CaStreamReader, type ReadResult } from '../../../src/ca/protocol/stream-reader.js';

/** writeHeader as it was: Buffer methods only. */
function writeHeaderWithBufferMethods(
  buf: Buffer, offset: number, command: number, payloadSize: number, dataType: number, dataCount: number, p1: number, p2: number,
): number {
  buf.writeUInt16BE(command, offset);
  buf.writeUInt16BE(dataType, offset + 4);
  buf.writeUInt32BE(p1 >>> 0, offset + 8);
  buf.writeUInt32BE(p2 >>> 0, offset + 12);
  if (needsExtendedHeader(payloadSize, dataCount)) {
    buf.writeUInt16BE(0xffff, offset + 2);
    buf.writeUInt16BE(0, offset + 6);
    buf.writeUInt32BE(payloadSize, offset + 16);
    buf.writeUInt32BE(dataCount, offset + 20);
    return 24;
  }
  buf.writeUInt16BE(payloadSize, offset + 2);
  buf.writeUInt16BE(dataCount, offset + 6);
  return 16;
}

type Outcome = { bytes: string; size: number } | { error: string; code: unknown };
function outcome(write: typeof writeHeader, bufLength: number, args: Parameters<typeof writeHeader> extends [Buffer, ...infer R] ? R : never): Outcome {
  const buf = Buffer.alloc(bufLength, 0x77);
  try {
    const size = write(buf, ...args);
    return { bytes: buf.toString('hex'), size };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}`, code: (e as { code?: unknown }).code };
  }
}

describe('writeHeader', () => {
  const field = (max: number) => fc.oneof(
    fc.integer({ min: 0, max }),
    fc.constantFrom(0, max, max + 1, -1, 1.5, NaN, 2 ** 32, 2 ** 32 + 3, -(2 ** 31)),
  );

  it('writes the bytes of the Buffer methods, and throws their errors for bad offsets or values', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 40 }),
      fc.oneof(fc.integer({ min: 0, max: 16 }), fc.constantFrom(-1, 1.5, NaN)),
      field(0xffff), field(0x1_0000_0000), field(0xffff), field(0x1_0000_0000), field(0xffffffff), field(0xffffffff),
      (bufLength, offset, command, payloadSize, dataType, dataCount, p1, p2) => {
        const args = [offset, command, payloadSize, dataType, dataCount, p1, p2] as const;
        expect(outcome(writeHeader, bufLength, [...args])).toEqual(outcome(writeHeaderWithBufferMethods, bufLength, [...args]));
      },
    ), { numRuns: 20000 });
  });
});

describe('ByteWriter.startMessage', () => {
  it('lays out the same message as message() with a fill callback', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 70000 }), fc.nat(), (payload, count, p2) => {
      const a = new ByteWriter(16);
      const b = new ByteWriter(16);
      a.header(Command.ECHO, 0, 0, 0, 0);
      b.header(Command.ECHO, 0, 0, 0, 0);
      // Garbage where the pad goes, to see that it is zeroed.
      a.reserve(400);
      a.buffer.fill(0xee, 16, 416);
      a.truncate(16);
      const at = a.startMessage(Command.READ_NOTIFY, payload.length, 6, count, 1, p2);
      a.buffer.set(payload, at);
      b.message(Command.READ_NOTIFY, payload.length, 6, count, 1, p2, (buf, off) => buf.set(payload, off));
      expect(a.take().toString('hex')).toBe(b.take().toString('hex'));
    }), { numRuns: 2000 });
  });
});

describe('CaStreamReader.read', () => {
  const stream = (): Buffer => {
    const w = new ByteWriter();
    w.header(Command.VERSION, 0, 13, 0, 0);
    w.stringMessage(Command.CREATE_CHAN, 'MY:PV.VAL', 0, 0, 7, 13);
    for (let i = 0; i < 50; i++) w.header(Command.READ_NOTIFY, 6, 1, 1, 0xfffffff0 + (i % 16));
    w.message(Command.WRITE_NOTIFY, 80_000, 6, 10_000, 1, 2, (buf, at) => buf.fill(0xab, at, at + 80_000));
    w.message(Command.WRITE, 8, 6, 1, 3, 4, (buf, at) => buf.writeDoubleBE(2.5, at));
    w.header(Command.ECHO, 0, 0, 0, 0);
    const mid = Buffer.alloc(16);
    writeHeader(mid, 0, Command.WRITE, 2048, 6, 256, 1, 1); // within the limit: a message
    return Buffer.concat([w.take(), mid, Buffer.alloc(2048), Buffer.from('000000050000000000000000000000000000000000', 'hex')]);
  };
  const copy = (m: CaMessage): CaMessage => ({ ...m, payload: Buffer.from(m.payload), rawHeader: Buffer.from(m.rawHeader) });

  function viaPush(chunks: Buffer[]): unknown[] {
    const reader = new CaStreamReader({ maxPayload: 1024 * 1024 / 16 });
    const out: unknown[] = [];
    for (const c of chunks) {
      reader.push(c, (r: ReadResult) => {
        if (r.kind === 'message') {
          const { command, payloadSize, dataType, dataCount, parameter1, parameter2, payload, rawHeader } = copy(r.message);
          out.push(['message', command, payloadSize, dataType, dataCount, parameter1, parameter2, payload.toString('hex'), rawHeader.toString('hex')]);
        } else {
          out.push([r.kind, r.header, r.rawHeader.toString('hex')]);
        }
      });
    }
    return out;
  }

  function viaRead(chunks: Buffer[]): unknown[] {
    const reader = new CaStreamReader({ maxPayload: 1024 * 1024 / 16 });
    const out: unknown[] = [];
    const sink: CaMessageSink = {
      message: (m) => {
        out.push(['message', m.command, m.payloadSize, m.dataType, m.dataCount, m.parameter1, m.parameter2, m.payload.toString('hex'), m.rawHeader.toString('hex')]);
      },
      oversize: (header, rawHeader) => void out.push(['oversize', header, rawHeader.toString('hex')]),
      misaligned: (header, rawHeader) => void out.push(['misaligned', header, rawHeader.toString('hex')]),
    };
    for (const c of chunks) reader.read(c, sink);
    return out;
  }

  it('hands over the messages push() yields, however the stream is cut', () => {
    const bytes = stream();
    const whole = viaPush([bytes]);
    expect(whole.map((r) => (r as unknown[])[0])).toEqual([...Array<string>(52).fill('message'), 'oversize', 'message', 'message', 'message', 'misaligned']);
    expect(viaRead([bytes])).toEqual(whole);
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 30 }), (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const chunks = [0, ...points].map((p, i, all) => bytes.subarray(p, all[i + 1]));
      expect(viaRead(chunks)).toEqual(viaPush(chunks));
    }), { numRuns: 300 });
  });

  it('reuses one view, whose toMessage() is a standalone copy of the fields', () => {
    const w = new ByteWriter();
    w.header(Command.READ_NOTIFY, 6, 1, 1, 10);
    w.header(Command.READ_NOTIFY, 6, 1, 1, 11);
    const seen: CaMessage[] = [];
    const kept: CaMessage[] = [];
    new CaStreamReader({ maxPayload: 1024 }).read(w.take(), {
      message: (m) => {
        seen.push(m);
        kept.push((m as unknown as { toMessage(): CaMessage }).toMessage());
      },
      oversize: () => {},
      misaligned: () => {},
    });
    expect(seen[0]).toBe(seen[1]);
    expect(kept.map((m) => m.parameter2)).toEqual([10, 11]);
    expect(kept[0].rawHeader.toString('hex')).toBe('000f000000060001000000010000000a');
  });

  it('stops when the sink says so, or after a misaligned message', () => {
    const w = new ByteWriter();
    for (let i = 0; i < 3; i++) w.header(Command.ECHO, 0, 0, 0, i);
    const bytes = w.take();
    let n = 0;
    new CaStreamReader({ maxPayload: 1024 }).read(bytes, { message: () => ++n < 2, oversize: () => {}, misaligned: () => {} });
    expect(n).toBe(2);
  });
});
