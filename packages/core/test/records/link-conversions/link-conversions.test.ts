/**
 * Values converted through DB links must equal what EPICS softIoc 7.0.8.1 made of them for the
 * same conversions.db (softioc-link-conversions.json, captured by capture-softioc.mjs;
 * link-conversions.mjs holds both): a number read as text takes its source's precision and state
 * strings (dbGet), an array source gives a scalar input its first element, text that is no
 * number fails the link (LINK/INVALID on the reader or the writer), an integer output writes an
 * integer (a string target reads "42"), a string waveform written a number uses its own PREC,
 * an lsi reads a CHAR array as text, and an aao loads a constant DOL only in closed loop.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '@devioc/core';
import { answersFromDevioc } from '../devioc-answers.js';
// @ts-expect-error -- a plain .mjs module shared with the capture script
import { databaseText, readConversions } from './link-conversions.mjs';

const DB_FILE = fileURLToPath(new URL('./conversions.db', import.meta.url));
const fixture = JSON.parse(readFileSync(new URL('./softioc-link-conversions.json', import.meta.url), 'utf8')) as {
  softIoc: string;
  answers: Record<string, unknown>;
};

let runtime: Runtime | undefined;
let answers: Record<string, unknown>;

beforeAll(async () => {
  ({ runtime, answers } = await answersFromDevioc(DB_FILE, (client) => readConversions(client) as Promise<Record<string, unknown>>));
}, 120_000);

afterAll(async () => {
  await runtime?.close();
});

describe(`values through DB links against softIoc ${fixture.softIoc}`, () => {
  it('conversions.db is what link-conversions.mjs generates', () => {
    expect(readFileSync(DB_FILE, 'utf8')).toBe(databaseText());
  });

  it.each(Object.keys(fixture.answers))('%s', (name) => {
    expect(answers[name]).toEqual(fixture.answers[name]);
  });
});
