/**
 * `devioc pvget / pvput / pvmonitor / pvinfo`: pvAccess tools with the options and output of
 * pvxs's pvxget, pvxput, pvxmonitor and pvxinfo (the EPICS_PVA_* environment applies).
 */
import type { Command } from 'commander';
import { PvaClient } from '../../pva/client/client.js';
import { formatDelta, formatTree, formatType } from '../../pva/client/format.js';
import { resolvePvaClientConfig } from '../../pva/client/config.js';
import type { FieldDesc } from '../../pva/protocol/field-desc.js';
import type { BitSet } from '../../pva/protocol/bitset.js';
import type { PvaStruct } from '../../pva/protocol/value.js';
import { putArgumentsToValue } from '../../pva/client/assign.js';

interface PvaToolOptions {
  r?: string;
  w?: string;
  count?: string;
  F?: string;
  v?: boolean;
}

/** -F delta (the default: marked fields) or tree (the whole structure), as pvxs's tools; anything else warns. */
function printerOf(o: PvaToolOptions): (type: FieldDesc, value: PvaStruct, marked: BitSet, limit: number) => string {
  if (o.F === 'tree') return (t, v, _m, limit) => formatTree(t, v, limit);
  if (o.F !== undefined && o.F !== 'delta') process.stderr.write(`Warning: ignoring unknown format '${o.F}'\n`);
  return formatDelta;
}

/** -v: the effective configuration, as pvxs's tools print it. */
function printConfig(o: PvaToolOptions): void {
  if (!o.v) return;
  const c = resolvePvaClientConfig();
  process.stdout.write(
    `Effective config\nEPICS_PVA_ADDR_LIST=${c.searchDestinations.map((d) => `${d.host}:${d.port}`).join(' ')}\n` +
      `EPICS_PVA_AUTO_ADDR_LIST=NO\nEPICS_PVA_NAME_SERVERS=${c.nameServers.map((d) => `${d.host}:${d.port}`).join(' ')}\n` +
      `EPICS_PVA_CONN_TMO=${c.connectionTimeoutMs / 1000}\n`,
  );
}

const timeoutOf = (o: PvaToolOptions): number => {
  const t = o.w === undefined ? 5 : Number(o.w);
  return Number.isFinite(t) && t > 0 ? t : 5;
};
const limitOf = (o: PvaToolOptions): number => {
  const n = o.count === undefined ? 20 : Number(o.count);
  return Number.isInteger(n) && n >= 0 ? n : 20;
};

function common(cmd: Command, withRequest = true): Command {
  if (withRequest) cmd.option('-r <req>', 'pvRequest condition, e.g. "field(value)" or "record[block=true]"');
  return cmd.option('-w <sec>', 'operation timeout in seconds (default 5)').option('-v', 'print the effective configuration first');
}

export function registerPvaTools(program: Command): void {
  common(
    program
      .command('pvget')
      .description('read PVs over pvAccess, like pvxget')
      .argument('<pv...>', 'PV names')
      .option('-#, --count <cnt>', 'maximum number of elements to print for each array field (0: all; default 20)')
      .option('-F <fmt>', 'output format: delta (default) or tree'),
  ).action(async (names: string[], o: PvaToolOptions) => {
    printConfig(o);
    const print = printerOf(o);
    const client = new PvaClient({ timeout: timeoutOf(o) });
    let failed = 0;
    try {
      const results = await Promise.allSettled(names.map((n) => client.get(n, { request: o.r })));
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') process.stdout.write(`${names[i]}\n${print(r.value.type, r.value.value, r.value.marked, limitOf(o))}`);
        else failed++;
      });
      if (failed > 0) process.stderr.write(`Timeout with ${failed} outstanding\n`);
    } finally {
      await client.close();
    }
    process.exitCode = failed > 0 ? 1 : 0;
  });

  common(
    program
      .command('pvput')
      .description('write a PV over pvAccess, like pvxput: VALUE, or field=value pairs (value.index=1)')
      .argument('<pv>', 'PV name')
      .argument('<value...>', 'the value, or field=value pairs'),
  ).action(async (name: string, values: string[], o: PvaToolOptions) => {
    const client = new PvaClient({ timeout: timeoutOf(o) });
    try {
      await client.put(name, putArgumentsToValue(values), { request: o.r });
    } catch (err) {
      process.stderr.write(`Error: ${(err as Error).message}\n`);
      process.exitCode = 1;
    } finally {
      await client.close();
    }
  });

  common(
    program
      .command('pvmonitor')
      .description('watch PVs over pvAccess, like pvxmonitor (Ctrl-C to stop)')
      .argument('<pv...>', 'PV names')
      .option('-#, --count <cnt>', 'maximum number of elements to print for each array field (0: all; default 20)')
      .option('-F <fmt>', 'output format: delta (default) or tree'),
  ).action((names: string[], o: PvaToolOptions) => {
    printConfig(o);
    const print = printerOf(o);
    const client = new PvaClient({ timeout: timeoutOf(o) });
    let open = names.length;
    const subs = names.map((n) =>
      client
        .monitor(n, {
          request: o.r,
          onConnection: (up, server) => process.stderr.write(up ? `${n} Connected to ${server}\n` : `${n} Disconnected\n`),
        })
        .subscribe({
        next: (u) => process.stdout.write(`${n}\n${print(u.type, u.value, u.marked, limitOf(o))}`),
        error: (err: unknown) => {
          process.stderr.write(`${n} Error : ${(err as Error).message}\n`);
          if (--open === 0) void client.close();
        },
        complete: () => {
          process.stderr.write(`${n} Finished\n`);
          if (--open === 0) void client.close();
        },
      }),
    );
    const stop = (): void => {
      process.stderr.write('Interrupted\n');
      for (const s of subs) s.unsubscribe();
      void client.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

  common(
    program
      .command('pvinfo')
      .description("print a PV's type over pvAccess, like pvxinfo")
      .argument('<pv...>', 'PV names'),
    false,
  ).action(async (names: string[], o: PvaToolOptions) => {
    const client = new PvaClient({ timeout: timeoutOf(o) });
    let failed = 0;
    try {
      for (const n of names) {
        try {
          const { type, server } = await client.info(n);
          process.stdout.write(`${n} from ${server}\n${formatType(type)}`);
        } catch (err) {
          failed++;
          process.stdout.write(`${n} Error: ${(err as Error).message}\n`);
        }
      }
    } finally {
      await client.close();
    }
    process.exitCode = failed > 0 ? 1 : 0;
  });
}
