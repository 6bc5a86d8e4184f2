import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';
import { Command } from '../../../src/ca/protocol/constants.js';
import { writeHeader } from '../../../src/ca/protocol/header.js';
import { type CaMessageView, CaStreamReader, type ReadResult } from '../../../src/ca/protocol/stream-reader.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function collect(reader: CaStreamReader, chunks: Buffer[]): ReadResult[] {
  const out: ReadResult[] = [];
  for (const c of chunks) {
    reader.push(c, (r) => {
      // Copy views: they are only valid during the callback's chunk.
      if (r.kind === 'message') out.push({ kind: 'message', message: { ...r.message, payload: Buffer.from(r.message.payload), rawHeader: Buffer.from(r.message.rawHeader) } });
      else out.push(r);
    });
  }
  return out;
}

const sampleStream = (): Buffer => {
  const w = new ByteWriter();
  w.header(Command.VERSION, 0, 13, 0, 0);
  w.stringMessage(Command.CREATE_CHAN, 'MY:PV.VAL', 0, 0, 7, 13);
  w.message(Command.WRITE_NOTIFY, 80_000, 6, 10_000, 1, 2, (buf, at) => buf.fill(0xab, at, at + 80_000));
  w.header(Command.ECHO, 0, 0, 0, 0);
  return w.take();
};

describe('header encoding', () => {
  it('writes the 16-byte form, big-endian', () => {
    const b = Buffer.alloc(16);
    expect(writeHeader(b, 0, 15, 8, 6, 1, 0x01020304, 0xa0b0c0d0)).toBe(16);
    expect(hex(b)).toBe('000f0008000600010102030' + '4a0b0c0d0');
  });

  it('switches to the extended form for a payload >= 0xFFFF', () => {
    const b = Buffer.alloc(24);
    expect(writeHeader(b, 0, 1, 0x10000, 6, 8192, 1, 2)).toBe(24);
    expect(hex(b)).toBe('0001ffff0006000000000001000000020001000000002000');
  });

  it('uses the extended form for a count >= 0xFFFF even with no payload (rsrv CREATE_CHAN of a 1M waveform)', () => {
    const b = Buffer.alloc(24);
    writeHeader(b, 0, 18, 0, 6, 1_000_000, 7, 3);
    // Spec appendix B: 0012 ffff 0006 0000 00000007 <sid> 00000000 000f4240
    expect(hex(b)).toBe('0012ffff000600000000000700000003' + '00000000000f4240');
  });
});

describe('CaStreamReader', () => {
  it('splits a stream into messages, including an extended one', () => {
    const results = collect(new CaStreamReader({ maxPayload: 1 << 20 }), [sampleStream()]);
    expect(results.map((r) => (r.kind === 'message' ? r.message.command : r.kind))).toEqual([0, 18, 19, 23]);
    const big = results[2];
    expect(big.kind === 'message' && big.message.payloadSize).toBe(80_000);
    expect(big.kind === 'message' && big.message.dataCount).toBe(10_000);
    expect(big.kind === 'message' && big.message.rawHeader.length).toBe(24);
  });

  it('yields the same messages however TCP chunks the bytes', () => {
    const stream = sampleStream();
    const whole = collect(new CaStreamReader({ maxPayload: 1 << 20 }), [stream]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(stream.subarray(prev, p));
          prev = p;
        }
        chunks.push(stream.subarray(prev));
        const got = collect(new CaStreamReader({ maxPayload: 1 << 20 }), chunks);
        expect(got.length).toBe(whole.length);
        got.forEach((r, i) => {
          const w = whole[i];
          expect(r.kind).toBe('message');
          if (r.kind === 'message' && w.kind === 'message') {
            expect(r.message.command).toBe(w.message.command);
            expect(hex(r.message.payload)).toBe(hex(w.message.payload));
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('drains an oversized payload without buffering it, then carries on', () => {
    const reader = new CaStreamReader({ maxPayload: 1024 });
    const stream = sampleStream();
    const results = collect(reader, [stream.subarray(0, 100), stream.subarray(100, 5000), stream.subarray(5000)]);
    expect(results.map((r) => (r.kind === 'message' ? `m${r.message.command}` : r.kind))).toEqual(['m0', 'm18', 'oversize', 'm23']);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('never buffers what a lying header claims (4 GB payload)', () => {
    const reader = new CaStreamReader({ maxPayload: 1 << 20 });
    const w = new ByteWriter();
    w.message(Command.WRITE, 0, 6, 1, 1, 1);
    const b = w.take();
    // Rewrite as an extended header claiming 0xFFFFFFF8 bytes.
    const lie = Buffer.alloc(24);
    writeHeader(lie, 0, Command.WRITE, 0xfffffff8, 6, 1, 1, 1);
    const results = collect(reader, [lie, Buffer.alloc(64 * 1024), b]);
    expect(results[0].kind).toBe('oversize');
    expect(reader.bufferedBytes).toBe(0);
  });

  it('rejects a payload size that is not a multiple of 8', () => {
    const bad = Buffer.alloc(16 + 5);
    bad.writeUInt16BE(Command.CREATE_CHAN, 0);
    bad.writeUInt16BE(5, 2);
    const results = collect(new CaStreamReader({ maxPayload: 1024 }), [bad]);
    expect(results.map((r) => r.kind)).toEqual(['misaligned']);
  });

  it('does not copy a large message arriving in many small chunks more than once (linear time)', () => {
    const w = new ByteWriter();
    w.message(Command.WRITE_NOTIFY, 8_000_000, 6, 1_000_000, 1, 2, (buf, at) => buf.fill(1, at, at + 8_000_000));
    const stream = w.take();
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 65536) chunks.push(stream.subarray(i, i + 65536));
    const reader = new CaStreamReader({ maxPayload: 16 << 20 });
    const results = collect(reader, chunks);
    expect(results).toHaveLength(1);
    expect(results[0].kind === 'message' && results[0].message.payload.length).toBe(8_000_000);
  });

  it('completes a message split across two reads from the bytes it lacks, and reads the rest of the chunk in place', () => {
    const w = new ByteWriter();
    for (let i = 0; i < 4; i++) w.message(Command.WRITE, 8, 6, 1, 100 + i, 0, (buf, at) => buf.writeDoubleBE(i, at));
    const stream = w.take();
    // The second message's header is cut after 5 bytes.
    // Buffer.alloc: each chunk has memory of its own (Buffer.from of a small one is pooled).
    const first = Buffer.alloc(24 + 5);
    const second = Buffer.alloc(stream.length - first.length);
    stream.copy(first, 0, 0, first.length);
    stream.copy(second, 0, first.length);
    const reader = new CaStreamReader({ maxPayload: 1024 });
    const seen: { sid: number; inSecondChunk: boolean; value: number }[] = [];
    const sink = {
      message: (m: CaMessageView) => {
        seen.push({ sid: m.parameter1, inSecondChunk: m.bytes.buffer === second.buffer, value: m.payload.readDoubleBE(0) });
      },
      oversize: () => {},
      misaligned: () => {},
    };
    reader.read(first, sink);
    reader.read(second, sink);
    expect(seen).toEqual([
      { sid: 100, inSecondChunk: false, value: 0 },
      { sid: 101, inSecondChunk: false, value: 1 },
      // Before: the held 5 bytes were joined to the whole second chunk, a copy of all of it.
      { sid: 102, inSecondChunk: true, value: 2 },
      { sid: 103, inSecondChunk: true, value: 3 },
    ]);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('drains an oversized payload whose header was split across reads, then carries on in the same chunk', () => {
    const reader = new CaStreamReader({ maxPayload: 1024 });
    const stream = sampleStream();
    // Cut inside the extended header of the 80,000-byte WRITE_NOTIFY (it starts at byte 32).
    const cut = 32 + 20;
    const results = collect(reader, [stream.subarray(0, cut), stream.subarray(cut)]);
    expect(results.map((r) => (r.kind === 'message' ? `m${r.message.command}` : r.kind))).toEqual(['m0', 'm18', 'oversize', 'm23']);
    expect(reader.bufferedBytes).toBe(0);
  });
});
