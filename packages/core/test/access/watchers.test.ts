/**
 * AccessSecurity.watch/unwatch: every channel of every circuit watches its rights, so the
 * watchers are kept in an array with holes (compacted) instead of a Set. Told in the order they
 * came, each once, never after it left, through many arrivals and departures.
 */
import { describe, expect, it } from 'vitest';
import { AccessSecurity, type AccessWatcher } from '../../src/access/access-security.js';

class Watcher implements AccessWatcher {
  watchSlot = -1;
  told = 0;
  constructor(readonly id: number, private readonly log: number[]) {}
  accessChanged(): void {
    this.told++;
    this.log.push(this.id);
  }
}

describe('AccessSecurity watchers', () => {
  it('tells those watching, in the order they came, through departures and compactions', () => {
    const security = new AccessSecurity();
    const log: number[] = [];
    const all = Array.from({ length: 1000 }, (_, i) => new Watcher(i, log));
    for (const w of all) security.watch(w);
    // Every odd one leaves (compacting on the way), then a few more come.
    for (const w of all) if (w.id % 2 === 1) security.unwatch(w);
    const late = Array.from({ length: 5 }, (_, i) => new Watcher(1000 + i, log));
    for (const w of late) security.watch(w);
    security.unload();
    const expected = [...all.filter((w) => w.id % 2 === 0).map((w) => w.id), ...late.map((w) => w.id)];
    expect(log).toEqual(expected);
    // Everyone leaves: nobody is told; leaving twice or watching twice changes nothing.
    log.length = 0;
    for (const w of [...all, ...late]) security.unwatch(w);
    security.unwatch(all[0]!);
    security.unload();
    expect(log).toEqual([]);
    security.watch(all[3]!);
    security.watch(all[3]!);
    security.unload();
    expect(log).toEqual([3]);
  });

  it('one leaving while the others are told does not stop them being told', () => {
    const security = new AccessSecurity();
    const log: number[] = [];
    const a = new Watcher(1, log);
    const b = new Watcher(2, log);
    const leaver: AccessWatcher = {
      watchSlot: -1,
      accessChanged: () => {
        security.unwatch(a);
        security.unwatch(leaver);
      },
    };
    security.watch(leaver);
    security.watch(a);
    security.watch(b);
    security.unload();
    expect(log).toEqual([1, 2]);
    log.length = 0;
    security.unload();
    expect(log).toEqual([2]);
  });
});
