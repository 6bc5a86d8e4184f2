/** EPICS timestamps as the CA tools print them: "%Y-%m-%d %H:%M:%S.%06f" in local time. */
import { EPICS_EPOCH_OFFSET_SECONDS } from '../../ca/protocol/dbr/timestamp.js';
import type { EpicsTimestamp } from '../../ca/protocol/dbr/types.js';

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * epicsTimeToStrftime with caget's format: local date and time, then the fraction of a second in
 * 6 digits, rounded but never carried into the seconds.
 */
export function formatEpicsTime(ts: EpicsTimestamp): string {
  // epicsTimeToStrftime takes the EPICS epoch itself for an uninitialised time stamp.
  if (ts.secPastEpoch === 0 && ts.nsec === 0) return '<undefined>';
  const d = new Date((ts.secPastEpoch + EPICS_EPOCH_OFFSET_SECONDS) * 1000);
  let micro = Math.floor((ts.nsec + 500) / 1000);
  if (ts.nsec >= 1e9) return `${dateText(d)}.OVF`;
  if (micro > 999_999) micro = 999_999;
  return `${dateText(d)}.${String(micro).padStart(6, '0')}`;
}

const dateText = (d: Date): string =>
  `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;

/** Now as an EPICS timestamp (for client-side timestamps). */
export function nowTimestamp(): EpicsTimestamp {
  const ms = Date.now();
  const sec = Math.floor(ms / 1000);
  return { secPastEpoch: sec - EPICS_EPOCH_OFFSET_SECONDS, nsec: (ms - sec * 1000) * 1e6 };
}

/** Seconds from `b` to `a`. */
export const diffSeconds = (a: EpicsTimestamp, b: EpicsTimestamp): number => a.secPastEpoch - b.secPastEpoch + (a.nsec - b.nsec) / 1e9;
