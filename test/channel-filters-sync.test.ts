/**
 * The sync channel filter and named states (dbStateCreate / dbStateSet / dbStateClear typed into
 * the IOC's shell), compared with softIoc 7.0.8.1: libca (pyepics) monitors F:ao through sync in
 * each of its six modes while values are put and the state is set and cleared; the values each
 * monitor saw from softIoc are fixtures/filters/softioc-sync.json. With CAPTURE_SOFTIOC=<softIoc
 * binary> the same steps run against softIoc and write that fixture instead.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loopbackEnv } from './helpers/load-procs.js';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/filters/${name}`, import.meta.url));
const DEVIOC = fileURLToPath(new URL('../packages/core/dist/cli/main.js', import.meta.url));
const CAPTURE = process.env.CAPTURE_SOFTIOC;
const MODES = ['while', 'unless', 'first', 'after', 'before', 'last'] as const;
const name = (mode: string): string => `F:ao.{"sync":{"m":"${mode}","s":"run"}}`;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

class Shell {
  output = '';
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** Types a command, then `dbStateShow run` and waits for its answer: the command has run. */
  async type(command: string): Promise<void> {
    const answers = (this.output.match(/\b(TRUE|FALSE)\b/g) ?? []).length;
    this.child.stdin.write(`${command}\ndbStateShow run\n`);
    const deadline = Date.now() + 10_000;
    while ((this.output.match(/\b(TRUE|FALSE)\b/g) ?? []).length <= answers) {
      if (Date.now() > deadline) throw new Error(`no answer to "${command}":\n${this.output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe('the sync filter, against softIoc', () => {
  it('passes and holds monitor updates by the named state in every mode as softIoc does', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const args = ['-d', fixture('filters.db')];
    const child = CAPTURE ? spawn(CAPTURE, args, { env: loopbackEnv(port) }) : spawn(process.execPath, [DEVIOC, 'softioc', ...args], { env: loopbackEnv(port, { DEVIOC_LOG_LEVEL: 'warn' }) });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const ioc = new Shell(child);
    await ioc.type('dbStateCreate run');
    const py = new PyEpics({ serverPort: port });
    cleanups.push(() => py.close());
    await py.call('put', { pv: 'F:ao', value: 0, wait: true });
    for (const mode of MODES) await py.call('monitor', { id: mode, pv: name(mode) });
    const seen: Record<string, number[]> = Object.fromEntries(MODES.map((m) => [m, []]));
    const collect = async (seconds: number): Promise<void> => {
      for (const mode of MODES) {
        const r = await py.call<{ events: { value: number }[] }>('events', { id: mode, timeout: seconds });
        seen[mode]!.push(...r.events.map((e) => e.value));
      }
    };
    const put = async (value: number): Promise<void> => {
      await py.call('put', { pv: 'F:ao', value, wait: true });
    };
    await collect(0.3);
    await put(1);
    await put(2);
    await ioc.type('dbStateSet run');
    await put(3);
    await put(4);
    await ioc.type('dbStateClear run');
    await put(5);
    await put(6);
    await ioc.type('dbStateSet run');
    await put(7);
    await ioc.type('dbStateClear run');
    await put(8);
    // What a filter holds back never comes: after the last put, wait for what does.
    await collect(1);
    if (CAPTURE) {
      writeFileSync(fixture('softioc-sync.json'), `${JSON.stringify(seen, null, 1)}\n`);
      return;
    }
    expect(seen).toEqual(JSON.parse(readFileSync(fixture('softioc-sync.json'), 'utf8')));
    // A sync filter on a state that does not exist is refused with the reason.
    const missing = await py.call<{ connected: boolean }>('connect', { pv: 'F:ao.{"sync":{"while":"nope"}}', timeout: 1.5 });
    expect(missing.connected).toBe(false);
    expect(ioc.output).toMatch(/refused: sync: no state "nope" \(create it with dbStateCreate\)/);
  });
});
