/**
 * Splitting an iocsh command line into words, as iocsh's tokenizer does: spaces, tabs,
 * parentheses and commas separate words; single or double quotes group (and are removed);
 * a backslash takes the next character literally; `<file` redirects input (a script),
 * `>file`, `>>file`, `2>file` (any digit before `>`) a command's output.
 */
export interface OutputRedirect {
  /** 1: standard output (`>`, `1>`), 2: standard error (`2>`). */
  fd: number;
  file: string;
  append: boolean;
}

export interface SplitLine {
  argv: string[];
  /** `< file`: the file to read commands from. */
  input?: string;
  /** `> file`, `>> file`, `2> file`…: where a command's output goes instead. */
  outputs?: OutputRedirect[];
}

export class SplitError extends Error {
  override name = 'SplitError';
}

const SEPARATORS = ' \t(),\r';

export function splitLine(line: string): SplitLine {
  const argv: string[] = [];
  let word: string | undefined;
  let quote = '';
  let backslash = false;
  let redirect: 'input' | 'output' | undefined;
  let input: string | undefined;
  const outputs: OutputRedirect[] = [];
  let pending: { fd: number; append: boolean } = { fd: 1, append: false };
  const finish = (): void => {
    if (word === undefined) return;
    if (redirect === 'input') input = word;
    else if (redirect === 'output') outputs.push({ ...pending, file: word });
    else argv.push(word);
    if (redirect !== undefined) redirect = undefined;
    word = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    let c = line[i]!;
    if (quote === '' && !backslash) {
      if (c === '\\') {
        backslash = true;
        continue;
      }
      if (c === '<' || c === '>' || (c >= '1' && c <= '9' && line[i + 1] === '>')) {
        finish();
        if (redirect !== undefined) throw new SplitError('Illegal redirection.');
        if (c !== '<') {
          let fd = 1;
          if (c !== '>') {
            fd = Number(c);
            i++;
          }
          const append = line[i + 1] === '>';
          if (append) i++;
          pending = { fd, append };
          c = '>';
        }
        redirect = c === '<' ? 'input' : 'output';
        continue;
      }
    }
    if (backslash) {
      word = (word ?? '') + c;
      backslash = false;
      continue;
    }
    if (quote !== '') {
      if (c === quote) quote = '';
      else word += c;
      continue;
    }
    if (SEPARATORS.includes(c)) {
      finish();
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
      continue;
    }
    word = (word ?? '') + c;
  }
  if (quote !== '') throw new SplitError('Unbalanced quote.');
  if (backslash) throw new SplitError('Trailing backslash.');
  finish();
  if (redirect !== undefined) throw new SplitError('Illegal redirection.');
  return { argv, ...(input !== undefined ? { input } : {}), ...(outputs.length > 0 ? { outputs } : {}) };
}
