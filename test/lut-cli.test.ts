/**
 * The built `lut` command (packages/lut/dist/cli.js; run `npm run build` first): its help, its
 * refusals of bad arguments, and a short real run between two IOCs in this process, stopped
 * with SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaClient, DbrType } from '@devioc/core/ca';
import { FitType, readTableFile } from '@devioc/lut';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mono, type Served, startMono, startUndulator, type Undulator, until } from './helpers/lut.js';
import { freePort } from './helpers/ports.js';

const CLI = fileURLToPath(new URL('../packages/lut/dist/cli.js', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

describe('the lut command', () => {
  it('is built', () => {
    expect(existsSync(CLI), `${CLI} missing: run npm run build`).toBe(true);
  });

  it('--help shows the usage of issue 7 and every option', async () => {
    const r = run(['--help']);
    expect(await r.exited).toBe(0);
    const help = r.stdout();
    expect(help).toMatch(/^Usage: lut \[options\]/);
    for (const option of ['--device <name>', '--table <file>', '--input <pv>', '--target <pv>', '--readback <pv>', '--fit <kind>', '--degree <n>', '--range <mode>', '--enable <state>', '--verbose']) {
      expect(help).toContain(option);
    }
    expect(help.replace(/\s+/g, ' ')).toContain('LINEAR, NEAREST, NEXT, PREVIOUS, SPLINE0, SPLINE1, SPLINE2, SPLINE3, POLY');
    expect(help).toMatch(/--device <name>\s+\(required\)/);
    expect(help).toMatch(/--table <file>\s+\(required\)/);
    expect(help).toContain('--log-file <path>');
  });

  it('--version prints the package version', async () => {
    const r = run(['--version']);
    expect(await r.exited).toBe(0);
    const { version } = JSON.parse(readFileSync(new URL('../packages/lut/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(r.stdout().trim()).toBe(version);
  });

  it.each([
    [['--table', 't.lut'], /required option '-d, --device <name>' not specified/],
    [['--device', 'X', '--table', 't.lut', '--fit', 'CUBIC'], /argument 'CUBIC' is invalid\. unknown fit type "CUBIC"/],
    [['--device', 'X', '--table', 't.lut', '--range', 'wrap'], /unknown out-of-range mode "wrap"/],
    [['--device', 'X', '--table', 't.lut', '--degree', '-1'], /degree "-1" must be an integer from 0 to 119/],
    [['--device', 'X', '--table', 't.lut', '--input', 'A'.repeat(40)], /is longer than 39 characters/],
  ])('refuses %j with a clear message and exit status 1', async (args, message) => {
    const r = run(args);
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toMatch(message);
  });
});

describe('a short real run of the lut command', () => {
  let mono: Served<Mono>;
  let und: Served<Undulator>;
  let dir: string;
  let client: CaClient | undefined;
  let child: Run | undefined;

  beforeAll(async () => {
    mono = await startMono();
    und = await startUndulator();
    dir = mkdtempSync(path.join(os.tmpdir(), 'lut-cli-'));
  });
  afterAll(async () => {
    if (child && child.child.exitCode === null) {
      child.child.kill('SIGKILL');
      await child.exited;
    }
    await client?.close();
    await und?.close();
    await mono?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the records, logs what it follows, moves the target with the input, and stops on SIGTERM', async () => {
    const table = path.join(dir, 'gap.lut');
    writeFileSync(table, '4 10\n6 14\n8 20\n10 28\n');
    const port = await freePort();
    child = run(['--device', 'CLI:LUT', '--input', 'MONO:energy', '--target', 'UND:gap', '--table', table, '--fit', 'linear', '--http', '0'], {
      EPICS_CAS_SERVER_PORT: String(port),
      EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
      EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`,
      EPICS_CA_ADDR_LIST: `127.0.0.1:${mono.port} 127.0.0.1:${und.port}`,
      EPICS_CA_AUTO_ADDR_LIST: 'NO',
      EPICS_CA_REPEATER_PORT: String(await freePort()),
      DEVIOC_LOG_LEVEL: 'info',
    });
    const running = child;
    await until(() => running.stderr().includes('serving CLI:LUT:*') || running.child.exitCode !== null, 'the IOC to serve');
    expect(running.stderr()).toContain(`on CA port ${port}; follows input MONO:energy → target UND:gap; 4 points, LINEAR on 4 points; table file ${table}`);

    // --http: the LUT screen and pvws, read-only without --web-write.
    await until(() => /LUT screen at http:\/\/localhost:\d+\//.test(running.stderr()), 'the web screen');
    const httpPort = /LUT screen at http:\/\/localhost:(\d+)\//.exec(running.stderr())![1];
    expect(running.stderr()).toContain('(read-only; --web-write to edit)');
    expect(await (await fetch(`http://127.0.0.1:${httpPort}/`)).text()).toContain('/lut/lut.js?device=CLI%3ALUT');
    expect(await (await fetch(`http://127.0.0.1:${httpPort}/pvws/info`)).json()).toMatchObject({ write_support: false });

    await until(() => und.model.gap.get() === 12, 'the target written at start with f(5)');
    await mono.model.energy.put(7);
    await until(() => und.model.gap.get() === 17, 'the target to follow the input');

    client = new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, repeaterPort: await freePort() });
    expect((await client.get('CLI:LUT:output')).value).toBe(17);
    expect((await client.get('CLI:LUT:status', { type: DbrType.STRING })).value).toBe('OK');
    await client.put('CLI:LUT:yoff', 0.5, { wait: true });
    await until(() => und.model.gap.get() === 17.5, 'yoff applied');

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.stderr()).toContain('SIGTERM: shutting down');
    const saved = await readTableFile(table);
    expect(saved).toMatchObject({ input: 'MONO:energy', target: 'UND:gap', fit: FitType.LINEAR, yoff: 0.5, table: { x: [4, 6, 8, 10], y: [10, 14, 20, 28] } });
  });

  // Node 20's recursive mkdir spun a core on this path and SIGTERM never finished (issue 16).
  it.runIf(existsSync('/proc/self'))('--table /proc/nope/x.lut: FILE ERROR with the reason at once, and SIGTERM stops it', async () => {
    const port = await freePort();
    const started = Date.now();
    const logDir = mkdtempSync(path.join(os.tmpdir(), 'lut-log-'));
    const logFile = path.join(logDir, 'lut.log');
    const r = run(['--device', 'PROC:LUT', '--table', '/proc/nope/x.lut', '--log-file', logFile], {
      EPICS_CAS_SERVER_PORT: String(port),
      EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
      EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
      EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`,
      EPICS_CA_ADDR_LIST: '127.0.0.1',
      EPICS_CA_AUTO_ADDR_LIST: 'NO',
      EPICS_CA_REPEATER_PORT: String(await freePort()),
      DEVIOC_LOG_LEVEL: 'info',
    });
    try {
      await until(() => r.stderr().includes("cannot save /proc/nope/x.lut") || r.child.exitCode !== null, 'the failed save to be reported');
      expect(r.stderr()).toMatch(/cannot save \/proc\/nope\/x\.lut: .*mkdir '\/proc\/nope'.*: the changes are not saved/);
      const c = new CaClient({ addressList: [`127.0.0.1:${port}`], autoAddressList: false, repeaterPort: await freePort() });
      try {
        expect((await c.get('PROC:LUT:status', { type: DbrType.STRING })).value).toBe('FILE ERROR');
      } finally {
        await c.close();
      }
      expect(Date.now() - started).toBeLessThan(15_000);
      const stopping = Date.now();
      r.child.kill('SIGTERM');
      expect(await r.exited).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(5000);
      expect(readFileSync(logFile, 'utf8')).toMatch(/cannot save \/proc\/nope\/x\.lut/);
    } finally {
      rmSync(logDir, { recursive: true, force: true });
      if (r.child.exitCode === null) r.child.kill('SIGKILL');
    }
  });
});
