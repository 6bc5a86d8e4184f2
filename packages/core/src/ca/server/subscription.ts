import type { DbrType, PvSnapshot } from '../protocol/dbr/types.js';

/** Updates a subscription may hold while its circuit is busy (rsrv's per-event quota). */
const QUEUE_DEPTH = 4;
/** A value larger than this is queued at most once: at most two copies per subscription. */
const LARGE_VALUE_BYTES = 64 * 1024;

const approxBytes = (s: PvSnapshot): number => {
  const v = s.value;
  return Array.isArray(v) ? v.length * 40 : (v as ArrayBufferView).byteLength;
};

/** The unsubscribe of a subscription not yet subscribed: one shared function, not one each. */
const nothing = (): void => {};

/**
 * One EVENT_ADD: its requested type, count and mask, and a small FIFO of updates waiting to be
 * written. When the FIFO is full, or the client asked for EVENTS_OFF, the newest update
 * replaces the last queued one: intermediate values are dropped, the latest always survives,
 * and memory stays bounded however slowly the client reads.
 *
 * The FIFO is the oldest update in `first` plus the others in `rest`, an array created only
 * when a second update waits: usually one update at a time is pending, and an array per
 * subscription would cost more memory than the rest of it.
 */
export class Subscription {
  private first: PvSnapshot | undefined = undefined;
  private rest: PvSnapshot[] | undefined = undefined;
  /** Updates replaced before they could be sent (for diagnostics). */
  replaced = 0;
  /** False while read access is lost: events are ignored until it returns. */
  enabled = true;
  unsubscribe: () => void = nothing;
  /** The slot of this subscription in its circuit's ReadyQueue, or -1 when not in it. */
  readySlot = -1;
  /** The largest update payload the circuit may send for it (EPICS_CA_MAX_ARRAY_BYTES). */
  limit = Number.POSITIVE_INFINITY;
  /**
   * The request's header when its count alone is already too large to answer: each update is
   * then an ECA_TOLARGE error quoting it, as rsrv's read_reply answers.
   */
  refusedHeader: Buffer | undefined = undefined;

  constructor(
    readonly id: number,
    readonly sid: number,
    readonly dbrType: DbrType,
    /** Requested element count; 0 means "the current length" in every update. */
    readonly count: number,
    readonly mask: number,
  ) {}

  get pending(): number {
    if (this.first === undefined) return 0;
    return this.rest === undefined ? 1 : 1 + this.rest.length;
  }

  /** Queues an update; returns true if the subscription had nothing pending before. */
  push(snapshot: PvSnapshot, coalesce: boolean): boolean {
    const pending = this.pending;
    if (pending === 0) {
      this.first = snapshot;
      return true;
    }
    const depth = coalesce || approxBytes(snapshot) > LARGE_VALUE_BYTES ? 1 : QUEUE_DEPTH;
    if (pending >= depth) {
      this.replaceNewest(snapshot);
      this.replaced++;
      // A shrunken depth (EVENTS_OFF) keeps only the newest.
      for (let extra = pending - depth; extra > 0; extra--) this.shift();
    } else {
      (this.rest ??= []).push(snapshot);
    }
    return false;
  }

  private replaceNewest(snapshot: PvSnapshot): void {
    if (this.rest === undefined || this.rest.length === 0) this.first = snapshot;
    else this.rest[this.rest.length - 1] = snapshot;
  }

  shift(): PvSnapshot | undefined {
    const oldest = this.first;
    this.first = this.rest !== undefined && this.rest.length > 0 ? this.rest.shift() : undefined;
    return oldest;
  }

  /** Keeps only the newest pending update (entering flow control). */
  collapse(): void {
    const pending = this.pending;
    if (pending > 1 && this.rest !== undefined) {
      this.replaced += pending - 1;
      this.first = this.rest[this.rest.length - 1];
      this.rest.length = 0;
    }
  }

  clear(): void {
    this.first = undefined;
    if (this.rest !== undefined) this.rest.length = 0;
  }
}

/** Leading empty slots tolerated before the queue is compacted. */
const COMPACT_AFTER = 1024;

/**
 * The subscriptions of a circuit that have updates waiting, in the order they became ready,
 * with the semantics of an insertion-ordered Set (adding one already in changes nothing).
 *
 * Under fan-out every subscription of a circuit goes in and out once per update; as a Set that
 * hashing, deleting and rehashing took about 15 % of the server's CPU. Here each subscription
 * knows its slot in an array: adding appends, deleting empties the slot, and the front is
 * skipped past empty slots. When the queue empties (the usual end of a flush) it starts again
 * at slot 0, keeping the array; when it never empties (a congested client), adding compacts it
 * once most of it is empty slots at the front.
 */
export class ReadyQueue {
  private slots: (Subscription | undefined)[] = [];
  /** Every slot before this one is empty. */
  private head = 0;
  /** Slots in use: [head, tail). Slots from tail on are empty. */
  private tail = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(sub: Subscription): void {
    if (sub.readySlot >= 0) return;
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.tail) this.compact();
    sub.readySlot = this.tail;
    if (this.tail === this.slots.length) this.slots.push(sub);
    else this.slots[this.tail] = sub;
    this.tail++;
    this.count++;
  }

  delete(sub: Subscription): void {
    const slot = sub.readySlot;
    if (slot < 0) return;
    this.slots[slot] = undefined;
    sub.readySlot = -1;
    // Empty: every slot is already cleared, so the array can be reused from the start.
    if (--this.count === 0) this.head = this.tail = 0;
  }

  /** The subscription that has been ready longest, if any. */
  first(): Subscription | undefined {
    if (this.count === 0) return undefined;
    while (this.slots[this.head] === undefined) this.head++;
    return this.slots[this.head];
  }

  /** Calls `fn` for each subscription, oldest first (`fn` must not add or delete). */
  forEach(fn: (sub: Subscription) => void): void {
    for (let i = this.head; i < this.tail; i++) {
      const sub = this.slots[i];
      if (sub !== undefined) fn(sub);
    }
  }

  clear(): void {
    for (let i = this.head; i < this.tail; i++) {
      const sub = this.slots[i];
      if (sub !== undefined) sub.readySlot = -1;
      this.slots[i] = undefined;
    }
    this.head = this.tail = this.count = 0;
  }

  /** Moves the subscriptions to the front of the array, renumbering them. */
  private compact(): void {
    let to = 0;
    for (let i = this.head; i < this.tail; i++) {
      const sub = this.slots[i];
      if (sub === undefined) continue;
      this.slots[i] = undefined;
      sub.readySlot = to;
      this.slots[to++] = sub;
    }
    this.head = 0;
    this.tail = to;
  }
}
