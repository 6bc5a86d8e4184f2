/**
 * What a put or a processing posts to monitors, field by field, seen through the real libca
 * (pyepics): each step's events ([value, status, severity] per field, in order) must be those
 * EPICS softIoc 7.0.8.1 sent for the same records and steps. The fixture was captured with
 * test/helpers/capture-monitor-posts.mjs; the steps are in test/helpers/monitor-posts-steps.mjs.
 * It covers recGblResetAlarms (STAT, SEVR, AMSG and ACKS, and a link alarm's message that stays
 * in AMSG), the disable alarm, DBE_PROPERTY to every field, calc's inputs on an alarm change,
 * lsi's LEN, histogram's directly set alarm and written counts, and subArray's NORD.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaServer } from '@devioc/core/ca';
import { RecordDatabase, instantiateDb, parseDb } from '@devioc/core/records';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';
// @ts-expect-error -- a plain .mjs module shared with the capture script
import { MARKER, NAMES, STEPS } from './helpers/monitor-posts-steps.mjs';

type Events = Record<string, [unknown, number, number][]>;
const fixture = JSON.parse(readFileSync(new URL('../fixtures/records/monitor-posts/softioc-posts.json', import.meta.url), 'utf8')) as {
  softIoc: string;
  segments: Events[];
};
const dbFile = fileURLToPath(new URL('../fixtures/records/monitor-posts/monitor-posts.db', import.meta.url));
const code = readFileSync(new URL('./helpers/monitor_posts.py', import.meta.url), 'utf8');

let db: RecordDatabase;
let server: CaServer;
let py: PyEpics;
let segments: Events[];

beforeAll(async () => {
  db = new RecordDatabase();
  instantiateDb(db, parseDb(readFileSync(dbFile, 'utf8'), { file: dbFile }));
  const port = await freePort();
  server = new CaServer({ port, providers: [db], autoBeaconAddresses: false, beaconAddresses: [] });
  await server.start();
  py = new PyEpics({ serverPort: port });
  const reply = await py.call<{ result: Events[] }>('exec', { code, args: { names: NAMES, marker: MARKER, steps: STEPS } }, 60_000);
  segments = reply.result;
}, 90_000);

afterAll(async () => {
  await py?.close();
  await server?.stop();
  db?.close();
});

describe(`monitor posts against softIoc ${fixture.softIoc}, through libca`, () => {
  it('runs the steps the fixture was captured with', () => {
    expect(segments.length).toBe(fixture.segments.length);
    expect(segments.length).toBe((STEPS as unknown[]).length + 1);
  });

  const labels = ['connect', ...(STEPS as [string, unknown][][]).map((step) => step.map(([pv, v]) => `${pv} <- ${String(v)}`).join(', '))];
  labels.forEach((label, i) => {
    it(`step ${i}: ${label}`, () => {
      expect(segments[i]).toEqual(fixture.segments[i]);
    });
  });
});
