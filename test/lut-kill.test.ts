/**
 * Kill -9 of the LUT IOC (the built `lut` command) while a client edits its table: whatever was
 * acknowledged before the kill (a completed put-callback on `save`) is in the table file after it,
 * and the file is always whole — never a half-written or lost table, whenever the kill lands.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaClient } from '@devioc/core/ca';
import { readTableFile } from '@devioc/lut';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mono, type Served, startMono, startUndulator, type Undulator, until } from './helpers/lut.js';
import { freePort } from './helpers/ports.js';

const CLI = fileURLToPath(new URL('../packages/lut/dist/cli.js', import.meta.url));
const ROUNDS = 12;

let mono: Served<Mono>;
let und: Served<Undulator>;
let dir: string;

beforeAll(async () => {
  mono = await startMono();
  und = await startUndulator();
  dir = mkdtempSync(path.join(os.tmpdir(), 'lut-kill-'));
});

afterAll(async () => {
  await mono?.close();
  await und?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startLut(table: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, '--device', 'KILL:LUT', '--input', 'MONO:energy', '--target', 'UND:gap', '--table', table], {
    env: {
      ...process.env,
      EPICS_CAS_SERVER_PORT: String(port),
      EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
      EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
      EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`,
      EPICS_CA_ADDR_LIST: `127.0.0.1:${mono.port} 127.0.0.1:${und.port}`,
      EPICS_CA_AUTO_ADDR_LIST: 'NO',
      EPICS_CA_REPEATER_PORT: String(port + 1),
      DEVIOC_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await until(() => err.includes('serving KILL:LUT:*') || child.exitCode !== null, 'the LUT IOC to serve', 60_000);
  if (child.exitCode !== null) throw new Error(`lut exited: ${err}`);
  return child;
}

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('the LUT IOC killed with SIGKILL while a client edits its table', () => {
  it('keeps every acknowledged table and never leaves a partial file', { timeout: 240_000 }, async () => {
    const table = path.join(dir, 'gap.lut');
    writeFileSync(table, '4 10\n6 14\n8 20\n10 28\n');
    let acknowledged = { x: [4, 6, 8, 10], y: [10, 14, 20, 28] };
    for (let round = 0; round < ROUNDS; round++) {
      const port = await freePort();
      const lut = await startLut(table, port);
      const client = new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, beacons: false });
      try {
        // The restarted IOC serves exactly what was last acknowledged.
        const served = Array.from((await client.get('KILL:LUT:ytable')).elements as ArrayLike<number>);
        expect(served).toEqual(acknowledged.y);

        const next = { x: [4, 6, 8, 10, 12], y: [10 + round, 14 + round, 20 + round, 28 + round, 40 + round] };
        await client.put('KILL:LUT:xtable', next.x, { wait: true });
        await client.put('KILL:LUT:ytable', next.y, { wait: true });
        if (round % 2 === 0) {
          // Acknowledged: the LUT reports the edit in use (table edits are applied together, after
          // a short settling time), then a save completed through its put-callback.
          // A long string (a char array): decoded up to its terminating NUL.
          const message = async (): Promise<string> => {
            const codes = Array.from((await client.get('KILL:LUT:message')).elements as ArrayLike<number>);
            const end = codes.indexOf(0);
            return Buffer.from(end >= 0 ? codes.slice(0, end) : codes).toString('utf8');
          };
          await until(async () => /^(table edited:|saved) 5 points/.test(await message()), 'the edit in use', 30_000).catch(async (e: Error) => {
            throw new Error(`round ${round}: ${e.message}; message: ${await message()}`);
          });
          await client.put('KILL:LUT:save', 1, { wait: true });
          expect(await message()).toMatch(/^saved 5 points to /);
          acknowledged = next;
          await killed(lut);
        } else {
          // Not acknowledged: killed at once, maybe mid-save; the file holds either table, whole.
          await killed(lut);
          const saved = await readTableFile(table);
          const y = saved?.table.y;
          expect([acknowledged.y.join(), next.y.join()]).toContain(y?.join());
          if (y?.join() === next.y.join()) acknowledged = next;
        }
      } finally {
        await client.close();
        await killed(lut);
      }
      const saved = await readTableFile(table);
      expect(saved?.table).toEqual(acknowledged);
    }
    // Stale temporary files of interrupted saves are not left to pile up.
    const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(leftovers.length).toBeLessThanOrEqual(1);
  });
});
