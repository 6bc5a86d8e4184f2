import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { HardwareMessage, StohStartOperation } from '../src/index.js';
import { OperationError, OperationTracker } from '../src/index.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A tracker whose DHS answers with the given messages (by handle) at virtual times. */
function setup(online = true) {
  const messages$ = new Subject<HardwareMessage>();
  const disconnected$ = new Subject<string>();
  const sent: StohStartOperation[] = [];
  const tracker = new OperationTracker({
    send: (m) => {
      if (online) sent.push(m);
      return online;
    },
    messages$,
    disconnected$,
  });
  return { tracker, messages$, disconnected$, sent };
}

const update = (handle: string, text: string): HardwareMessage => ({ type: 'htos_operation_update', operation: 'op', handle, text });
const completed = (handle: string, status: string, returns = ''): HardwareMessage => ({
  type: 'htos_operation_completed',
  operation: 'op',
  handle,
  status,
  returns,
});

describe('OperationTracker', () => {
  it('sends a start with a fresh 1.<n> handle per subscription', () => {
    const { tracker, sent } = setup();
    tracker.start('prepare_mount_crystal', ['l', '1', 'A']).subscribe({ error: () => {} });
    tracker.start('get_robotstate').subscribe({ error: () => {} });
    expect(sent).toEqual([
      { type: 'stoh_start_operation', operation: 'prepare_mount_crystal', handle: '1.1', args: ['l', '1', 'A'] },
      { type: 'stoh_start_operation', operation: 'get_robotstate', handle: '1.2', args: [] },
    ]);
  });

  it('is cold: nothing is sent before subscribe', () => {
    const { tracker, sent } = setup();
    tracker.start('op');
    expect(sent).toEqual([]);
  });

  it('emits updates, then the result, then completes; ignores other handles', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const { tracker, messages$ } = setup();
      hot('-a-b-c-d', { a: update('1.1', 'OK to prepare'), b: update('9.9', 'not ours'), c: completed('9.9', 'normal'), d: completed('1.1', 'normal', 'l 1 A') }).subscribe(messages$);
      expectObservable(tracker.start('op')).toBe('-a-----(d|)', {
        a: { type: 'update', operation: 'op', handle: '1.1', text: 'OK to prepare' },
        d: { type: 'result', operation: 'op', handle: '1.1', returns: 'l 1 A' },
      });
    });
  });

  it('fails with the robot text on a non-normal completion', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const { tracker, messages$ } = setup();
      hot('--a', { a: completed('1.1', 'FAILED,', 'need to call PrepareMountCrystal first') }).subscribe(messages$);
      expectObservable(tracker.start('op')).toBe('--#', undefined, new OperationError('failed', 'op', '1.1', 'FAILED, need to call PrepareMountCrystal first'));
    });
  });

  it('recognises the robot busy reply', () => {
    const { tracker, messages$ } = setup();
    let error: unknown;
    tracker.start('op').subscribe({ error: (e: unknown) => (error = e) });
    messages$.next(completed('1.1', 'busy', 'doing mount_crystal 1.0'));
    expect(error).toBeInstanceOf(OperationError);
    expect(error).toMatchObject({ kind: 'busy', text: 'busy doing mount_crystal 1.0' });
  });

  it('times out on the given scheduler', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ expectObservable }) => {
      const messages$ = new Subject<HardwareMessage>();
      const tracker = new OperationTracker({ send: () => true, messages$, disconnected$: new Subject(), scheduler: testScheduler });
      expectObservable(tracker.start('op', [], { timeoutMs: 100 })).toBe('100ms #', undefined, new OperationError('timeout', 'op', '1.1', 'no completion within 100 ms'));
    });
  });

  it('fails on disconnect, and at once when not connected', () => {
    const { tracker, disconnected$ } = setup();
    const errors: OperationError[] = [];
    tracker.start('op').subscribe({ error: (e: OperationError) => errors.push(e) });
    disconnected$.next('gone');
    expect(errors.map((e) => e.kind)).toEqual(['disconnected']);

    const offline = setup(false);
    offline.tracker.start('op').subscribe({ error: (e: OperationError) => errors.push(e) });
    expect(errors.map((e) => e.kind)).toEqual(['disconnected', 'not-connected']);
  });

  it('an answer that arrives synchronously during send is not lost', () => {
    const messages$ = new Subject<HardwareMessage>();
    const tracker = new OperationTracker({
      send: (m) => {
        messages$.next(completed(m.handle, 'normal', '0'));
        return true;
      },
      messages$,
      disconnected$: new Subject(),
    });
    const events: string[] = [];
    tracker.start('get_robotstate').subscribe({ next: (e) => events.push(e.type), complete: () => events.push('done') });
    expect(events).toEqual(['result', 'done']);
  });

  it('stops following after unsubscribe', () => {
    const { tracker, messages$ } = setup();
    const events: unknown[] = [];
    const subscription = tracker.start('op').subscribe((e) => events.push(e));
    subscription.unsubscribe();
    messages$.next(completed('1.1', 'normal'));
    expect(events).toEqual([]);
  });
});
