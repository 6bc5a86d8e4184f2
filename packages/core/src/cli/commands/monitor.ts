/** `devioc monitor`: camonitor. Runs until interrupted. */
import type { Command } from 'commander';
import { Subscription } from 'rxjs';
import { Dbe } from '../../ca/protocol/constants.js';
import { NativeType } from '../../ca/protocol/dbr/types.js';
import { Eca } from '../../ca/protocol/eca.js';
import type { CaChannel } from '../../ca/client/channel.js';
import { ABSOLUTE_SERVER, type TimestampMode, TimestampState, timeValueLine } from '../ca-format/lines.js';
import { nowTimestamp } from '../ca-format/timestamp.js';
import { type CommonOptions, addCommonOptions, addFloatOptions, lineFormatOf, parseCount, timeoutOf, toolClient } from './ca-common.js';
import { toolTimeType } from './get.js';

interface MonitorOptions extends CommonOptions {
  m?: string;
  t?: string;
  n?: boolean;
  S?: boolean;
  s?: boolean;
  count?: number;
}

/** camonitor -m: letters v, a, l, p; anything else falls back to "va". */
export function parseMask(text: string | undefined): number {
  const fallback = Dbe.VALUE | Dbe.ALARM;
  if (text === undefined) return fallback;
  let mask = 0;
  for (const c of text) {
    switch (c) {
      case 'v': mask |= Dbe.VALUE; break;
      case 'a': mask |= Dbe.ALARM; break;
      case 'l': mask |= Dbe.LOG; break;
      case 'p': mask |= Dbe.PROPERTY; break;
      default:
        process.stderr.write(`Invalid argument '${text}' for option '-m' - ignored.\n`);
        return fallback;
    }
  }
  return mask;
}

/** camonitor -t: s (server), c (client), n (none), r/i/I (relative, incremental, per channel). */
export function parseTimestampMode(text: string | undefined): TimestampMode {
  if (text === undefined) return ABSOLUTE_SERVER;
  const mode: TimestampMode = { server: false, client: false, type: 'absolute' };
  for (const c of text) {
    switch (c) {
      case 's': mode.server = true; break;
      case 'c': mode.client = true; break;
      case 'n': break;
      case 'r': mode.type = 'relative'; break;
      case 'i': mode.type = 'incremental'; break;
      case 'I': mode.type = 'incrementalByChannel'; break;
      default: process.stderr.write(`Invalid argument '${c}' for option '-t' - ignored.\n`);
    }
  }
  return mode;
}

export function registerMonitor(program: Command): void {
  const cmd = program
    .command('monitor')
    .description('print every change of PVs, like camonitor (Ctrl-C to stop)')
    .argument('<pv...>', 'PV names')
    .option('-m <mask>', "event mask: any of v (value), a (alarm), l (log/archive), p (property); default 'va'")
    .option('-t <key>', 'timestamps: s server, c client, n none, r relative, i incremental, I incremental by channel')
    .option('-n', 'print DBF_ENUM values as numbers')
    .option('-#, --count <count>', 'request and print up to <count> elements', parseCount)
    .option('-S', 'print a char array as a string (long string)')
    .option('-s', 'get floating point values as strings (server-side precision)');
  addFloatOptions(addCommonOptions(cmd)).action(async (names: string[], o: MonitorOptions) => {
    const timeout = timeoutOf(o, 'camonitor');
    const fmt = lineFormatOf(o);
    const mask = parseMask(o.m);
    const mode = parseTimestampMode(o.t);
    const stamps = new TimestampState(nowTimestamp());
    const reqElems = o.count ?? 0;
    const client = toolClient(timeout, o.p);
    const subs = new Subscription();
    const write = (text: string): void => void process.stdout.write(text);
    const onceConnected = new Set<string>();
    const lastCount = new Map<string, number>();

    const watch = (ch: CaChannel): void => {
      let monitoring = false;
      subs.add(
        ch.state$.subscribe((state) => {
          if (state === 'connected' && !monitoring) {
            monitoring = true;
            onceConnected.add(ch.name);
            const native = ch.nativeType ?? NativeType.DOUBLE;
            const type = toolTimeType(native, fmt.enumAsNumber, o.s === true);
            const count = reqElems > ch.elementCount ? ch.elementCount : reqElems;
            subs.add(
              ch.monitor({ type, mask, count: count === 0 ? undefined : count }).subscribe((reading) => {
                lastCount.set(ch.name, reading.count);
                write(timeValueLine({ name: ch.name, nElems: reading.count, status: Eca.NORMAL, reading }, fmt, reqElems, true, nowTimestamp(), mode, stamps));
              }),
            );
          } else if (state === 'disconnected') {
            const nElems = lastCount.get(ch.name) ?? ch.elementCount;
            write(timeValueLine({ name: ch.name, nElems, status: Eca.DISCONN }, fmt, reqElems, true, nowTimestamp(), mode, stamps));
          }
        }),
      );
    };
    const channels = names.map((n) => client.channel(n));
    channels.forEach(watch);
    // After the timeout, say which PVs were not found (camonitor keeps waiting for them).
    const notFound = setTimeout(() => {
      for (const ch of channels) {
        if (!onceConnected.has(ch.name)) write(timeValueLine({ name: ch.name, nElems: 0, status: Eca.NORMAL }, fmt, reqElems, false, nowTimestamp()));
      }
    }, Math.max(0, timeout) * 1000);

    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    clearTimeout(notFound);
    subs.unsubscribe();
    await client.close();
  });
}
