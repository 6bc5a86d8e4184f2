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
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.mjs';
import { startIoc, until } from './ioc-process.mjs';
import { loopbackIocEnv } from './loopback-env.mjs';

const FIXTURES = fileURLToPath(new URL('../../fixtures/iocsh/', import.meta.url));

/** @param {{ softIoc?: string }} options `softIoc`: EPICS' softIoc (else `devioc softioc`). */
export async function caLinkReportSession({ softIoc } = {}) {
  const port = await freePort();
  const ioc = startIoc({ softIoc, args: ['ca-link-report.cmd'], cwd: FIXTURES, env: loopbackIocEnv(port) });
  try {
    await until('the end of the script', () => ioc.plainOut().includes('iocLogInit'), [ioc]);
    // Each dbcar answer ends with its totals; repeat until the two that can connect have.
    let asked = 0;
    await until('the links to connect', () => {
      const answers = ioc.plainOut().match(/Total \d+ CA links?; \d+ connected/g) ?? [];
      if (answers.at(-1)?.endsWith('2 connected')) return true;
      if (answers.length === asked) {
        asked++;
        ioc.type('dbcar\n');
      }
      return false;
    }, [ioc]);
    const start = ioc.plainOut().length;
    const commands = ['dbcar', 'dbcar "" 1', 'dbcar "car:b" 2', 'dbcar "*" 2', 'dbcar car:nowhere 1'];
    ioc.type(`${commands.join('\n')}\nexit\n`);
    await ioc.closed;
    const shown = ioc
      .plainOut()
      .slice(start)
      .replace(/^epics> /gm, '')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => l.replace(/ host \S+,/, ' host HOST,'));
    const errors = ioc
      .plainErr()
      .split('\n')
      .filter((l) => /Callback|Command|ERROR/.test(l));
    return `${[...shown, '--- stderr', ...errors].join('\n')}\n`;
  } finally {
    ioc.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = process.env.EPICS_BASE_BIN;
  process.stdout.write(await caLinkReportSession(bin ? { softIoc: `${bin}/softIoc` } : {}));
}
