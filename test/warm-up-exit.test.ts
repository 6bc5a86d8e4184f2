/**
 * The warm-up leaves its loopback connection open for the life of the process (its channels'
 * shapes keep V8's compiled code: runtime/warm-up.ts). A program that closes its runtime must
 * still end by itself: the connection may not hold the process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('a model program with the warm-up', () => {
  it('ends by itself once it closes its runtime', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devioc-warm-up-exit-'));
    const script = path.join(dir, 'program.mjs');
    // Imported by path: the package as npm linked it into the workspace's node_modules.
    const core = path.join(root, 'node_modules/@devioc/core/dist/index.js');
    fs.writeFileSync(
      script,
      `import { Model, models, Runtime } from ${JSON.stringify(core)};
class Small extends Model { req = models.Float({ prec: 2 }); }
const runtime = new Runtime({ port: ${await freePort()}, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], pva: false });
await new Small('WX', { runtime }).start();
console.log('warmed and serving');
await runtime.close();
console.log('closed');
`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EPICS_CA_AUTO_ADDR_LIST: 'NO', EPICS_CA_ADDR_LIST: '127.0.0.1' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // Bounded: a process the connection held would never exit.
    const code = await new Promise<number | string | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running after 60 s');
      }, 60_000);
      child.once('exit', (c, signal) => {
        clearTimeout(timer);
        resolve(c ?? signal);
      });
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(out).toContain('warmed and serving');
    expect(out).toContain('closed');
    expect(code).toBe(0);
  }, 90_000);
});
