#!/usr/bin/env node
/**
 * Captures the reference output of EPICS base's caget, caput, camonitor and cainfo for every case
 * in ca-tool-cases.mjs, run against the devioc CA server (built: `npm run build` first) on a private
 * loopback port, into fixtures/ca-tools-reference.json. The CLI test compares `devioc get/put/
 * monitor/info` with it.
 *
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node packages/core/test/cli/capture-ca-tools.mjs
 *
 * The tools are run by absolute path and EPICS_BASE_BIN is not put on PATH, so that libca cannot
 * start a caRepeater that would outlive the capture.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { cases } from './ca-tool-cases.mjs';
import { caseKey, runCase } from './run-ca-tool.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.EPICS_BASE_BIN;
if (!bin) {
  console.error('set EPICS_BASE_BIN to the directory holding caget, caput, camonitor and cainfo');
  process.exit(2);
}
const core = await import(path.resolve(here, '../../dist/ca.js'));
const version = execFileSync(path.join(bin, 'caget'), ['-V'], { encoding: 'utf8' }).trim();
const results = {};
for (const c of cases()) {
  const r = await runCase(core, [path.join(bin, c.tool)], c);
  results[caseKey(c)] = r;
  process.stdout.write(`${caseKey(c)} -> exit ${r.code}\n${r.stdout}${r.stderr ? `[stderr] ${r.stderr}` : ''}`);
}
const out = path.join(here, 'fixtures/ca-tools-reference.json');
writeFileSync(out, `${JSON.stringify({ captured: new Date().toISOString().slice(0, 10), tools: version, results }, null, 1)}\n`);
console.log(`wrote ${Object.keys(results).length} cases to ${out}`);
