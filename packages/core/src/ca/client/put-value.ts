/**
 * A JS value for a put → the DBR type, element count and bytes to send. Pure.
 *
 * - A string goes as DBR_STRING and the server converts it (enum state names, "1.5e3", …), as caput
 *   does; to a CHAR array channel (a "long string") it goes as its bytes plus a NUL instead.
 * - Numbers and booleans are converted here to the channel's native numeric type with C cast rules;
 *   to a STRING channel they go as LONG (all integers) or DOUBLE and the server formats them.
 * - A Float64Array, Float32Array, Int32Array, Int16Array, Uint16Array or Uint8Array goes as its own
 *   type without a copy (the server converts), so a million doubles cost one byte swap.
 */
import { dbrPayloadSize } from '../protocol/dbr/layout.js';
import { encodeDbr } from '../protocol/dbr/encode.js';
import { toNativeArray } from '../protocol/dbr/native-array.js';
import { NativeType, emptyMetadata } from '../protocol/dbr/types.js';
import type { DbrType, NativeArray, PvSnapshot } from '../protocol/dbr/types.js';
import type { CaPutValue } from './types.js';

export interface EncodedPut {
  dbrType: DbrType;
  count: number;
  /** Unpadded payload size. */
  size: number;
  /** Writes exactly `size` bytes at buf[offset…]. */
  fill(buf: Buffer, offset: number): void;
}

/** The native type a typed array is on the wire, if it is one of CA's. */
function caTypeOf(v: unknown): NativeType | undefined {
  if (v instanceof Float64Array) return NativeType.DOUBLE;
  if (v instanceof Float32Array) return NativeType.FLOAT;
  if (v instanceof Int32Array) return NativeType.LONG;
  if (v instanceof Int16Array) return NativeType.SHORT;
  if (v instanceof Uint16Array) return NativeType.ENUM;
  if (v instanceof Uint8Array) return NativeType.CHAR; // includes Buffer
  return undefined;
}

const snapshotOf = (nativeType: NativeType, value: NativeArray): PvSnapshot => ({
  nativeType,
  value,
  alarm: { status: 0, severity: 0 },
  timestamp: { secPastEpoch: 0, nsec: 0 },
  meta: emptyMetadata(),
});

function encoded(type: NativeType, value: NativeArray): EncodedPut {
  const dbrType = type as DbrType; // the plain DBR ids are the native type ids
  const count = value.length;
  const size = dbrPayloadSize(dbrType, count);
  const snap = snapshotOf(type, value);
  return { dbrType, count, size, fill: (buf, offset) => void encodeDbr(buf, offset, dbrType, snap, count) };
}

const isNumberLike = (v: unknown): boolean =>
  typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((e) => typeof e === 'number' || typeof e === 'boolean'));

/**
 * Encodes `value` for a channel of `nativeType` with `nativeCount` elements. Throws ConversionError
 * (from the DBR codec) when a number cannot be represented, TypeError for an unsupported value.
 */
export function encodePut(value: CaPutValue, nativeType: NativeType, nativeCount: number): EncodedPut {
  if (typeof value === 'string') {
    if (nativeType === NativeType.CHAR && nativeCount > 1) {
      const bytes = Buffer.from(value, 'utf8');
      const withNul = new Uint8Array(Math.min(bytes.length + 1, nativeCount));
      withNul.set(bytes.subarray(0, withNul.length - 1));
      return encoded(NativeType.CHAR, withNul);
    }
    return encoded(NativeType.STRING, toNativeArray(NativeType.STRING, value));
  }
  if (Array.isArray(value) && value.length > 0 && value.every((e) => typeof e === 'string')) {
    return encoded(NativeType.STRING, toNativeArray(NativeType.STRING, value));
  }
  const own = caTypeOf(value);
  if (own !== undefined) return encoded(own, value as NativeArray);
  if (ArrayBuffer.isView(value) || isNumberLike(value)) {
    const target = nativeType === NativeType.STRING ? numericTypeFor(value) : nativeType;
    return encoded(target, toNativeArray(target, value));
  }
  throw new TypeError(`cannot put a value of type ${value === null ? 'null' : typeof value}`);
}

/** LONG when every element is an int32 (so 42 stays "42" in a string PV), else DOUBLE. */
function numericTypeFor(value: unknown): NativeType {
  const list: ArrayLike<unknown> = ArrayBuffer.isView(value) ? (value as unknown as ArrayLike<unknown>) : Array.isArray(value) ? value : [value];
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    const n = typeof v === 'boolean' ? Number(v) : (v as number);
    if ((n | 0) !== n) return NativeType.DOUBLE;
  }
  return NativeType.LONG;
}
