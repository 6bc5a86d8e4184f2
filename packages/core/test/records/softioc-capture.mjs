/**
 * What the capture scripts of these fixtures share: writes a .db (or takes one as it is), loads
 * it into the real EPICS softIoc on a private loopback port (CA links and beacons on loopback
 * only), hands devioc's CA client (built: `npm run build` first) to `read`, and writes what it
 * returns, with softIoc's version and the date, as the fixture JSON. Run with EPICS_BASE_BIN
 * naming softIoc's directory.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const core = await import(fileURLToPath(new URL('../../dist/ca.js', import.meta.url)));

/**
 * `dir`: the fixture's folder; `dbName`: the .db loaded from there, written first from `dbText`
 * when given; `read(client)`: the answers; `fixture`: the JSON file written; `unit`: what the
 * answers count, for the summary; `logger`: the client's logger, when `read` needs its warnings.
 */
export async function captureFromSoftIoc({ dir, dbName, dbText, read, fixture, unit, logger }) {
  const bin = process.env.EPICS_BASE_BIN;
  if (!bin) {
    console.error('set EPICS_BASE_BIN to the directory holding softIoc');
    process.exit(2);
  }
  const dbFile = path.join(dir, dbName);
  if (dbText !== undefined) writeFileSync(dbFile, dbText);
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); });
  });
  const env = {
    ...process.env, EPICS_CAS_SERVER_PORT: String(port), EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
    EPICS_CAS_BEACON_ADDR_LIST: '127.0.0.1', EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO', EPICS_CAS_BEACON_PORT: String(port + 1),
    EPICS_CA_AUTO_ADDR_LIST: 'NO', EPICS_CA_ADDR_LIST: '127.0.0.1',
  };
  const ioc = spawn(path.join(bin, 'softIoc'), ['-d', dbFile], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  ioc.stdout.on('data', (d) => { out += d; });
  ioc.stderr.on('data', (d) => { out += d; });
  try {
    for (let i = 0; i < 100 && !out.includes('iocRun: All initialization complete'); i++) await new Promise((r) => setTimeout(r, 100));
    const client = new core.CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, serverPort: port, repeaterPort: port + 1, timeout: 5, env: {}, logger });
    const answers = await read(client);
    await client.close();
    ioc.stdin.write('epicsEnvShow EPICS_VERSION_FULL\n');
    for (let i = 0; i < 50 && !/EPICS_VERSION_FULL=\S+/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    const version = /EPICS_VERSION_FULL=(\S+)/.exec(out)?.[1] ?? 'unknown';
    writeFileSync(path.join(dir, fixture), `${JSON.stringify({ captured: new Date().toISOString().slice(0, 10), softIoc: version, answers }, null, 1)}\n`);
    console.log(`wrote ${Object.keys(answers).length} ${unit}`);
  } finally {
    ioc.kill('SIGTERM');
  }
}
