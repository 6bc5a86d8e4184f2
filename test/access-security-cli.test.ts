/**
 * Access security given to `devioc softioc` the ways softIoc users give it: `-m macros -a file.acf`
 * on the command line, and `asSetSubstitutions` + `asSetFilename` in an st.cmd. The rights each
 * user and host gets must equal what EPICS softIoc 7.0.8.1 grants for the same .acf
 * (fixtures/access/softioc-rights.txt). The .acf here takes its `ops` members from a macro, so
 * the substitutions are shown to reach the file: without them the first row would differ.
 * Runs the built CLI (npm run build first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rightsMatrix } from './helpers/access-rights.js';
import { freePort } from './helpers/ports.js';

const CLI = fileURLToPath(new URL('../packages/core/dist/cli/main.js', import.meta.url));
const FIX = (name: string): string => fileURLToPath(new URL(`../fixtures/access/${name}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'devioc-as-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const acf = readFileSync(FIX('rights.acf'), 'utf8');
if (!acf.includes('UAG(ops) {alice, bob}')) throw new Error('fixtures/access/rights.acf changed: update this test');
writeFileSync(join(dir, 'rights-m.acf'), acf.replace('UAG(ops) {alice, bob}', 'UAG(ops) {$(OPS1), bob}'));
copyFileSync(FIX('rights.db'), join(dir, 'rights.db'));
writeFileSync(
  join(dir, 'st.cmd'),
  ['dbLoadRecords("rights.db")', 'asSetSubstitutions("OPS1=alice")', 'asSetFilename("rights-m.acf")', 'iocInit', ''].join('\n'),
);

async function withSoftioc<T>(args: string[], use: (port: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [CLI, 'softioc', '-S', ...args], {
    cwd: dir,
    env: { ...process.env, EPICS_CAS_SERVER_PORT: String(port), EPICS_CA_SERVER_PORT: String(port), EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', DEVIOC_PVA: 'NO', DEVIOC_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const deadline = Date.now() + 20_000;
    while (!/serving \d+ records/.test(out)) {
      if (child.exitCode !== null) throw new Error(`softioc exited: ${out}`);
      if (Date.now() > deadline) throw new Error(`softioc did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(out).toMatch(/access security: .*rights-m\.acf loaded/);
    return await use(port);
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

describe('devioc softioc with an .acf, as softIoc is given one', () => {
  it('-m OPS1=alice -a rights-m.acf: the rights softIoc grants', async () => {
    const rights = await withSoftioc(['-m', 'OPS1=alice', '-a', 'rights-m.acf', '-d', 'rights.db'], rightsMatrix);
    expect(rights).toBe(readFileSync(FIX('softioc-rights.txt'), 'utf8'));
  });

  it('asSetSubstitutions + asSetFilename in st.cmd: the same rights', async () => {
    const rights = await withSoftioc(['st.cmd'], rightsMatrix);
    expect(rights).toBe(readFileSync(FIX('softioc-rights.txt'), 'utf8'));
  });

  it('without the substitution, the file is refused with file:line, as softIoc refuses it', async () => {
    // softIoc 7.0.8.1 prints "Invalid character '$' at line 2" and "iocBuild: asInit Failed." and serves nothing.
    writeFileSync(join(dir, 'st-nosub.cmd'), ['dbLoadRecords("rights.db")', 'asSetFilename("rights-m.acf")', 'iocInit', ''].join('\n'));
    const child = spawn(process.execPath, [CLI, 'softioc', '-S', 'st-nosub.cmd'], {
      cwd: dir,
      env: { ...process.env, EPICS_CAS_SERVER_PORT: String(await freePort()), DEVIOC_PVA: 'NO' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).not.toBe(0);
    expect(out).toContain("rights-m.acf:2: Invalid character '$'");
    expect(out).not.toMatch(/serving \d+ records/);
  });
});
