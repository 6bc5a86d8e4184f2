/**
 * EPICS timestamps: seconds since 1990-01-01T00:00:00 UTC plus nanoseconds (epicsTimeStamp).
 */
import type { EpicsTimestamp } from './types.js';

/** POSIX time of the EPICS epoch (1990-01-01 UTC). */
export const EPICS_EPOCH_OFFSET_SECONDS = 631152000;

// performance.timeOrigin is a fixed wall-clock instant (ms) and performance.now() a monotonic offset
// from it, so their sum gives sub-millisecond resolution and never steps back when NTP adjusts the
// system clock. Splitting off whole seconds first keeps the nanoseconds precise.
const originMs = performance.timeOrigin;
const originSec = Math.floor(originMs / 1000);
const originRemMs = originMs - originSec * 1000;
// The latest time handed out, as two numbers (not an object to copy on every call).
let lastSec = 0;
let lastNsec = 0;

/** Now, as an EPICS timestamp; never earlier than the previous call in this process. */
export function epicsNow(): EpicsTimestamp {
  const ms = originRemMs + performance.now();
  let sec = originSec + Math.floor(ms / 1000);
  let nsec = Math.round((ms % 1000) * 1e6);
  if (nsec >= 1e9) {
    sec += 1;
    nsec -= 1e9;
  }
  sec -= EPICS_EPOCH_OFFSET_SECONDS;
  if (sec < lastSec || (sec === lastSec && nsec < lastNsec)) return { secPastEpoch: lastSec, nsec: lastNsec };
  lastSec = sec;
  lastNsec = nsec;
  return { secPastEpoch: sec, nsec };
}

/** POSIX seconds (fractional) of an EPICS timestamp. */
export const timestampToSeconds = (ts: EpicsTimestamp): number =>
  ts.secPastEpoch + EPICS_EPOCH_OFFSET_SECONDS + ts.nsec / 1e9;

/** A Date for an EPICS timestamp (millisecond resolution). */
export const timestampToDate = (ts: EpicsTimestamp): Date =>
  new Date((ts.secPastEpoch + EPICS_EPOCH_OFFSET_SECONDS) * 1000 + Math.floor(ts.nsec / 1e6));

/** An EPICS timestamp for a Date. */
export function dateToTimestamp(date: Date): EpicsTimestamp {
  const ms = date.getTime();
  const sec = Math.floor(ms / 1000);
  return { secPastEpoch: sec - EPICS_EPOCH_OFFSET_SECONDS, nsec: (ms - sec * 1000) * 1e6 };
}
