/**
 * Runs one CLI case against a CA server serving pvDefinitions() (see ca-tool-cases.mjs): a fresh
 * in-memory server per case on a free loopback port, the tool with an environment that reaches only
 * that server, and the output with timestamps and ports masked. Used by the capture script (EPICS
 * tools) and by the test (devioc) alike.
 */
import { spawn } from 'node:child_process';
import { freePort } from '../../../../test/helpers/free-port.mjs';
import { pvDefinitions } from './ca-tool-cases.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts a server with the fixture PVs; `core` is the @devioc/core module (built dist or sources). */
export async function startFixtureServer(core) {
  const port = await freePort();
  const pvs = new core.MemoryPvProvider();
  for (const d of pvDefinitions()) {
    const { alarm, ...def } = d;
    const pv = pvs.add(def);
    if (alarm) pv.set(def.value, alarm);
  }
  const server = new core.CaServer({
    port, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [`127.0.0.1:${port + 1}`], providers: [pvs],
  });
  await server.start();
  return { port, pvs, stop: () => server.stop() };
}

export function toolEnv(port) {
  const env = {
    ...process.env,
    EPICS_CA_ADDR_LIST: '127.0.0.1',
    EPICS_CA_AUTO_ADDR_LIST: 'NO',
    EPICS_CA_SERVER_PORT: String(port),
    EPICS_CA_REPEATER_PORT: String(port + 1),
    DEVIOC_LOG_LEVEL: 'error',
  };
  delete env.EPICS_CLI_TIMEOUT;
  delete env.EPICS_CA_NAME_SERVERS;
  return env;
}

const TIME = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}/g;
/** Masks what differs between runs: timestamps, the server's port, ANSI colours. */
export function mask(text, port) {
  return text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(TIME, '<TIME>')
    .replaceAll(`:${port}`, ':<PORT>');
}

/**
 * Runs `command` (argv array, e.g. ['/path/caget'] or ['node', 'main.js', 'get']) with the case's
 * args; for camonitor cases applies the updates once the first lines are out, then stops it.
 */
export async function runCase(core, command, c) {
  const srv = await startFixtureServer(core);
  try {
    const child = spawn(command[0], [...command.slice(1), ...c.args], { env: toolEnv(srv.port), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 0 : 1))));
    let code;
    if (c.tool === 'camonitor') {
      const lines = () => stdout.split('\n').length - 1;
      const until = async (n, ms) => {
        const end = Date.now() + ms;
        while (lines() < n && Date.now() < end) await sleep(10);
      };
      const initial = c.args.filter((a) => a.startsWith('F:')).length;
      // A tool's first lines can take seconds on a busy machine: the updates must come after them,
      // or they would be merged into the initial value.
      await until(initial, 60_000);
      for (const u of c.updates) {
        const pv = srv.pvs.get(u.pv);
        pv.set(u.value, u.alarm);
        await sleep(100);
      }
      await until(c.lines, 30_000);
      await sleep(c.lines === 1 ? 200 : 150);
      child.kill('SIGTERM');
      await exited;
      code = 0;
    } else {
      // A safety net only (every case ends by itself): a node CLI can take many seconds to start
      // on a loaded 2-core machine.
      const timer = setTimeout(() => child.kill('SIGKILL'), 75_000);
      code = await exited;
      clearTimeout(timer);
    }
    return { stdout: mask(stdout, srv.port), stderr: mask(stderr, srv.port), code };
  } finally {
    await srv.stop();
  }
}

/** A stable key for a case. */
export const caseKey = (c) => `${c.tool} ${c.args.join(' ')}`;
