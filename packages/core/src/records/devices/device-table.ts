/**
 * Device supports (DTYP) per record type, in the order EPICS softIoc's softIoc.dbd declares
 * them (base 7.0.8.1): DTYP is a DBF_DEVICE field whose states are exactly this list, so CA
 * clients see the same enum strings. Record types without device support (calc, fanout, seq…)
 * have an empty list, as in EPICS.
 */
export const SOFT_CHANNEL = 'Soft Channel';
export const RAW_SOFT_CHANNEL = 'Raw Soft Channel';
export const ASYNC_SOFT_CHANNEL = 'Async Soft Channel';
export const SOFT_TIMESTAMP = 'Soft Timestamp';
export const GENERAL_TIME = 'General Time';
export const GETENV = 'getenv';
export const STDIO = 'stdio';
export const DB_STATE = 'Db State';

const SOFT_ASYNC = [SOFT_CHANNEL, ASYNC_SOFT_CHANNEL];
const SOFT_RAW_ASYNC = [SOFT_CHANNEL, RAW_SOFT_CHANNEL, ASYNC_SOFT_CHANNEL];

const DEVICES: Readonly<Record<string, readonly string[]>> = {
  aai: [SOFT_CHANNEL],
  aao: [SOFT_CHANNEL],
  ai: [...SOFT_RAW_ASYNC, SOFT_TIMESTAMP, GENERAL_TIME],
  ao: SOFT_RAW_ASYNC,
  bi: [...SOFT_RAW_ASYNC, DB_STATE],
  bo: [...SOFT_RAW_ASYNC, GENERAL_TIME, DB_STATE],
  calcout: SOFT_ASYNC,
  event: [SOFT_CHANNEL],
  histogram: [SOFT_CHANNEL],
  int64in: SOFT_ASYNC,
  int64out: SOFT_ASYNC,
  longin: [...SOFT_ASYNC, GENERAL_TIME],
  longout: SOFT_ASYNC,
  lsi: [SOFT_CHANNEL, GETENV],
  lso: [...SOFT_ASYNC, STDIO],
  mbbi: SOFT_RAW_ASYNC,
  mbbiDirect: SOFT_RAW_ASYNC,
  mbbo: SOFT_RAW_ASYNC,
  mbboDirect: SOFT_RAW_ASYNC,
  printf: [...SOFT_ASYNC, STDIO],
  stringin: [...SOFT_ASYNC, SOFT_TIMESTAMP, GENERAL_TIME, GETENV],
  stringout: [...SOFT_ASYNC, STDIO],
  subArray: [SOFT_CHANNEL],
  waveform: [SOFT_CHANNEL],
};

/** The DTYP choices of a record type (empty when it has no device support). */
export const deviceChoices = (type: string): readonly string[] => DEVICES[type] ?? [];

/**
 * The device supports devioc implements for a record type. "Async Soft Channel" completes
 * at once (the soft read or write is local; EPICS only moves it to a callback thread);
 * "Raw Soft Channel" reads INP into RVAL or writes RVAL to OUT (support/raw-soft.ts);
 * "Soft Timestamp" serves the IOC's clock (ai: seconds since the EPICS epoch, stringin: the
 * time formatted by INP "@%Y-%m-%d…"); "getenv" reads the environment variable INP "@NAME".
 * "General Time", "Db State" and "stdio" are not implemented (yet).
 */
const IMPLEMENTED: ReadonlySet<string> = new Set([SOFT_CHANNEL, RAW_SOFT_CHANNEL, ASYNC_SOFT_CHANNEL]);
const BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  ai: [SOFT_TIMESTAMP],
  stringin: [SOFT_TIMESTAMP, GETENV],
  lsi: [GETENV],
};

export function isDeviceImplemented(type: string, device: string): boolean {
  if (!deviceChoices(type).includes(device)) return false;
  return IMPLEMENTED.has(device) || (BY_TYPE[type]?.includes(device) ?? false);
}

export const implementedDevices = (type: string): string[] => deviceChoices(type).filter((d) => isDeviceImplemented(type, d));

/** Input types whose Async Soft Channel reads INP with processNotify (std/dev devXxSoftCallback.c). */
const PROCESS_NOTIFY_INPUTS: ReadonlySet<string> = new Set(['ai', 'bi', 'mbbi', 'mbbiDirect', 'longin', 'int64in', 'stringin']);

/** Whether a record's INP is read as Async Soft Channel inputs read it (see RecordLinks). */
export const readsByProcessNotify = (type: string, device: string): boolean => device === ASYNC_SOFT_CHANNEL && PROCESS_NOTIFY_INPUTS.has(type);
