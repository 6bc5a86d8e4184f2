import type { Command } from 'commander';
import { CaClient } from '../../ca/client/context.js';
import { configureLogging, getLogger } from '../../log/index.js';
import { addWebOptions, startWebFromCli, type WebCliOptions } from '../web-option.js';
import { exitFlushed } from '../exit-flushed.js';

/**
 * `devioc web`: a small PV Web Socket server in one command: any CA PV, for dbwr, cs-web-lib,
 * pvws.js pages and devioc's generated screen (/?pv=NAME).
 */
export function registerWeb(program: Command): void {
  addWebOptions(
    program
      .command('web')
      .description('serve any Channel Access PV to web pages over PV Web Socket (pvws), with a generated screen')
      .argument('[pvs...]', 'PVs the generated screen shows (any PV can be subscribed to)')
      .option('-v, --verbose', 'debug logging')
      .option('--log-file <path>', 'also log to this file (rotated at 1 MB, 10 kept)'),
  )
    .addHelpText('after', '\nExample:\n  devioc web --http 8080 IOC:temp IOC:wave   # then open http://localhost:8080/\n')
    .action(async (pvs: string[], opts: WebCliOptions & { verbose?: boolean; logFile?: string }) => {
      configureLogging({ level: opts.verbose ? 'debug' : 'info', file: opts.logFile });
      const log = getLogger('web');
      const ca = new CaClient();
      const server = await startWebFromCli({ ...opts, http: opts.http ?? '8080' }, { ca, closeCaChannels: true, title: 'devioc web' });
      const query = pvs.map((p) => `pv=${encodeURIComponent(p)}`).join('&');
      log.important(`devioc web: open http://localhost:${server!.port}/${query ? `?${query}` : ''}   (Ctrl-C to stop)`);
      const stop = async (): Promise<void> => {
        await server?.stop();
        await ca.close();
        await exitFlushed(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
