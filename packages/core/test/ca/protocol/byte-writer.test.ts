/**
 * ByteWriter.lend() hands over its bytes without a copy and keeps them untouched until they are
 * given back; only then is their memory written again.
 */
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../src/ca/protocol/byte-writer.js';

function fill(w: ByteWriter, byte: number, n: number): void {
  const at = w.reserve(n);
  w.buffer.fill(byte, at, at + n);
}

describe('ByteWriter.lend', () => {
  it('hands over the bytes written and starts empty', () => {
    const w = new ByteWriter();
    w.header(1, 2, 3, 4, 5);
    const lent = w.lend();
    expect(lent.length).toBe(16);
    expect(lent.readUInt16BE(0)).toBe(1);
    expect(w.length).toBe(0);
  });

  it('never writes into lent bytes that were not given back', () => {
    const w = new ByteWriter();
    fill(w, 0xaa, 1000);
    const first = w.lend();
    for (let i = 0; i < 5; i++) {
      fill(w, i, 20_000);
      w.lend();
    }
    expect(first.every((b) => b === 0xaa)).toBe(true);
  });

  it('writes the next batches into buffers given back, and only those', () => {
    const w = new ByteWriter();
    fill(w, 1, 100);
    const a = w.lend();
    fill(w, 2, 100);
    const b = w.lend();
    w.giveBack(a);
    // The writer is already in a third buffer; the batch after it goes into a's.
    fill(w, 3, 100);
    const c = w.lend();
    fill(w, 4, 100);
    const d = w.lend();
    expect(d.buffer).toBe(a.buffer);
    expect(new Set([a.buffer, b.buffer, c.buffer]).size).toBe(3);
    expect(b.every((x) => x === 2)).toBe(true);
    expect(c.every((x) => x === 3)).toBe(true);
    expect(d.every((x) => x === 4)).toBe(true);
  });

  it('keeps no more than two spares and ignores slices of memory it does not own', () => {
    const w = new ByteWriter();
    const lent = [0, 1, 2, 3].map(() => {
      fill(w, 9, 10);
      return w.lend();
    });
    lent.forEach((x) => w.giveBack(x));
    const reused = new Set<ArrayBufferLike>();
    for (let i = 0; i < 4; i++) {
      fill(w, 9, 10);
      reused.add(w.lend().buffer);
    }
    expect(lent.filter((x) => reused.has(x.buffer)).length).toBe(2);

    // A small buffer from Node's shared pool must never be written into as if it were the writer's.
    const pooled = Buffer.from('abc');
    w.giveBack(pooled);
    fill(w, 7, 10);
    w.lend();
    fill(w, 7, 10);
    w.lend();
    fill(w, 7, 10);
    expect(pooled.toString()).toBe('abc');
  });
});
