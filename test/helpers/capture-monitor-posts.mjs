// Captures what EPICS softIoc posts for the monitor-posts scenario, through pyepics (libca):
//   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node test/helpers/capture-monitor-posts.mjs
// writes fixtures/records/monitor-posts/softioc-posts.json. Run by hand; CI only reads it.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MARKER, NAMES, STEPS } from './monitor-posts-steps.mjs';

const bin = process.env.EPICS_BASE_BIN;
if (!bin) throw new Error('set EPICS_BASE_BIN to the bin directory of a built EPICS base');
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const db = here('../../fixtures/records/monitor-posts/monitor-posts.db');
const port = 30064 + Math.floor(Math.random() * 1000) * 2;
const env = {
  ...process.env,
  EPICS_CA_ADDR_LIST: '127.0.0.1',
  EPICS_CA_AUTO_ADDR_LIST: 'NO',
  EPICS_CA_SERVER_PORT: String(port),
  EPICS_CAS_SERVER_PORT: String(port),
  EPICS_CA_REPEATER_PORT: String(port + 1),
  EPICS_CAS_BEACON_PORT: String(port + 1),
  EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
  EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
  EPICS_CAS_BEACON_ADDR_LIST: '127.0.0.1',
  PYTHONUNBUFFERED: '1',
};
const ioc = spawn(`${bin}/softIoc`, ['-d', db], { env, stdio: ['pipe', 'pipe', 'pipe'] });
// iocInit's messages go to stderr (errlog), the shell's to stdout.
await new Promise((resolve) => {
  for (const stream of [ioc.stdout, ioc.stderr]) stream.on('data', (d) => String(d).includes('iocRun: All initialization complete') && resolve());
});
const driver = spawn('/usr/bin/python3', [here('./pyepics_driver.py')], { env, stdio: ['pipe', 'pipe', 'inherit'] });
let buffered = '';
const answer = new Promise((resolve) =>
  driver.stdout.on('data', (d) => {
    buffered += d;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (JSON.parse(line).id === 1) resolve(JSON.parse(line));
  }),
);
const code = readFileSync(here('./monitor_posts.py'), 'utf8');
driver.stdin.write(`${JSON.stringify({ id: 1, cmd: 'exec', args: { code, args: { names: NAMES, marker: MARKER, steps: STEPS } } })}\n`);
const reply = await answer;
driver.stdin.end();
await new Promise((resolve) => driver.once('exit', resolve));
ioc.stdin.end();
ioc.kill();
if (!reply.ok) throw new Error(reply.error);
const version = execVersion();
// One line per step: the events of each PV, [value, status, severity].
const segments = reply.result.result.map((s) => `  ${JSON.stringify(s)}`).join(',\n');
writeFileSync(here('../../fixtures/records/monitor-posts/softioc-posts.json'), `{\n "softIoc": "${version}",\n "segments": [\n${segments}\n ]\n}\n`);
console.log(`captured ${reply.result.result.length} segments from softIoc ${version}`);

function execVersion() {
  const text = readFileSync(`${bin}/../../configure/CONFIG_BASE_VERSION`, 'utf8');
  const v = (k) => /(\d+)/.exec(text.split('\n').find((l) => l.startsWith(`${k} =`)) ?? '')?.[1] ?? '?';
  return `${v('EPICS_VERSION')}.${v('EPICS_REVISION')}.${v('EPICS_MODIFICATION')}.${v('EPICS_PATCH_LEVEL')}`;
}
