/**
 * `devioc softioc`: EPICS .db files served without EPICS base, read back through pyepics; a
 * model's .db export served the same way; and load errors that name the file and line.
 * Runs the built CLI (npm run build first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@devioc/core';
import { MyIOC } from '@devioc/core/example';
import { freePort } from './helpers/ports.js';
import { PyEpics } from './helpers/pyepics.js';

const CLI = fileURLToPath(new URL('../packages/core/dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'devioc-softioc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function softioc(port: number, args: string[]): Running {
  const child = spawn(process.execPath, [CLI, 'softioc', ...args], {
    env: { ...process.env, EPICS_CAS_SERVER_PORT: String(port), EPICS_CA_SERVER_PORT: String(port), EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`, DEVIOC_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function whenServing(r: Running): Promise<void> {
  for (let i = 0; i < 200 && !/serving \d+ records/.test(r.output()); i++) {
    if (r.child.exitCode !== null) throw new Error(`softioc exited: ${r.output()}`);
    await new Promise((res) => setTimeout(res, 25));
  }
  if (!/serving \d+ records/.test(r.output())) throw new Error(`softioc did not start: ${r.output()}`);
}

const stop = async (r: Running): Promise<void> => {
  if (r.child.exitCode === null) r.child.kill('SIGTERM');
  await r.exited;
};

writeFileSync(
  join(dir, 'common.db'),
  `# included by beamline.db
record(stringout, "$(P)site") {
    field(DESC, "Site name")
    field(VAL, "$(SITE=ESRF)")
}
`,
);
writeFileSync(
  join(dir, 'beamline.db'),
  `# A small beamline database, as softIoc would load it
record(ao, "$(P)energy") {
    field(DESC, "Photon energy")
    field(EGU, "keV")
    field(PREC, "3")
    field(DRVH, "30")
    field(DRVL, "4")
    field(HIHI, "25")
    field(HHSV, "MAJOR")
    field(VAL, "12.4")
    alias("$(P)E")
    info(autosaveFields, "VAL")
}
record(calc, "$(P)wavelength") {
    field(CALC, "12.398419843/A")
    field(INPA, "$(P)energy CP MS")
    field(PREC, "5")
}
record(mbbo, "$(P)mode") {
    field(ZRST, "Idle")
    field(ONST, "Scan \\"fast\\"")
    field(TWST, "Fault")
    field(TWSV, "MAJOR")
}
record(waveform, "$(P)table") {
    field(FTVL, "DOUBLE")
    field(NELM, "8")
    field(INP, [1.5, 2.5, 3.5])
}
include "common.db"
alias("$(P)energy", "$(P)beam:energy")
`,
);

describe('devioc softioc serves .db files', () => {
  let port: number;
  let ioc: Running;
  let py: PyEpics;

  beforeAll(async () => {
    port = await freePort();
    ioc = softioc(port, ['-m', 'P=BL1:', '-d', join(dir, 'beamline.db')]);
    await whenServing(ioc);
    py = new PyEpics({ serverPort: port });
  });
  afterAll(async () => {
    await py?.close();
    if (ioc) await stop(ioc);
  });

  const get = async <T>(pv: string, extra: Record<string, unknown> = {}): Promise<T> => (await py.call<{ value: T }>('get', { pv, ...extra })).value;

  it('loads the records with their fields, macros, defaults and include', async () => {
    expect(ioc.output()).toMatch(/loaded 5 records from .*beamline\.db \(P=BL1:\)/);
    expect(await get<number>('BL1:energy')).toBe(12.4);
    expect(await get<string>('BL1:energy.EGU')).toBe('keV');
    expect(await get<string>('BL1:site')).toBe('ESRF');
    expect(await get<number[]>('BL1:table')).toEqual([1.5, 2.5, 3.5]);
    expect(await get<string>('BL1:mode.ONST')).toBe('Scan "fast"');
  });

  it('says it serves as soon as it listens, and once its warm-up (in the background) is done, says that at info', async () => {
    for (let i = 0; i < 2400 && !/warm-up (done|failed)/.test(ioc.output()); i++) await new Promise((res) => setTimeout(res, 25));
    const out = ioc.output();
    const serving = out.search(/serving 5 records/);
    const warmed = out.search(/\[runtime\] info: warm-up done: \d+ requests in \d+ ms \(\d+ ms of it waiting for compiles\), the serving code is compiled/);
    expect(serving, out).toBeGreaterThanOrEqual(0);
    expect(warmed, out).toBeGreaterThan(serving);
  });

  it('serves aliases, processes CP links and clamps to drive limits', async () => {
    await py.call('put', { pv: 'BL1:E', value: 40, wait: true });
    expect(await get<number>('BL1:energy')).toBe(30);
    expect(await get<number>('BL1:wavelength')).toBeCloseTo(12.398419843 / 30, 9);
    await py.call('put', { pv: 'BL1:beam:energy', value: 8, wait: true });
    expect(await get<number>('BL1:wavelength')).toBeCloseTo(12.398419843 / 8, 9);
  });

  it('takes enum states by name, with their severities', async () => {
    await py.call('put', { pv: 'BL1:mode', value: 'Fault', wait: true });
    const r = await py.call<{ value: number; severity: number }>('get', { pv: 'BL1:mode', form: 'time' });
    expect(r.value).toBe(2);
    expect(r.severity).toBe(2);
  });
});

describe('a model exported as .db and served by devioc softioc', () => {
  it('serves the same records with the same fields', async () => {
    const model = new MyIOC('EXP', { runtime: new Runtime({ serve: false }), skipInitial: true });
    await model.start();
    await model.intarray.put([7, 8, 9]);
    const text = model.toDb({ template: true });
    await model.shutdown();
    const file = join(dir, 'exported.db');
    writeFileSync(file, text);
    const port = await freePort();
    const ioc = softioc(port, ['-m', 'device=COPY', '-d', file]);
    const py = new PyEpics({ serverPort: port });
    try {
      await whenServing(ioc);
      const get = async <T>(pv: string, extra: Record<string, unknown> = {}): Promise<T> => (await py.call<{ value: T }>('get', { pv, ...extra })).value;
      expect(await get<string>('COPY:enum.TWST')).toBe('TWO');
      expect(await get<number>('COPY:floatval.PREC')).toBe(5);
      expect(await get<number>('COPY:intval.DRVH')).toBe(1000);
      expect(await get<number[]>('COPY:intarray')).toEqual([7, 8, 9]);
      expect(await get<string>('COPY:calc.INPA')).toBe('COPY:intval CP NMS');
      await py.call('put', { pv: 'COPY:intval', value: 2, wait: true });
      await py.call('put', { pv: 'COPY:floatval', value: 0.25, wait: true });
      expect(await get<number>('COPY:calc')).toBe(2.25);
    } finally {
      await py.close();
      await stop(ioc);
    }
  });
});

describe('devioc softioc: records continued by a later file', () => {
  it('serves what softIoc served for the same two files (fixtures/iocsh/softioc-continued.txt)', async () => {
    const fixtures = fileURLToPath(new URL('../fixtures/iocsh/', import.meta.url));
    // caget's lines: "NAME  VALUE"; the last is C:c2 again, after caput C:a2 4.
    const lines = readFileSync(join(fixtures, 'softioc-continued.txt'), 'utf8').trimEnd().split('\n').map((l) => /^(\S+)\s+(.*)$/.exec(l)!.slice(1) as [string, string]);
    const before = lines.slice(0, -1);
    const after = lines.at(-1)!;
    const port = await freePort();
    const ioc = softioc(port, ['-d', join(fixtures, 'continued-a.db'), '-d', join(fixtures, 'continued-b.db')]);
    const py = new PyEpics({ serverPort: port });
    try {
      await whenServing(ioc);
      const get = async (pv: string): Promise<string> => {
        const { value } = await py.call<{ value: unknown }>('get', { pv });
        return typeof value === 'string' ? value : String(value);
      };
      const read: Array<[string, string]> = [];
      for (const [pv] of before) read.push([pv, await get(pv)]);
      // caget prints doubles with %g; pyepics gives numbers: compare numbers as numbers.
      const same = (a: string): string => (a !== '' && Number.isFinite(Number(a)) ? String(Number(a)) : a);
      expect(read.map(([pv, v]) => [pv, same(v)])).toEqual(before.map(([pv, v]) => [pv, same(v)]));
      await py.call('put', { pv: 'C:a2', value: 4, wait: true });
      await expect.poll(async () => same(await get(after[0]))).toBe(same(after[1]));
    } finally {
      await py.close();
      await stop(ioc);
    }
  });
});

describe('devioc softioc refuses a bad database, saying where', () => {
  const failing = async (db: string, extra: string[] = []): Promise<string> => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.db`);
    writeFileSync(file, db);
    const r = softioc(await freePort(), [...extra, '-d', file]);
    const code = await r.exited;
    expect(code).not.toBe(0);
    return r.output();
  };

  it('an unknown record type', async () => {
    expect(await failing('record(motor, "X:m") {}\n')).toMatch(/bad-.*\.db:1: record type "motor" of "X:m" is not supported/);
  });

  it('an unknown field', async () => {
    // The field's own line, not the record's.
    expect(await failing('\nrecord(ao, "X:a") {\n    field(NOPE, "1")\n}\n')).toMatch(/bad-.*\.db:3: .*X:a\.NOPE/);
  });

  it('a value its field cannot hold, naming the field and its type', async () => {
    expect(await failing('record(ao, "X:a") {\n    field(DESC, "ok")\n    field(PREC, "abc")\n}\n')).toMatch(/bad-.*\.db:3: X:a\.PREC: .*"abc".*SHORT/);
  });

  it('a device support devioc does not have, listing those it has', async () => {
    expect(await failing('record(ai, "X:a") {\n    field(DTYP, "asynInt32")\n}\n')).toMatch(
      /bad-.*\.db:2: X:a\.DTYP: no device support "asynInt32" \(devioc has "Soft Channel", "Raw Soft Channel", "Async Soft Channel", "Soft Timestamp" for ai records\)/,
    );
  });

  it('a subroutine nobody registered, naming it', async () => {
    expect(await failing('record(sub, "X:s") {\n    field(SNAM, "mySub")\n}\n')).toMatch(/bad-.*\.db:2: X:s\.SNAM: subroutine "mySub" is not registered/);
  });

  it('an undefined macro', async () => {
    expect(await failing('record(ao, "$(P)a") {}\n')).toMatch(/P/);
  });

  it('a syntax error', async () => {
    expect(await failing('record(ao, "X:a" {\n')).toMatch(/bad-.*\.db:1/);
  });
});
