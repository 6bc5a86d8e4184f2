/**
 * `devioc softioc` as a softIoc drop-in for startup scripts and the shell: an st.cmd with a
 * substitutions file, macros, `< file` and dbpf runs with the output softIoc gives for it
 * (fixtures/iocsh, captured from EPICS 7.0.8.1's softIoc) and its records are read back
 * through pyepics; an `epics>` session driven through a pseudo-terminal prints what softIoc
 * printed for the same commands; -x PREFIX:exit ends the IOC; --list lists without serving.
 * Runs the built CLI (npm run build first).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports.js';
import { PyEpics, SYSTEM_PYTHON } from './helpers/pyepics.js';

const CLI = fileURLToPath(new URL('../packages/core/dist/cli/main.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/iocsh/', import.meta.url));
const PTY = fileURLToPath(new URL('./helpers/pty_session.py', import.meta.url));
const fixture = (name: string): string => readFileSync(`${FIXTURES}${name}`, 'utf8');

const iocEnv = (port: number): NodeJS.ProcessEnv => ({
  ...process.env,
  EPICS_CAS_SERVER_PORT: String(port),
  EPICS_CA_SERVER_PORT: String(port),
  EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
  EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`,
  EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
  DEVIOC_PVA: 'NO',
});

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function softioc(port: number, args: string[]): Running {
  const child = spawn(process.execPath, [CLI, 'softioc', '--no-history', ...args], { cwd: FIXTURES, env: iocEnv(port), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function until(what: string, cond: () => boolean, r: Running, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (r.child.exitCode !== null) throw new Error(`softioc exited before ${what}: ${r.stdout()}${r.stderr()}`);
    if (Date.now() > end) throw new Error(`no ${what}: ${r.stdout()}${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

const stop = async (r: Running): Promise<void> => {
  if (r.child.exitCode === null) r.child.kill('SIGTERM');
  await r.exited;
};

/**
 * `devioc softioc` with `args`: once `ready` holds (default: it serves), `commands` and `exit`
 * are piped to its shell; resolves to its exit status and output. The IOC is stopped whatever
 * happens.
 */
async function shellSession(
  args: string[],
  commands: string,
  ready: (r: Running) => boolean = (r) => /serving \d+ records/.test(r.stderr() + r.stdout()),
): Promise<{ port: number; status: number | null; stdout: string; stderr: string }> {
  const port = await freePort();
  const ioc = softioc(port, args);
  try {
    await until('serving', () => ready(ioc), ioc);
    ioc.child.stdin!.write(`${commands}exit\n`);
    const status = await ioc.exited;
    return { port, status, stdout: ioc.stdout(), stderr: ioc.stderr() };
  } finally {
    await stop(ioc);
  }
}

/** `text` from the first `marker` on: what a capture and a run have in common. */
const from = (marker: string, text: string): string => text.slice(text.indexOf(marker));

/** What a terminal shows, without colours, cursor movements or carriage returns. */
const screen = (raw: string): string => raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

describe('devioc softioc st.cmd', () => {
  let port: number;
  let ioc: Running;
  let py: PyEpics;

  beforeAll(async () => {
    port = await freePort();
    ioc = softioc(port, ['st.cmd']);
    await until('the end of st.cmd', () => ioc.stdout().includes('epics> '), ioc);
    py = new PyEpics({ serverPort: port });
  });
  afterAll(async () => {
    await py?.close();
    if (ioc) await stop(ioc);
  });

  it("echoes the script and answers its commands as softIoc does (its banner aside)", () => {
    const expected = fixture('softioc-st-stdout.txt').split('\n').filter((l) => !l.startsWith('##'));
    // Up to the prompt: the rest of softIoc's capture is the dbl typed afterwards.
    const upToPrompt = expected.slice(0, expected.findIndex((l) => l.startsWith('epics> ')));
    expect(ioc.stdout()).toBe(`${upToPrompt.join('\n')}\nepics> `);
  });

  it('reports an unknown command with the file and line, and goes on', () => {
    const errLines = ioc.stderr().split('\n').filter((l) => !/^\w{3}\/\d\d \d\d:\d\d:\d\d /.test(l) && l !== '');
    expect(errLines).toEqual(fixture('softioc-st-stderr.txt').trimEnd().split('\n'));
  });

  it('serves the records of the substitutions file, the .db files and `< more.cmd`, with their macros and dbpf values', async () => {
    const get = async <T>(pv: string): Promise<T> => (await py.call<{ value: T }>('get', { pv })).value;
    expect(await get<number>('ST:one')).toBe(4.25);
    expect(await get<string>('ST:one.EGU')).toBe('mA');
    expect(await get<string>('ST:two.EGU')).toBe('deg C');
    expect(await get<string>('ST:two.DESC')).toBe('room none');
    expect(await get<string>('ST:four.DESC')).toBe('moved');
    expect(await get<number>('ST:four')).toBe(-0.004);
    expect(await get<number>('ST:extra3')).toBe(3);
    expect(await get<string>('ST:name')).toBe('set by st.cmd');
    expect(await get<number>('ST:mode')).toBe(1);
    await py.call('put', { pv: 'ST:voltage', value: 2.5, wait: true });
    expect(await get<number>('ST:sum')).toBe(2.5 + 7 + 3.5);
  });

  it('then takes commands on stdin: dbl with fields as softIoc listed them', async () => {
    const before = ioc.stdout().length;
    ioc.child.stdin!.write('dbl "" "DESC VAL EGU"\n');
    await until('the dbl output', () => ioc.stdout().slice(before).includes('epics> '), ioc);
    const expected = fixture('softioc-st-stdout.txt');
    const dblBlock = expected.slice(expected.indexOf('epics> ') + 'epics> '.length, expected.lastIndexOf('epics> exit'));
    // ST:one was read back above, ST:voltage changed: the listing shows the new values.
    const now = dblBlock.replace('ST:volt, "Voltage", "1.5"', 'ST:volt, "Voltage", "2.5"').replace('ST:voltage, "Voltage", "1.5"', 'ST:voltage, "Voltage", "2.5"').replace('ST:sum, "", "12"', 'ST:sum, "", "13"');
    expect(ioc.stdout().slice(before)).toBe(`${now}epics> `);
  });

  it('exits on `exit` with status 0', async () => {
    ioc.child.stdin!.write('exit\n');
    expect(await ioc.exited).toBe(0);
  });
});

describe('the epics> shell on a pseudo-terminal', () => {
  it('prints for dbl, dbpr, dbpf, dbgf, dbnr and exit what softIoc printed', async () => {
    const port = await freePort();
    const commands = fixture('session.json');
    const r = spawnSync(SYSTEM_PYTHON, [PTY, commands, '--', process.execPath, CLI, 'softioc', '--no-history', '-m', 'P=X:', '-d', 'shell.db'], {
      cwd: FIXTURES,
      env: { ...iocEnv(port), PTY_SESSION_TIMEOUT: '60' },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(r.status, `${r.stderr}\n${r.stdout}`).toBe(0);
    const fromPrompt = (s: string): string => s.slice(s.indexOf('epics> '));
    expect(fromPrompt(screen(r.stdout))).toBe(fromPrompt(screen(fixture('softioc-session.txt'))));
  }, 100_000);
});

describe('softioc -x PREFIX and --list', () => {
  it('PREFIX:exit ends the IOC with the status A asks for', async () => {
    const port = await freePort();
    const ioc = softioc(port, ['-S', '-x', 'XT', '-m', 'P=X:', '-d', 'shell.db']);
    await until('serving', () => /serving \d+ records/.test(ioc.stderr() + ioc.stdout()), ioc);
    const py = new PyEpics({ serverPort: port });
    try {
      expect((await py.call<{ value: string }>('get', { pv: 'XT:BaseVersion' })).value).toMatch(/^devioc /);
      await py.call('put', { pv: 'XT:exit.A', value: 1, wait: true });
      await py.call('put', { pv: 'XT:exit', value: 0 });
      expect(await ioc.exited).toBe(1);
    } finally {
      await py.close();
      await stop(ioc);
    }
  });

  it('--list prints dbl of what the files load, without serving', () => {
    const r = spawnSync(process.execPath, [CLI, 'softioc', '--list', '-m', 'P=X:', '-d', 'shell.db'], { cwd: FIXTURES, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const session = screen(fixture('softioc-session.txt'));
    const first = session.slice(session.indexOf('epics> dbl\n') + 'epics> dbl\n'.length);
    expect(r.stdout).toBe(first.slice(0, first.indexOf('epics> ')));
    const typed = spawnSync(process.execPath, [CLI, 'softioc', '--list', 'ao', '-m', 'P=X:', '-d', 'shell.db'], { cwd: FIXTURES, encoding: 'utf8', timeout: 30_000 });
    expect(typed.stdout).toBe('X:volt\nX:voltage\n');
  });
});

describe('the server and scan reports', () => {
  it('casr 0/1/2, scanppl and dbpr at level 2 print what softIoc printed (fixtures/iocsh/softioc-reports.txt)', async () => {
    const run = await shellSession(['-d', 'reports.db'], 'casr 0\ncasr 1\ncasr 2\nscanppl\nscanppl 1\nscanppl .5\ndbpr R:ao 2\n');
    expect(run.status).toBe(0);
    // The ports differ by run. On loopback devioc also listens on 127.255.255.255 (so that a
    // client searching the broadcast address finds every IOC); rsrv binds lo's own address.
    const ports = (text: string, tcp: number): string => text.replaceAll(`:${tcp + 1}`, ':BEACON').replaceAll(`:${tcp}`, ':PORT');
    const want = ports(from('epics> casr 0', fixture('softioc-reports.txt')), 9364);
    const got = ports(from('epics> casr 0', run.stdout), run.port).replaceAll('broadcast name server on 127.255.255.255:', 'broadcast name server on 127.0.0.1:');
    expect(got).toBe(want);
  });
});

describe('dbgf and dbpf on char arrays and long strings', () => {
  it('print and put what softIoc did (fixtures/iocsh/softioc-chars.txt)', async () => {
    // A CHAR array prints as its escaped text and takes dbpf's text as bytes; a UCHAR array
    // prints its numbers; a string escapes every byte past ASCII.
    const run = await shellSession(['-d', 'chars.db'], 'dbgf H:c\ndbgf H:u\ndbpf H:t 5\ndbpf H:t -7\ndbpf H:t "a b"\ndbgf H:t\ndbpf H:one 3\ndbgf H:lsi\ndbgf H:lsi.VAL$\ndbpf H:lsi.VAL$ "na\\xc3\\xafve"\ndbgf H:lsi\ndbgf H:si\n');
    expect(run.status).toBe(0);
    expect(from('epics> dbgf H:c', run.stdout)).toBe(from('epics> dbgf H:c', fixture('softioc-chars.txt')));
  });

  it('lists names, aliases and info items, posts events, sleeps and runs system commands as softIoc (fixtures/iocsh/softioc-lists.txt)', async () => {
    const run = await shellSession(['lists.cmd'], '', (r) => r.stdout().includes('epics> '));
    expect(run.status).toBe(0);
    expect(from('dbgrep "G:*"', run.stdout)).toBe(from('dbgrep "G:*"', fixture('softioc-lists.txt')));
  });

  it('puts with dbpf as softIoc does, and prints the field also when it refused the value (fixtures/iocsh/softioc-dbpf.txt)', async () => {
    const run = await shellSession(['dbpf.cmd'], '', (r) => r.stdout().includes('epics> '));
    expect(run.status).toBe(0);
    expect(from('dbpf p:wf [1,2,3]', run.stdout)).toBe(from('dbpf p:wf [1,2,3]', fixture('softioc-dbpf.txt')));
  });

  it('fills and prints scan lists in the order softIoc does: by type, then load order, by PHAS; events newest first, by priority (fixtures/iocsh/softioc-scans.txt)', async () => {
    const run = await shellSession(['-d', 'scans.db'], 'scanppl\nscanpel\nscanpel 9\npostEvent newone\ndbpf O:ev.VAL later\nscanpel\nscanpel *e*\n');
    expect(run.status).toBe(0);
    expect(from('epics> scanppl', run.stdout)).toBe(from('epics> scanppl', fixture('softioc-scans.txt')));
  });

  it('sends a command\'s output to a file with >, >> and 2>, as softIoc (fixtures/iocsh/softioc-redirect.txt)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devioc-redirect-'));
    const port = await freePort();
    const ioc = softioc(port, ['-d', 'hex.db']);
    try {
      await until('serving', () => /serving \d+ records/.test(ioc.stderr() + ioc.stdout()), ioc);
      ioc.child.stdin!.write(
        `dbl > ${dir}/r1.txt\ndbl "" "ZRVL" >> ${dir}/r1.txt\necho c 2> ${dir}/r2.txt\nvar nosuchvar 2> ${dir}/r3.txt\n` +
          `dbgf nosuch > ${dir}/r4.txt\nvar dbRecordsOnceOnly 1> ${dir}/r5.txt\ndbl > ${dir}/missing/x.txt\nexit\n`,
      );
      expect(await ioc.exited).toBe(0);
      let got = '';
      for (const f of ['r1', 'r2', 'r3', 'r4', 'r5']) got += `== ${f}\n${readFileSync(join(dir, `${f}.txt`), 'utf8')}`;
      got += `== stderr\n${ioc.stderr().split('\n').filter((l) => l.startsWith("Can't open")).map((l) => l.replace(dir, 'DIR')).join('\n')}\n`;
      expect(got).toBe(fixture('softioc-redirect.txt'));
    } finally {
      await stop(ioc);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prompts for each piped line, also those read while a command still ran and after the input ended, as softIoc', async () => {
    const port = await freePort();
    const ioc = softioc(port, ['-d', 'hex.db']);
    try {
      await until('serving', () => /serving \d+ records/.test(ioc.stderr() + ioc.stdout()), ioc);
      ioc.child.stdin!.end('epicsThreadSleep 0.3\ndbgf H:sub.PACT\nexit\n');
      expect(await ioc.exited).toBe(0);
      const out = ioc.stdout();
      // softIoc 7.0.8.1 printed exactly this for the same three piped lines.
      expect(out.slice(out.indexOf('epics> epicsThreadSleep'))).toBe('epics> epicsThreadSleep 0.3\nepics> dbgf H:sub.PACT\nDBF_UCHAR:          1 = 0x1   \nepics> exit\n');
    } finally {
      await stop(ioc);
    }
  });

  it('prints base(HEX) fields in hex and holds a sub without SNAM active, as softIoc (fixtures/iocsh/softioc-hex.txt)', async () => {
    const run = await shellSession(['-d', 'hex.db'], 'dbpr H:mbbo 1\ndbpr H:mbbi 1\ndbl "" "ZRVL ONVL TWVL FFVL"\ndbgf H:sub.PACT\n');
    expect(run.status).toBe(0);
    expect(from('epics> dbpr H:mbbo', run.stdout)).toBe(from('epics> dbpr H:mbbo', fixture('softioc-hex.txt')));
    // subRecord.c's init_record says why the record never processes.
    expect(run.stderr).toContain('H:sub: SNAM is empty');
  });
});
