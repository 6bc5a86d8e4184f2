/**
 * The `epics>` prompt: node:readline over stdin, with history (saved across sessions when a
 * file is given) and Tab completion of command and record names. On a terminal Ctrl-D
 * leaves as `exit` does, and a log line that comes while the prompt waits is printed above
 * it (the prompt and what was typed are drawn again below the line). On a pipe or file each
 * line is echoed after the prompt, as iocsh does when it reads stdin without readline.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import readline from 'node:readline';
import { wrapConsoleLines } from '../log/logger.js';
import { COMMAND_HELP } from './command-help.js';
import type { IocShell } from './ioc-shell.js';

export interface InteractiveOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Called for `exit` (and Ctrl-D on a terminal). */
  onExit: () => void;
  /** Called when a non-terminal input ends. */
  onEnd?: () => void;
  /** The history file (read at start, each line appended). */
  historyFile?: string;
  prompt?: string;
}

const MAX_HISTORY = 500;

function readHistory(file: string | undefined): string[] {
  if (file === undefined) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(-MAX_HISTORY).reverse();
  } catch {
    return [];
  }
}

export function startInteractiveShell(shell: IocShell, options: InteractiveOptions): { close: () => void } {
  const terminal = options.input.isTTY === true;
  const prompt = options.prompt ?? 'epics> ';
  const completer = (line: string): [string[], string] => {
    const word = /[^\s(),"']*$/.exec(line)?.[0] ?? '';
    const first = line.trimStart() === word;
    const pool = first ? [...COMMAND_HELP.keys()] : shell.recordNames();
    const hits = pool.filter((n) => n.startsWith(word)).sort();
    return [hits, word];
  };
  const rl = readline.createInterface({
    input: options.input,
    output: options.output,
    terminal,
    completer,
    history: readHistory(options.historyFile),
    historySize: MAX_HISTORY,
    prompt,
  });
  let closed = false;
  let exiting = false;
  const queue: string[] = [];
  let busy = false;
  const next = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    while (queue.length > 0 && !exiting) {
      const line = queue.shift()!;
      if (!terminal) options.output.write(`${line}\n`);
      if (options.historyFile !== undefined && terminal && line.trim() !== '') {
        try {
          appendFileSync(options.historyFile, `${line}\n`);
        } catch {
          // History is a convenience: an unwritable file must not stop the shell.
        }
      }
      const result = await shell.runLine(line, { line: 0 });
      if (result === 'exit') {
        exiting = true;
        rl.close();
        options.onExit();
        break;
      }
      if (!closed) rl.prompt();
      // A piped input that ended while a command ran (epicsThreadSleep, system) still has its
      // lines queued: each gets its prompt, as iocsh reads them one after the other.
      else if (!terminal && queue.length > 0) options.output.write(prompt);
    }
    busy = false;
  };
  // A log line (the warm-up's, a CA link's, a put's) may come at any time. While the prompt
  // waits it would land after `epics> ` and what the user typed, and the next keys would show
  // on a line of their own without a prompt. A terminal gets the line above the prompt instead.
  // Lines while a command runs are the command's output: no prompt is showing then.
  const drawsPrompt = terminal && options.output.isTTY === true;
  if (drawsPrompt) {
    wrapConsoleLines((write) => {
      if (busy || closed) return write();
      readline.clearLine(options.output, 0);
      readline.cursorTo(options.output, 0);
      write();
      rl.prompt(true);
    });
  }
  rl.on('line', (line) => {
    queue.push(line);
    void next();
  });
  rl.on('close', () => {
    closed = true;
    if (drawsPrompt) wrapConsoleLines(undefined);
    if (exiting) return;
    // Ctrl-D at a terminal is iocsh's end of input: the IOC exits. A pipe that ends leaves
    // the IOC serving (devioc runs as a service with stdin closed).
    void (async () => {
      while (busy || queue.length > 0) await new Promise((r) => setTimeout(r, 10));
      if (exiting) return;
      if (terminal) {
        options.output.write('\n');
        options.onExit();
      } else options.onEnd?.();
    })();
  });
  rl.prompt();
  return { close: () => rl.close() };
}
