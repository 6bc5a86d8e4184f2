/**
 * One scan list (a period's, or a named event's): its records in PHAS order and, within a
 * phase, in the order they were added, as dbScan's addToList keeps them. The order is made
 * when the list changes, not at every scan: sorting 10,000 records at each 10 Hz pass was
 * work repeated for nothing, as a record's PHAS only changes by a put, which moves the record
 * (SPC_SCAN: scanDelete, then scanAdd).
 */
import type { EpicsRecord } from '../record.js';

export class ScanList {
  private readonly members = new Set<EpicsRecord>();
  private ordered: readonly EpicsRecord[] | undefined;

  get size(): number {
    return this.members.size;
  }

  add(record: EpicsRecord): void {
    this.members.add(record);
    this.ordered = undefined;
  }

  delete(record: EpicsRecord): void {
    if (this.members.delete(record)) this.ordered = undefined;
  }

  /** The records in list order; the array is not changed later (a change makes a new one). */
  inOrder(): readonly EpicsRecord[] {
    this.ordered ??= [...this.members].sort((a, b) => a.num('PHAS') - b.num('PHAS'));
    return this.ordered;
  }
}
