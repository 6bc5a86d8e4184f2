#!/usr/bin/env node
/**
 * `lut`: runs the LUT IOC.
 *
 *   lut --device NAME --input PV --target PV --table FILE [--fit SPLINE3] [--verbose]
 *
 * The CA server and client take their settings from the EPICS environment (EPICS_CAS_*,
 * EPICS_CA_*), as every EPICS tool does.
 */
import { readFileSync } from 'node:fs';
import { configureLogging, getLogger } from '@devioc/core';
import { Command, InvalidArgumentError, Option } from 'commander';
import { LutApp, type LutAppOptions } from './app/lut-app.js';
import { FIT_TYPE_NAMES, parseFitType } from './interpolation/fit-types.js';
import { MAX_PV_NAME, parseDegree, parseRange } from './table-file/format.js';
import { startLutWeb } from './web/lut-page.js';

/** The package's version (package.json sits beside dist/ and src/). */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const argument =
  <T>(parse: (value: string) => T) =>
  (value: string): T => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };

const pvName = argument((value: string) => {
  if (value.trim() === '' || /\s/.test(value)) throw new Error(`"${value}" is not a PV name`);
  if (Buffer.byteLength(value) > MAX_PV_NAME) throw new Error(`"${value}" is longer than ${MAX_PV_NAME} characters (the IOC keeps PV names in stringout records)`);
  return value;
});

const onOff = argument((value: string) => {
  const v = value.toUpperCase();
  if (v !== 'ON' && v !== 'OFF') throw new Error(`"${value}" must be ON or OFF`);
  return v === 'ON';
});

interface CliOptions {
  device: string;
  table: string;
  input?: string;
  target?: string;
  readback?: string;
  fit?: LutAppOptions['fit'];
  degree?: number;
  range?: LutAppOptions['range'];
  enable?: boolean;
  verbose?: boolean;
  logFile?: string;
  http?: number;
  webWrite?: boolean;
  webThrottle?: number;
}

const integerIn = (min: number, max: number, what: string) =>
  argument((value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`"${value}" is not ${what}`);
    return n;
  });

function buildProgram(): Command {
  return new Command('lut')
    .description(
      'The look-up-table IOC: follows an input PV x and writes y = f(x + xoff) + yoff to a target PV, ' +
        'f fitted through a table that is edited live over CA and kept in a file.',
    )
    .version(VERSION, '-V, --version', 'print the version and exit')
    .requiredOption('-d, --device <name>', '(required) device name: the prefix of every record, e.g. BL08:LUT')
    .requiredOption('-t, --table <file>', '(required) table file: loaded at start if it exists, created otherwise, saved after every change (FILE.bak keeps the previous version)')
    .option('-i, --input <pv>', "input PV x (default: the table file's)", pvName)
    .option('-o, --target <pv>', "target PV written with y (default: the table file's)", pvName)
    .option('-r, --readback <pv>', "PV read by new and null as the target's position (default: the table file's, else the target itself)", pvName)
    .addOption(
      new Option('-f, --fit <kind>', `interpolation: ${FIT_TYPE_NAMES.join(', ')} (default: the table file's, else SPLINE3)`).argParser(
        argument(parseFitType),
      ),
    )
    .option('--degree <n>', "polynomial degree for POLY (default: the table file's, else 3)", argument(parseDegree))
    .option('--range <mode>', "outside the table: CLAMP, EXTRAPOLATE or REFUSE (default: the table file's, else CLAMP)", argument(parseRange))
    .option('--enable <state>', "ON: write the target, OFF: compute only (default: the table file's, else ON)", onOff)
    .option('-v, --verbose', 'debug logging (every input and output)')
    .option('--log-file <path>', 'also log to this file (rotated at 1 MB, 10 kept)')
    .option('--http <port>', 'serve the LUT screen (and a PV Web Socket endpoint) on this HTTP port', integerIn(0, 65535, 'a port number'))
    .option('--web-write', 'let the screen edit the table, settings and commands (off by default)')
    .option('--web-throttle <ms>', 'minimum time between two web updates of one PV (default 100)', integerIn(0, 60_000, 'a time in ms'))
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nEnvironment: EPICS_CAS_SERVER_PORT, EPICS_CAS_INTF_ADDR_LIST… for the server, EPICS_CA_ADDR_LIST,\n' +
        'EPICS_CA_AUTO_ADDR_LIST… for finding the input and target. Records and file format: @devioc/lut README.',
    )
    .action(async (opts: CliOptions) => {
      configureLogging({ level: opts.verbose ? 'debug' : 'info', file: opts.logFile });
      const log = getLogger('lut');
      const app = new LutApp({
        device: opts.device,
        tableFile: opts.table,
        input: opts.input,
        target: opts.target,
        readback: opts.readback,
        fit: opts.fit,
        degree: opts.degree,
        range: opts.range,
        enable: opts.enable,
      });
      // The handlers go in before anything starts: a SIGTERM during start-up stops cleanly too,
      // once start has finished, and one sent as soon as "serving" is printed finds its handler.
      let web: Awaited<ReturnType<typeof startLutWeb>> | undefined;
      let started: Promise<unknown> = Promise.resolve();
      let stopping = false;
      const stop = async (signal: string): Promise<void> => {
        if (stopping) return;
        stopping = true;
        log.info(`${signal}: shutting down`);
        // shutdown() bounds its own wait for saves; this bounds everything else too.
        setTimeout(() => {
          log.error(`${signal}: shutdown did not finish in 10 s; exiting`);
          process.exit(1);
        }, 10_000).unref();
        await started.catch(() => undefined);
        await web?.stop();
        await app.shutdown();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      started = (async () => {
        await app.start();
        log.important(`serving ${opts.device}:* (Ctrl-C to stop); e.g. devioc get ${opts.device}:output ${opts.device}:status`);
        web =
          opts.http === undefined
            ? undefined
            : await startLutWeb(app.ioc.runtime, opts.device, { port: opts.http, write: opts.webWrite, throttleMs: opts.webThrottle });
        if (web) log.important(`LUT screen at http://localhost:${web.port}/${opts.webWrite ? ' (writable)' : ' (read-only; --web-write to edit)'}`);
      })();
      await started;
    });
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`lut: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
