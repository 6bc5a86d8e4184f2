#!/usr/bin/env node
/**
 * `unclesam --device NAME`: serves the UncleSAM records over CA and waits for the RobotDHS
 * on TCP 14242 (the port DCSS would use). Ctrl-C or SIGTERM stops it cleanly.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { configureLogging, getLogger } from '@devioc/core';
import { startSamWeb } from './web/sam-page.js';
import { UncleSam, type UncleSamOptions } from './unclesam.js';

const integer = (name: string, min: number, max: number) => (text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
  return value;
};

const seconds = (name: string) => (text: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`${name} must be a positive number of seconds`);
  return value;
};

export interface CliOptions {
  device: string;
  port: number;
  host?: string;
  dhsName: string;
  dhsHost?: string[];
  dcs1?: boolean;
  approachOn?: string;
  approachOff?: string;
  gonioReady?: string;
  approachTimeout: number;
  heartbeat: number;
  heartbeatTimeout: number;
  autoDry: boolean;
  verbose?: boolean;
  logFile?: string;
  autosave?: string;
}

/** The command line as UncleSamOptions. */
export function optionsFromCli(o: CliOptions): UncleSamOptions {
  return {
    device: o.device,
    port: o.port,
    host: o.host,
    dhsName: o.dhsName,
    dhsHost: o.dhsHost,
    framing: o.dcs1 ? 'dcs1' : 'dcs2',
    approachOn: o.approachOn,
    approachOff: o.approachOff,
    gonioReady: o.gonioReady,
    approachTimeoutMs: o.approachTimeout * 1000,
    heartbeatMs: o.heartbeat * 1000,
    heartbeatTimeoutMs: o.heartbeatTimeout * 1000,
    autoDry: o.autoDry,
    autosave: o.autosave,
  };
}

/** The package's version (package.json sits beside dist/ and src/). */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function buildProgram(): Command {
  return new Command('unclesam')
    .version(VERSION, '--version', 'print the version and exit')
    .description('UncleSAM: the SAM sample-mounting robot IOC. Listens for the RobotDHS (DCS), serves its records over EPICS CA.')
    .requiredOption('-d, --device <name>', '(required) PV prefix: every record is <name>:<suffix>')
    .addOption(new Option('-p, --port <port>', 'TCP port the RobotDHS connects to').default(14242).argParser(integer('--port', 0, 65535)))
    .option('--host <address>', 'interface to listen on for the DHS (default: all)')
    .option('--dhs-name <name>', 'DHS name expected in the handshake', 'robot')
    .option('--dhs-host <address...>', 'accept the DHS only from these addresses')
    .option('--dcs1', 'talk DCS1 (200-byte messages) after the handshake, for level-1 DHSs (the RobotDHS talks DCS2)')
    .option('--approach-on <pv>', 'PV written 1 when the robot may enter the goniometer area')
    .option('--approach-off <pv>', 'PV written 1 when the robot has left the goniometer area')
    .option('--gonio-ready <pv>', 'PV that reads non-zero when the goniometer is ready; waited for after approach-on')
    .addOption(new Option('--approach-timeout <s>', 'longest wait for an approach write or the goniometer').default(60).argParser(seconds('--approach-timeout')))
    .addOption(new Option('--heartbeat <s>', 'probe the DHS with get_robotstate after this long without traffic').default(5).argParser(seconds('--heartbeat')))
    .addOption(new Option('--heartbeat-timeout <s>', 'drop a DHS that does not answer the probe within this long').default(15).argParser(seconds('--heartbeat-timeout')))
    .option('--no-auto-dry', 'never dry the tong by itself when TIMER:REHEAT or TIMER:SAMPLES runs out')
    .option('--autosave <dir>', 'keep ATTR:*, PARAM:* and TIMER:* across restarts: synApps autosave .sav files in this directory')
    .option('-v, --verbose', 'debug logging: every DCS message in and out')
    .option('--log-file <path>', 'also log to this file (rotated at 1 MB, 10 kept)')
    .option('--http <port>', 'serve the SAM screen (and a PV Web Socket endpoint) on this HTTP port', integer('--http', 0, 65535))
    .option('--web-write', 'let the web screen write (commands, parameters); off by default')
    .option('--web-throttle <ms>', 'minimum time between two web updates of one PV (default 100)', integer('--web-throttle', 0, 60_000))
    .action(async (o: CliOptions & { http?: number; webWrite?: boolean; webThrottle?: number }) => {
      configureLogging({ level: o.verbose ? 'debug' : 'info', file: o.logFile });
      const log = getLogger('unclesam');
      const app = new UncleSam(optionsFromCli(o));
      // The handlers go in before anything starts: a SIGTERM during start-up (a service manager
      // giving up, a test that saw the first line) still stops cleanly, once start has finished.
      let web: Awaited<ReturnType<typeof startSamWeb>> | undefined;
      let started: Promise<unknown> = Promise.resolve();
      let stopping = false;
      const stop = async (): Promise<void> => {
        if (stopping) return;
        stopping = true;
        log.info('stopping');
        await started.catch(() => undefined);
        await web?.stop();
        await app.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      started = (async () => {
        const address = await app.start();
        log.important(
          `listening for the RobotDHS "${o.dhsName}" on TCP ${o.host ?? '0.0.0.0'}:${address.dhsPort}; ` +
            `${address.records} records ${o.device}:* on CA port ${address.caPort}`,
        );
        web = o.http === undefined ? undefined : await startSamWeb(app.model.runtime, o.device, { port: o.http, write: o.webWrite, throttleMs: o.webThrottle });
        if (web) log.important(`SAM screen at http://localhost:${web.port}/`);
      })();
      await started;
    });
}

// Run when executed (the bin link or `node dist/cli.js`), not when a test imports buildProgram.
function isEntry(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

/** Runs the command line (what the `unclesam` bin does). */
export function runCli(argv: string[] = process.argv): void {
  buildProgram()
    .parseAsync(argv)
    .catch((error: unknown) => {
      process.stderr.write(`unclesam: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

if (isEntry()) runCli();
