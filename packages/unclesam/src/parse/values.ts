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

/** Puts values into their records, skipping the ones that did not change (no monitor noise). */
export function applyValues(records: Partial<RobotRecords>, values: Partial<RecordValues>): void {
  for (const [field, value] of Object.entries(values)) {
    const handle = records[field as keyof RobotRecords] as RecordHandle<unknown, unknown> | undefined;
    if (handle === undefined || value === undefined) continue;
    void handle.put(value, { soft: true });
  }
}
