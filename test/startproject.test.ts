/**
 * `devioc startproject`, for real: the built CLI writes MyIOC-Test into a temporary directory;
 * there `npm install` (its @devioc/core is a `file:` link to this checkout's packages/core, so the
 * monorepo's own dependencies serve it; commander, rxjs, TypeScript and @types/node come from the
 * npm cache or the registry), `npm run build`, `npm start -- --device X`; then pyepics (the real
 * libca) reads and writes the IOC's records, the app's toggle callback and its RxJS pipeline
 * included, and SIGTERM shuts it down cleanly. Needs `npm run build` first.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORE = join(ROOT, 'packages', 'core');
const MAIN = join(CORE, 'dist', 'cli', 'main.js');
const NAME = 'MyIOC-Test';
const DEVICE = 'SPTEST-001';
const NPM = 'npm'; // POSIX only, like the process-group handling below

/** The environment of the nested npm: ours, without what an outer `npm test` set that would redirect it. */
const npmEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(workspaces?|include_workspace_root|global|prefix|location)$/i.test(key)) delete env[key];
    if (/^(NO_COLOR|FORCE_COLOR)$/.test(key)) delete env[key];
  }
  return env;
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const run = (cmd: string, args: string[], cwd: string, timeoutMs: number, env = npmEnv()): Promise<Run> =>
  new Promise((resolve) => {
    const t0 = Date.now();
    execFile(cmd, args, { cwd, env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null;
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });

/** The live (not zombie) processes of a process group, from /proc (Linux). */
const liveGroupMembers = (pgid: number): string[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(pgrp) === pgid && state !== 'Z' ? [`${pid} ${stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 1)} ${state}`] : [];
      } catch {
        return []; // exited meanwhile
      }
    });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await sleep(50);
    last = await probe();
  }
  return last;
}

let tmp = '';
let dir = '';
let ioc: ChildProcess | undefined;
let iocOut = '';
let iocClosed: Promise<number | null> | undefined;
let py: PyEpics | undefined;
const timings: Record<string, number> = {};

/** Kills the whole process group of `npm start` (npm, its shell, node). */
const killIoc = async (signal: NodeJS.Signals): Promise<number | null> => {
  if (ioc?.pid === undefined || iocClosed === undefined) return null;
  try {
    process.kill(-ioc.pid, signal);
  } catch {
    // already gone
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-(ioc?.pid ?? 0), 'SIGKILL');
    } catch {
      // gone
    }
  }, 15_000);
  const code = await iocClosed;
  clearTimeout(timer);
  return code;
};

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'devioc-startproject-'));
  dir = join(tmp, NAME);
});

afterAll(async () => {
  await py?.close();
  await killIoc('SIGKILL');
  if (process.env.DEVIOC_KEEP_STARTPROJECT) process.stdout.write(`startproject test project kept in ${dir}\n`);
  else if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  if (Object.keys(timings).length > 0) {
    process.stdout.write(`startproject timings (ms): ${JSON.stringify(timings)}\n`);
  }
}, 30_000);

describe('devioc startproject: generated, installed, built and served', () => {
  it('the built CLI writes the project', async () => {
    expect(existsSync(MAIN), `${MAIN} missing: run npm run build`).toBe(true);
    const r = await run(process.execPath, [MAIN, 'startproject', NAME, '--dir', tmp], ROOT, 30_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Created ${NAME} in ${dir}:`);
    expect(r.stdout).toContain(`@devioc/core: file:${CORE}`);
    for (const f of ['package.json', 'tsconfig.json', 'src/ioc.ts', `src/bin/${NAME}.ts`, 'README.md', `deploy/${NAME}@.service`, '.gitignore']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    // Refused the second time, with the reason and a non-zero status.
    const again = await run(process.execPath, [MAIN, 'startproject', NAME, '--dir', tmp], ROOT, 30_000);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists and is not empty');
  });

  it('npm install: @devioc/core linked to this checkout, the rest from the cache or registry', async () => {
    const coreModulesBefore = existsSync(join(CORE, 'node_modules'));
    const r = await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir, 280_000);
    timings.install = r.ms;
    expect(r.code, r.stderr).toBe(0);
    const link = join(dir, 'node_modules', '@devioc', 'core');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(realpathSync(link)).toBe(realpathSync(CORE));
    for (const pkg of ['commander', 'rxjs', 'typescript', '@types/node']) expect(existsSync(join(dir, 'node_modules', pkg, 'package.json')), pkg).toBe(true);
    // The checkout is left as it was: nothing installed into packages/core.
    expect(existsSync(join(CORE, 'node_modules'))).toBe(coreModulesBefore);
  }, 300_000);

  it('npm run build compiles it', async () => {
    const r = await run(NPM, ['run', 'build', '--silent'], dir, 120_000);
    timings.build = r.ms;
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(existsSync(join(dir, 'dist', 'ioc.js'))).toBe(true);
    // Its README documents the RxJS pipeline that src/ioc.ts runs, and rxjs is its own dependency.
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('debounceTime(100),');
    expect(readFileSync(join(dir, 'src', 'ioc.ts'), 'utf8')).toContain("import { debounceTime, map, type Subscription } from 'rxjs';");
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies.rxjs).toMatch(/^\^7\./);
    expect(readFileSync(join(dir, 'dist', 'bin', `${NAME}.js`), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  }, 150_000);

  it('its command has --help, --version, and requires --device', async () => {
    const bin = join(dir, 'dist', 'bin', `${NAME}.js`);
    const help = await run(process.execPath, [bin, '--help'], dir, 30_000);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: ${NAME} [options]`);
    expect(help.stdout).toMatch(/-d, --device <name> +device name/);
    expect(help.stdout).toMatch(/-v, --verbose +debug logging/);
    expect(help.stdout).toMatch(/--log-file <path> +also log to this file/);
    expect(help.stdout).toContain('EPICS_CAS_SERVER_PORT');
    const version = await run(process.execPath, [bin, '--version'], dir, 30_000);
    expect(version.stdout.trim()).toBe('0.1.0');
    const bare = await run(process.execPath, [bin], dir, 30_000);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain("error: required option '-d, --device <name>' not specified");
    const badLog = await run(process.execPath, [bin, '-d', DEVICE, '--log-file', join(dir, 'package.json', 'ioc.log')], dir, 30_000);
    expect(badLog.code).toBe(1);
    expect(badLog.stderr).toMatch(/^error: cannot log to .*package\.json\/ioc\.log: E(EXIST|NOTDIR)/);
  }, 60_000);

  it('npm start -- --device X serves the IOC: pyepics reads and writes it, and the app reacts', async () => {
    const port = await freePort();
    const env = npmEnv({
      EPICS_CAS_SERVER_PORT: String(port),
      EPICS_CA_SERVER_PORT: String(port),
      EPICS_CA_REPEATER_PORT: String(port + 1),
      EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
      EPICS_CAS_BEACON_ADDR_LIST: '127.0.0.1',
      DEVIOC_LOG_LEVEL: 'info',
    });
    const t0 = Date.now();
    // Its own process group, so that npm, its shell and node are stopped together.
    ioc = spawn(NPM, ['start', '--', '--device', DEVICE, '--log-file', 'logs/ioc.log'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    ioc.stdout?.on('data', (d: Buffer) => (iocOut += d.toString()));
    ioc.stderr?.on('data', (d: Buffer) => (iocOut += d.toString()));
    const child = ioc;
    iocClosed = new Promise((resolve) => child.once('close', (code) => resolve(code)));

    // The serving line and the records line after it are two writes: they can reach the pipe apart.
    const serving = await until(
      'the IOC to serve and list its records',
      () => iocOut,
      (o) => (o.includes(`${DEVICE}: serving 10 records on CA port ${port}`) && o.includes(`records: ${DEVICE}:`)) || child.exitCode !== null,
      120_000,
    );
    expect(child.exitCode, serving).toBeNull();
    timings.start = Date.now() - t0;
    // Piped: plain text, no colours.
    expect(iocOut).not.toContain('\u001b[');
    expect(iocOut).toMatch(/\[MyIOC-Test\] important: SPTEST-001: serving 10 records/);
    expect(iocOut).toContain(`records: ${DEVICE}:enum ${DEVICE}:toggle`);

    py = new PyEpics({ serverPort: port });
    const pv = (name: string): string => `${DEVICE}:${name}`;
    const get = async <T>(name: string): Promise<T> => {
      const r = await py!.call<{ connected: boolean; value: T }>('get', { pv: pv(name) });
      expect(r.connected, `${pv(name)} connected`).toBe(true);
      return r.value;
    };
    const put = async (name: string, value: unknown): Promise<void> => {
      const r = await py!.call<{ connected: boolean }>('put', { pv: pv(name), value, wait: true });
      expect(r.connected, `${pv(name)} connected`).toBe(true);
    };

    // calc = A+B over intval and floatval (CP links).
    await put('intval', 3);
    await put('floatval', 2.5);
    expect(await get<number>('intval')).toBe(3);
    expect(await get<number>('floatval')).toBeCloseTo(2.5, 5);
    expect(await until('calc = 5.5', () => get<number>('calc'), (v) => v === 5.5, 5000)).toBe(5.5);
    expect(await get<string>('calc.CALC')).toBe('A+B');

    // The app's RxJS pipeline (debounceTime, map): floatout follows floatval, doubled.
    expect(await until('floatout = 2 × floatval', () => get<number>('floatout'), (v) => v === 5, 5000)).toBe(5);
    await put('floatval', 1.25);
    expect(await until('floatout to follow', () => get<number>('floatout'), (v) => v === 2.5, 5000)).toBe(2.5);

    // The app's do_toggle: a put of 1 advances the enum; the toggle returns to 0 (HIGH 0.1 s).
    const before = await get<number>('enum');
    await put('toggle', 1);
    expect(await until('the enum to advance', () => get<number>('enum'), (v) => v === (before + 1) % 3, 5000)).toBe((before + 1) % 3);
    expect(await until('the toggle to return to 0', () => get<number>('toggle'), (v) => v === 0, 5000)).toBe(0);
    await put('toggle', 1);
    expect(await until('the enum to advance again', () => get<number>('enum'), (v) => v === (before + 2) % 3, 5000)).toBe((before + 2) % 3);

    // Strings and arrays, through the generated model.
    await put('sstring', 'devioc is cool');
    expect(await get<string>('sstring')).toBe('devioc is cool');
    await put('intarray', [1, 2, 3]);
    expect((await get<number[]>('intarray')).slice(0, 3)).toEqual([1, 2, 3]);

    expect(iocOut).toContain('[MyIocTest] info: Toggle Changed Value 1');
    // --log-file: the same lines, in the project's working directory.
    const logged = readFileSync(join(dir, 'logs', 'ioc.log'), 'utf8');
    expect(logged).toMatch(/\[MyIOC-Test\] important: SPTEST-001: serving 10 records/);
    expect(logged).toContain('[MyIocTest] info: New Enum Value');
  }, 180_000);

  it('SIGTERM shuts it down cleanly and leaves nothing running', async () => {
    expect(ioc?.pid).toBeDefined();
    await py?.close();
    py = undefined;
    await killIoc('SIGTERM');
    expect(iocOut).toContain(`important: SIGTERM: shutting down ${DEVICE}`);
    expect(iocOut).toContain(`important: ${DEVICE} stopped`);
    expect(iocOut).not.toMatch(/shutdown did not finish|shutdown failed/);
    // Every process of the group is gone (zombies aside: an orphan is reaped by PID 1, when it reaps).
    if (existsSync('/proc/self/stat')) {
      expect(await until('the process group to be gone', () => liveGroupMembers(ioc?.pid ?? 0), (m) => m.length === 0, 5000)).toEqual([]);
    }
    expect(readFileSync(join(dir, 'logs', 'ioc.log'), 'utf8')).toContain(`${DEVICE} stopped`);
  }, 30_000);
});
