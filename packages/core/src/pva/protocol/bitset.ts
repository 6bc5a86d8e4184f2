/**
 * The pvAccess BitSet: which fields of a structure a message carries (bit n = the field at
 * depth-first offset n; bit 0 = the whole structure). On the wire: a Size of bytes, the full
 * 64-bit words in the message's byte order, then the trailing bytes one by one.
 */
import type { PvaReader, PvaWriter } from './buffer.js';
import { PvaDecodeError } from './errors.js';

/** Larger bitsets than this are refused: no structure we serve has this many fields. */
const MAX_BITSET_BYTES = 1 << 16;

export class BitSet {
  private bytes: Uint8Array;

  constructor(bits = 64) {
    this.bytes = new Uint8Array(Math.max(1, Math.ceil(bits / 8)));
  }

  static of(...bits: number[]): BitSet {
    const b = new BitSet();
    for (const n of bits) b.set(n);
    return b;
  }

  set(n: number): this {
    const i = n >> 3;
    if (i >= this.bytes.length) {
      const next = new Uint8Array(Math.max(i + 1, this.bytes.length * 2));
      next.set(this.bytes);
      this.bytes = next;
    }
    this.bytes[i]! |= 1 << (n & 7);
    return this;
  }

  setRange(from: number, to: number): this {
    for (let n = from; n < to; n++) this.set(n);
    return this;
  }

  get(n: number): boolean {
    const i = n >> 3;
    return i < this.bytes.length && (this.bytes[i]! & (1 << (n & 7))) !== 0;
  }

  isEmpty(): boolean {
    return this.bytes.every((b) => b === 0);
  }

  clear(): void {
    this.bytes.fill(0);
  }

  /** Bits set in this or in `other` (for merging updates that were squashed together). */
  or(other: BitSet): this {
    for (let i = 0; i < other.bytes.length; i++) {
      if (other.bytes[i] !== 0) {
        for (let b = 0; b < 8; b++) if (other.bytes[i]! & (1 << b)) this.set(i * 8 + b);
      }
    }
    return this;
  }

  and(other: BitSet): BitSet {
    const out = new BitSet(this.bytes.length * 8);
    for (let i = 0; i < this.bytes.length; i++) out.bytes[i] = this.bytes[i]! & (other.bytes[i] ?? 0);
    return out;
  }

  clone(): BitSet {
    const c = new BitSet(this.bytes.length * 8);
    c.bytes.set(this.bytes);
    return c;
  }

  /** The set bits in increasing order. */
  bits(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.bytes.length; i++) {
      const v = this.bytes[i]!;
      if (v !== 0) for (let b = 0; b < 8; b++) if (v & (1 << b)) out.push(i * 8 + b);
    }
    return out;
  }

  write(w: PvaWriter): void {
    let n = this.bytes.length;
    while (n > 0 && this.bytes[n - 1] === 0) n--;
    w.size(n);
    const words = n >> 3;
    for (let i = 0; i < words; i++) {
      const word = this.bytes.subarray(i * 8, i * 8 + 8);
      if (w.littleEndian) w.raw(word);
      else w.raw(word.slice().reverse());
    }
    for (let i = words * 8; i < n; i++) w.u8(this.bytes[i]!);
  }

  static read(r: PvaReader): BitSet {
    const n = r.size();
    if (n > MAX_BITSET_BYTES || n > r.remaining) throw new PvaDecodeError(`bitset of ${n} bytes refused`);
    const b = new BitSet(Math.max(8, n * 8));
    const words = n >> 3;
    for (let i = 0; i < words; i++) {
      const word = r.raw(8);
      b.bytes.set(r.littleEndian ? word : word.slice().reverse(), i * 8);
    }
    for (let i = words * 8; i < n; i++) b.bytes[i] = r.u8();
    return b;
  }

  toString(): string {
    return `{${this.bits().join(', ')}}`;
  }
}
