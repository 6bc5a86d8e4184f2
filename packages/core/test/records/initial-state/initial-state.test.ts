/**
 * Every record type's initial state after load and PINI (VAL given or not, PINI YES or NO),
 * read in every DBR family, must equal what EPICS softIoc 7.0.8.1 answered for the same
 * initial.db (softioc-initial.json, captured by capture-softioc.mjs; initial.mjs holds both).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@devioc/core';
import { instantiateDb, loadDbFile } from '@devioc/core/records';
import { CaClient } from '../../../src/ca/client/index.js';
import { freePort } from '../../../../../test/helpers/ports.js';
// @ts-expect-error -- a plain .mjs module shared with the capture script
import { databaseText, readInitialState } from './initial.mjs';

const DB_FILE = fileURLToPath(new URL('./initial.db', import.meta.url));
const fixture = JSON.parse(readFileSync(new URL('./softioc-initial.json', import.meta.url), 'utf8')) as {
  softIoc: string;
  answers: Record<string, Record<string, unknown>>;
};

let runtime: Runtime;
let answers: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  const port = await freePort();
  runtime = new Runtime({ port, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`] });
  instantiateDb(runtime.db, loadDbFile(DB_FILE));
  await runtime.attach({});
  const client = new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, serverPort: port, repeaterPort: port + 1, timeout: 5, env: {} });
  try {
    answers = (await readInitialState(client)) as Record<string, Record<string, unknown>>;
  } finally {
    await client.close();
  }
}, 120_000);

afterAll(async () => {
  await runtime?.close();
});

describe(`initial state of every record type against softIoc ${fixture.softIoc}`, () => {
  it('initial.db is what initial.mjs generates', () => {
    expect(readFileSync(DB_FILE, 'utf8')).toBe(databaseText());
  });

  it.each(Object.keys(fixture.answers))('%s', (name) => {
    expect(answers[name]).toEqual(fixture.answers[name]);
  });
});
