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
// The start instant, in EPICS seconds and nanoseconds and as process.hrtime() gave it; kept as
// doubles (a Float64Array), so that readClock's arithmetic on them is compiled for doubles from
// the first reading on, never for small integers that a later reading overflows.
const SEC = 0;
const NSEC = 1;
const HR_SEC = 2;
const HR_NSEC = 3;
const origin = Float64Array.of(Math.floor(startMs / 1000) - EPICS_EPOCH_OFFSET_SECONDS, (startMs % 1000) * 1e6, startHr[0], startHr[1]);

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
 * Reads the clock into the latest time (clockSec/clockNsec), never earlier than the previous
 * reading in this process. A record's processing stamps its time from these two numbers: an
 * object per reading was a tenth of a put's time stamping.
 */
export function readClock(): void {
  const now = hrtime();
  // Nanoseconds past the start's wall-clock second (-1e9 to 2e9) and the carry into the seconds
  // (-1, 0 or 1), by arithmetic on doubles rather than by branches: V8 compiles a branch that
  // the warm-up never took (a carry happens in one reading in a few) as a deoptimization, and
  // Node's process.hrtime(start) has such a branch of its own. The first carry after the
  // warm-up then sent every record's processing back to the interpreter.
  const n = origin[NSEC] + (now[1] - origin[HR_NSEC]);
  const carry = Math.floor(n / 1e9);
  const sec = origin[SEC] + (now[0] - origin[HR_SEC]) + carry;
  const nsec = n - carry * 1e9;
  const lastSec = latest[0];
  if (sec < lastSec || (sec === lastSec && nsec < latest[1])) return;
  latest[0] = sec;
  latest[1] = nsec;
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
