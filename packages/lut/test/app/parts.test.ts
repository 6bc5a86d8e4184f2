/**
 * The LUT's timing parts, driven by RxJS's TestScheduler in virtual time (no sleeping): the
 * newest-while-busy queue under both the target writer and the table file's saves, the
 * target writer's outcomes, the saves' coalescing and the report of a save the file system
 * does not answer. The settings table is checked against the model's records.
 */
import { NEVER, type Observable, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { newestWhileBusy } from '../../src/app/newest-while-busy.js';
import { DEFAULT_SETTINGS, SETTING_NAMES } from '../../src/app/settings.js';
import { TableSaver, type SaveOutcome } from '../../src/app/table-saver.js';
import { TargetWriter, type TargetWriteOutcome } from '../../src/app/target-writer.js';
import { FitType } from '../../src/interpolation/fit-types.js';
import { LutModel } from '../../src/model/lut-model.js';

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('newestWhileBusy', () => {
  it('runs at once when idle; while busy only the newest value waits, and runs when the work is done', () => {
    const ts = scheduler();
    ts.run(({ cold, hot, expectObservable }) => {
      const started: [string, number][] = [];
      const source = hot('abc-------d|');
      const out = source.pipe(
        newestWhileBusy((v) => {
          started.push([v, ts.now()]);
          return cold('---|');
        }),
      );
      expectObservable(out).toBe('a--c------d|');
      ts.flush();
      expect(started).toEqual([
        ['a', 0],
        ['c', 3],
        ['d', 10],
      ]);
    });
  });

  it('a work that fails or completes without a value is done too', () => {
    const ts = scheduler();
    ts.run(({ cold, hot, expectObservable }) => {
      const works: Record<string, Observable<unknown>> = { a: cold('--#'), b: cold('--|'), c: cold('-x|') };
      expectObservable(hot('ab-c--').pipe(newestWhileBusy((v) => works[v]))).toBe('a-b-c-');
    });
  });
});

describe('TargetWriter', () => {
  it('puts the newest value after the put on its way, and reports every outcome', () => {
    const ts = scheduler();
    ts.run(({ cold, hot }) => {
      const outcomes: [number, TargetWriteOutcome][] = [];
      const puts: [number, number][] = [];
      const writer = new TargetWriter(
        ({ value }) => {
          puts.push([ts.now(), value]);
          return value === 3 ? cold('--#', undefined, new Error('timeout')) : cold('--|');
        },
        (o) => outcomes.push([ts.now(), o]),
      );
      hot('1-2-3-4-----5').subscribe((v) => writer.write('UND:gap', Number(v)));
      ts.flush();
      writer.close();
      // 1 at once; each later value arrives as the put before it finishes, and is put then.
      expect(puts).toEqual([
        [0, 1],
        [2, 2],
        [4, 3],
        [6, 4],
        [12, 5],
      ]);
      expect(outcomes.map(([t, o]) => [t, o.value, o.ok])).toEqual([
        [2, 1, true],
        [4, 2, true],
        [6, 3, false],
        [8, 4, true],
        [14, 5, true],
      ]);
      const failed = outcomes[2][1];
      expect(failed.ok === false && (failed.error as Error).message).toBe('timeout');
    });
  });

  it('a burst during a slow put is one more put, with the last value', () => {
    const ts = scheduler();
    ts.run(({ cold, hot }) => {
      const puts: [number, number][] = [];
      const writer = new TargetWriter(({ value }) => {
        puts.push([ts.now(), value]);
        return cold('----------|');
      }, () => undefined);
      hot('0123456789').subscribe((v) => writer.write('UND:gap', Number(v)));
      ts.flush();
      writer.close();
      expect(puts).toEqual([
        [0, 0],
        [10, 9],
      ]);
    });
  });
});

describe('TableSaver', () => {
  const saver = (ts: TestScheduler, write: () => Observable<unknown>, held = () => false) => {
    const events: [number, string][] = [];
    const s = new TableSaver({
      write: () => {
        events.push([ts.now(), 'write']);
        return write();
      },
      held,
      onOutcome: (o: SaveOutcome) => events.push([ts.now(), o.ok ? 'saved' : `failed: ${(o.error as Error).message}`]),
      onSlow: (ms) => events.push([ts.now(), `slow after ${ms} ms`]),
      timeoutMs: 100,
      scheduler: ts,
    });
    return { s, events };
  };

  it('coalesces a burst of changes into one more save after the one in progress', () => {
    const ts = scheduler();
    ts.run(({ cold, hot }) => {
      const { s, events } = saver(ts, () => cold('-----|'));
      // Four changes while the first save runs are one more save; one while that runs, a third.
      hot('abcd---f-------e').subscribe(() => s.request());
      ts.flush();
      expect(events).toEqual([
        [0, 'write'],
        [5, 'saved'],
        [5, 'write'],
        [10, 'saved'],
        [10, 'write'],
        [15, 'saved'],
        [15, 'write'],
        [20, 'saved'],
      ]);
    });
  });

  it('reports a save the file system does not answer after the timeout, and one that fails', () => {
    const ts = scheduler();
    ts.run(({ hot }) => {
      let first = true;
      const { s, events } = saver(ts, () => {
        if (first) {
          first = false;
          return NEVER;
        }
        return throwError(() => new Error('EACCES'));
      });
      hot('a').subscribe(() => s.request());
      ts.flush();
      expect(events).toEqual([
        [0, 'write'],
        [100, 'slow after 100 ms'],
      ]);
      s.unsubscribe();
      const second = saver(ts, () => throwError(() => new Error('EACCES')));
      second.s.request();
      ts.flush();
      expect(second.events.map(([, e]) => e)).toEqual(['write', 'failed: EACCES']);
    });
  });

  it('a save that answers in time is not reported slow', () => {
    const ts = scheduler();
    ts.run(({ cold, hot }) => {
      const { s, events } = saver(ts, () => cold(`${'-'.repeat(99)}|`));
      hot('a').subscribe(() => s.request());
      ts.flush();
      expect(events).toEqual([
        [0, 'write'],
        [99, 'saved'],
      ]);
    });
  });

  it('holds automatic saves while the file is refused', () => {
    const ts = scheduler();
    ts.run(({ cold, hot }) => {
      let refused = true;
      const { s, events } = saver(ts, () => cold('-|'), () => refused);
      hot('a--b').subscribe(() => s.request());
      ts.schedule(() => (refused = false), 2);
      ts.flush();
      expect(events).toEqual([
        [3, 'write'],
        [4, 'saved'],
      ]);
    });
  });
});

describe('the settings table', () => {
  it('has a row for every setting of the file, each a record of the model', () => {
    expect(SETTING_NAMES.sort()).toEqual(['degree', 'enable', 'fit', 'input', 'range', 'readback', 'target', 'xoff', 'yoff']);
    const ioc = new LutModel('T');
    const records = new Set(ioc.recordHandles().map(([attr]) => attr));
    for (const name of SETTING_NAMES) expect(records.has(name), name).toBe(true);
    expect(DEFAULT_SETTINGS).toEqual({ input: '', target: '', readback: '', fit: FitType.SPLINE3, degree: 3, range: 'clamp', xoff: 0, yoff: 0, enable: true });
  });
});
