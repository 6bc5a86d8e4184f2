#!/usr/bin/env node
/**
 * Re-records softioc.txt in every case directory here by loading the case into a real EPICS
 * softIoc and dumping the records it made. The tests only read the recorded files; run this
 * by hand after adding or changing a case:
 *
 *   SOFTIOC=$EPICS_BASE/bin/linux-x86_64/softIoc node record-softioc.mjs [case...]
 *
 * Each case directory holds case.json ({ "description", "macros"?, "main"?, "env"? }) and the .db
 * files. softIoc runs with the case directory as its current directory (EPICS resolves
 * includes there), `-m <macros> -d <main>`, then `dbDumpRecord pdbbase * 0` in its shell.
 * Channel Access is bound to loopback on a free port and the process is always killed.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const softIoc = process.env.SOFTIOC ?? 'softIoc'; // from PATH unless given

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const clean = (text) =>
  text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^#{3,}|^## /.test(l) && !/^(Starting iocInit|iocRun: All initialization complete|epics> exit)/.test(l))
    .map((l) => l.replace(/^epics> (?=\S)/, 'epics> '))
    .join('\n');

async function record(dir) {
  const spec = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8'));
  const port = await freePort();
  const env = {
    ...process.env,
    ...(spec.env ?? {}),
    EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
    EPICS_CAS_SERVER_PORT: String(port),
    EPICS_CA_SERVER_PORT: String(port),
    EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
    EPICS_CAS_BEACON_ADDR_LIST: '127.0.0.1',
    EPICS_CA_AUTO_ADDR_LIST: 'NO',
    EPICS_CA_ADDR_LIST: '127.0.0.1',
    // No .iocsh_history in the case directory.
    EPICS_IOCSH_HISTFILE: '',
  };
  delete env.EPICS_DB_INCLUDE_PATH;
  const args = [...(spec.macros !== undefined ? ['-m', spec.macros] : []), '-d', spec.main ?? 'main.db'];
  const child = spawn(softIoc, args, { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d.toString('latin1')));
  child.stderr.on('data', (d) => (output += d.toString('latin1')));
  child.stdin.on('error', () => {}); // softIoc may exit before reading (load failure)
  child.stdin.end('dbDumpRecord pdbbase * 0\nexit\n');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
  await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const text = `# softIoc ${args.join(' ')}\n${clean(output)}\n`;
  writeFileSync(path.join(dir, 'softioc.txt'), text, 'latin1');
  console.log(`${path.basename(dir)}: ${text.includes('failed to load') ? 'load failed' : 'loaded'}`);
}

const wanted = process.argv.slice(2);
for (const name of readdirSync(here).sort()) {
  const dir = path.join(here, name);
  if (!statSync(dir).isDirectory() || (wanted.length > 0 && !wanted.includes(name))) continue;
  await record(dir);
}
