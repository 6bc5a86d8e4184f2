#!/usr/bin/env node
/**
 * Captures EPICS softIoc's values converted through DB links (link-conversions.mjs) into
 * softioc-link-conversions.json: writes conversions.db, loads it into the real softIoc on a private
 * loopback port, and drives and reads it through devioc's CA client (built: `npm run build` first).
 *
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node packages/core/test/records/link-conversions/capture-softioc.mjs
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseText, readConversions } from './link-conversions.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.EPICS_BASE_BIN;
if (!bin) {
  console.error('set EPICS_BASE_BIN to the directory holding softIoc');
  process.exit(2);
}
const core = await import(path.resolve(here, '../../../dist/ca.js'));
const dbFile = path.join(here, 'conversions.db');
writeFileSync(dbFile, databaseText());
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); });
});
const env = {
  ...process.env, EPICS_CAS_SERVER_PORT: String(port), EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
  EPICS_CAS_BEACON_ADDR_LIST: '127.0.0.1', EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO', EPICS_CAS_BEACON_PORT: String(port + 1),
};
const ioc = spawn(path.join(bin, 'softIoc'), ['-d', dbFile], { env, stdio: ['pipe', 'pipe', 'pipe'] });
let out = '';
ioc.stdout.on('data', (d) => { out += d; });
ioc.stderr.on('data', (d) => { out += d; });
try {
  for (let i = 0; i < 100 && !out.includes('iocRun: All initialization complete'); i++) await new Promise((r) => setTimeout(r, 100));
  const client = new core.CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, serverPort: port, repeaterPort: port + 1, timeout: 5, env: {} });
  const answers = await readConversions(client);
  await client.close();
  ioc.stdin.write('epicsEnvShow EPICS_VERSION_FULL\n');
  for (let i = 0; i < 50 && !/EPICS_VERSION_FULL=\S+/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  const version = /EPICS_VERSION_FULL=(\S+)/.exec(out)?.[1] ?? 'unknown';
  writeFileSync(path.join(here, 'softioc-link-conversions.json'), `${JSON.stringify({ captured: new Date().toISOString().slice(0, 10), softIoc: version, answers }, null, 1)}\n`);
  console.log(`wrote ${Object.keys(answers).length} cases`);
} finally {
  ioc.kill('SIGTERM');
}
