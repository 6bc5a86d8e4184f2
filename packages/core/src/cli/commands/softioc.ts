import type { Command } from 'commander';
import { configureLogging, getLogger } from '../../log/index.js';
import { loadDbFile } from '../../records/db-file/index.js';
import { instantiateDb } from '../../records/load-db.js';
import { Runtime } from '../../runtime/runtime.js';
import { addWebOptions, startWebFromCli, type WebCliOptions } from '../web-option.js';

interface DbLoad {
  file: string;
  macros: string;
}

/**
 * `devioc softioc`: a drop-in for EPICS' softIoc. Loads .db files (the record types devioc
 * supports, with field, info, alias, include and macros) and serves them. As with softIoc,
 * each `-m` applies to the `-d` files that follow it.
 */
export function registerSoftIoc(program: Command): void {
  let currentMacros = '';
  const loads: DbLoad[] = [];
  let acf: { file: string; macros: string } | undefined;
  const requests: { file: string; macros: string }[] = [];
  const command = program
    .command('softioc')
    .description("serve EPICS .db files, as EPICS' softIoc does (no EPICS base needed)")
    .option('-m, --macros <definitions>', 'macros for the .db files that follow, e.g. "P=IOC:,R=temp"', (value: string) => {
      currentMacros = value;
      return value;
    })
    .option('-d, --db <file>', 'load records from a .db file (repeatable)', (file: string) => {
      loads.push({ file, macros: currentMacros });
      return file;
    })
    .option('-a, --acf <file>', 'access security configuration (.acf); the -m macros before it are its substitutions', (file: string) => {
      acf = { file, macros: currentMacros };
      return file;
    })
    .option('--autosave <dir>', 'keep settings across restarts (synApps autosave): the directory of the .sav files; info(autosaveFields…) of the records are saved')
    .option('-r, --autosave-req <file>', 'an autosave request file (.req), saved to <dir>/<name>.sav (repeatable; the -m macros before it apply)', (file: string) => {
      requests.push({ file, macros: currentMacros });
      return file;
    })
    .option('--autosave-min-period <seconds>', 'a changed set is written at most this often (default 5)', Number)
    .option('--autosave-period <seconds>', 'every set is also written this often (default 300; 0: never)', Number)
    .option('--autosave-keep-days <days>', 'dated copies of the .sav files made at each start are kept this long (default 7; 0: none)', Number)
    .option('--check-client-ip', 'access security identifies hosts by IP address, ignoring HOST_NAME (asCheckClientIP)')
    .option('--putlog <file>', 'append TRAPWRITE lines (caPutLog format) to this file')
    .option('--no-pva', 'serve Channel Access only (pvAccess is served beside it by default; EPICS_PVAS_* settings apply)')
    .option('-v, --verbose', 'debug logging')
    .option('--log-file <path>', 'also log to this file (rotated at 1 MB, 10 kept)')
    .addHelpText('after', '\nExample:\n  devioc softioc -m P=DEMO: -d records.db -m P=OTHER: -d records.db --http 8080\n');
  addWebOptions(command).action(
    async (
      opts: WebCliOptions & {
        verbose?: boolean;
        logFile?: string;
        checkClientIp?: boolean;
        putlog?: string;
        pva?: boolean;
        autosave?: string;
        autosaveMinPeriod?: number;
        autosavePeriod?: number;
        autosaveKeepDays?: number;
      },
    ) => {
      configureLogging({ level: opts.verbose ? 'debug' : 'info', file: opts.logFile });
      const log = getLogger('softioc');
      if (loads.length === 0) throw new Error('nothing to serve: give at least one -d file.db');
      if (requests.length > 0 && opts.autosave === undefined) throw new Error('--autosave-req needs --autosave <dir> (where the .sav files go)');
      for (const [name, value] of [['--autosave-min-period', opts.autosaveMinPeriod], ['--autosave-period', opts.autosavePeriod], ['--autosave-keep-days', opts.autosaveKeepDays]] as const) {
        if (value !== undefined && !(value >= 0)) throw new Error(`${name} needs a number of seconds (days) ≥ 0`);
      }
      const runtime = new Runtime({
        acf: acf === undefined ? undefined : { file: acf.file, macros: acf.macros === '' ? undefined : acf.macros },
        checkClientIP: opts.checkClientIp,
        putLogFile: opts.putlog,
        pva: opts.pva === false ? false : undefined,
        autosave:
          opts.autosave === undefined
            ? undefined
            : {
                directory: opts.autosave,
                requests: requests.map((r) => ({ file: r.file, macros: r.macros === '' ? undefined : r.macros })),
                minPeriod: opts.autosaveMinPeriod,
                period: opts.autosavePeriod,
                keepDays: opts.autosaveKeepDays,
              },
      });
      let count = 0;
      for (const load of loads) {
        const parsed = loadDbFile(load.file, {
          macros: load.macros,
          undefinedMacros: 'error',
          onWarning: (w) => log.warn(`${w.location.file}:${w.location.line}: ${w.message}`),
        });
        count += instantiateDb(runtime.db, parsed).length;
        log.info(`loaded ${parsed.records.length} records from ${load.file}${load.macros ? ` (${load.macros})` : ''}`);
      }
      const self = {};
      try {
        await runtime.attach(self);
      } catch (err) {
        await runtime.close();
        throw err;
      }
      let web;
      try {
        web = await startWebFromCli(opts, { db: runtime.db, ca: runtime.client, title: 'devioc softioc' });
      } catch (err) {
        await runtime.close();
        throw err;
      }
      log.important(`softioc: serving ${count} records${web ? `; screen at http://localhost:${web.port}/` : ''}; Ctrl-C to stop`);
      const stop = async (): Promise<void> => {
        await web?.stop();
        await runtime.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    },
  );
}
