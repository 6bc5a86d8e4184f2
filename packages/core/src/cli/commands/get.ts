/** `devioc get`: caget. */
import type { Command } from 'commander';
import { dbrTypeFor } from '../../ca/protocol/dbr/layout.js';
import { DbrType, NativeType } from '../../ca/protocol/dbr/types.js';
import { Eca } from '../../ca/protocol/eca.js';
import type { CaChannel } from '../../ca/client/channel.js';
import { parseDbrType } from '../ca-format/dbr-names.js';
import { readExceptionBlock } from '../ca-format/exception.js';
import { dbrPayloadSize } from '../../ca/protocol/dbr/index.js';
import { toReading } from '../../ca/client/reading.js';
import { type PvOutcome, dbrBlock, plainLine, terseLine, timeValueLine } from '../ca-format/lines.js';
import { nowTimestamp } from '../ca-format/timestamp.js';
import {
  type CommonOptions, addCommonOptions, addFloatOptions, connectAll, finish, lineFormatOf, parseCount, statusOf, timeoutOf, toolClient,
} from './ca-common.js';

interface GetOptions extends CommonOptions {
  t?: boolean;
  a?: boolean;
  d?: string;
  c?: boolean;
  n?: boolean;
  S?: boolean;
  s?: boolean;
  count?: number;
}

type OutputMode = 'plain' | 'terse' | 'all' | 'dbr';

/** The DBR type caget reads a channel as, unless -d names one: TIME of the native type. */
export function toolTimeType(native: NativeType, enumAsNumber: boolean, floatAsString: boolean): DbrType {
  if (native === NativeType.ENUM) return enumAsNumber ? DbrType.TIME_SHORT : DbrType.TIME_STRING;
  if (floatAsString && (native === NativeType.FLOAT || native === NativeType.DOUBLE)) return DbrType.TIME_STRING;
  return dbrTypeFor('time', native);
}

export function registerGet(program: Command): void {
  const cmd = program
    .command('get')
    .description('read PVs over Channel Access, like caget')
    .argument('<pv...>', 'PV names')
    .option('-t', 'terse mode: print only the value, without the name')
    .option('-a', 'wide mode "name timestamp value stat sevr" (read as DBR_TIME_xxx)')
    .option('-d <type>', 'request a specific DBR type (name, DBR_ prefix optional, or number)')
    .option('-c', 'asynchronous get (get with callback)')
    .option('-n', 'print DBF_ENUM values as numbers')
    .option('-#, --count <count>', 'print the first <count> elements of an array', parseCount)
    .option('-S', 'print a char array as a string (long string)')
    .option('-s', 'get floating point values as strings (server-side precision)');
  addFloatOptions(addCommonOptions(cmd)).action(async (names: string[], o: GetOptions) => {
    let mode: OutputMode = 'plain';
    let requested = -1;
    for (const [flag, m] of [['t', 'terse'], ['a', 'all'], ['d', 'dbr']] as const) {
      if (o[flag] === undefined) continue;
      if (mode !== 'plain') process.stderr.write("Options t,d,a are mutually exclusive. ('caget -h' for help.)\n");
      mode = m;
    }
    if (o.d !== undefined) {
      requested = parseDbrType(o.d);
      if (requested < 0 || requested > DbrType.CLASS_NAME || requested === DbrType.PUT_ACKT || requested === DbrType.PUT_ACKS) {
        process.stderr.write("Requested dbr type out of range or invalid - ignored. ('caget -h' for help.)\n");
        mode = 'plain';
      }
    }
    const timeout = timeoutOf(o, 'caget');
    const fmt = lineFormatOf(o);
    const reqElems = o.count ?? 0;
    const client = toolClient(timeout, o.p);
    const channels = await connectAll(client, names, timeout);
    if (channels === undefined) return finish(client, 1);

    let timedOut = false;
    const outcomes = await Promise.all(
      channels.map(async (ch: CaChannel): Promise<PvOutcome> => {
        const native = ch.nativeType ?? NativeType.DOUBLE;
        const nativeCount = ch.elementCount;
        const dbrType = mode === 'dbr' ? (requested as DbrType) : toolTimeType(native, fmt.enumAsNumber, o.s === true);
        // caget reads the native count (or -#) with a plain get, the current length with -c.
        const count = o.c ? (reqElems > nativeCount ? nativeCount : reqElems) : reqElems > 0 && reqElems < nativeCount ? reqElems : nativeCount;
        try {
          const reading = await ch.get({ type: dbrType, count: count === 0 ? undefined : count, timeout: timeout > 0 ? timeout : 1e9 });
          return { name: ch.name, nElems: o.c ? reading.count : count, status: Eca.NORMAL, reading };
        } catch (err) {
          const status = statusOf(err);
          if (status === Eca.TIMEOUT) timedOut = true;
          else if (status !== Eca.DISCONN) {
            // The server refused the read (ECA_GETFAIL...): libca reports it through its exception
            // handler, caget's ca_pend_io then times out, and caget prints the zeroed buffer it had.
            const n = count === 0 ? 1 : count;
            process.stderr.write(readExceptionBlock(ch.name, dbrType, n, status));
            timedOut = true;
            const zeroed = toReading(ch.name, dbrType, n, Buffer.alloc(dbrPayloadSize(dbrType, n)), native, nativeCount > 1);
            return { name: ch.name, nElems: n, status: Eca.NORMAL, reading: zeroed };
          }
          return { name: ch.name, nElems: count, status };
        }
      }),
    );
    if (timedOut) process.stderr.write('Read operation timed out: some PV data was not read.\n');
    const now = nowTimestamp();
    let out = '';
    outcomes.forEach((oc, i) => {
      switch (mode) {
        case 'plain': out += plainLine(oc, fmt, reqElems); break;
        case 'terse': out += terseLine(oc, fmt, reqElems); break;
        case 'all': out += timeValueLine(oc, fmt, reqElems, true, now); break;
        case 'dbr': out += dbrBlock(oc, channels[i].nativeType, fmt, reqElems); break;
      }
    });
    process.stdout.write(out);
    await finish(client, 0);
  });
}
