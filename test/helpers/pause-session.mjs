/**
 * iocPause and iocRun, as a client and the shell see them: starts an IOC on fixtures/iocsh/
 * pause.db with its shell on a pipe, runs test/helpers/pause_scenario.py (pyepics, the real
 * libca) against it, types the shell commands the scenario asks for, and checks through dbgf
 * that a periodic record stops while paused and goes on after iocRun. Returns the transcript:
 * the scenario's lines, the scan checks, then what the shell said about iocPause and iocRun.
 *
 * Used by test/softioc-pause.test.ts for `devioc softioc`; run by hand against softIoc to
 * capture fixtures/iocsh/softioc-pause.txt:
 *   EPICS_BASE_BIN=/path/to/epics-base/bin/linux-x86_64 node test/helpers/pause-session.mjs > fixtures/iocsh/softioc-pause.txt
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sleep, startIoc, until as iocUntil } from './ioc-process.mjs';
import { loopbackIocEnv } from './loopback-env.mjs';

const FIXTURES = fileURLToPath(new URL('../../fixtures/iocsh/', import.meta.url));
const SCENARIO = fileURLToPath(new URL('./pause_scenario.py', import.meta.url));

/**
 * @param {{ port: number, softIoc?: string }} options `softIoc`: the path of EPICS' softIoc
 *   (else `devioc softioc` of this checkout); `port`: CA server port (port + 1: beacons).
 */
export async function pauseSession({ port, softIoc }) {
  const env = { ...loopbackIocEnv(port), PYTHONUNBUFFERED: '1' };
  // Apart: the order of two pipes' chunks is not the order the IOC wrote them in. Shell
  // output (dbgf) is on stdout, iocPause's and iocRun's words (errlog) on stderr.
  const ioc = startIoc({ softIoc, args: ['-d', 'pause.db'], cwd: FIXTURES, env });
  const errLines = () => ioc.plainErr().split('\n');
  const until = (what, check) => iocUntil(what, check, [ioc]);
  const answers = () => errLines().filter((l) => /^ioc(Pause|Run): /.test(l)).length;
  const dbgfLines = () => ioc.plainOut().split('\n').filter((l) => /^DBF_\w+:\s/.test(l));
  /** Types a line and waits for its answer: the next iocPause/iocRun line, or dbgf's value. */
  const type = async (line) => {
    const before = line.startsWith('dbgf') ? dbgfLines().length : answers();
    ioc.type(`${line}\n`);
    if (line.startsWith('dbgf')) {
      await until(`dbgf's answer`, () => dbgfLines().length > before);
      return dbgfLines().at(-1);
    }
    await until(`the answer to ${line}`, () => answers() > before);
    return '';
  };
  const transcript = [];
  try {
    await until('iocInit', () => errLines().includes('iocRun: All initialization complete'));
    const python = spawn('/usr/bin/python3', [SCENARIO], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let pythonErr = '';
    python.stderr.on('data', (d) => (pythonErr += d));
    const exited = new Promise((r) => python.once('exit', (code) => r(code)));
    for await (const line of createInterface({ input: python.stdout })) {
      if (!line.startsWith('SHELL ')) {
        transcript.push(line);
        continue;
      }
      const shellCommand = line.slice('SHELL '.length);
      await type(shellCommand);
      // Scans stop while paused, and go on after iocRun (seen through dbgf: CA is paused too).
      if (shellCommand === 'iocPause' && transcript.at(-1)?.startsWith('connected before pause')) {
        const first = await type('dbgf P:tick');
        await sleep(600);
        transcript.push(`P:tick moves while paused: ${(await type('dbgf P:tick')) !== first}`);
      }
      python.stdin.write('\n');
    }
    const code = await exited;
    if (code !== 0) throw new Error(`the scenario failed (${code}):\n${pythonErr}\n${transcript.join('\n')}`);
    const paused = await type('dbgf P:tick');
    let moved = false;
    for (const end = Date.now() + 30_000; !moved && Date.now() < end; ) {
      await sleep(100);
      moved = (await type('dbgf P:tick')) !== paused;
    }
    transcript.push(`P:tick moves after iocRun: ${moved}`);
    ioc.type('exit\n');
    await ioc.closed;
    transcript.push(...errLines().filter((l) => /^ioc(Pause|Run): /.test(l) && !l.includes('All initialization')));
    return `${transcript.join('\n')}\n`;
  } finally {
    ioc.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bin = process.env.EPICS_BASE_BIN;
  const port = 20000 + Math.floor(Math.random() * 30000);
  process.stdout.write(await pauseSession({ port, softIoc: bin ? `${bin}/softIoc` : undefined }));
}
