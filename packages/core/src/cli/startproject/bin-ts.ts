import { type ProjectContext, unitFile } from './context.js';

/**
 * src/bin/<name>.ts: the command that serves the IOC: `-d/--device` (required), `-v/--verbose`,
 * `--log-file`, `--help`, `--version`; logs what it serves, and on SIGINT/SIGTERM shuts the IOC
 * down cleanly (no terminal `reset`, unlike DevIOC) and exits 0.
 */
export const binTs = (c: ProjectContext): string => `#!/usr/bin/env node
/**
 * ${c.name}: serves the ${c.className} IOC for one device over Channel Access.
 *
 *   ${c.name} --device ${c.exampleDevice} [--verbose] [--log-file ${c.packageName}.log]
 *
 * Runs in the foreground and logs to stderr (coloured on a terminal, plain when piped or under
 * systemd); Ctrl-C or SIGTERM shut the IOC down cleanly. ${unitFile(c)} runs it as a service.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { configureLogging, getLogger } from '@devioc/core';
import { ${c.appClassName} } from '../ioc.js';

interface Options {
  device: string;
  verbose?: boolean;
  logFile?: string;
}

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('${c.name}')
  .description('${c.name}: an EPICS soft IOC (devioc) serving the records of one device over Channel Access')
  .version(version)
  .requiredOption('-d, --device <name>', 'device name: the prefix of every PV, e.g. ${c.exampleDevice}')
  .option('-v, --verbose', 'debug logging')
  .option('--log-file <path>', 'also log to this file, rotated at 1 MB, keeping 10 old files (<path>.1 ...)')
  .addHelpText(
    'after',
    \`
Environment:
  EPICS_CAS_SERVER_PORT      CA port to serve on (else EPICS_CA_SERVER_PORT, else 5064)
  EPICS_CAS_INTF_ADDR_LIST   interfaces to serve on (default: all)
  EPICS_CAS_BEACON_ADDR_LIST, EPICS_CAS_AUTO_BEACON_ADDR_LIST   where beacons go
  DEVIOC_LOG_LEVEL           error, warn, important, info (default) or debug
  NO_COLOR                   never colour the log\`,
  )
  .parse();

const opts = program.opts<Options>();
try {
  configureLogging({ level: opts.verbose ? 'debug' : undefined, file: opts.logFile });
} catch (err) {
  program.error(\`error: cannot log to \${opts.logFile}: \${err instanceof Error ? err.message : String(err)}\`);
}
const log = getLogger('${c.name}');

async function main(): Promise<void> {
  const app = new ${c.appClassName}(opts.device);
  await app.start();
  const records = app.ioc.recordHandles().map(([, record]) => record.pvName);
  log.important(\`\${opts.device}: serving \${records.length} records on CA port \${app.ioc.runtime.tcpPort} (Ctrl-C to stop)\`);
  log.info(\`records: \${records.join(' ')}\`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn(\`\${signal} again: exiting without waiting\`);
      process.exit(1);
    }
    stopping = true;
    log.important(\`\${signal}: shutting down \${opts.device}\`);
    // If the shutdown hangs, give up after 10 s; if it leaves something running, exit anyway.
    setTimeout(() => {
      log.error('shutdown did not finish within 10 s: exiting');
      process.exit(1);
    }, 10_000).unref();
    app.shutdown().then(
      () => {
        log.important(\`\${opts.device} stopped\`);
        setTimeout(() => process.exit(0), 1000).unref();
      },
      (err: unknown) => {
        log.error(\`shutdown failed: \${err instanceof Error ? err.message : String(err)}\`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  log.error(\`cannot serve \${opts.device}: \${err instanceof Error ? err.message : String(err)}\`);
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 1000).unref();
});
`;

