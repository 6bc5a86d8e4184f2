import { describe, expect, it } from 'vitest';
import { ChannelTable } from '../../../src/ca/server/channel-table.js';

class Ch {
  constructor(readonly sid: number) {}
}

function add(t: ChannelTable<Ch>): Ch {
  const c = new Ch(t.nextSid());
  t.add(c);
  return c;
}

describe('ChannelTable', () => {
  it('numbers channels from 1 and finds each by sid', () => {
    const t = new ChannelTable<Ch>();
    const cs = [add(t), add(t), add(t)];
    expect(cs.map((c) => c.sid)).toEqual([1, 2, 3]);
    expect(cs.every((c) => t.get(c.sid) === c)).toBe(true);
    expect(t.get(0)).toBeUndefined();
    expect(t.get(4)).toBeUndefined();
    expect(t.get(0xffffffff)).toBeUndefined();
    expect(t.size).toBe(3);
  });

  it('gives a sid the client cleared to the next channel, and no other', () => {
    const t = new ChannelTable<Ch>();
    const [a, b, c] = [add(t), add(t), add(t)];
    t.remove(b, true);
    t.remove(c, false);
    expect(t.get(b.sid)).toBeUndefined();
    expect(t.holds(b)).toBe(false);
    const d = add(t);
    expect(d.sid).toBe(b.sid);
    expect(t.holds(d)).toBe(true);
    expect(t.holds(b)).toBe(false);
    // c's sid was dropped by the server: never given out again.
    expect(add(t).sid).toBe(4);
    expect(add(t).sid).toBe(5);
    expect([...t.values()].map((x) => x.sid)).toEqual([a.sid, d.sid, 4, 5]);
    expect(t.size).toBe(4);
  });

  it('ignores the removal of a channel it no longer holds (its sid given out again)', () => {
    const t = new ChannelTable<Ch>();
    const a = add(t);
    t.remove(a, true);
    const b = add(t);
    t.remove(a, true);
    expect(t.get(b.sid)).toBe(b);
    expect(t.size).toBe(1);
    expect(add(t).sid).toBe(2);
  });

  it('stays as long as the most channels open at once, however many come and go', () => {
    const t = new ChannelTable<Ch>();
    for (let i = 0; i < 10_000; i++) {
      const c = add(t);
      const d = add(t);
      t.remove(c, true);
      t.remove(d, true);
    }
    expect(add(t).sid).toBeLessThanOrEqual(2);
    expect(t.size).toBe(1);
  });
});
