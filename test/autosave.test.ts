/**
 * Autosave through real clients and files: values of every DBF type a record here has, and arrays
 * of every FTVL, written with pyepics (libca) are saved in synApps' format and served again after
 * a restart; a .sav file written by hand in synApps' documented format is restored; a .sav cut
 * short falls back to the .savB; a malformed .req stops the IOC at start with file:line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PyEpics } from './helpers/pyepics.js';
import { freePort } from './helpers/ports.js';

const CLI = fileURLToPath(new URL('../packages/core/dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'autosave-'));
const running = new Set<ChildProcess>();
let py: PyEpics | undefined;

const FTVLS = ['CHAR', 'UCHAR', 'SHORT', 'USHORT', 'LONG', 'ULONG', 'INT64', 'FLOAT', 'DOUBLE', 'STRING'] as const;
const DB = `record(ao, "RT:ao") { field(PREC, "2") info(autosaveFields_pass0, "VAL") info(autosaveFields, "DESC PREC IVOA OUT EGU") }
record(bo, "RT:bo") { field(ZNAM, "off") field(ONAM, "on") info(autosaveFields_pass0, "VAL") info(autosaveFields, "IVOV") }
record(mbbo, "RT:mbbo") { field(ZRST, "zero") field(ONST, "one") field(TWST, "two") info(autosaveFields_pass0, "VAL") info(autosaveFields, "ZRVL") }
record(longout, "RT:long") { info(autosaveFields_pass0, "VAL") }
record(int64out, "RT:int64") { info(autosaveFields_pass0, "VAL") }
record(stringout, "RT:str") { info(autosaveFields_pass0, "VAL") }
record(ao, "RT:disp") { info(autosaveFields, "DISP") }
${FTVLS.map((f) => `record(waveform, "RT:w${f}") { field(FTVL, "${f}") field(NELM, "6") info(autosaveFields, "VAL") }`).join('\n')}
`;

beforeAll(() => writeFileSync(path.join(dir, 'rt.db'), DB));
afterEach(async () => {
  await py?.close();
  py = undefined;
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Ioc {
  child: ChildProcess;
  port: number;
  output: () => string;
  stop: () => Promise<void>;
}

async function softioc(args: string[], expectServing = true): Promise<Ioc> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'softioc', ...args, '--no-pva'], {
    env: { ...process.env, EPICS_CAS_SERVER_PORT: String(port), EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1', EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO', EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`, DEVIOC_PVA: 'NO' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (expectServing) await until(() => out.includes('serving') || child.exitCode !== null, 'the IOC to serve', 60_000);
  else await exited;
  if (expectServing && child.exitCode !== null) throw new Error(`softioc exited: ${out}`);
  return {
    child,
    port,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      running.delete(child);
    },
  };
}

const PUT = `
for name, value in args['puts']:
    if not epics.caput(name, value, wait=True, timeout=20):
        raise RuntimeError('put failed: ' + name)
result = True
`;
const GET = `
out = {}
for name in args['names']:
    pv = epics.PV(name)
    pv.wait_for_connection(timeout=20)
    v = pv.get(as_string=(pv.type in ('enum', 'time_enum')), use_monitor=False, timeout=20)
    out[name] = v.tolist() if hasattr(v, 'tolist') else v
result = out
`;

const PUTS: [string, unknown][] = [
  ['RT:ao', 3.14159265358979],
  ['RT:ao.DESC', 'tune "A" \\ 1'],
  ['RT:ao.PREC', 5],
  ['RT:ao.IVOA', 2],
  ['RT:ao.OUT', 'RT:long NPP NMS'],
  ['RT:ao.EGU', 'mm'],
  ['RT:bo', 1],
  ['RT:bo.IVOV', 65535],
  ['RT:mbbo', 2],
  ['RT:mbbo.ZRVL', 4000000000],
  ['RT:long', -2147483647],
  ['RT:int64', 1234567890123],
  ['RT:str', 'hello, world'],
  ['RT:wCHAR', [-5, 0, 127, -128]],
  ['RT:wUCHAR', [0, 200, 255]],
  ['RT:wSHORT', [-32768, 1, 32767]],
  ['RT:wUSHORT', [0, 65535, 7]],
  ['RT:wLONG', [-2147483648, 2147483647, 0]],
  ['RT:wULONG', [0, 4294967295, 12]],
  ['RT:wINT64', [-9007199254740991, 9007199254740991]],
  ['RT:wFLOAT', [1.5, -2.25, 3.1415927]],
  ['RT:wDOUBLE', [0.1, 1e300, -2.5e-300, 123456.789012345]],
  ['RT:wSTRING', ['a', 'b c', 'q"t\\']],
  ['RT:disp.DISP', 1],
];

// What synApps autosave writes for these values (save_restore.c write_it, SR_write_array_data).
const EXPECTED_SETTINGS = `RT:ao.DESC tune \\"A\\" \\\\ 1
RT:ao.PREC 5
RT:ao.IVOA 2
RT:ao.OUT RT:long NPP NMS
RT:ao.EGU mm
RT:bo.IVOV 65535
RT:mbbo.ZRVL 4000000000
RT:disp.DISP 1
RT:wCHAR.VAL @array@ { "-5" "0" "127" "-128" }
RT:wUCHAR.VAL @array@ { "0" "200" "255" }
RT:wSHORT.VAL @array@ { "-32768" "1" "32767" }
RT:wUSHORT.VAL @array@ { "0" "65535" "7" }
RT:wLONG.VAL @array@ { "-2147483648" "2147483647" "0" }
RT:wULONG.VAL @array@ { "0" "4294967295" "12" }
RT:wINT64.VAL @array@ { "-9007199254740991" "9007199254740991" }
RT:wFLOAT.VAL @array@ { "1.5" "-2.25" "3.141593" }
RT:wDOUBLE.VAL @array@ { "0.1" "1e+300" "-2.5e-300" "123456.78901235" }
RT:wSTRING.VAL @array@ { "a" "b c" "q\\"t\\\\" }
<END>
`;
const EXPECTED_POSITIONS = `RT:ao.VAL 3.1415926535898
RT:bo.VAL 1
RT:mbbo.VAL 2
RT:long.VAL -2147483647
RT:int64.VAL 1234567890123
RT:str.VAL hello, world
<END>
`;

const body = (file: string): string => {
  const text = readFileSync(file, 'utf8');
  expect(text.split('\n')[0]).toMatch(/^# autosave R5\.3\tAutomatically generated - DO NOT MODIFY - \d{6}-\d{6}$/);
  return text.slice(text.indexOf('\n') + 1);
};

describe('autosave through pyepics and restarts', () => {
  it('saves every DBF type and array in synApps format and serves them after a restart', { timeout: 180_000 }, async () => {
    const as = path.join(dir, 'rt');
    const args = ['-d', path.join(dir, 'rt.db'), '--autosave', as, '--autosave-min-period', '0.1'];
    let ioc = await softioc(args);
    py = new PyEpics({ serverPort: ioc.port });
    await py.call('exec', { code: PUT, args: { puts: PUTS } }, 60_000);
    const settings = path.join(as, 'info_settings.sav');
    const positions = path.join(as, 'info_positions.sav');
    await until(() => {
      try {
        return body(settings) === EXPECTED_SETTINGS && body(positions) === EXPECTED_POSITIONS;
      } catch {
        return false;
      }
    }, 'the values in the .sav files', 30_000).catch(() => undefined);
    expect(body(settings)).toBe(EXPECTED_SETTINGS);
    expect(body(positions)).toBe(EXPECTED_POSITIONS);
    await py.close();
    py = undefined;
    await ioc.stop();

    ioc = await softioc(args);
    py = new PyEpics({ serverPort: ioc.port });
    const names = PUTS.map(([n]) => n);
    const { result } = await py.call<{ result: Record<string, unknown> }>('exec', { code: GET, args: { names } }, 60_000);
    const expected: Record<string, unknown> = Object.fromEntries(PUTS);
    Object.assign(expected, { 'RT:bo': 'on', 'RT:mbbo': 'two', 'RT:wFLOAT': [1.5, -2.25, Math.fround(3.141593)], 'RT:ao.IVOA': 'Set output to IVOV' });
    // "%.14g", as synApps writes doubles: 15 significant digits do not survive a restart there either.
    // CA's DBR_CHAR is unsigned (pyepics reads uint8): the bytes of -5 and -128, which the file holds signed.
    expected['RT:wCHAR'] = [251, 0, 127, 128];
    expected['RT:wDOUBLE'] = [0.1, 1e300, -2.5e-300, 123456.78901235];
    for (const name of names) {
      const got = result[name];
      if (name === 'RT:ao') expect(got).toBeCloseTo(3.14159265358979, 12);
      else if (name === 'RT:wFLOAT') (got as number[]).forEach((v, i) => expect(v).toBeCloseTo((expected[name] as number[])[i]!, 6));
      else expect([name, got]).toEqual([name, expected[name]]);
    }
    await ioc.stop();
  });

  it("restores a .sav file written by hand in synApps' documented format (request file with an include)", { timeout: 120_000 }, async () => {
    const as = path.join(dir, 'hand');
    const req = path.join(dir, 'auto_settings.req');
    writeFileSync(path.join(dir, 'wave.req'), '$(P)wDOUBLE\n$(P)wSTRING\n');
    writeFileSync(req, '# hand made\n$(P)ao\n$(P)ao.DESC\n$(P)mbbo\n$(P)str\nfile wave.req P=$(P)\n');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(as, { recursive: true });
    writeFileSync(
      path.join(as, 'auto_settings.sav'),
      `# save/restore V4.9\tAutomatically generated - DO NOT MODIFY - 060720-154526
RT:ao 42.5
RT:ao.DESC hand \\"made\\"
RT:mbbo 1
#RT:long.VAL 17
RT:str with  two  spaces
RT:wDOUBLE @array@ { "1" "2.5"
 "-3" }
RT:wSTRING @array@ { "x" "y \\"z\\"" }
<END>
`,
    );
    const ioc = await softioc(['-d', path.join(dir, 'rt.db'), '--autosave', as, '-m', 'P=RT:', '-r', req]);
    py = new PyEpics({ serverPort: ioc.port });
    const { result } = await py.call<{ result: Record<string, unknown> }>('exec', { code: GET, args: { names: ['RT:ao', 'RT:ao.DESC', 'RT:mbbo', 'RT:long', 'RT:str', 'RT:wDOUBLE', 'RT:wSTRING'] } }, 60_000);
    expect(result).toEqual({ 'RT:ao': 42.5, 'RT:ao.DESC': 'hand "made"', 'RT:mbbo': 'one', 'RT:long': 0, 'RT:str': 'with  two  spaces', 'RT:wDOUBLE': [1, 2.5, -3], 'RT:wSTRING': ['x', 'y "z"'] });
    expect(readdirSync(as).some((n) => /^auto_settings\.sav_\d{6}-\d{6}$/.test(n))).toBe(true);
    await ioc.stop();
  });

  it('falls back to the .savB when the .sav is cut short, and loses nothing', { timeout: 120_000 }, async () => {
    const as = path.join(dir, 'bad');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(as, { recursive: true });
    const good = '# autosave R5.3\tAutomatically generated - DO NOT MODIFY - 240101-000000\nRT:long.VAL 77\nRT:str.VAL from backup\n<END>\n';
    writeFileSync(path.join(as, 'info_positions.savB'), good);
    writeFileSync(path.join(as, 'info_positions.sav'), '# autosave R5.3\tAutomatically generated - DO NOT MODIFY - 240102-000000\nRT:long.VAL 78\nRT:str.VAL half wri');
    const ioc = await softioc(['-d', path.join(dir, 'rt.db'), '--autosave', as]);
    py = new PyEpics({ serverPort: ioc.port });
    const { result } = await py.call<{ result: Record<string, unknown> }>('exec', { code: GET, args: { names: ['RT:long', 'RT:str'] } }, 60_000);
    expect(result).toEqual({ 'RT:long': 77, 'RT:str': 'from backup' });
    expect(ioc.output()).toMatch(/info_positions\.sav is not trusted: the file does not end with <END>/);
    expect(readdirSync(as).some((n) => n.startsWith('info_positions.sav_RBAD_'))).toBe(true);
    await ioc.stop();
  });

  it('refuses a malformed .req at start with file:line', { timeout: 60_000 }, async () => {
    const req = path.join(dir, 'broken.req');
    writeFileSync(req, 'RT:ao\n$(Q)ao.DESC\n');
    const ioc = await softioc(['-d', path.join(dir, 'rt.db'), '--autosave', path.join(dir, 'broken'), '-r', req], false);
    expect(ioc.child.exitCode).not.toBe(0);
    expect(ioc.output()).toContain(`${req}:2: `);
  });
});
