/**
 * Numeric → numeric conversion with the semantics of the C casts in EPICS dbConvert.c /
 * dbFastLinkConv.c, as compiled for x86-64 (the platform rsrv runs on almost everywhere):
 *
 * - floating → integer: truncate toward zero. NaN, ±Inf and values outside the int32 range become
 *   INT32_MIN (what the cvttsd2si instruction returns). Narrower targets (SHORT, CHAR, ENUM) are
 *   produced by gcc through the same 32-bit conversion and then keep the low bits, so 1e10 → SHORT 0
 *   and 70000.5 → SHORT 4464. Verified against softIoc 7.0.8.1 (fixtures/softioc-golden.json).
 * - integer → narrower integer: keep the low bits (two's complement), e.g. LONG -70000 → SHORT -4464.
 * - integer → FLOAT: round to nearest; DOUBLE → FLOAT: epicsConvertDoubleToFloat, which clamps
 *   finite values beyond ±FLT_MAX to ±FLT_MAX and values with |v| ≤ FLT_MIN to ±FLT_MIN (0 stays 0).
 *
 * Typed-array stores already implement "keep the low bits" (ToInt16/ToUint8/... are modular), so only
 * the floating → integer step needs care.
 */
import { NativeType } from './types.js';
import type { NumericArray, NumericNativeType } from './numeric-types.js';

const FLT_MAX = 3.4028234663852886e38;
const FLT_MIN = 1.1754943508222875e-38;
const INT32_MIN = -2147483648;

/** (epicsInt32) of a double on x86-64. */
export const doubleToInt32 = (x: number): number => (x > -2147483649 && x < 2147483648 ? x | 0 : INT32_MIN);

/**
 * (epicsInt32) of a wider integer (epicsUInt32, epicsInt64) held in a double: its low 32 bits.
 * ToInt32 is modular on the exact value, as the C cast is on gcc.
 */
export const wideIntegerToInt32 = (x: number): number => x | 0;

/** epicsConvertDoubleToFloat (libcom/misc/epicsConvert.c). */
export function doubleToFloat(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return Math.fround(x);
  const abs = Math.abs(x);
  if (abs >= FLT_MAX) return x > 0 ? FLT_MAX : -FLT_MAX;
  if (abs <= FLT_MIN) return x > 0 ? FLT_MIN : -FLT_MIN;
  return Math.fround(x);
}

export const isFloatingType = (t: NativeType): boolean => t === NativeType.FLOAT || t === NativeType.DOUBLE;

export function allocNumeric(type: NumericNativeType, n: number): NumericArray {
  switch (type) {
    case NativeType.SHORT: return new Int16Array(n);
    case NativeType.FLOAT: return new Float32Array(n);
    case NativeType.ENUM: return new Uint16Array(n);
    case NativeType.CHAR: return new Uint8Array(n);
    case NativeType.LONG: return new Int32Array(n);
    case NativeType.DOUBLE: return new Float64Array(n);
  }
}

/** Converts a numeric native array to another numeric native type with C cast semantics. */
export function castNumeric(src: NumericArray, from: NumericNativeType, to: NumericNativeType, wideInteger = false): NumericArray {
  const n = src.length;
  const dst = allocNumeric(to, n);
  if (isFloatingType(from) && !isFloatingType(to)) {
    const toInt32 = wideInteger ? wideIntegerToInt32 : doubleToInt32;
    for (let i = 0; i < n; i++) dst[i] = toInt32(src[i]);
  } else if (from === NativeType.DOUBLE && to === NativeType.FLOAT) {
    for (let i = 0; i < n; i++) dst[i] = doubleToFloat(src[i]);
  } else {
    // integer → anything, FLOAT → DOUBLE, same type: TypedArray#set converts exactly like C here
    dst.set(src);
  }
  return dst;
}

/** One metadata limit (a double in the record) as the requested value type sees it, per dbAccess.c. */
export function castLimit(x: number, to: NumericNativeType, isAlarmLimit: boolean): number {
  switch (to) {
    case NativeType.DOUBLE: return x;
    case NativeType.FLOAT: return doubleToFloat(x);
    default: {
      // get_alarm(): non-finite alarm limits become 0; get_graphics()/get_control(): plain (epicsInt32)
      // cast. SHORT/CHAR then assign the int32 to the narrower field (keeps the low bits on store).
      if (isAlarmLimit && !Number.isFinite(x)) return 0;
      return doubleToInt32(x);
    }
  }
}
