import type { DbrType, PvSnapshot } from '../protocol/dbr/types.js';

/** Updates a subscription may hold while its circuit is busy (rsrv's per-event quota). */
const QUEUE_DEPTH = 4;
/** A value larger than this is queued at most once: at most two copies per subscription. */
const LARGE_VALUE_BYTES = 64 * 1024;

const approxBytes = (s: PvSnapshot): number => {
  const v = s.value;
  return Array.isArray(v) ? v.length * 40 : (v as ArrayBufferView).byteLength;
};

/**
 * One EVENT_ADD: its requested type, count and mask, and a small FIFO of updates waiting to be
 * written. When the FIFO is full, or the client asked for EVENTS_OFF, the newest update
 * replaces the last queued one: intermediate values are dropped, the latest always survives,
 * and memory stays bounded however slowly the client reads.
 */
export class Subscription {
  private readonly queue: PvSnapshot[] = [];
  /** Updates replaced before they could be sent (for diagnostics). */
  replaced = 0;
  /** False while read access is lost: events are ignored until it returns. */
  enabled = true;
  unsubscribe: () => void = () => {};

  constructor(
    readonly id: number,
    readonly sid: number,
    readonly dbrType: DbrType,
    /** Requested element count; 0 means "the current length" in every update. */
    readonly count: number,
    readonly mask: number,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  /** Queues an update; returns true if the subscription had nothing pending before. */
  push(snapshot: PvSnapshot, coalesce: boolean): boolean {
    const wasEmpty = this.queue.length === 0;
    const depth = coalesce || approxBytes(snapshot) > LARGE_VALUE_BYTES ? 1 : QUEUE_DEPTH;
    if (this.queue.length >= depth) {
      this.queue[this.queue.length - 1] = snapshot;
      this.replaced++;
      // A shrunken depth (EVENTS_OFF) keeps only the newest.
      if (this.queue.length > depth) this.queue.splice(0, this.queue.length - depth);
    } else {
      this.queue.push(snapshot);
    }
    return wasEmpty;
  }

  shift(): PvSnapshot | undefined {
    return this.queue.shift();
  }

  /** Keeps only the newest pending update (entering flow control). */
  collapse(): void {
    if (this.queue.length > 1) {
      this.replaced += this.queue.length - 1;
      this.queue.splice(0, this.queue.length - 1);
    }
  }

  clear(): void {
    this.queue.length = 0;
  }
}
