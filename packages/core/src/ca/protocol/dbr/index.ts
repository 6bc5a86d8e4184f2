/** The DBR codec: layouts, encode/decode, value conversions and timestamps. Pure functions, no I/O. */
export * from './types.js';
export {
  ALARM_LIMITS, ELEMENT_SIZE, LIMIT_ORDER, MAX_ENUM_STATES, MAX_ENUM_STRING_SIZE, MAX_STRING_SIZE, MAX_UNITS_SIZE,
  dbrLayout, dbrPayloadSize, dbrTypeFor, isValidDbrType, valueTypeOf,
} from './layout.js';
export type { DbrLayout, ValueFamily } from './layout.js';
export { encodeDbr } from './encode.js';
export { decodeDbr, decodePlainScalar, ScalarScratch } from './decode.js';
export { OneElementArrays } from './one-element-arrays.js';
export { convertArray, enumToString, nativeTypeName, stringToEnum } from './convert.js';
export type { ConversionContext } from './convert.js';
export { allocNative, asSignedChars, charBytes, nativeArraysEqual, nativeToJs, textAsChars, toNativeArray } from './native-array.js';
export type { JsPvValue, NumericTypedArray } from './native-array.js';
export { cvtDoubleToString, cvtFloatToString } from './cvt-fast.js';
export { doubleToFloat, doubleToInt32 } from './c-cast.js';
export type { NumericArray, NumericNativeType } from './numeric-types.js';
export { ConversionError, DbrDecodeError } from './errors.js';
export {
  EPICS_EPOCH_OFFSET_SECONDS, clockNsec, clockSec, dateToTimestamp, epicsNow, readClock, timestampToDate, timestampToSeconds,
} from './timestamp.js';
