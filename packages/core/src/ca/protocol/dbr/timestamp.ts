/**
 * EPICS timestamps: seconds since 1990-01-01T00:00:00 UTC plus nanoseconds (epicsTimeStamp).
 */
import type { EpicsTimestamp } from './types.js';

/** POSIX time of the EPICS epoch (1990-01-01 UTC). */
export const EPICS_EPOCH_OFFSET_SECONDS = 631152000;

// The wall clock at one instant of start-up plus the monotonic time since then (process.hrtime,
// integer nanoseconds): it never steps back when NTP adjusts the system clock, and it costs
// less than performance.now() (every record processing stamps a time). The instant is the
// moment Date.now() steps to a new millisecond, so the wall clock there is that millisecond to
// within a microsecond; performance.timeOrigin can be off by most of a millisecond, which other
// IOCs' time stamps (from clock_gettime) would show.
const [startHr, startMs] = wallClockEdge();
// What readClock adds to process.hrtime()'s seconds and nanoseconds to get the EPICS time: the
// start's wall clock less its hrtime. The nanoseconds' offset is kept in [-1e9, 0) (a second
// borrowed from the seconds' offset when it is not), so that readClock's nanoseconds stay in
// [-1e9, 1e9), V8's small integers: its arithmetic is compiled for them from the first reading
// on, and no later reading overflows them (which would throw that code away). The seconds'
// sum is past the small integers from the first reading on (EPICS seconds are over 2^30 since
// 2024); it lives in a Float64Array, compiled as a double.
const startNsecOffset = (startMs % 1000) * 1e6 - startHr[1];
const startBorrow = startNsecOffset < 0 ? 0 : 1;
const NSEC_OFFSET = startNsecOffset - startBorrow * 1e9;
const secOffset = Float64Array.of(Math.floor(startMs / 1000) - EPICS_EPOCH_OFFSET_SECONDS - startHr[0] + startBorrow);

/**
 * process.hrtime() and Date.now() at the instant Date.now() stepped (waits about 1 ms, once). A
 * clock that does not step within 5 ms (a test's fake Date) is taken as it is.
 */
function wallClockEdge(): [[number, number], number] {
  const first = Date.now();
  const begin = process.hrtime();
  for (;;) {
    const ms = Date.now();
    const hr = process.hrtime();
    if (ms !== first) return [hr, ms];
    if (process.hrtime(begin)[1] > 5e6) return [hr, ms];
  }
}
// `process` is an accessor on the global object, so `process.hrtime` in readClock called a getter
// on every record processing; the function itself does not use `this`.
const hrtime = process.hrtime;
// The latest time handed out, as two numbers (not an object to copy on every call). They live
// in a Float64Array: the seconds since 1990 are past V8's small integers, and a module `let`
// holding such a number was a new heap number on every reading (on every record processing).
const latest = new Float64Array(2);

/**
 * Reads the clock into the latest time (clockSec/clockNsec). A record's processing stamps its
 * time from these two numbers: an object per reading was a tenth of a put's time stamping.
 * Never earlier than the previous reading in this process: process.hrtime() is the monotonic
 * clock and the offsets are constant.
 */
export function readClock(): void {
  const now = hrtime();
  // The nanoseconds, -1e9 to 1e9, and a borrow from the seconds when negative. Small integers
  // and a select, not a division (Math.floor(n / 1e9) took a fifth of the time stamping). The
  // conditionals hold constants only: V8 compiles an arm the warm-up never took as a
  // deoptimization when it holds an operation that needs type feedback, and a borrow happens
  // in one reading in a few.
  const n = now[1] + NSEC_OFFSET;
  const borrow = n < 0 ? 1 : 0;
  latest[0] = now[0] + secOffset[0] - borrow;
  latest[1] = n + borrow * 1e9;
}

/** The seconds of the latest readClock(). */
export const clockSec = (): number => latest[0];
/** The nanoseconds of the latest readClock(). */
export const clockNsec = (): number => latest[1];

/** Now, as an EPICS timestamp; never earlier than the previous call in this process. */
export function epicsNow(): EpicsTimestamp {
  readClock();
  return { secPastEpoch: latest[0], nsec: latest[1] };
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
