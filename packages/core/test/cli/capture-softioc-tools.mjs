#!/usr/bin/env node
/**
 * Captures what EPICS base's caget prints for every case in softioc-tool-cases.mjs against EPICS
 * softIoc serving fixtures/softioc-tools.db, into fixtures/softioc-tools-reference.json.
 *
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node packages/core/test/cli/capture-softioc-tools.mjs
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { CASES, DB_FILE, runTool, startIoc } from './softioc-tool-cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.EPICS_BASE_BIN;
if (!bin) {
  console.error('set EPICS_BASE_BIN to the directory holding softIoc and caget');
  process.exit(2);
}
const port = 20000 + Math.floor(Math.random() * 40000);
const version = execFileSync(path.join(bin, 'caget'), ['-V'], { encoding: 'utf8' }).trim();
const ioc = await startIoc([path.join(bin, 'softIoc'), '-S', '-d', DB_FILE], port);
const results = {};
try {
  for (const args of CASES) {
    const r = await runTool([path.join(bin, 'caget')], args, port);
    results[args.join(' ')] = r;
    process.stdout.write(`caget ${args.join(' ')} -> exit ${r.code}\n${r.stdout}${r.stderr ? `[stderr] ${r.stderr}` : ''}`);
  }
} finally {
  await ioc.stop();
}
const out = path.join(here, 'fixtures/softioc-tools-reference.json');
writeFileSync(out, `${JSON.stringify({ captured: new Date().toISOString().slice(0, 10), tools: version, results }, null, 1)}\n`);
console.log(`wrote ${Object.keys(results).length} cases to ${out}`);
