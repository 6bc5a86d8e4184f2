/**
 * `devioc get|put|monitor|info` against the output of EPICS base's caget, caput, camonitor and
 * cainfo: every case in packages/core/test/cli/ca-tool-cases.mjs is run with the built CLI against a
 * devioc CA server serving the fixture PVs, and stdout, stderr and the exit code are compared with
 * what the real tools printed in the same situation (fixtures/ca-tools-reference.json, captured by
 * capture-ca-tools.mjs; timestamps and ports masked). Needs `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as core from '@devioc/core/ca';
// @ts-expect-error plain ESM helper shared with the capture script
import { cases } from '../packages/core/test/cli/ca-tool-cases.mjs';
// @ts-expect-error plain ESM helper shared with the capture script
import { caseKey, runCase } from '../packages/core/test/cli/run-ca-tool.mjs';

interface ToolCase {
  tool: 'caget' | 'caput' | 'camonitor' | 'cainfo';
  args: string[];
}
interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
}

const MAIN = fileURLToPath(new URL('../packages/core/dist/cli/main.js', import.meta.url));
const REFERENCE = fileURLToPath(new URL('../packages/core/test/cli/fixtures/ca-tools-reference.json', import.meta.url));
const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { tools: string; results: Record<string, Outcome> };
const SUBCOMMAND = { caget: 'get', caput: 'put', camonitor: 'monitor', cainfo: 'info' } as const;

const all = (cases as () => ToolCase[])();

describe.concurrent(`devioc CA tools match ${reference.tools.split('\n')[0] || 'EPICS base'}`, () => {
  it('the CLI is built', () => {
    expect(existsSync(MAIN), `${MAIN} missing: run npm run build`).toBe(true);
  });
  for (const c of all) {
    const key = (caseKey as (c: ToolCase) => string)(c);
    it(`devioc ${SUBCOMMAND[c.tool]} ${c.args.join(' ')} ≡ ${c.tool}`, async () => {
      const expected = reference.results[key];
      expect(expected, `no reference output for "${key}": re-run capture-ca-tools.mjs`).toBeDefined();
      const got = (await (runCase as (m: unknown, cmd: string[], c: ToolCase) => Promise<Outcome>)(core, [process.execPath, MAIN, SUBCOMMAND[c.tool]], c));
      expect(got.stdout).toBe(expected.stdout);
      expect(got.code).toBe(expected.code);
      expect(got.stderr).toBe(expected.stderr);
    }, 120_000);
  }
});
