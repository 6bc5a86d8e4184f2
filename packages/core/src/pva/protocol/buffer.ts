/**
 * Byte readers and writers for pvAccess: every multi-byte number in the byte order of the
 * message it belongs to (the order is read from each header), Size and String encodings.
 */
import { PvaDecodeError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

/** Reads one message's payload. Every read past the end throws PvaDecodeError. */
export class PvaReader {
  private readonly view: DataView;
  offset = 0;

  constructor(
    readonly bytes: Uint8Array,
    /** True when the message is little-endian (flags bit 7 clear). */
    readonly littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(n: number): number {
    if (n < 0 || this.offset + n > this.bytes.length) {
      throw new PvaDecodeError(`message truncated: ${n} bytes needed at offset ${this.offset} of ${this.bytes.length}`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8(): number { return this.view.getUint8(this.need(1)); }
  i8(): number { return this.view.getInt8(this.need(1)); }
  u16(): number { return this.view.getUint16(this.need(2), this.littleEndian); }
  i16(): number { return this.view.getInt16(this.need(2), this.littleEndian); }
  u32(): number { return this.view.getUint32(this.need(4), this.littleEndian); }
  i32(): number { return this.view.getInt32(this.need(4), this.littleEndian); }
  i64(): bigint { return this.view.getBigInt64(this.need(8), this.littleEndian); }
  u64(): bigint { return this.view.getBigUint64(this.need(8), this.littleEndian); }
  f32(): number { return this.view.getFloat32(this.need(4), this.littleEndian); }
  f64(): number { return this.view.getFloat64(this.need(8), this.littleEndian); }

  raw(n: number): Uint8Array {
    const at = this.need(n);
    return this.bytes.subarray(at, at + n);
  }

  skip(n: number): void {
    this.need(n);
  }

  /** A Size; -1 for the null size (0xFF), which only some places allow. */
  size(allowNull = false): number {
    const b = this.u8();
    if (b < 254) return b;
    if (b === 254) {
      const n = this.u32();
      if (n > 0x7fffffff) throw new PvaDecodeError(`size ${n} too large`);
      return n;
    }
    if (allowNull) return -1;
    throw new PvaDecodeError('null size where a size is required');
  }

  /** A Size bounded by what is left in the message (each element needs at least `minBytes`). */
  count(minBytes = 1): number {
    const n = this.size();
    if (n * minBytes > this.remaining) throw new PvaDecodeError(`count ${n} exceeds the message (${this.remaining} bytes left)`);
    return n;
  }

  string(): string {
    const n = this.size(true);
    if (n <= 0) return '';
    return utf8.decode(this.raw(n));
  }
}

/** Grows as written; `finish()` returns the bytes written. */
export class PvaWriter {
  private buf: Uint8Array;
  private view: DataView;
  offset = 0;

  constructor(
    readonly littleEndian = true,
    initial = 256,
  ) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): number {
    if (this.offset + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.offset + n) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.offset));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8(v: number): this { const at = this.room(1); this.view.setUint8(at, v); return this; }
  i8(v: number): this { const at = this.room(1); this.view.setInt8(at, v); return this; }
  u16(v: number): this { const at = this.room(2); this.view.setUint16(at, v, this.littleEndian); return this; }
  i16(v: number): this { const at = this.room(2); this.view.setInt16(at, v, this.littleEndian); return this; }
  u32(v: number): this { const at = this.room(4); this.view.setUint32(at, v >>> 0, this.littleEndian); return this; }
  i32(v: number): this { const at = this.room(4); this.view.setInt32(at, v | 0, this.littleEndian); return this; }
  i64(v: bigint): this { const at = this.room(8); this.view.setBigInt64(at, v, this.littleEndian); return this; }
  u64(v: bigint): this { const at = this.room(8); this.view.setBigUint64(at, v, this.littleEndian); return this; }
  f32(v: number): this { const at = this.room(4); this.view.setFloat32(at, v, this.littleEndian); return this; }
  f64(v: number): this { const at = this.room(8); this.view.setFloat64(at, v, this.littleEndian); return this; }

  raw(bytes: Uint8Array): this {
    const at = this.room(bytes.length);
    this.buf.set(bytes, at);
    return this;
  }

  size(n: number): this {
    if (n < 0) return this.u8(0xff);
    if (n < 254) return this.u8(n);
    this.u8(254);
    return this.u32(n);
  }

  string(s: string): this {
    const bytes = utf8Encoder.encode(s);
    this.size(bytes.length);
    return this.raw(bytes);
  }

  /** Overwrites a u32 written earlier (a header's payload size). */
  patchU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, this.littleEndian);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.offset);
  }
}
