/**
 * Big-endian copies between numeric typed arrays and wire buffers.
 *
 * Two paths that produce the same bytes:
 * - bulk: a copy of the raw bytes followed by Buffer#swap16/32/64 (native code for large buffers)
 *   moves a million doubles in about a millisecond, where a DataView loop takes several;
 * - small (at most SMALL_COUNT elements, the common scalar case): Buffer#write*BE / read*BE one
 *   element at a time. The bulk path allocates two typed-array views and calls into native code
 *   for the swap, which for one element costs several times more than the element itself.
 *
 * A NaN read through a JavaScript number may not keep its exact bits (a float32 signalling NaN
 * comes back quiet), so the small path hands any NaN to the bulk path, which copies raw bytes.
 */
import { NativeType } from './types.js';
import type { NumericArray, NumericNativeType } from './numeric-types.js';
import { getF32, getF64, getI32, getU16, putF32, putF64, putU16, putU32 } from '../bytes.js';

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Up to this many elements are copied one by one (see the header). */
export const SMALL_COUNT = 8;

function swapInPlace(bytes: Buffer, elementSize: number): void {
  if (!hostIsLittleEndian || elementSize === 1 || bytes.length === 0) return;
  if (elementSize === 2) bytes.swap16();
  else if (elementSize === 4) bytes.swap32();
  else bytes.swap64();
}

/** The bulk path of writeBigEndian (exported for the tests that compare both paths). */
export function writeBigEndianBulk(out: Buffer, offset: number, src: NumericArray, n: number): number {
  const size = src.BYTES_PER_ELEMENT;
  const bytes = n * size;
  if (bytes === 0) return 0;
  const dst = out.subarray(offset, offset + bytes);
  dst.set(new Uint8Array(src.buffer, src.byteOffset, bytes));
  swapInPlace(dst, size);
  return bytes;
}

/**
 * The small path of writeBigEndian: the bytes written, or -1 (nothing written) when an element
 * is NaN. `type` is the element type of `src`; the caller guarantees room (hence the unchecked
 * stores of bytes.ts). The size comes from `type`, not from `src.BYTES_PER_ELEMENT`: that load
 * sees every typed array class and was a generic (megamorphic) property load on every value.
 */
function writeSmall(out: Buffer, offset: number, type: NumericNativeType, src: NumericArray, n: number): number {
  switch (type) {
    case NativeType.DOUBLE:
      for (let i = 0; i < n; i++) if (src[i] !== src[i]) return -1;
      for (let i = 0; i < n; i++) putF64(out, offset + 8 * i, src[i]);
      return 8 * n;
    case NativeType.FLOAT:
      for (let i = 0; i < n; i++) if (src[i] !== src[i]) return -1;
      for (let i = 0; i < n; i++) putF32(out, offset + 4 * i, src[i]);
      return 4 * n;
    case NativeType.LONG:
      for (let i = 0; i < n; i++) putU32(out, offset + 4 * i, src[i]);
      return 4 * n;
    case NativeType.SHORT:
    case NativeType.ENUM:
      for (let i = 0; i < n; i++) putU16(out, offset + 2 * i, src[i]);
      return 2 * n;
    case NativeType.CHAR:
      for (let i = 0; i < n; i++) out[offset + i] = src[i];
      return n;
  }
}

/**
 * Writes the first `n` elements of `src` (an array of element type `type`) big-endian at
 * `out[offset…]`; returns the bytes written.
 */
export function writeBigEndian(out: Buffer, offset: number, type: NumericNativeType, src: NumericArray, n: number): number {
  if (n <= SMALL_COUNT) {
    const written = writeSmall(out, offset, type, src, n);
    if (written >= 0) return written;
  }
  return writeBigEndianBulk(out, offset, src, n);
}

const ctorOf = {
  [NativeType.SHORT]: Int16Array,
  [NativeType.FLOAT]: Float32Array,
  [NativeType.ENUM]: Uint16Array,
  [NativeType.CHAR]: Uint8Array,
  [NativeType.LONG]: Int32Array,
  [NativeType.DOUBLE]: Float64Array,
} as const;

/** Copies `arr.length` big-endian elements from `src[offset…]` into `arr` with one bulk copy. */
function readInto(src: Buffer, offset: number, arr: NumericArray): NumericArray {
  const bytes = arr.length * arr.BYTES_PER_ELEMENT;
  if (bytes === 0) return arr;
  const view = Buffer.from(arr.buffer, arr.byteOffset, bytes);
  view.set(src.subarray(offset, offset + bytes));
  swapInPlace(view, arr.BYTES_PER_ELEMENT);
  return arr;
}

/** The bulk path of readBigEndian (exported for the tests that compare both paths). */
export function readBigEndianBulk(src: Buffer, offset: number, type: NumericNativeType, n: number): NumericArray {
  return readInto(src, offset, new ctorOf[type](n));
}

/** The small path of readBigEndian: false when an element is NaN (`arr` is then incomplete). */
function readSmall(src: Buffer, offset: number, type: NumericNativeType, arr: NumericArray): boolean {
  const n = arr.length;
  switch (type) {
    case NativeType.DOUBLE:
      for (let i = 0; i < n; i++) {
        const v = getF64(src, offset + 8 * i);
        if (v !== v) return false;
        arr[i] = v;
      }
      return true;
    case NativeType.FLOAT:
      for (let i = 0; i < n; i++) {
        const v = getF32(src, offset + 4 * i);
        if (v !== v) return false;
        arr[i] = v;
      }
      return true;
    case NativeType.LONG:
      for (let i = 0; i < n; i++) arr[i] = getI32(src, offset + 4 * i);
      return true;
    case NativeType.SHORT:
    case NativeType.ENUM:
      // The typed array's store makes the sign right (Int16Array) or keeps it unsigned.
      for (let i = 0; i < n; i++) arr[i] = getU16(src, offset + 2 * i);
      return true;
    case NativeType.CHAR:
      for (let i = 0; i < n; i++) arr[i] = src[offset + i];
      return true;
  }
}

/**
 * Reads `n` big-endian elements of `type` from `src[offset…]` into a new typed array. The caller
 * guarantees that `src` holds them (the small path reads them unchecked).
 */
export function readBigEndian(src: Buffer, offset: number, type: NumericNativeType, n: number): NumericArray {
  const arr = new ctorOf[type](n);
  if (n <= SMALL_COUNT && readSmall(src, offset, type, arr)) return arr;
  return readInto(src, offset, arr);
}
