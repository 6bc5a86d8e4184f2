/**
 * The monitor queues against the data structures they replaced, driven by random command
 * sequences: ReadyQueue against an insertion-ordered Set of subscriptions, and Subscription's
 * FIFO (one slot plus an overflow array) against the plain array it used to be.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PvSnapshot } from '../../../src/ca/protocol/dbr/types.js';
import { NativeType, emptyMetadata } from '../../../src/ca/protocol/dbr/types.js';
import { ReadyQueue, Subscription } from '../../../src/ca/server/subscription.js';

const subs = Array.from({ length: 12 }, (_, i) => new Subscription(i, 1, 6, 1, 1));

type QueueCommand =
  | { op: 'add'; i: number }
  | { op: 'delete'; i: number }
  | { op: 'drain'; n: number }
  | { op: 'clear' };

const queueCommand: fc.Arbitrary<QueueCommand> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('add' as const), i: fc.nat({ max: subs.length - 1 }) }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), i: fc.nat({ max: subs.length - 1 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('drain' as const), n: fc.nat({ max: 5 }) }), weight: 2 },
  { arbitrary: fc.constant({ op: 'clear' as const }), weight: 1 },
);

describe('ReadyQueue', () => {
  it('behaves like an insertion-ordered Set (add, delete, take the oldest, iterate, clear)', () => {
    fc.assert(fc.property(fc.array(queueCommand, { maxLength: 300 }), (commands) => {
      for (const s of subs) s.readySlot = -1;
      const queue = new ReadyQueue();
      const model = new Set<Subscription>();
      for (const c of commands) {
        if (c.op === 'add') {
          queue.add(subs[c.i]);
          model.add(subs[c.i]);
        } else if (c.op === 'delete') {
          queue.delete(subs[c.i]);
          model.delete(subs[c.i]);
        } else if (c.op === 'drain') {
          // What flush() does: take the oldest, handle it, delete it.
          for (let k = 0; k < c.n; k++) {
            const oldest = queue.first();
            expect(oldest).toBe(model.values().next().value);
            if (oldest === undefined) break;
            queue.delete(oldest);
            model.delete(oldest);
          }
        } else {
          queue.clear();
          model.clear();
        }
        expect(queue.size).toBe(model.size);
        const order: Subscription[] = [];
        queue.forEach((s) => order.push(s));
        expect(order).toEqual([...model]);
        for (const s of subs) expect(s.readySlot >= 0).toBe(model.has(s));
      }
    }), { numRuns: 2000 });
  });

  it('compacts a queue that never empties, keeping the order', () => {
    const many = Array.from({ length: 5000 }, (_, i) => new Subscription(i, 1, 6, 1, 1));
    const queue = new ReadyQueue();
    const model = new Set<Subscription>();
    // A congested circuit: a few are sent, more become ready, the queue is never empty.
    for (let round = 0; round < 40; round++) {
      for (let k = 0; k < 300; k++) {
        const s = many[(round * 97 + k * 13) % many.length];
        queue.add(s);
        model.add(s);
      }
      for (let k = 0; k < 250; k++) {
        const oldest = queue.first();
        expect(oldest).toBe(model.values().next().value);
        if (oldest === undefined) break;
        queue.delete(oldest);
        model.delete(oldest);
      }
    }
    const order: Subscription[] = [];
    queue.forEach((s) => order.push(s));
    expect(order).toEqual([...model]);
    expect((queue as unknown as { slots: unknown[] }).slots.length).toBeLessThan(3 * many.length);
  });
});

/** Subscription's queue as it was: a plain array. */
class ArrayQueue {
  queue: PvSnapshot[] = [];
  replaced = 0;
  push(snapshot: PvSnapshot, coalesce: boolean, large: boolean): boolean {
    const wasEmpty = this.queue.length === 0;
    const depth = coalesce || large ? 1 : 4;
    if (this.queue.length >= depth) {
      this.queue[this.queue.length - 1] = snapshot;
      this.replaced++;
      if (this.queue.length > depth) this.queue.splice(0, this.queue.length - depth);
    } else {
      this.queue.push(snapshot);
    }
    return wasEmpty;
  }
  collapse(): void {
    if (this.queue.length > 1) {
      this.replaced += this.queue.length - 1;
      this.queue.splice(0, this.queue.length - 1);
    }
  }
}

const snapshot = (n: number, large: boolean): PvSnapshot => ({
  nativeType: NativeType.DOUBLE,
  value: new Float64Array(large ? 10_000 : 1).fill(n),
  alarm: { status: 0, severity: 0 },
  timestamp: { secPastEpoch: n, nsec: 0 },
  meta: emptyMetadata(),
});

type SubCommand = { op: 'push'; coalesce: boolean; large: boolean } | { op: 'shift' } | { op: 'collapse' } | { op: 'clear' };
const subCommand: fc.Arbitrary<SubCommand> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('push' as const), coalesce: fc.boolean(), large: fc.boolean() }), weight: 6 },
  { arbitrary: fc.constant({ op: 'shift' as const }), weight: 3 },
  { arbitrary: fc.constant({ op: 'collapse' as const }), weight: 1 },
  { arbitrary: fc.constant({ op: 'clear' as const }), weight: 1 },
);

describe('Subscription queue', () => {
  it('keeps, drops and replaces updates exactly as the array queue did', () => {
    fc.assert(fc.property(fc.array(subCommand, { maxLength: 200 }), (commands) => {
      const sub = new Subscription(1, 1, 6, 1, 1);
      const model = new ArrayQueue();
      let n = 0;
      for (const c of commands) {
        if (c.op === 'push') {
          const s = snapshot(n++, c.large);
          expect(sub.push(s, c.coalesce)).toBe(model.push(s, c.coalesce, c.large));
        } else if (c.op === 'shift') {
          expect(sub.shift()).toBe(model.queue.shift());
        } else if (c.op === 'collapse') {
          sub.collapse();
          model.collapse();
        } else {
          sub.clear();
          model.queue.length = 0;
        }
        expect(sub.pending).toBe(model.queue.length);
        expect(sub.replaced).toBe(model.replaced);
      }
      const rest: (PvSnapshot | undefined)[] = [];
      while (sub.pending > 0) rest.push(sub.shift());
      expect(rest).toEqual(model.queue);
    }), { numRuns: 3000 });
  });
});
