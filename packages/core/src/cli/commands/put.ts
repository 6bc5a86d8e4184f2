/** `devioc put`: caput. */
import type { Command } from 'commander';
import { NativeType } from '../../ca/protocol/dbr/types.js';
import { Eca } from '../../ca/protocol/eca.js';
import { caMessage } from '../../ca/client/ca-message.js';
import type { CaChannel } from '../../ca/client/channel.js';
import { CaAccessError } from '../../ca/client/errors.js';
import type { CaPutValue } from '../../ca/client/types.js';
import { unescapeToBytes } from '../ca-format/escape.js';
import { type LineFormat, type PvOutcome, plainLine, terseLine, timeValueLine } from '../ca-format/lines.js';
import { nowTimestamp } from '../ca-format/timestamp.js';
import { type CommonOptions, addCommonOptions, connectAll, finish, lineFormatOf, statusOf, timeoutOf, toolClient } from './ca-common.js';
import { toolTimeType } from './get.js';

interface PutOptions extends CommonOptions {
  c?: boolean;
  t?: boolean;
  l?: boolean;
  n?: boolean;
  s?: boolean;
  S?: boolean;
  a?: boolean;
}

const errorLabel = (): string => (process.stderr.isTTY ? '\x1b[31;1mERROR\x1b[0m' : 'ERROR');

/** epicsStrtod as caput uses it: a leading number (C strtod syntax), or undefined. */
function strtod(text: string): number | undefined {
  const m = /^\s*[+-]?(?:inf(?:inity)?|nan|0x[0-9a-f]+(?:\.[0-9a-f]*)?(?:p[+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)/i.exec(text);
  if (m === null) return undefined;
  const t = m[0].trim().toLowerCase();
  if (/inf/.test(t)) return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/nan/.test(t)) return Number.NaN;
  if (/0x/.test(t)) return Number.parseInt(t, 16);
  return Number(t);
}

/** A command-line value as the bytes caput puts in a 40-byte DBR_STRING slot. */
const epicsString = (text: string): string => Buffer.from(unescapeToBytes(text, 40)).toString('utf8');

/** The value caput would send, or an error message. */
async function valueToPut(ch: CaChannel, values: string[], o: PutOptions): Promise<{ value: CaPutValue } | { error: string }> {
  if (ch.nativeType === NativeType.ENUM) {
    const gr = await ch.get({ type: 'gr' });
    const states = gr.enumStrings ?? [];
    if (o.n) {
      const numbers: number[] = [];
      for (const v of values) {
        const d = strtod(v);
        if (d === undefined) return { error: `Enum index value '${v}' is not a number.` };
        if (d >= states.length) process.stderr.write(`Warning: enum index value '${v}' may be too large.\n`);
        numbers.push(d);
      }
      return { value: Float64Array.from(numbers) };
    }
    const strings = values.map(epicsString);
    if (strings.every((s) => states.includes(s))) return { value: strings };
    const numbers: number[] = [];
    for (const s of strings) {
      const index = states.indexOf(s);
      if (index >= 0) {
        numbers.push(index);
        continue;
      }
      const d = strtod(s);
      if (d === undefined || o.s) return { error: `Enum string value '${s}' invalid.` };
      if (d >= states.length) process.stderr.write(`Warning: enum index value '${s}' may be too large.\n`);
      numbers.push(d);
    }
    return { value: Float64Array.from(numbers) };
  }
  if (o.S) {
    // -S: the escaped text as a char array, with its NUL.
    const raw = unescapeToBytes(values.join(' '));
    const withNul = new Uint8Array(raw.length + 1);
    withNul.set(raw);
    return { value: withNul };
  }
  return { value: values.map(epicsString) };
}

/** caput's own caget: TIME of the native type, all native elements. */
async function readLine(ch: CaChannel, fmt: LineFormat, long: boolean, terse: boolean, timeout: number): Promise<string> {
  const native = ch.nativeType ?? NativeType.DOUBLE;
  const nElems = ch.elementCount;
  let outcome: PvOutcome;
  try {
    const reading = await ch.get({ type: toolTimeType(native, fmt.enumAsNumber, false), count: nElems, timeout });
    outcome = { name: ch.name, nElems, status: Eca.NORMAL, reading };
  } catch (err) {
    const status = statusOf(err);
    if (status === Eca.TIMEOUT) process.stderr.write('Read operation timed out: PV data was not read.\n');
    outcome = { name: ch.name, nElems, status };
  }
  if (long) return timeValueLine(outcome, fmt, 0, true, nowTimestamp());
  return terse ? terseLine(outcome, fmt, 0) : plainLine({ ...outcome }, fmt, 0);
}

export function registerPut(program: Command): void {
  const cmd = program
    .command('put')
    .description('write a PV over Channel Access, like caput (caput -a: <pv> <count> <values...>)')
    .argument('<pv>', 'PV name')
    .argument('<value...>', 'the value (all words joined by spaces), or with -a the count and the elements')
    .option('-c', 'asynchronous put: put with callback and wait for completion')
    .option('-t', 'terse mode: print only the successfully written value')
    .option('-l', 'long mode "name timestamp value stat sevr"')
    .option('-n', 'force interpretation of enum values as numbers')
    .option('-s', 'force interpretation of enum values as strings')
    .option('-S', 'put the string as an array of chars (long string)')
    .option('-a', 'put an array: <count> then the values')
    .allowUnknownOption(); // negative numbers (`devioc put PV -5`) are values, not options
  addCommonOptions(cmd).action(async (name: string, rest: string[], o: PutOptions) => {
    const timeout = timeoutOf(o, 'caput');
    const fmt = lineFormatOf({ ...o, S: o.S === true && o.a !== true });
    if (o.a && o.S) o.S = false;
    const client = toolClient(timeout, o.p);
    const channels = await connectAll(client, [name], timeout);
    if (channels === undefined) return finish(client, 1);
    const ch = channels[0];
    const values = o.a ? rest.slice(1) : [rest.join(' ')];
    const wait = timeout > 0 ? timeout : 1e9;
    const parsed = await valueToPut(ch, values, o).catch((err: Error) => ({ error: `Read operation timed out: ENUM data was not read. (${err.message})` }));
    if ('error' in parsed) {
      process.stderr.write(`${parsed.error}\n`);
      return finish(client, 1);
    }
    const terse = o.t === true;
    const long = o.l === true;
    if (!terse) process.stdout.write(`Old : ${await readLine(ch, fmt, long, false, wait)}`);
    try {
      await ch.put(parsed.value, { wait: o.c === true, timeout: wait });
    } catch (err) {
      const status = statusOf(err);
      if (status === Eca.TIMEOUT) process.stderr.write(o.c ? 'Write callback operation timed out\n' : 'Write operation timed out: Data was not written.\n');
      else if (err instanceof CaAccessError) process.stderr.write(`${errorLabel()} from put operation: ${caMessage(status)}\n`);
      else process.stderr.write(`${errorLabel()} occured writing data: ${caMessage(status)}\n`);
      return finish(client, 1);
    }
    process.stdout.write(`${terse ? '' : 'New : '}${await readLine(ch, fmt, long, terse, wait)}`);
    await finish(client, 0);
  });
}
