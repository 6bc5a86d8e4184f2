/** The little-endian binary of a typed array, base64-encoded, as pvws sends numeric arrays. */
import os from 'node:os';

const littleEndian = os.endianness() === 'LE';

type NumericArray = Float64Array | Float32Array | Int16Array | Int32Array | Uint8Array | Uint16Array;

/** Copies `values` into a little-endian buffer of `bytesPerElement` bytes each. */
function leBytes(values: NumericArray, kind: 'f64' | 'f32' | 'i16' | 'i32' | 'u8'): Buffer {
  const n = values.length;
  if (kind === 'u8') return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const size = kind === 'f64' ? 8 : kind === 'f32' || kind === 'i32' ? 4 : 2;
  // On a little-endian host a typed array of the right element type is already the wire image.
  const sameType =
    (kind === 'f64' && values instanceof Float64Array) ||
    (kind === 'f32' && values instanceof Float32Array) ||
    (kind === 'i16' && values instanceof Int16Array) ||
    (kind === 'i32' && values instanceof Int32Array);
  if (littleEndian && sameType) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const out = Buffer.allocUnsafe(n * size);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (kind === 'f64') out.writeDoubleLE(v, i * 8);
    else if (kind === 'f32') out.writeFloatLE(v, i * 4);
    else if (kind === 'i32') out.writeInt32LE(v | 0, i * 4);
    else out.writeInt16LE((v << 16) >> 16, i * 2);
  }
  return out;
}

export const b64 = (values: NumericArray, kind: 'f64' | 'f32' | 'i16' | 'i32' | 'u8'): string => leBytes(values, kind).toString('base64');
