/**
 * The `devioc` command line: one commander program, each sub-command in its own file under
 * commands/, registered here.
 */
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';

export const VERSION = '0.1.0';

export function buildProgram(): Command {
  const program = new Command('devioc')
    .description('EPICS soft IOCs in TypeScript: serve records over Channel Access, and talk to other IOCs')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program);
  return program;
}
