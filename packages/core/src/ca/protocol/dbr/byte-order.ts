/**
 * Bulk big-endian copies between numeric typed arrays and wire buffers.
 *
 * A copy of the raw bytes followed by Buffer#swap16/32/64 (native code for large buffers) moves a
 * million doubles in about a millisecond, where a DataView loop takes several.
 */
import { NativeType } from './types.js';
import type { NumericArray, NumericNativeType } from './numeric-types.js';

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;


function swapInPlace(bytes: Buffer, elementSize: number): void {
  if (!hostIsLittleEndian || elementSize === 1 || bytes.length === 0) return;
  if (elementSize === 2) bytes.swap16();
  else if (elementSize === 4) bytes.swap32();
  else bytes.swap64();
}

/** Writes the first `n` elements of `src` big-endian at `out[offset…]`; returns the bytes written. */
export function writeBigEndian(out: Buffer, offset: number, src: NumericArray, n: number): number {
  const size = src.BYTES_PER_ELEMENT;
  const bytes = n * size;
  if (bytes === 0) return 0;
  const dst = out.subarray(offset, offset + bytes);
  dst.set(new Uint8Array(src.buffer, src.byteOffset, bytes));
  swapInPlace(dst, size);
  return bytes;
}

const ctorOf = {
  [NativeType.SHORT]: Int16Array,
  [NativeType.FLOAT]: Float32Array,
  [NativeType.ENUM]: Uint16Array,
  [NativeType.CHAR]: Uint8Array,
  [NativeType.LONG]: Int32Array,
  [NativeType.DOUBLE]: Float64Array,
} as const;

/** Reads `n` big-endian elements of `type` from `src[offset…]` into a new typed array. */
export function readBigEndian(src: Buffer, offset: number, type: NumericNativeType, n: number): NumericArray {
  const arr = new ctorOf[type](n);
  const bytes = n * arr.BYTES_PER_ELEMENT;
  if (bytes === 0) return arr;
  const view = Buffer.from(arr.buffer, arr.byteOffset, bytes);
  view.set(src.subarray(offset, offset + bytes));
  swapInPlace(view, arr.BYTES_PER_ELEMENT);
  return arr;
}
