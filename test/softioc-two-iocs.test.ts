/**
 * Two `devioc softioc` processes on one host, both bound with EPICS_CAS_INTF_ADDR_LIST=127.0.0.1
 * on the same CA port (the README's recipe): a libca client (pyepics) searching
 * EPICS_CA_ADDR_LIST=127.255.255.255 finds the PVs of both, as with rsrv, which also binds the
 * interface's broadcast address. The second IOC's fallback to an ephemeral TCP port is an info
 * line, not an error. Runs the built CLI (npm run build first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

const CLI = fileURLToPath(new URL('../packages/core/dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'devioc-two-'));

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function softioc(port: number, db: string): Running {
  const child = spawn(process.execPath, [CLI, 'softioc', '-d', db], {
    env: {
      ...process.env,
      EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
      EPICS_CAS_SERVER_PORT: String(port),
      EPICS_CA_SERVER_PORT: String(port),
      EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
      EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`,
      DEVIOC_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function whenServing(r: Running): Promise<void> {
  for (let i = 0; i < 400 && !/serving \d+ records/.test(r.output()); i++) {
    if (r.child.exitCode !== null) throw new Error(`softioc exited: ${r.output()}`);
    await new Promise((res) => setTimeout(res, 25));
  }
  if (!/serving \d+ records/.test(r.output())) throw new Error(`softioc did not start: ${r.output()}`);
}

let first: Running;
let second: Running;
let py: PyEpics;

beforeAll(async () => {
  const port = await freePort();
  writeFileSync(join(dir, 'a.db'), 'record(ao, "TWO:a") { field(VAL, "1.5") }\n');
  writeFileSync(join(dir, 'b.db'), 'record(ao, "TWO:b") { field(VAL, "2.5") }\n');
  first = softioc(port, join(dir, 'a.db'));
  await whenServing(first);
  second = softioc(port, join(dir, 'b.db'));
  await whenServing(second);
  py = new PyEpics({ serverPort: port, addrList: '127.255.255.255' });
}, 60_000);

afterAll(async () => {
  await py?.close();
  for (const r of [first, second]) {
    if (r !== undefined && r.child.exitCode === null) r.child.kill('SIGTERM');
    await r?.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('two IOCs on one host (EPICS_CAS_INTF_ADDR_LIST=127.0.0.1)', () => {
  it('a client searching 127.255.255.255 reaches both', async () => {
    const a = await py.call<{ connected: boolean; value: unknown }>('get', { pv: 'TWO:a', timeout: 15 });
    const b = await py.call<{ connected: boolean; value: unknown }>('get', { pv: 'TWO:b', timeout: 15 });
    expect(a).toMatchObject({ connected: true, value: 1.5 });
    expect(b).toMatchObject({ connected: true, value: 2.5 });
  }, 60_000);

  it('the second IOC says at info level that it took an ephemeral TCP port, with no error line', () => {
    expect(second.output()).toMatch(/info: TCP port \d+ on 127\.0\.0\.1 is in use/);
    expect(second.output()).not.toMatch(/error/i);
    expect(first.output()).not.toMatch(/error/i);
  });
});
