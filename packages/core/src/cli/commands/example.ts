import type { Command } from 'commander';
import { MyIOCApp } from '../../example/my-ioc.js';
import { configureLogging, getLogger } from '../../log/index.js';
import { addWebOptions, startWebFromCli, type WebCliOptions } from '../web-option.js';
import { exitFlushed } from '../exit-flushed.js';

/** `devioc example`: serves the example IOC of DevIOC's documentation. */
export function registerExample(program: Command): void {
  const command = program
    .command('example')
    .description("serve the example IOC from DevIOC's documentation (enum, toggle, strings, numbers, arrays, calc)")
    .requiredOption('-d, --device <name>', 'device name: the prefix of every PV, e.g. MYIOC-123')
    .option('-v, --verbose', 'debug logging')
    .option('--log-file <path>', 'also log to this file, rotated at 1 MB, keeping 10 old files (<path>.1 ...)');
  addWebOptions(command).action(async (opts: WebCliOptions & { device: string; verbose?: boolean; logFile?: string }) => {
      configureLogging({ level: opts.verbose ? 'debug' : 'info', file: opts.logFile });
      const log = getLogger('example');
      const app = new MyIOCApp(opts.device);
      await app.start();
      const runtime = app.ioc.runtime;
      const web = await startWebFromCli(opts, { db: runtime.db, ca: runtime.client, title: `devioc example ${opts.device}` });
      log.important(`example IOC ${opts.device} is serving; try: npx devioc get ${opts.device}:calc${web ? ` or http://localhost:${web.port}/` : ''}   (Ctrl-C to stop)`);
      const stop = async (): Promise<void> => {
        await web?.stop();
        await app.shutdown();
        await exitFlushed(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
  });
}
