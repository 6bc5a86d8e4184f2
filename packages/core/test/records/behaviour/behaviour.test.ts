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
import type { Runtime } from '@devioc/core';
import { answersFromDevioc } from '../devioc-answers.js';
// @ts-expect-error -- a plain .mjs module shared with the capture script
import { STEPS, recordingLogger, runScenario } from './scenario.mjs';

interface Answer {
  label: string;
  put?: string;
  reads?: Record<string, unknown>;
}
const fixture = JSON.parse(readFileSync(new URL('./softioc-answers.json', import.meta.url), 'utf8')) as { softIoc: string; answers: Answer[] };

let runtime: Runtime | undefined;
let answers: Answer[];

beforeAll(async () => {
  // A put without callback fails only in a CA error, which the client logs: the scenario reads it there.
  const warnings: string[] = [];
  const dbFile = fileURLToPath(new URL('./records.db', import.meta.url));
  ({ runtime, answers } = await answersFromDevioc(dbFile, (client) => runScenario(client, warnings) as Promise<Answer[]>, recordingLogger(warnings)));
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
