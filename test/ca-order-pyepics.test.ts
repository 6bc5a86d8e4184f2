/**
 * Requests of one circuit are carried out in order, checked with the real libca (pyepics):
 * thousands of interleaved put-callback/get, put/get and put/monitor pairs on ao, longout,
 * mbbo, stringout and waveform records served by devioc; every read must see the put issued just
 * before it, as with EPICS softIoc (0 of 200 mismatches there; 44 of 200 here before the fix).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@devioc/core';
import { instantiateDb, parseDb } from '@devioc/core/records';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

const DB = `
record(ao, "ORD:ao") { field(PREC, "3") }
record(longout, "ORD:lo") {}
record(mbbo, "ORD:mbbo") { field(ZRST, "zero") field(ONST, "one") field(TWST, "two") }
record(stringout, "ORD:so") {}
record(waveform, "ORD:wf") { field(FTVL, "DOUBLE") field(NELM, "3") }
`;

let runtime: Runtime;
let py: PyEpics;

beforeAll(async () => {
  const port = await freePort();
  runtime = new Runtime({ port, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`] });
  instantiateDb(runtime.db, parseDb(DB));
  await runtime.attach({});
  py = new PyEpics({ serverPort: port });
});

afterAll(async () => {
  await py?.close();
  await runtime?.close();
});

interface OrderResult {
  connected: boolean;
  n: number;
  mismatch_count: number;
  mismatches: unknown[];
  callbacks: number;
}

const RECORDS: [string, string][] = [
  ['ORD:ao', 'double'],
  ['ORD:lo', 'long'],
  ['ORD:mbbo', 'enum'],
  ['ORD:so', 'string'],
  ['ORD:wf', 'array'],
];

describe('pyepics: a read right after a put sees it', () => {
  it.each(RECORDS)('%s: 500 put-callback/get and 500 put/get pairs, 0 mismatches', async (pv, kind) => {
    for (const mode of ['put_callback', 'put']) {
      const r = await py.call<OrderResult>('order_check', { pv, kind, mode, n: 500 }, 120_000);
      expect(r.connected).toBe(true);
      expect({ mode, mismatches: r.mismatches }).toEqual({ mode, mismatches: [] });
      if (mode === 'put_callback') expect(r.callbacks).toBe(500);
    }
  }, 240_000);

  it.each(RECORDS)('%s: 100 put/monitor pairs, the first update shows the put', async (pv, kind) => {
    const r = await py.call<OrderResult>('order_check', { pv, kind, mode: 'monitor', n: 100 }, 120_000);
    expect(r.connected).toBe(true);
    expect(r.mismatches).toEqual([]);
  }, 240_000);
});
