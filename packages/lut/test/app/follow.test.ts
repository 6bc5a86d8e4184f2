/**
 * The input and target followed by name, in virtual time (marbles): a new name switches to
 * its PV, a PV's connection and values become events, an empty name is "unset".
 */
import { NEVER, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type InputEvent, inputEvents, type TargetState, targetStates } from '../../src/app/follow.js';
import type { LutPv } from '../../src/app/pv.js';

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const pvOf = (connected$: Observable<boolean>, value$: Observable<unknown> = NEVER): LutPv => ({
  connected$,
  value$,
  get: () => Promise.resolve(0),
  put: () => Promise.resolve(),
});

describe('inputEvents', () => {
  it('unset, then waiting for the PV named, its values and its losses; an empty name again is unset', () => {
    const asked: string[] = [];
    scheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const connected$ = cold('f-t--f-t', { t: true, f: false });
      const value$ = cold('--x----y', { x: 5, y: '6.5' });
      const names = hot('a---b---------c', { a: '', b: ' E ', c: '' });
      const events = inputEvents(names, (name) => (asked.push(name), pvOf(connected$, value$)));
      const e: Record<string, InputEvent> = {
        u: { kind: 'unset' },
        w: { kind: 'waiting', name: 'E' },
        x: { kind: 'value', name: 'E', value: 5 },
        d: { kind: 'disconnected', name: 'E' },
        y: { kind: 'value', name: 'E', value: '6.5' },
      };
      // Not connected before the first connection is waiting (no event); after it, a loss.
      expectObservable(events).toBe('u---w-x--d-y--u', e);
      expectSubscriptions(connected$.subscriptions).toBe('----^---------!');
    });
    // The PV is asked for by the trimmed name.
    expect(asked).toEqual(['E']);
  });

  it('the same name again (spaces aside) keeps following the same PV', () => {
    scheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const connected$ = cold('t', { t: true });
      const names = hot('a-b-c', { a: 'E', b: ' E', c: 'E ' });
      expectObservable(inputEvents(names, () => pvOf(connected$))).toBe('w', { w: { kind: 'waiting', name: 'E' } });
      expectSubscriptions(connected$.subscriptions).toBe('^');
    });
  });
});

describe('targetStates', () => {
  it('no name is unset; a name is waiting until connected, then a loss is a disconnection', () => {
    scheduler().run(({ hot, cold, expectObservable }) => {
      const names = hot('a---b', { a: '', b: 'G' });
      const connected$ = cold('f-t--f', { t: true, f: false });
      const s: Record<string, TargetState> = {
        u: { name: '', connected: false, before: false },
        w: { name: 'G', connected: false, before: false },
        c: { name: 'G', connected: true, before: false },
        d: { name: 'G', connected: false, before: true },
      };
      expectObservable(targetStates(names, () => pvOf(connected$))).toBe('u---w-c--d', s);
    });
  });
});

