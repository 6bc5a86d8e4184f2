/**
 * epicsTimeToStrftime: strftime in local time, plus EPICS' fractional seconds `%f` (6 digits)
 * and `%0nf`/`%nf` (n digits, 1…9), truncated as EPICS does.
 */
import type { EpicsTimestamp } from '../../ca/protocol/dbr/types.js';

/** Seconds between the POSIX epoch and the EPICS epoch (1990-01-01 UTC). */
export const EPICS_EPOCH_OFFSET = 631152000;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

export function formatEpicsTime(format: string, time: EpicsTimestamp): string {
  // epicsTimeToStrftime presumes the EPICS epoch itself is a time stamp never set.
  if (time.secPastEpoch === 0 && time.nsec === 0) return '<undefined>';
  const d = new Date((time.secPastEpoch + EPICS_EPOCH_OFFSET) * 1000);
  const fields: Record<string, () => string> = {
    Y: () => String(d.getFullYear()),
    y: () => two(d.getFullYear() % 100),
    m: () => two(d.getMonth() + 1),
    d: () => two(d.getDate()),
    e: () => String(d.getDate()).padStart(2, ' '),
    H: () => two(d.getHours()),
    I: () => two(d.getHours() % 12 === 0 ? 12 : d.getHours() % 12),
    M: () => two(d.getMinutes()),
    S: () => two(d.getSeconds()),
    p: () => (d.getHours() < 12 ? 'AM' : 'PM'),
    a: () => DAYS[d.getDay()],
    b: () => MONTHS[d.getMonth()],
    h: () => MONTHS[d.getMonth()],
    j: () => String(Math.floor((d.getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 86400000) + 1).padStart(3, '0'),
    s: () => String(time.secPastEpoch + EPICS_EPOCH_OFFSET),
    F: () => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
    T: () => `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`,
    z: () => {
      // strftime's %z: the local zone's offset from UTC, +hhmm.
      const offset = -d.getTimezoneOffset();
      const abs = Math.abs(offset);
      return `${offset < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
    },
    '%': () => '%',
  };
  return format.replace(/%(0?[1-9])?f|%([A-Za-z%])/g, (whole, digits: string | undefined, conv: string | undefined) => {
    if (conv === undefined) {
      const n = digits === undefined ? 6 : Number(digits);
      return String(time.nsec).padStart(9, '0').slice(0, n);
    }
    return fields[conv]?.() ?? whole;
  });
}
