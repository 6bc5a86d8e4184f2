import { type Observable, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { heartbeat } from '../src/index.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('heartbeat (get_robotstate when the wire is quiet)', () => {
  it('probes at once, then after each quiet period; traffic postpones the probe', () => {
    scheduler().run(({ hot, cold, expectObservable }) => {
      const activity$ = hot('------a');
      const probe = (): Observable<string> => cold('-(r|)', { r: '0' }); // answered in 1 ms
      const beats = heartbeat({ activity$, probe, periodMs: 4, timeoutMs: 3 });
      // Probes at 0 and 4 (quiet since the start), traffic at 6, then probes at 10, 14, 18.
      expectObservable(beats, '^-------------------!').toBe('-a---a-----a---a---a', { a: { type: 'alive', reply: '0' } });
    });
  });

  it('reports the DHS dead when a probe is not answered in time', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const probe = (): Observable<string> => cold('-----(r|)', { r: '0' });
      const beats = heartbeat({ activity$: cold('-'), probe, periodMs: 10, timeoutMs: 3 });
      expectObservable(beats, '^-----!').toBe('---d', { d: { type: 'dead', reason: 'no answer within 3 ms' } });
    });
  });

  it('reports the DHS dead when the probe fails (disconnected), alive when it answers', () => {
    scheduler().run(({ cold, expectObservable }) => {
      let calls = 0;
      const probe = (): Observable<string> => (++calls === 1 ? of('129 NEED_CLR PORT_JAM') : throwError(() => new Error('the DHS disconnected')));
      const beats = heartbeat({ activity$: cold('-'), probe, periodMs: 5, timeoutMs: 2 });
      expectObservable(beats, '^------!').toBe('a----d', {
        a: { type: 'alive', reply: '129 NEED_CLR PORT_JAM' },
        d: { type: 'dead', reason: 'the DHS disconnected' },
      });
    });
  });

  it('does not stack probes: one still waiting is not doubled by the next quiet period', () => {
    scheduler().run(({ cold, expectObservable, flush }) => {
      let calls = 0;
      const probe = (): Observable<string> => {
        calls++;
        return cold('------(r|)', { r: '0' }); // 6 ms to answer, period 2
      };
      const beats = heartbeat({ activity$: cold('-'), probe, periodMs: 2, timeoutMs: 100 });
      expectObservable(beats, '^-------!').toBe('------a', { a: { type: 'alive', reply: '0' } });
      flush();
      expect(calls).toBe(2); // at 0, and at 6 (the first quiet tick after it answered)
    });
  });
});
