/**
 * devioc's logging: the levels (with DevIOC's IMPORTANT between warning and info), colours on a
 * terminal only, and the rotating log file (DevIOC's log_to_file: FILE, FILE.1 … FILE.N).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureLogging, getLogger, LOG_LEVELS } from '../../src/log/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'devioc-log-'));
let n = 0;
const logFile = (): string => join(tmp, `run${n++}`, 'ioc.log');
const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const LINE = /^[A-Z][a-z]{2}\/\d\d \d\d:\d\d:\d\d \[[\w.-]+\] \w+: /;

/** What the console transport writes (winston writes to console._stderr). */
let console_: string[] = [];
const stderrStream = (console as unknown as { _stderr: NodeJS.WritableStream })._stderr;
const isTTY = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
const setTTY = (value: boolean): void => {
  Object.defineProperty(process.stderr, 'isTTY', { value, configurable: true, writable: true });
};

beforeEach(() => {
  console_ = [];
  vi.spyOn(stderrStream, 'write').mockImplementation((chunk: unknown) => {
    console_.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  if (isTTY) Object.defineProperty(process.stderr, 'isTTY', isTTY);
  else delete (process.stderr as { isTTY?: boolean }).isTTY;
  configureLogging({ level: 'warn' });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const logAll = (name = 'test'): void => {
  const log = getLogger(name);
  log.error('an error');
  log.warn('a warning');
  log.important('important news');
  log.info('some info');
  log.debug('a detail');
};

describe('levels', () => {
  it("are DevIOC's, IMPORTANT between warning and info", () => {
    expect(LOG_LEVELS).toEqual({ error: 0, warn: 1, important: 2, info: 3, debug: 4 });
  });

  it.each([
    ['error', ['error']],
    ['warn', ['error', 'warn']],
    ['important', ['error', 'warn', 'important']],
    ['info', ['error', 'warn', 'important', 'info']],
    ['debug', ['error', 'warn', 'important', 'info', 'debug']],
  ] as const)('at %s: %j are written', (level, written) => {
    const file = logFile();
    configureLogging({ level, file, color: false });
    logAll('beam.line');
    const got = lines(file);
    expect(got.map((l) => / (\w+): /.exec(l)?.[1])).toEqual(written);
    for (const l of got) expect(l).toMatch(LINE);
    expect(got[0]).toMatch(/ \[beam\.line\] error: an error$/);
    expect(console_.join('').split('\n').filter(Boolean)).toHaveLength(written.length);
    expect(getLogger('x').isDebugEnabled()).toBe(level === 'debug');
  });

  it('default to DEVIOC_LOG_LEVEL, else info', () => {
    const file = logFile();
    vi.stubEnv('DEVIOC_LOG_LEVEL', 'IMPORTANT');
    configureLogging({ file, color: false });
    logAll();
    vi.stubEnv('DEVIOC_LOG_LEVEL', '');
    configureLogging({ file, color: false });
    logAll();
    expect(lines(file).map((l) => / (\w+): /.exec(l)?.[1])).toEqual(['error', 'warn', 'important', 'error', 'warn', 'important', 'info']);
  });

  it('metadata follows the message as JSON; child loggers are named parent.child', () => {
    const file = logFile();
    configureLogging({ level: 'info', file, color: false });
    getLogger('ca').child('server').info('listening', { port: 5064 });
    expect(lines(file)[0]).toMatch(/ \[ca\.server\] info: listening \{"port":5064\}$/);
  });
});

describe('the console', () => {
  const ESC = '\u001b[';

  it('is plain when stderr is not a terminal (piped, a file, systemd)', () => {
    setTTY(false);
    configureLogging({ level: 'debug' });
    logAll();
    expect(console_).toHaveLength(5);
    expect(console_.join('')).not.toContain(ESC);
    expect(console_[2]).toMatch(/\[test\] important: important news\n$/);
  });

  it('is coloured on a terminal: error red, warning yellow, IMPORTANT bold, debug blue', () => {
    setTTY(true);
    configureLogging({ level: 'debug' });
    logAll();
    expect(console_[0]).toContain(`${ESC}31merror${ESC}39m: an error`);
    expect(console_[1]).toContain(`${ESC}33mwarn${ESC}39m: a warning`);
    expect(console_[2]).toContain(`${ESC}1mimportant${ESC}22m: important news`);
    expect(console_[4]).toContain(`${ESC}34mdebug${ESC}39m: a detail`);
  });

  it('is plain on a terminal with NO_COLOR set, and follows color: true / false', () => {
    setTTY(true);
    vi.stubEnv('NO_COLOR', '1');
    configureLogging({ level: 'info' });
    getLogger('t').warn('w1');
    configureLogging({ level: 'info', color: true });
    getLogger('t').warn('w2');
    vi.stubEnv('NO_COLOR', '');
    configureLogging({ level: 'info', color: false });
    getLogger('t').warn('w3');
    expect(console_[0]).not.toContain(ESC);
    expect(console_[1]).toContain(ESC);
    expect(console_[2]).not.toContain(ESC);
  });

  it('writes to stderr only, every level (stdout stays free for output)', () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    configureLogging({ level: 'debug', color: false });
    logAll();
    expect(stdout).not.toHaveBeenCalled();
    expect(console_).toHaveLength(5);
  });
});

describe('the rotating file', () => {
  /** The numbered lines of every file, oldest file first. */
  const allFiles = (file: string, maxFiles: number): { names: string[]; numbers: number[] } => {
    const dir = join(file, '..');
    const names = readdirSync(dir).sort();
    const order = [...Array.from({ length: maxFiles }, (_, i) => `${file}.${maxFiles - i}`), file].filter((f) => existsSync(f));
    const numbers = order.flatMap((f) => lines(f).map((l) => Number(/line (\d+)/.exec(l)?.[1])));
    return { names, numbers };
  };

  it('rotates before maxFileBytes, keeps maxFiles old files, and loses nothing in a burst', () => {
    const file = logFile();
    configureLogging({ level: 'info', file, maxFileBytes: 1000, maxFiles: 3, color: false });
    const log = getLogger('burst');
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${'x'.repeat(30)}`);
    const { names, numbers } = allFiles(file, 3);
    expect(names).toEqual(['ioc.log', 'ioc.log.1', 'ioc.log.2', 'ioc.log.3']);
    for (const f of names) {
      const size = statSync(join(file, '..', f)).size;
      expect(size, f).toBeLessThanOrEqual(1000);
      // Old files are full: a rotation happens only when the next line would not fit.
      if (f !== 'ioc.log') expect(size, f).toBeGreaterThan(900);
    }
    // The newest lines, in order, none missing: the last one in ioc.log, the oldest kept in ioc.log.3.
    expect(numbers.at(-1)).toBe(199);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 200 - numbers.length + i));
    expect(lines(file).at(-1)).toMatch(LINE);
  });

  it('gives a line longer than maxFileBytes a file of its own, and carries on', () => {
    const file = logFile();
    configureLogging({ level: 'info', file, maxFileBytes: 200, maxFiles: 5, color: false });
    const log = getLogger('long');
    log.info('line 0 short');
    log.info(`line 1 ${'y'.repeat(500)}`);
    log.info('line 2 short');
    expect(lines(`${file}.2`).map((l) => /line (\d)/.exec(l)?.[1])).toEqual(['0']);
    expect(lines(`${file}.1`)).toHaveLength(1);
    expect(lines(`${file}.1`)[0]).toContain('y'.repeat(500));
    expect(lines(file)[0]).toContain('line 2 short');
  });

  it('appends to an existing file, counting what is already in it', () => {
    const file = logFile();
    configureLogging({ level: 'info', file, maxFileBytes: 1000, maxFiles: 2, color: false });
    getLogger('first').info('line 0 from the first run');
    configureLogging({ level: 'info', file, maxFileBytes: 1000, maxFiles: 2, color: false });
    getLogger('second').info('line 1 from the second run');
    expect(lines(file)).toHaveLength(2);
    writeFileSync(file, 'z'.repeat(990)); // nearly full: the next line starts a new file
    configureLogging({ level: 'info', file, maxFileBytes: 1000, maxFiles: 2, color: false });
    getLogger('third').info('line 2');
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('z'.repeat(990));
    expect(lines(file)).toHaveLength(1);
  });

  it('with maxFiles 0, starts afresh instead of keeping old files', () => {
    const file = logFile();
    configureLogging({ level: 'info', file, maxFileBytes: 300, maxFiles: 0, color: false });
    for (let i = 0; i < 20; i++) getLogger('x').info(`line ${i} ${'x'.repeat(20)}`);
    expect(readdirSync(join(file, '..'))).toEqual(['ioc.log']);
    expect(lines(file).at(-1)).toContain('line 19');
  });

  it('defaults to 1 MB, 10 old files; stops being written when logging is reconfigured without it', () => {
    const file = logFile();
    configureLogging({ level: 'info', file, color: false });
    for (let i = 0; i < 100; i++) getLogger('x').info(`line ${i} ${'x'.repeat(100)}`);
    expect(readdirSync(join(file, '..'))).toEqual(['ioc.log']);
    configureLogging({ level: 'info', color: false });
    getLogger('x').info('not in the file');
    expect(lines(file)).toHaveLength(100);
  });

  it('cannot be opened: configureLogging throws, the console still works', () => {
    const blocker = join(tmp, `blocker${n++}`);
    writeFileSync(blocker, '');
    expect(() => configureLogging({ level: 'info', file: join(blocker, 'ioc.log'), color: false })).toThrow(/EEXIST|ENOTDIR/);
    getLogger('x').warn('still here');
    expect(console_.join('')).toContain('still here');
  });
});
