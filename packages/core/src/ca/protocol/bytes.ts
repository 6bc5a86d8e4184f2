/**
 * Big-endian reads and writes of single fields, for hot paths whose offsets are already known to
 * be inside the buffer and whose values are already known to fit the field.
 *
 * They produce the same bytes as Buffer#readUInt16BE, #writeDoubleBE & co, minus the checks:
 * in Node 20 each of those validates its offset through a wrapper with a rest parameter, which
 * allocates an array on every call and cost about a tenth of the server's CPU on the get path.
 * Callers that cannot vouch for offsets and values keep using the Buffer methods (and their
 * errors).
 */

/** Reads and writes of floating-point values go through these, as Node's own do. */
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const getU16 = (b: Uint8Array, at: number): number => (b[at] << 8) | b[at + 1];

export const getI16 = (b: Uint8Array, at: number): number => (((b[at] << 8) | b[at + 1]) << 16) >> 16;

export const getU32 = (b: Uint8Array, at: number): number =>
  b[at] * 0x1000000 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);

export const getI32 = (b: Uint8Array, at: number): number =>
  (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];

export function getF32(b: Uint8Array, at: number): number {
  if (littleEndianHost) {
    f32Bytes[3] = b[at];
    f32Bytes[2] = b[at + 1];
    f32Bytes[1] = b[at + 2];
    f32Bytes[0] = b[at + 3];
  } else {
    for (let i = 0; i < 4; i++) f32Bytes[i] = b[at + i];
  }
  return f32[0];
}

export function getF64(b: Uint8Array, at: number): number {
  if (littleEndianHost) {
    f64Bytes[7] = b[at];
    f64Bytes[6] = b[at + 1];
    f64Bytes[5] = b[at + 2];
    f64Bytes[4] = b[at + 3];
    f64Bytes[3] = b[at + 4];
    f64Bytes[2] = b[at + 5];
    f64Bytes[1] = b[at + 6];
    f64Bytes[0] = b[at + 7];
  } else {
    for (let i = 0; i < 8; i++) f64Bytes[i] = b[at + i];
  }
  return f64[0];
}

/** Stores the low 16 bits of `v`. */
export function putU16(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 8;
  b[at + 1] = v;
}

/** Stores the low 32 bits of `v`. */
export function putU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = v >>> 16;
  b[at + 2] = v >>> 8;
  b[at + 3] = v;
}

/** Stores `v` rounded to a float32, as Buffer#writeFloatBE does. */
export function putF32(b: Uint8Array, at: number, v: number): void {
  f32[0] = v;
  if (littleEndianHost) {
    b[at] = f32Bytes[3];
    b[at + 1] = f32Bytes[2];
    b[at + 2] = f32Bytes[1];
    b[at + 3] = f32Bytes[0];
  } else {
    for (let i = 0; i < 4; i++) b[at + i] = f32Bytes[i];
  }
}

export function putF64(b: Uint8Array, at: number, v: number): void {
  f64[0] = v;
  if (littleEndianHost) {
    b[at] = f64Bytes[7];
    b[at + 1] = f64Bytes[6];
    b[at + 2] = f64Bytes[5];
    b[at + 3] = f64Bytes[4];
    b[at + 4] = f64Bytes[3];
    b[at + 5] = f64Bytes[2];
    b[at + 6] = f64Bytes[1];
    b[at + 7] = f64Bytes[0];
  } else {
    for (let i = 0; i < 8; i++) b[at + i] = f64Bytes[i];
  }
}
