/**
 * `--http PORT` and `--web-write` for the commands that serve records: a web server (the
 * generated screen, and a PV Web Socket endpoint) from @devioc/web, loaded only when asked for,
 * since @devioc/web itself builds on this package.
 */
import type { Command } from 'commander';
import { httpPort, loadWebModule, type WebServerLike } from '../runtime/runtime-web.js';
import type { CaClient } from '../ca/client/context.js';
import type { RecordDatabase } from '../records/database.js';

export interface WebCliOptions {
  http?: string;
  webWrite?: boolean;
  webThrottle?: string;
}

export function addWebOptions(command: Command): Command {
  return command
    .option('--http <port>', 'serve the live web screen and a PV Web Socket (pvws) endpoint on this HTTP port')
    .option('--web-write', 'let web pages write PVs (off by default; record access rules still apply)')
    .option('--web-throttle <ms>', 'minimum time between two web updates of one PV', '100');
}

/** Starts the web server when `--http` was given; undefined otherwise. */
export async function startWebFromCli(
  opts: WebCliOptions,
  what: { db?: RecordDatabase; ca?: CaClient; closeCaChannels?: boolean; title: string },
): Promise<WebServerLike | undefined> {
  if (opts.http === undefined) return undefined;
  const port = httpPort(opts.http);
  const { WebServer } = await loadWebModule();
  const server = new WebServer({ port, write: opts.webWrite ?? false, throttleMs: Number(opts.webThrottle ?? 100), ...what });
  await server.start();
  return server;
}

export { loadWebModule, type WebServerLike };
