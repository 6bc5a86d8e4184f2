/**
 * Channel filters as rsrv serves them, compared with EPICS itself: the same libca client
 * (test/helpers/filter_scenario.py through pyepics) reads fixtures/filters/filters.db through
 * array ranges (`[s:i:e]`, {"arr":…}), `$`, dbnd (abs, rel, d/m), dec, combinations and ts, and
 * tries names whose filters must be refused; its answers from softIoc 7.0.8.1 are
 * fixtures/filters/softioc-filters.json, and devioc softioc must give the same.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackEnv, type Proc, startLoopbackIoc } from './helpers/load-procs.js';
import { freePort } from './helpers/ports.js';
import { SYSTEM_PYTHON } from './helpers/pyepics.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/filters/${name}`, import.meta.url));
const SCENARIO = fileURLToPath(new URL('./helpers/filter_scenario.py', import.meta.url));

let ioc: Proc;
let port: number;
beforeAll(async () => {
  port = await freePort();
  ioc = await startLoopbackIoc(readFileSync(fixture('filters.db'), 'utf8'), port);
});
afterAll(async () => {
  await ioc?.stop();
});

describe('channel filters, against softIoc', () => {
  it('gets, element counts, monitors through dbnd and dec, ts and refusals equal what softIoc serves', { timeout: 120_000 }, async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(SYSTEM_PYTHON, [SCENARIO], { env: loopbackEnv(port), timeout: 100_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const got = JSON.parse(out) as Record<string, Record<string, unknown>>;
    const want = JSON.parse(readFileSync(fixture('softioc-filters.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    for (const part of ['gets', 'refused', 'monitors', 'ts', 'ts_forms']) {
      for (const name of Object.keys(want[part]!)) expect(got[part]![name], `${part} ${name}`).toEqual(want[part]![name]);
    }
    // A refused filter is logged once with the reason.
    expect(ioc.output.text).toMatch(/channel "F:ao\.\{"dec":\{"n":0\}\}" refused: dec: "n" must be positive, not 0/);
    expect(ioc.output.text.match(/channel "F:wave\.\[x\]" refused/g)).toHaveLength(1);
  });
});
