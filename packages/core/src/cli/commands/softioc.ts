import path from 'node:path';
import os from 'node:os';
import type { Command } from 'commander';
import { configureLogging, getLogger } from '../../log/index.js';
import { IocShell } from '../../iocsh/ioc-shell.js';
import { dbl } from '../../iocsh/db-report.js';
import { startInteractiveShell } from '../../iocsh/interactive.js';
import { EXIT_DB, EXIT_DB_NAME } from '../../iocsh/exit-records.js';
import { registerSubroutine } from '../../records/support/subroutines.js';
import { Runtime } from '../../runtime/runtime.js';
import { VERSION } from '../program.js';
import { addWebOptions, startWebFromCli, type WebCliOptions } from '../web-option.js';
import { exitFlushed } from '../exit-flushed.js';

/** softIoc's options in the order given: each -m applies to the -d, -a and -x after it. */
type Step = { kind: 'db'; file: string; macros: string } | { kind: 'acf'; file: string; macros: string } | { kind: 'exit'; prefix: string };

interface SoftIocOptions extends WebCliOptions {
  verbose?: boolean;
  logFile?: string;
  checkClientIp?: boolean;
  putlog?: string;
  pva?: boolean;
  shell?: boolean;
  list?: boolean | string;
  history?: string | false;
  autosave?: string;
  autosaveMinPeriod?: number;
  autosavePeriod?: number;
  autosaveKeepDays?: number;
}

/**
 * `devioc softioc`: a drop-in for EPICS' softIoc. Loads .db files (-d, with -m macros), runs
 * an st.cmd with iocsh's commands, and offers the `epics>` shell on stdin unless -S.
 */
export function registerSoftIoc(program: Command): void {
  let currentMacros = '';
  const steps: Step[] = [];
  const requests: { file: string; macros: string }[] = [];
  const command = program
    .command('softioc')
    .description("serve EPICS .db files and run st.cmd scripts, as EPICS' softIoc does (no EPICS base needed)")
    .argument('[st.cmd]', 'an iocsh script: dbLoadRecords, dbLoadTemplate, epicsEnvSet, iocInit, dbpf…')
    .option('-m, --macros <definitions>', 'macros for the -d/-a files that follow, e.g. "P=IOC:,R=temp"', (value: string) => {
      currentMacros = value;
      return value;
    })
    .option('-d, --db <file>', 'load records from a .db file (repeatable)', (file: string) => {
      steps.push({ kind: 'db', file, macros: currentMacros });
      return file;
    })
    .option('-a, --acf <file>', 'access security configuration (.acf); the -m macros before it are its substitutions', (file: string) => {
      steps.push({ kind: 'acf', file, macros: currentMacros });
      return file;
    })
    .option('-x, --exit-prefix <prefix>', 'serve PREFIX:exit (put 0 to exit with success, non-zero for failure) and PREFIX:BaseVersion', (prefix: string) => {
      steps.push({ kind: 'exit', prefix });
      return prefix;
    })
    .option('--autosave <dir>', 'keep settings across restarts (synApps autosave): the directory of the .sav files; info(autosaveFields…) of the records are saved')
    .option('-r, --autosave-req <file>', 'an autosave request file (.req), saved to <dir>/<name>.sav (repeatable; the -m macros before it apply)', (file: string) => {
      requests.push({ file, macros: currentMacros });
      return file;
    })
    .option('--autosave-min-period <seconds>', 'a changed set is written at most this often (default 5)', Number)
    .option('--autosave-period <seconds>', 'every set is also written this often (default 300; 0: never)', Number)
    .option('--autosave-keep-days <days>', 'dated copies of the .sav files made at each start are kept this long (default 7; 0: none)', Number)
    .option('-S, --no-shell', 'no interactive shell on stdin')
    .option('-s', "accepted and ignored (softIoc's historical flag)")
    .option('--list [recordType]', 'list the records the -d files and st.cmd load (dbl) and exit, without serving')
    .option('--history <file>', 'shell history file (default ~/.devioc_history; --no-history for none)')
    .option('--no-history', 'keep no shell history file')
    .option('--check-client-ip', 'access security identifies hosts by IP address, ignoring HOST_NAME (asCheckClientIP)')
    .option('--putlog <file>', 'append TRAPWRITE lines (caPutLog format) to this file')
    .option('--no-pva', 'serve Channel Access only (pvAccess is served beside it by default; EPICS_PVAS_* settings apply)')
    .option('-v, --verbose', 'debug logging')
    .option('--log-file <path>', 'also log to this file (rotated at 1 MB, 10 kept)')
    .addHelpText(
      'after',
      '\nExamples:\n  devioc softioc -m P=DEMO: -d records.db -m P=OTHER: -d records.db --http 8080\n  devioc softioc st.cmd\n  devioc softioc -S -x DEMO -d records.db\n  devioc softioc --list -m P=DEMO: -d records.db\n',
    );
  addWebOptions(command).action(async (script: string | undefined, opts: SoftIocOptions) => {
    configureLogging({ level: opts.verbose ? 'debug' : 'info', file: opts.logFile });
    const log = getLogger('softioc');
    const listing = opts.list !== undefined && opts.list !== false;
    if (requests.length > 0 && opts.autosave === undefined) throw new Error('--autosave-req needs --autosave <dir> (where the .sav files go)');
    for (const [name, value] of [['--autosave-min-period', opts.autosaveMinPeriod], ['--autosave-period', opts.autosavePeriod], ['--autosave-keep-days', opts.autosaveKeepDays]] as const) {
      if (value !== undefined && !(value >= 0)) throw new Error(`${name} needs a number of seconds (days) ≥ 0`);
    }
    const runtime = new Runtime({
      checkClientIP: opts.checkClientIp,
      putLogFile: opts.putlog,
      pva: opts.pva === false ? false : undefined,
      autosave:
        opts.autosave === undefined || listing
          ? undefined
          : {
              directory: opts.autosave,
              requests: requests.map((r) => ({ file: r.file, macros: r.macros === '' ? undefined : r.macros })),
              minPeriod: opts.autosaveMinPeriod,
              period: opts.autosavePeriod,
              keepDays: opts.autosaveKeepDays,
            },
    });
    let web: Awaited<ReturnType<typeof startWebFromCli>>;
    let stopping = false;
    const stop = async (code: number): Promise<void> => {
      if (stopping) return;
      stopping = true;
      await web?.stop();
      await runtime.close();
      await exitFlushed(code);
    };
    // Before anything is loaded or served: a SIGTERM during start-up stops cleanly too, and one
    // sent as soon as "serving" is printed always finds its handler.
    process.once('SIGINT', () => void stop(0));
    process.once('SIGTERM', () => void stop(0));
    const serve = async (): Promise<void> => {
      if (listing) return;
      const self = {};
      await runtime.attach(self);
      web = await startWebFromCli(opts, { db: runtime.db, ca: runtime.client, title: 'devioc softioc' });
      log.important(`softioc: serving ${runtime.db.size} records${web ? `; screen at http://localhost:${web.port}/` : ''}; Ctrl-C to stop`);
    };
    const shell = new IocShell({
      runtime,
      out: listing ? () => undefined : (t) => void process.stdout.write(t),
      err: (t) => void process.stderr.write(t),
      serve,
      color: process.stderr.isTTY === true,
    });
    try {
      for (const step of steps) {
        if (step.kind === 'db') {
          const n = shell.loadRecords(step.file, step.macros);
          log.info(`loaded ${n} records from ${step.file}${step.macros ? ` (${step.macros})` : ''}`);
        } else if (step.kind === 'acf') shell.setAccessSecurity(step.file, step.macros === '' ? undefined : step.macros);
        else {
          // softIoc's exit subroutine: A = 0 exits with success, anything else with failure.
          registerSubroutine('exit', (record) => {
            setImmediate(() => void stop(record.num('A') === 0 ? 0 : 1));
            return 0;
          });
          process.env.EPICS_VERSION_FULL ??= `devioc ${VERSION}`;
          shell.loadRecordsText(EXIT_DB, EXIT_DB_NAME, `IOC=${step.prefix}`);
        }
      }
      if (script !== undefined) {
        if ((await shell.runScript(script)) === 'exit') return void (await stop(0));
      }
      if (!shell.isInitialised && shell.hasRecords) await shell.iocInit();
      // softIoc stays up serving nothing after a failed iocInit; an IOC that serves nothing is
      // better stopped with the reason than left running (the reason was printed with file:line).
      const failure = shell.initFailure;
      if (failure !== undefined) throw new Error(`iocInit failed, nothing is served: ${failure.message}`);
      if (!shell.isInitialised && script === undefined) throw new Error('nothing to serve: give an st.cmd or at least one -d file.db');
    } catch (err) {
      await runtime.close();
      throw err;
    }
    if (listing) {
      process.stdout.write(dbl(runtime.db, typeof opts.list === 'string' ? opts.list : undefined));
      await runtime.close();
      return;
    }
    if (opts.shell === false) return;
    const history = opts.history === false ? undefined : (opts.history ?? path.join(os.homedir(), '.devioc_history'));
    startInteractiveShell(shell, {
      input: process.stdin,
      output: process.stdout,
      onExit: () => void stop(0),
      historyFile: history,
    });
  });
}
