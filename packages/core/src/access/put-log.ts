/**
 * TRAPWRITE: every write a TRAPWRITE rule lets through is reported, as caPutLog logs it:
 * `DD-Mon-YY HH:MM:SS host user PV new=VALUE old=VALUE`.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

export interface TrappedWrite {
  readonly time: Date;
  readonly user: string;
  readonly host: string;
  readonly pv: string;
  readonly oldValue: string;
  readonly newValue: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** caPutLog's time format, %d-%b-%y %H:%M:%S, in local time. */
export function putLogTime(t: Date): string {
  return `${two(t.getDate())}-${MONTHS[t.getMonth()]}-${two(t.getFullYear() % 100)} ${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
}

export function formatPutLogLine(w: TrappedWrite): string {
  return `${putLogTime(w.time)} ${w.host} ${w.user} ${w.pv} new=${w.newValue} old=${w.oldValue}`;
}

/** Appends put-log lines to a file, each written and synced before the next. */
export class PutLogFile {
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  write(w: TrappedWrite): void {
    writeSync(this.fd, `${formatPutLogLine(w)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
