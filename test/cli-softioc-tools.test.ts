/**
 * `devioc get` against `devioc softioc` prints what EPICS caget printed against EPICS softIoc
 * serving the same .db (packages/core/test/cli/fixtures/softioc-tools.db; the reference in
 * fixtures/softioc-tools-reference.json, captured by capture-softioc-tools.mjs with only the
 * port and libca's "Current Time" masked): a read the IOC refuses (a string that is not a
 * number, read as a number) gives libca's exception block and "Read operation timed out" on
 * stderr and the zeroed value on stdout. Runs the built CLI (npm run build first).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with the capture script
import { CASES, DB_FILE, runTool, startIoc } from '../packages/core/test/cli/softioc-tool-cases.mjs';
import { freePort } from './helpers/ports.js';

interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
}
interface Ioc {
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../packages/core/dist/cli/main.js', import.meta.url));
const reference = JSON.parse(readFileSync(new URL('../packages/core/test/cli/fixtures/softioc-tools-reference.json', import.meta.url), 'utf8')) as {
  tools: string;
  results: Record<string, Outcome>;
};
const run = runTool as (command: string[], args: string[], port: number) => Promise<Outcome>;

let port: number;
let ioc: Ioc | undefined;

beforeAll(async () => {
  port = await freePort();
  ioc = await (startIoc as (argv: string[], port: number) => Promise<Ioc>)([process.execPath, MAIN, 'softioc', '-d', DB_FILE as string], port);
}, 90_000);

afterAll(async () => {
  await ioc?.stop();
});

describe(`devioc get against devioc softioc ≡ caget against softIoc (${reference.tools.split('\n')[0]})`, () => {
  it.each((CASES as string[][]).map((args) => [args.join(' '), args]))('get %s', async (key, args) => {
    const expected = reference.results[key as string];
    expect(expected, `no reference for "${key}": re-run capture-softioc-tools.mjs`).toBeDefined();
    const got = await run([process.execPath, MAIN, 'get'], args as string[], port);
    expect(got.stdout).toBe(expected.stdout);
    expect(got.stderr).toBe(expected.stderr);
    expect(got.code).toBe(expected.code);
  }, 90_000);
});
