/**
 * Splitting an iocsh command line into words, as iocsh's tokenizer does: spaces, tabs,
 * parentheses and commas separate words; single or double quotes group (and are removed);
 * a backslash takes the next character literally; `<file` redirects input (a script).
 */
export interface SplitLine {
  argv: string[];
  /** `< file`: the file to read commands from. */
  input?: string;
  /** Output redirections (`> file`, `>> file`) are recognised and ignored by devioc. */
  output?: string;
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
  let output: string | undefined;
  const finish = (): void => {
    if (word === undefined) return;
    if (redirect === 'input') input = word;
    else if (redirect === 'output') output = word;
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
          if (c !== '>') i++;
          if (line[i + 1] === '>') i++;
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
  return { argv, ...(input !== undefined ? { input } : {}), ...(output !== undefined ? { output } : {}) };
}
