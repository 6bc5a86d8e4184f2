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
 * "Raw Soft Channel" goes through RVAL for ai, ao, bi and bo; "Soft Timestamp" and
 * "General Time" serve the IOC's clock; "getenv" reads the environment.
 */
const IMPLEMENTED: ReadonlySet<string> = new Set([SOFT_CHANNEL, ASYNC_SOFT_CHANNEL, SOFT_TIMESTAMP, GETENV]);
const RAW_TYPES: ReadonlySet<string> = new Set(['ai', 'ao', 'bi', 'bo']);
const GENERAL_TIME_TYPES: ReadonlySet<string> = new Set(['ai', 'longin', 'stringin']);

export function isDeviceImplemented(type: string, device: string): boolean {
  if (!deviceChoices(type).includes(device)) return false;
  if (device === RAW_SOFT_CHANNEL) return RAW_TYPES.has(type);
  if (device === GENERAL_TIME) return GENERAL_TIME_TYPES.has(type);
  return IMPLEMENTED.has(device);
}

export const implementedDevices = (type: string): string[] => deviceChoices(type).filter((d) => isDeviceImplemented(type, d));
