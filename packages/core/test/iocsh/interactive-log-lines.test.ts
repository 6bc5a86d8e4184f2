/**
 * The epics> prompt on a terminal and log lines that come while it waits (the runtime's
 * "warm-up done", a CA link's): the line goes above the prompt, and the prompt is drawn again
 * with what was typed so far. While a command runs no prompt shows, and a line is only written.
 */
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IocShell } from '../../src/iocsh/ioc-shell.js';
import { startInteractiveShell } from '../../src/iocsh/interactive.js';
import { configureLogging, getLogger } from '../../src/log/index.js';
import { Runtime } from '../../src/runtime/index.js';

/** Everything the terminal got, stdout (the prompt) and stderr (the log) in the order written. */
let terminal: string[] = [];
const stderrStream = (console as unknown as { _stderr: NodeJS.WritableStream })._stderr;

beforeEach(() => {
  terminal = [];
  configureLogging({ level: 'info', color: false });
  vi.spyOn(stderrStream, 'write').mockImplementation((chunk: unknown) => {
    terminal.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  configureLogging({ level: 'warn' });
});

/** A terminal's input and output: readline draws the prompt, echoes keys and moves the cursor. */
function tty(): { input: PassThrough & { isTTY: boolean; setRawMode: () => void }; output: Writable & { isTTY: boolean; columns: number } } {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  const output = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        terminal.push(chunk.toString());
        done();
      },
    }),
    { isTTY: true, columns: 80 },
  );
  return { input, output };
}

/** What a terminal shows: carriage return, clear-line and cursor-to-column-1 applied to each line. */
function screen(): string[] {
  const lines: string[] = [''];
  const text = terminal.join('');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const esc = /^\x1b\[(\d*)([A-Za-z])/.exec(text.slice(i));
    if (esc !== null) {
      // \x1b[2K clears the line, \x1b[1G and \x1b[0G go to its start (readline's cursorTo).
      if (esc[2] === 'K' || esc[2] === 'G' || esc[2] === 'J') lines[lines.length - 1] = esc[2] === 'G' && Number(esc[1]) > 1 ? lines[lines.length - 1]!.slice(0, Number(esc[1]) - 1) : '';
      i += esc[0].length - 1;
    } else if (ch === '\r') lines[lines.length - 1] = '';
    else if (ch === '\n') lines.push('');
    else lines[lines.length - 1] += ch;
  }
  return lines;
}

/** A runtime, its IOC shell and the epics> prompt on a terminal; the shell's own output goes to the terminal when `echo`. */
function startShell(echo = false): { input: ReturnType<typeof tty>['input']; session: { close: () => void }; runtime: Runtime } {
  const runtime = new Runtime({ port: 0, interfaces: ['127.0.0.1'], pva: false, warmUp: false });
  const write = echo ? (t: string): void => void terminal.push(t) : (): void => undefined;
  const shell = new IocShell({ runtime, out: write, err: write, serve: async () => undefined });
  const { input, output } = tty();
  const session = startInteractiveShell(shell, { input, output, onExit: () => undefined });
  return { input, session, runtime };
}

const until = async (what: string, ok: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!ok()) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(terminal.join(''))}`);
};

describe('a log line while the epics> prompt waits on a terminal', () => {
  it('is printed above the prompt, which is drawn again with what was typed', async () => {
    const { input, session, runtime } = startShell();
    try {
      await until('the prompt', () => screen().at(-1) === 'epics> ');
      input.write('dbl');
      await until('the keys echoed', () => screen().at(-1) === 'epics> dbl');
      getLogger('runtime').info('warm-up done: 80000 requests in 1500 ms');
      const shown = screen();
      expect(shown.at(-2)).toMatch(/^[A-Z][a-z]{2}\/\d\d \d\d:\d\d:\d\d \[runtime\] info: warm-up done: 80000 requests in 1500 ms$/);
      expect(shown.at(-1)).toBe('epics> dbl');
      // No line holds the prompt and the log line together.
      expect(shown.filter((l) => l.includes('epics>') && l.includes('warm-up'))).toEqual([]);
    } finally {
      session.close();
      await runtime.close();
    }
  });

  it('is only written while a command runs (no prompt shows then)', async () => {
    const { input, session, runtime } = startShell(true);
    try {
      await until('the prompt', () => screen().at(-1) === 'epics> ');
      input.write('epicsThreadSleep 0.3\r');
      await until('the command to start', () => screen().at(-1) === '');
      const before = terminal.length;
      getLogger('runtime').info('a line during the sleep');
      expect(terminal.slice(before).join('')).toMatch(/^[^\x1b]*\[runtime\] info: a line during the sleep\n$/);
      await until('the prompt after the sleep', () => screen().at(-1) === 'epics> ');
      expect(screen().at(-2)).toMatch(/a line during the sleep$/);
    } finally {
      session.close();
      await runtime.close();
    }
  });

  it('is written as it was once the shell has closed', async () => {
    const { session, runtime } = startShell();
    await until('the prompt', () => screen().at(-1) === 'epics> ');
    session.close();
    const before = terminal.length;
    getLogger('runtime').info('after the shell');
    expect(terminal.slice(before)).toEqual([expect.stringMatching(/\[runtime\] info: after the shell\n$/)]);
    await runtime.close();
  });
});
