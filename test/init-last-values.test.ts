/**
 * After iocInit, the fields init_record sets from the initial value (MLST, ALST, LALM, ORAW, ORBV,
 * PVAL, RVAL, INIT) read as softIoc's do: fixtures/records/softioc-init-last-values.txt is
 * softIoc 7.0.8.1's `caget` of each for fixtures/records/init-last-values.db, read here from
 * devioc softioc through libca (pyepics). Then a longout processed with its value unchanged posts
 * no value update, as in softIoc (MLST already holds it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Proc, startLoopbackIoc } from './helpers/load-procs.js';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/records/${name}`, import.meta.url)), 'utf8');

let ioc: Proc;
let py: PyEpics;
beforeAll(async () => {
  const port = await freePort();
  ioc = await startLoopbackIoc(fixture('init-last-values.db'), port);
  py = new PyEpics({ serverPort: port });
});
afterAll(async () => {
  await py?.close();
  await ioc?.stop();
});

describe('the last-value fields after init_record', () => {
  it('read as softIoc serves them', async () => {
    const want = fixture('softioc-init-last-values.txt')
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/) as [string, string]);
    expect(want.length).toBeGreaterThan(40);
    for (const [name, value] of want) {
      const got = await py.call<{ connected: boolean; value: number }>('get', { pv: name });
      expect(got, name).toMatchObject({ connected: true, value: Number(value) });
    }
  });

  it('a record processed with its initial value unchanged posts no value update (camonitor -m v)', async () => {
    // softIoc, with `camonitor -m v I:lo` while `caput I:lo.PROC 1` then `caput I:lo 6`, shows
    // the first update (5) and then only 6: the processing posted its alarm change (UDF cleared)
    // with DBE_ALARM alone, since MLST already held 5.
    await py.call('monitor', { id: 'lo', pv: 'I:lo', mask: 1 });
    const first = await py.call<{ events: unknown[] }>('events', { id: 'lo', at_least: 1, timeout: 5 });
    expect(first.events).toHaveLength(1);
    await py.call('put', { pv: 'I:lo.PROC', value: 1, wait: true });
    await py.call('put', { pv: 'I:lo', value: 6, wait: true });
    const after = await py.call<{ events: { value: number }[] }>('events', { id: 'lo', at_least: 1, timeout: 5 });
    expect(after.events.map((e) => e.value)).toEqual([6]);
  });
});
