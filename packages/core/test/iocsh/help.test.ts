import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { help, helpList } from '../../src/iocsh/help.js';

// softIoc 7.0.8.1's `help`, captured: `echo -e "help\nexit" | softIoc` (its prompt lines removed).
const softIocHelp = readFileSync(new URL('./fixtures/softioc-help.txt', import.meta.url), 'utf8');

describe('help', () => {
  it("lays out softIoc's own 126 command names exactly as softIoc's help does", () => {
    const names = softIocHelp.slice(0, softIocHelp.indexOf('\n\nType')).split(/\s+/).filter((n) => n !== '');
    expect(names).toHaveLength(126);
    expect(helpList(names)).toBe(softIocHelp);
  });

  it('lists devioc\'s commands in strcmp order, without "<", long names on their own columns', () => {
    const text = help([]);
    expect(text).toContain('callbackParallelThreads         callbackSetQueueSize            casr');
    expect(text).not.toMatch(/(^|\s)<(\s|$)/);
    for (const line of text.split('\n')) expect(line.length).toBeLessThan(80);
  });

  it('prints the arguments of the commands a glob matches', () => {
    expect(help(['dbg?'])).toBe("dbgf 'record name'\n");
    expect(help(['nosuch'])).toBe('');
  });
});
