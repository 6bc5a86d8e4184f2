/**
 * splitLine: iocsh's words and redirections (iocsh.cpp's tokenizer): `<file` input, `>file`,
 * `>>file`, `2>file` output, quotes and backslashes keeping `>` literal. The files' contents
 * after redirected commands are compared with softIoc's by test/softioc-shell.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SplitError, splitLine } from '../../src/iocsh/split.js';

describe('splitLine', () => {
  it('takes output redirections apart from the words', () => {
    expect(splitLine('dbl > out.txt')).toEqual({ argv: ['dbl'], outputs: [{ fd: 1, file: 'out.txt', append: false }] });
    expect(splitLine('dbl "" "DESC">>out.txt')).toEqual({ argv: ['dbl', '', 'DESC'], outputs: [{ fd: 1, file: 'out.txt', append: true }] });
    expect(splitLine('var x 2> err.txt 1>out.txt')).toEqual({
      argv: ['var', 'x'],
      outputs: [
        { fd: 2, file: 'err.txt', append: false },
        { fd: 1, file: 'out.txt', append: false },
      ],
    });
    expect(splitLine('< st.cmd')).toEqual({ argv: [], input: 'st.cmd' });
  });

  it('keeps a quoted or escaped > in the word, and refuses a redirection without a file', () => {
    expect(splitLine('echo "a > b"')).toEqual({ argv: ['echo', 'a > b'] });
    expect(splitLine('echo a\\>b')).toEqual({ argv: ['echo', 'a>b'] });
    expect(() => splitLine('dbl >')).toThrow(SplitError);
    expect(() => splitLine('dbl > > x')).toThrow(SplitError);
  });
});
