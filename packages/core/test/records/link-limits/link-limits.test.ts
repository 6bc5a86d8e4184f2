/**
 * The units, precision, display, alarm and control limits of calc, calcout and sub inputs A..L
 * whose INPx is a DB link, a constant or empty must equal what EPICS softIoc 7.0.8.1 served for
 * the same links.db (softioc-link-limits.json, captured by capture-softioc.mjs; link-limits.mjs
 * holds both).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '@devioc/core';
import { answersFromDevioc } from '../devioc-answers.js';
// @ts-expect-error -- a plain .mjs module shared with the capture script
import { databaseText, readLinkLimits } from './link-limits.mjs';

const DB_FILE = fileURLToPath(new URL('./links.db', import.meta.url));
const fixture = JSON.parse(readFileSync(new URL('./softioc-link-limits.json', import.meta.url), 'utf8')) as {
  softIoc: string;
  answers: Record<string, Record<string, unknown>>;
};

let runtime: Runtime | undefined;
let answers: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  ({ runtime, answers } = await answersFromDevioc(DB_FILE, (client) => readLinkLimits(client) as Promise<Record<string, Record<string, unknown>>>));
}, 120_000);

afterAll(async () => {
  await runtime?.close();
});

describe(`calc/calcout/sub inputs through links against softIoc ${fixture.softIoc}`, () => {
  it('links.db is what link-limits.mjs generates', () => {
    expect(readFileSync(DB_FILE, 'utf8')).toBe(databaseText());
  });

  it.each(Object.keys(fixture.answers))('%s', (name) => {
    expect(answers[name]).toEqual(fixture.answers[name]);
  });
});
