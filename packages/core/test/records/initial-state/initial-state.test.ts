/**
 * Every record type's initial state after load and PINI (VAL given or not, PINI YES or NO),
 * read in every DBR family, must equal what EPICS softIoc 7.0.8.1 answered for the same
 * initial.db (softioc-initial.json, captured by capture-softioc.mjs; initial.mjs holds both).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '@devioc/core';
import { answersFromDevioc } from '../devioc-answers.js';
// @ts-expect-error -- a plain .mjs module shared with the capture script
import { databaseText, readInitialState } from './initial.mjs';

const DB_FILE = fileURLToPath(new URL('./initial.db', import.meta.url));
const fixture = JSON.parse(readFileSync(new URL('./softioc-initial.json', import.meta.url), 'utf8')) as {
  softIoc: string;
  answers: Record<string, Record<string, unknown>>;
};

let runtime: Runtime | undefined;
let answers: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  ({ runtime, answers } = await answersFromDevioc(DB_FILE, (client) => readInitialState(client) as Promise<Record<string, Record<string, unknown>>>));
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
