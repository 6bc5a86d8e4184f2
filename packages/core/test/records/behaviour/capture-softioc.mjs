#!/usr/bin/env node
/**
 * Captures EPICS softIoc's answers to the behaviour scenario (scenario.mjs) for records.db into
 * softioc-answers.json. Reads go through devioc's CA client (built: `npm run build` first);
 * the server is the real softIoc, on a private loopback port.
 *
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node packages/core/test/records/behaviour/capture-softioc.mjs
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordingLogger, runScenario } from './scenario.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.EPICS_BASE_BIN;
if (!bin) {
  console.error('set EPICS_BASE_BIN to the directory holding softIoc');
  process.exit(2);
}
const core = await import(path.resolve(here, '../../../dist/ca/client/index.js'));
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); });
});
const env = {
  ...process.env, EPICS_CAS_SERVER_PORT: String(port), EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
  EPICS_CAS_BEACON_ADDR_LIST: '127.0.0.1', EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO', EPICS_CAS_BEACON_PORT: String(port + 1),
  // The CA links (B:pf:nowhere) search on loopback only.
  EPICS_CA_AUTO_ADDR_LIST: 'NO', EPICS_CA_ADDR_LIST: '127.0.0.1',
};
const ioc = spawn(path.join(bin, 'softIoc'), ['-d', path.join(here, 'records.db')], { env, stdio: ['pipe', 'pipe', 'pipe'] });
let out = '';
ioc.stdout.on('data', (d) => { out += d; });
ioc.stderr.on('data', (d) => { out += d; });
try {
  for (let i = 0; i < 100 && !out.includes('iocRun: All initialization complete'); i++) await new Promise((r) => setTimeout(r, 100));
  const warnings = [];
  const client = new core.CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, serverPort: port, repeaterPort: port + 1, timeout: 5, env: {}, logger: recordingLogger(warnings) });
  const answers = await runScenario(client, warnings);
  await client.close();
  ioc.stdin.write('epicsEnvShow EPICS_VERSION_FULL\n');
  for (let i = 0; i < 50 && !/EPICS_VERSION_FULL=\S+/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  const version = /EPICS_VERSION_FULL=(\S+)/.exec(out)?.[1] ?? 'unknown';
  writeFileSync(path.join(here, 'softioc-answers.json'), `${JSON.stringify({ captured: new Date().toISOString().slice(0, 10), softIoc: version, answers }, null, 1)}\n`);
  console.log(`wrote ${answers.length} steps`);
} finally {
  ioc.kill('SIGTERM');
}
