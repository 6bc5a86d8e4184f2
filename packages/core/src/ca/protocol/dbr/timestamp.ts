/**
 * EPICS timestamps: seconds since 1990-01-01T00:00:00 UTC plus nanoseconds (epicsTimeStamp).
 */
import type { EpicsTimestamp } from './types.js';

/** POSIX time of the EPICS epoch (1990-01-01 UTC). */
export const EPICS_EPOCH_OFFSET_SECONDS = 631152000;

// The wall-clock instant of start-up (performance.timeOrigin + performance.now(), sub-millisecond)
// plus the monotonic time since then (process.hrtime, integer nanoseconds): it never steps back
// when NTP adjusts the system clock. process.hrtime(start) costs about two thirds of
// performance.now() and its arithmetic is integers (every record processing stamps a time).
const startHr = process.hrtime();
const startMs = performance.timeOrigin + performance.now();
const startSec = Math.floor(startMs / 1000) - EPICS_EPOCH_OFFSET_SECONDS;
const startNsec = Math.round((startMs - Math.floor(startMs / 1000) * 1000) * 1e6);
// The latest time handed out, as two numbers (not an object to copy on every call).
let lastSec = 0;
let lastNsec = 0;

/** Now, as an EPICS timestamp; never earlier than the previous call in this process. */
export function epicsNow(): EpicsTimestamp {
  const elapsed = process.hrtime(startHr);
  let sec = startSec + elapsed[0];
  let nsec = startNsec + elapsed[1];
  if (nsec >= 1e9) {
    sec += 1;
    nsec -= 1e9;
  }
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
