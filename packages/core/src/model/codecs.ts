/**
 * Value codecs: how a record's VAL appears to the application. Numbers for numeric records,
 * state indexes (or raw values, for choices given as a map) for enums, strings for string and
 * long-string records, typed arrays for waveforms.
 */
import type { NativeArray, PvSnapshot } from '../ca/protocol/dbr/types.js';
import { charBytes } from '../ca/protocol/dbr/native-array.js';
import type { EpicsRecord } from '../records/record.js';
import { type ValueCodec, valuesEqual } from './handle.js';

const first = (s: PvSnapshot): unknown => (s.value as ArrayLike<unknown>)[0];

export const numberCodec: ValueCodec<number, number | boolean> = {
  fromSnapshot: (s) => Number(first(s) ?? 0),
  toPut: (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v),
  equals: (a, b) => valuesEqual(a, b),
};

/** Enum with a list of states: the value is the state index; puts take an index or a name. */
export const stateIndexCodec: ValueCodec<number, number | string> = {
  fromSnapshot: (s) => Number(first(s) ?? 0),
  toPut: (v) => v,
  equals: (a, b) => a === b,
};

/**
 * Enum with a map of states to raw values (a TypeScript enum, or `{ SLOW: 5, FAST: 10 }`): the
 * application sees and puts the raw values (or state names), never the index. This is where
 * DevIOC's Python-enum choices went wrong: VAL is the index.
 */
export function rawValueCodec(values: readonly number[]): ValueCodec<number, number | string> {
  return {
    fromSnapshot: (s) => values[Number(first(s) ?? 0)] ?? Number.NaN,
    toPut: (v) => {
      if (typeof v === 'string') return v;
      const index = values.indexOf(v);
      if (index === -1) throw new RangeError(`${v} is none of the enum's values (${values.join(', ')})`);
      return index;
    },
    equals: (a, b) => a === b,
  };
}

export const stringCodec: ValueCodec<string, string> = {
  fromSnapshot: (s) => String(first(s) ?? ''),
  toPut: (v) => v,
  equals: (a, b) => a === b,
};

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** A long string kept in a CHAR waveform: bytes up to the first NUL. */
export const charArrayStringCodec: ValueCodec<string, string> = {
  fromSnapshot: (s) => {
    const bytes = charBytes(s.value) ?? new Uint8Array(0);
    const nul = bytes.indexOf(0);
    return utf8.decode(nul === -1 ? bytes : bytes.subarray(0, nul));
  },
  toPut: (v, record: EpicsRecord) => {
    const nelm = record.num('NELM');
    const bytes = utf8Encoder.encode(v);
    // A NUL terminator goes in when there is room, as pyepics writes char arrays.
    const out = new Uint8Array(Math.min(nelm, bytes.length + 1));
    out.set(bytes.subarray(0, out.length));
    return out;
  },
  equals: (a, b) => a === b,
};

export function arrayCodec<A extends NativeArray>(): ValueCodec<A, ArrayLike<number> | readonly string[] | A> {
  return {
    fromSnapshot: (s) => s.value as A,
    toPut: (v) => v,
    equals: (a, b) => valuesEqual(a, b),
  };
}
