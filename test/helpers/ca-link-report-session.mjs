/**
 * dbcar and the tuning commands softIoc's startup scripts carry (callbackSetQueueSize,
 * errlogInit, iocLogInit…) through an IOC's shell: fixtures/iocsh/ca-link-report.cmd runs them
 * around iocInit, then, once dbcar says the two links that can connect have, dbcar at levels 0,
 * 1 and 2, of all records and of one. Returns the transcript: the shell's standard output from
 * the first dbcar on, and what the script wrote to standard error, without the host name
 * (dbcar's "host", which is this machine's).
 *
 * Used by test/softioc-ca-link-report.test.ts for `devioc softioc`; run by hand against softIoc
 * to capture fixtures/iocsh/softioc-ca-link-report.txt:
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node test/helpers/ca-link-report-session.mjs > fixtures/iocsh/softioc-ca-link-report.txt
 */
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';
import { loopbackIocEnv } from './loopback-env.mjs';

const FIXTURES = fileURLToPath(new URL('../../fixtures/iocsh/', import.meta.url));
const CLI = fileURLToPath(new URL('../../packages/core/dist/cli/main.js', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** @param {{ softIoc?: string }} options `softIoc`: EPICS' softIoc (else `devioc softioc`). */
export async function caLinkReportSession({ softIoc } = {}) {
  const port = await freePort();
  const script = 'ca-link-report.cmd';
  const [command, args] = softIoc ? [softIoc, [script]] : [process.execPath, [CLI, 'softioc', '--no-history', '--no-pva', script]];
  const child = spawn(command, args, { cwd: FIXTURES, env: loopbackIocEnv(port), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const until = async (what, check, timeoutMs = 60_000) => {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (child.exitCode !== null) throw new Error(`the IOC exited before ${what}:\n${plain(out + err)}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${plain(out + err).slice(-4000)}`);
      await sleep(20);
    }
  };
  try {
    await until('the end of the script', () => plain(out).includes('iocLogInit'));
    // Each dbcar answer ends with its totals; repeat until the two that can connect have.
    let asked = 0;
    await until('the links to connect', () => {
      const answers = plain(out).match(/Total \d+ CA links?; \d+ connected/g) ?? [];
      if (answers.at(-1)?.endsWith('2 connected')) return true;
      if (answers.length === asked) {
        asked++;
        child.stdin.write('dbcar\n');
      }
      return false;
    });
    const start = plain(out).length;
    const commands = ['dbcar', 'dbcar "" 1', 'dbcar "car:b" 2', 'dbcar "*" 2', 'dbcar car:nowhere 1'];
    child.stdin.write(`${commands.join('\n')}\nexit\n`);
    await new Promise((resolve) => child.on('close', resolve));
    const shown = plain(out)
      .slice(start)
      .replace(/^epics> /gm, '')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => l.replace(/ host \S+,/, ' host HOST,'));
    const errors = plain(err)
      .split('\n')
      .filter((l) => /Callback|Command|ERROR/.test(l));
    return `${[...shown, '--- stderr', ...errors].join('\n')}\n`;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = process.env.EPICS_BASE_BIN;
  process.stdout.write(await caLinkReportSession(bin ? { softIoc: `${bin}/softIoc` } : {}));
}
