/**
 * caget against an IOC serving fixtures/softioc-tools.db: EPICS softIoc for the reference
 * (capture-softioc-tools.mjs), `devioc softioc` in the test (test/cli-softioc-tools.test.ts).
 * Reads a string record whose text is not a number as a number: rsrv refuses the read, and caget
 * prints libca's exception block and "Read operation timed out". One IOC serves every case.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { toolEnv } from './run-ca-tool.mjs';

export const DB_FILE = fileURLToPath(new URL('./fixtures/softioc-tools.db', import.meta.url));

/** The caget argument lists. */
export const CASES = [
  ['-d', 'DBR_CTRL_CHAR', 'P:so'],
  ['-d', 'DBR_CTRL_DOUBLE', 'P:so'],
  ['-d', 'DBR_STS_LONG', 'P:so'],
  ['-d', 'DBR_CTRL_CHAR', 'P:sn'],
  ['-d', 'DBR_CTRL_CHAR', 'P:so', 'P:sn'],
  ['P:so', 'P:si'],
  ['-d', 'DBR_DOUBLE', 'P:si'],
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The environment of an IOC on loopback, CA port `port`, beacons to `port + 1`. */
export function iocEnv(port) {
  return {
    ...toolEnv(port),
    EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
    EPICS_CAS_SERVER_PORT: String(port),
    EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
    EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`,
    DEVIOC_LOG_LEVEL: 'error',
  };
}

const accepts = (port) =>
  new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(false);
    });
  });

/**
 * Starts an IOC (argv, e.g. [softIoc, '-S', '-d', DB_FILE]) and waits until its CA TCP port
 * accepts connections (iocInit done for softIoc; the records loaded for devioc).
 */
export async function startIoc(argv, port) {
  const child = spawn(argv[0], argv.slice(1), { env: iocEnv(port), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const end = Date.now() + 60_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`IOC did not start: ${output}`);
    }
    await sleep(50);
  }
  return {
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** What varies between runs: the port and libca's "Current Time" line. */
export function mask(text, port) {
  return text
    .replaceAll(`:${port}`, ':<PORT>')
    .replace(/Current Time: .*/g, 'Current Time: <TIME>');
}

/** Runs a tool (argv prefix) with `args` against the IOC on `port`: stdout, stderr and exit code. */
export async function runTool(command, args, port) {
  const child = spawn(command[0], [...command.slice(1), ...args], { env: toolEnv(port), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? -1 : 1))));
  clearTimeout(timer);
  return { stdout: mask(stdout, port), stderr: mask(stderr, port), code };
}
