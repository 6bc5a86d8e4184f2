import type { RecordHandle } from '@devioc/core';
import type { RobotRecords } from '../model/robot-model.js';

/** What the application puts into a record (the handle's put type). */
export type RecordValue<H> = H extends RecordHandle<infer _T, infer P> ? P : never;

/** Values for some records of the model, by field name. */
export type RecordValues<K extends keyof RobotRecords = keyof RobotRecords> = { [F in K]: RecordValue<RobotRecords[F]> };

/**
 * EPICS strings hold 39 bytes: one line, cut to fit, and a cut is marked with "…" (so that a
 * reader knows there is more: the whole text is in the log and in a long-string record).
 */
export function fitString(text: string, max = 39): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (Buffer.byteLength(line) <= max) return line;
  let cut = [...line];
  while (cut.length > 0 && Buffer.byteLength(`${cut.join('').trimEnd()}…`) > max) cut = cut.slice(0, -1);
  return `${cut.join('').trimEnd()}…`;
}

/**
 * Text for the 256-character records (MESSAGE:LONG, LOG, ERROR): a robot may send any length, and
 * a longer value would be refused by the record, so it is cut with "…" (the log keeps it whole).
 */
export function fitLong(text: string, max = 256): string {
  const whole = text.trim();
  if (Buffer.byteLength(whole) <= max) return whole;
  // The limit is in UTF-8 bytes (what the record holds); "…" takes 3 of them.
  let cut = [...whole].slice(0, max);
  while (cut.length > 0 && Buffer.byteLength(`${cut.join('').trimEnd()}…`) > max) cut = cut.slice(0, -1);
  return `${cut.join('').trimEnd()}…`;
}

/** Puts values into their records, skipping the ones that did not change (no monitor noise). */
export function applyValues(records: Partial<RobotRecords>, values: Partial<RecordValues>): void {
  for (const [field, value] of Object.entries(values)) {
    const handle = records[field as keyof RobotRecords] as RecordHandle<unknown, unknown> | undefined;
    if (handle === undefined || value === undefined) continue;
    void handle.put(value, { soft: true });
  }
}
