/** iocsh's help: the command names in columns, or the arguments of those a glob matches. */
import { COMMAND_HELP } from './command-help.js';
import { globMatcher } from './db-lists.js';

/** `help` (every command but `<`, which iocsh does not list) or `help PATTERN…`. */
export function help(args: string[]): string {
  if (args.length === 0) return helpList([...COMMAND_HELP.keys()].filter((name) => name !== '<').sort());
  let out = '';
  for (const pattern of args) {
    const matches = globMatcher(pattern);
    for (const [name, usage] of COMMAND_HELP) if (matches(name)) out += `${usage}\n`;
  }
  return out;
}

/**
 * The command names as iocsh's help lays them out: each starts at a multiple of 16 columns, a
 * name that would reach column 79 starts a line, and a line ends once past column 64.
 */
export function helpList(names: readonly string[]): string {
  let out = '';
  let col = 0;
  for (const name of names) {
    if (name.length + col >= 79) {
      out += '\n';
      col = 0;
    }
    out += name;
    col += name.length;
    if (col >= 64) {
      out += '\n';
      col = 0;
    } else {
      const pad = 16 - (col % 16);
      out += ' '.repeat(pad);
      col += pad;
    }
  }
  if (col !== 0) out += '\n';
  return `${out}\nType 'help <command>' to see the arguments of <command>.  eg. 'help db*'\n`;
}
