/**
 * What get, put, monitor and info share: the EPICS tools' common options (-w, -p, -F, float
 * formats), the client they run on, connecting with caget's messages, and error → ECA status.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { CaClient } from '../../ca/client/context.js';
import type { CaChannel } from '../../ca/client/channel.js';
import { CaAccessError, CaDisconnectedError, CaStatusError, CaTimeoutError } from '../../ca/client/errors.js';
import { Eca } from '../../ca/protocol/eca.js';
import type { FloatFormat } from '../ca-format/c-format.js';
import type { LineFormat } from '../ca-format/lines.js';

/** The tools' default -w (DEFAULT_TIMEOUT), overridden by EPICS_CLI_TIMEOUT. */
export function defaultTimeout(): number {
  const env = process.env.EPICS_CLI_TIMEOUT;
  if (env !== undefined) {
    const n = Number(env);
    if (Number.isFinite(n)) return n;
    process.stderr.write(`'${env}' is not a valid timeout value (from 'EPICS_CLI_TIMEOUT' in the environment) - ignored. (use '-h' for help.)\n`);
  }
  return 1.0;
}

export interface CommonOptions {
  w?: string;
  p?: string;
  F?: string;
  e?: string;
  f?: string;
  g?: string;
}

export const parseCount = (v: string): number => {
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`'${v}' is not a valid array element count`);
  return n;
};

/** -w, -p, -F. */
export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('-w <sec>', 'wait time: the CA timeout in seconds (default 1, or EPICS_CLI_TIMEOUT)')
    .option('-p <prio>', 'CA priority (0-99, default 0)')
    .option('-F <ofs>', 'use <ofs> as the output field separator');
}

/** -e, -f, -g <digits>. */
export function addFloatOptions(cmd: Command): Command {
  return cmd
    .option('-e <nr>', 'use %e format with <nr> digits')
    .option('-f <nr>', 'use %f format with <nr> digits')
    .option('-g <nr>', 'use %g format with <nr> digits');
}

export function timeoutOf(o: CommonOptions, tool: string): number {
  if (o.w === undefined) return defaultTimeout();
  const n = Number(o.w);
  if (!Number.isFinite(n)) {
    const fallback = defaultTimeout();
    process.stderr.write(`'${o.w}' is not a valid timeout value - ignored, using '${fallback.toFixed(1)}'. ('${tool} -h' for help.)\n`);
    return fallback;
  }
  return n;
}

export function floatFormatOf(o: CommonOptions): FloatFormat {
  let format: FloatFormat = { conversion: 'g' };
  for (const c of ['e', 'f', 'g'] as const) {
    const v = o[c];
    if (v === undefined) continue;
    const digits = Number.parseInt(v, 10);
    if (!Number.isFinite(digits)) process.stderr.write(`Invalid precision argument '${v}' for option '-${c}' - ignored.\n`);
    else if (digits < 0 || digits > 18) process.stderr.write(`Precision ${digits} for option '-${c}' out of range - ignored.\n`);
    else format = { conversion: c, precision: digits };
  }
  return format;
}

export function lineFormatOf(o: CommonOptions & { n?: boolean; S?: boolean }): LineFormat {
  return {
    float: floatFormatOf(o),
    enumAsNumber: o.n === true,
    charArrayAsString: o.S === true,
    separator: o.F !== undefined && o.F.length > 0 ? o.F[0] : ' ',
  };
}

/** A client for one command: the EPICS environment, the command's timeout as the default. */
export function toolClient(timeout: number, priority?: string): CaClient {
  const p = priority !== undefined ? Math.min(99, Math.max(0, Number.parseInt(priority, 10) || 0)) : 0;
  return new CaClient({ timeout: Math.max(timeout, 0.001), priority: p });
}

/**
 * connect_pvs(): waits up to `timeout` for every channel; on failure prints caget's message and
 * returns false. A timeout of 0 waits forever, as ca_pend_io(0) does.
 */
export async function connectAll(client: CaClient, names: readonly string[], timeout: number): Promise<CaChannel[] | undefined> {
  const channels = names.map((n) => client.channel(n));
  const wait = timeout > 0 ? timeout : 1e9;
  const results = await Promise.allSettled(channels.map((c) => c.whenConnected(wait)));
  if (results.every((r) => r.status === 'fulfilled')) return channels;
  process.stderr.write(
    names.length > 1 ? 'Channel connect timed out: some PV(s) not found.\n' : `Channel connect timed out: '${names[0]}' not found.\n`,
  );
  return undefined;
}

/** The ECA status the tools would hold for a failed operation. */
export function statusOf(err: unknown): number {
  if (err instanceof CaAccessError || err instanceof CaStatusError) return err.eca;
  if (err instanceof CaTimeoutError) return Eca.TIMEOUT;
  if (err instanceof CaDisconnectedError) return Eca.DISCONN;
  return Eca.INTERNAL;
}

/** Ends the command: closes the client and sets the exit code. */
export async function finish(client: CaClient, code: number): Promise<void> {
  await client.close();
  process.exitCode = code;
}
