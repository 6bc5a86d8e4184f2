/**
 * @devioc/core: the model API and the runtime, what an IOC is written with.
 *
 * The rest of the package is reached by subpath, so that this entry stays what a user meets first:
 * - `@devioc/core/ca`: Channel Access protocol, server and client
 * - `@devioc/core/records`: EPICS records, .db files, the calc engine, macro substitution
 * - `@devioc/core/access`: access security (.acf)
 * - `@devioc/core/pva`: pvAccess protocol, server and client
 * - `@devioc/core/example`: DevIOC's example IOC (MyIOC)
 */
export {
  models, Model, ModelStartError, RecordHandle, valuesEqual, ModelDefinitionError, RemotePv, RemotePvaPv, ntValueOf,
} from './model/index.js';
export type {
  ModelOptions, HandleOptions, PutOptions, RecordDeclaration, RecordUpdate, UpdateCause, ValueCodec,
  AlarmOptions, ArrayElement, ArrayOf, ArrayOptions, BinaryOptions, CalcOptions, CalcOutOptions, Choices, CommonOptions, EnumOptions,
  InputOptions, NumberOptions, StringOptions, ToggleOptions,
  ASubArgument, ASubOptions, CompressOptions, DfanoutOptions, EventOptions, FanoutOptions, HistogramOptions, PermissiveOptions, PrintfOptions, SelOptions, SeqOptions, SeqStep,
  StateOptions, SubArrayOptions, SubOptions,
} from './model/index.js';
export { Runtime, defaultRuntime } from './runtime/index.js';
export type { AcfSource, RuntimeOptions, RuntimeHttpOptions, WebServerLike } from './runtime/index.js';
export type { AutosaveOptions, AutosaveRequest } from './autosave/index.js';
// A put is one object handed to callbacks (source, quiet, alarm, wait); its type belongs to the model API.
export { RecordPut } from './records/put.js';
export type { PutRequest, PutSource, RequestedAlarm } from './records/put.js';
// Alarm severities and statuses are what a model sets on its records.
export { AlarmSeverity, AlarmStatus } from './ca/protocol/dbr/types.js';
export { configureLogging, getLogger, LOG_LEVELS } from './log/index.js';
export type { Logger, LoggingOptions, LogLevel, LogMeta } from './log/index.js';
