/** The numeric side of the value model: typed arrays of the six numeric native types. */
import type { NativeType } from './types.js';

export type NumericArray = Int16Array | Float32Array | Uint16Array | Uint8Array | Int8Array | Int32Array | Float64Array;
export type NumericNativeType = Exclude<NativeType, typeof NativeType.STRING>;
