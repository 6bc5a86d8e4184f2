import { Ai, Array_, Bi, BinaryInput, BinaryOutput, Calc, CalcOut, Enum, Float, Integer, Longin, Mbbi, Record_, Stringin, String_, Toggle } from './builders.js';
import { ASub, Compress, Dfanout, Event, Fanout, Histogram, Permissive, Printf, Sel, Seq, State, Sub, SubArray } from './builders-records.js';

/**
 * The record builders, named as in DevIOC (`models.Enum`, `models.String`…), for declaring a
 * model's records as class fields.
 */
export const models = {
  Enum,
  BinaryInput,
  BinaryOutput,
  Toggle,
  Integer,
  Float,
  String: String_,
  Array: Array_,
  Calc,
  CalcOut,
  Ai,
  Bi,
  Longin,
  Mbbi,
  Stringin,
  Fanout,
  Dfanout,
  Seq,
  Sel,
  Compress,
  Histogram,
  SubArray,
  Printf,
  Permissive,
  State,
  Event,
  Sub,
  ASub,
  Record: Record_,
} as const;

export { Model, ModelStartError } from './model.js';
export type { ModelOptions } from './model.js';
export { RecordHandle, valuesEqual } from './handle.js';
export type { HandleOptions, PutOptions, RecordDeclaration, RecordUpdate, UpdateCause, ValueCodec } from './handle.js';
export { ModelDefinitionError } from './builders.js';
export type {
  AlarmOptions, ArrayElement, ArrayOf, ArrayOptions, BinaryOptions, CalcOptions, CalcOutOptions, Choices, CommonOptions, EnumOptions, InputOptions, NumberOptions,
  StringOptions, ToggleOptions,
} from './builders.js';
export type {
  ASubArgument, ASubOptions, CompressOptions, DfanoutOptions, EventOptions, FanoutOptions, HistogramOptions, PermissiveOptions, PrintfOptions, SelOptions, SeqOptions, SeqStep,
  StateOptions, SubArrayOptions, SubOptions,
} from './builders-records.js';
export { RemotePv } from './remote-pv.js';
export { RemotePvaPv, ntValueOf } from './remote-pva-pv.js';
