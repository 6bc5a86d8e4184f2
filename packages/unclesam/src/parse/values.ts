import type { RecordHandle } from '@devioc/core';
import type { RobotRecords } from '../model/robot-model.js';

/** What the application puts into a record (the handle's put type). */
export type RecordValue<H> = H extends RecordHandle<infer _T, infer P> ? P : never;

/** Values for some records of the model, by field name. */
export type RecordValues<K extends keyof RobotRecords = keyof RobotRecords> = { [F in K]: RecordValue<RobotRecords[F]> };

/** EPICS strings hold 39 characters: one line, cut to fit. */
export function fitString(text: string, max = 39): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : line.slice(0, max);
}

/** Puts values into their records, skipping the ones that did not change (no monitor noise). */
export function applyValues(records: Partial<RobotRecords>, values: Partial<RecordValues>): void {
  for (const [field, value] of Object.entries(values)) {
    const handle = records[field as keyof RobotRecords] as RecordHandle<unknown, unknown> | undefined;
    if (handle === undefined || value === undefined) continue;
    void handle.put(value, { soft: true });
  }
}
