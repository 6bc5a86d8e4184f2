/**
 * An IOC started with its shell on pipes, for the tests that put `devioc softioc` beside EPICS'
 * softIoc: the same arguments to either, what it wrote kept, and waits for conditions (never for
 * fixed times) that fail at once when the IOC exits.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../packages/core/dist/cli/main.js', import.meta.url));

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Text without the terminal colours iocsh may add. */
export const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * @param {{ softIoc?: string, args: string[], cwd: string, env: NodeJS.ProcessEnv }} options
 *   `softIoc`: the path of EPICS' softIoc, else `devioc softioc` of this checkout (no history
 *   file, no PVA server); `args`: softIoc's arguments (`-d file.db`, a script).
 */
export function startIoc({ softIoc, args, cwd, env }) {
  const [command, argv] = softIoc ? [softIoc, args] : [process.execPath, [CLI, 'softioc', '--no-history', '--no-pva', ...args]];
  const child = spawn(command, argv, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const ioc = {
    child,
    out: '',
    err: '',
    /** Its exit code, once stdout and stderr are read to their end ('close', not 'exit'). */
    closed: new Promise((resolve) => child.on('close', resolve)),
    /** Its exit code once closed within `timeoutMs`; else it is killed and this throws. */
    closedWithin: (timeoutMs) => {
      let timer;
      const late = new Promise((_, reject) => {
        timer = setTimeout(() => {
          ioc.kill();
          reject(new Error(`the IOC did not exit within ${timeoutMs} ms:\n${plain(ioc.out + ioc.err).slice(-4000)}`));
        }, timeoutMs);
      });
      return Promise.race([ioc.closed, late]).finally(() => clearTimeout(timer));
    },
    /** Standard output and error, without colours. */
    plainOut: () => plain(ioc.out),
    plainErr: () => plain(ioc.err),
    /** Types text at its shell. */
    type: (text) => child.stdin.write(text),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  child.stdout.on('data', (d) => (ioc.out += d));
  child.stderr.on('data', (d) => (ioc.err += d));
  return ioc;
}

/**
 * Waits until `check()` (which may be async) holds, looking every 20 ms; throws, with what the
 * IOCs wrote, when one of `iocs` exits first or after `timeoutMs`.
 */
export async function until(what, check, iocs, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  const said = (tail) => iocs.map((i) => plain(i.out + i.err).slice(tail)).join('\n-----\n');
  while (!(await check())) {
    if (iocs.some((i) => i.child.exitCode !== null)) throw new Error(`an IOC exited before ${what}:\n${said(0)}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${said(-4000)}`);
    await sleep(20);
  }
}
