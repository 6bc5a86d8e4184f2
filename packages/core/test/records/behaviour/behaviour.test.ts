/**
 * The record types added for softIoc parity (fanout, dfanout, seq, sel, compress, histogram,
 * subArray, printf, permissive, state, event, aSub, sub), served by devioc from records.db and
 * driven by the scenario in scenario.mjs: every answer (each read in every DBR family: value,
 * alarm, units, precision, limits, state strings; puts accepted or refused) must equal what
 * EPICS softIoc 7.0.8.1 answered (softioc-answers.json, captured by capture-softioc.mjs).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@devioc/core';
import { instantiateDb, loadDbFile } from '@devioc/core/records';
import { CaClient } from '../../../src/ca/client/index.js';
import { freePort } from '../../../../../test/helpers/ports.js';
// @ts-expect-error -- a plain .mjs module shared with the capture script
import { STEPS, recordingLogger, runScenario } from './scenario.mjs';

interface Answer {
  label: string;
  put?: string;
  reads?: Record<string, unknown>;
}
const fixture = JSON.parse(readFileSync(new URL('./softioc-answers.json', import.meta.url), 'utf8')) as { softIoc: string; answers: Answer[] };

let runtime: Runtime;
let answers: Answer[];

beforeAll(async () => {
  const port = await freePort();
  runtime = new Runtime({ port, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`] });
  instantiateDb(runtime.db, loadDbFile(fileURLToPath(new URL('./records.db', import.meta.url))));
  const owner = {};
  await runtime.attach(owner);
  const warnings: string[] = [];
  const client = new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, serverPort: port, repeaterPort: port + 1, timeout: 5, env: {}, logger: recordingLogger(warnings) });
  try {
    answers = (await runScenario(client, warnings)) as Answer[];
  } finally {
    await client.close();
  }
}, 120_000);

afterAll(async () => {
  await runtime?.close();
});

describe(`record behaviour against softIoc ${fixture.softIoc}`, () => {
  it('replays the scenario the fixture was captured with', () => {
    expect((STEPS as unknown[]).length).toBe(fixture.answers.length);
    expect(answers.map((a) => a.label)).toEqual(fixture.answers.map((a) => a.label));
  });

  it.each(fixture.answers.map((a, i) => [a.label, i] as const))('%s', (_label, i) => {
    expect(answers[i]).toEqual(fixture.answers[i]);
  });
});
