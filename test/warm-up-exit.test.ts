/**
 * The warm-up leaves its loopback connection open for the life of the process (its channels'
 * shapes keep V8's compiled code: runtime/warm-up.ts). A program that closes its runtime must
 * still end by itself: the connection may not hold the process. Nor may a warm-up under way
 * (it runs in the background): closing the runtime stops it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs a model program that starts, maybe waits for the warm-up, and closes; its output and exit code. */
async function runProgram(waitForWarmUp: boolean): Promise<{ out: string; code: number | string | null }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devioc-warm-up-exit-'));
  const script = path.join(dir, 'program.mjs');
  // Imported by path: the package as npm linked it into the workspace's node_modules.
  const core = path.join(root, 'node_modules/@devioc/core/dist/index.js');
  fs.writeFileSync(
    script,
    `import { Model, models, Runtime } from ${JSON.stringify(core)};
class Small extends Model { req = models.Float({ prec: 2 }); }
const runtime = new Runtime({ port: ${await freePort()}, interfaces: ['127.0.0.1'], autoBeaconAddresses: false, beaconAddresses: [], pva: false });
const model = await new Small('WX', { runtime }).start();
console.log('serving');
${waitForWarmUp ? "await model.warmedUp();\nconsole.log('warmed');" : ''}
await runtime.close();
console.log('closed');
`,
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EPICS_CA_AUTO_ADDR_LIST: 'NO', EPICS_CA_ADDR_LIST: '127.0.0.1', DEVIOC_LOG_LEVEL: 'info' } });
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
  return { out, code };
}

describe('a model program with the warm-up', () => {
  it('ends by itself once it closes its runtime after the warm-up', async () => {
    const { out, code } = await runProgram(true);
    expect(out).toMatch(/serving[^]*warm-up done: \d+ requests[^]*warmed[^]*closed/);
    expect(code).toBe(0);
  }, 90_000);

  it('ends by itself when it closes its runtime during the warm-up, which stops there', async () => {
    const { out, code } = await runProgram(false);
    expect(out).toContain('serving');
    expect(out).toContain('closed');
    expect(out).not.toContain('warm-up done');
    expect(out).not.toContain('warm-up failed');
    expect(code).toBe(0);
  }, 90_000);
});
