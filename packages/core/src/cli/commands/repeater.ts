/**
 * `devioc repeater`: EPICS' caRepeater without EPICS base. One per host receives the servers'
 * beacons on the repeater port and forwards them to every local CA client that registered (libca
 * clients such as pyepics, caget or CS-Studio, and devioc processes), so that clients notice a
 * server that restarted or came back on the network and reconnect at once.
 */
import type { Command } from 'commander';
import { BeaconListener } from '../../ca/client/beacon-listener.js';
import { resolveClientConfig } from '../../ca/client/config.js';
import { configureLogging, getLogger } from '../../log/index.js';
import { exitFlushed } from '../exit-flushed.js';

export function registerRepeater(program: Command): void {
  program
    .command('repeater')
    .description("forward CA beacons to this host's clients, as EPICS' caRepeater does")
    .option('-p, --port <port>', 'UDP port (default EPICS_CA_REPEATER_PORT, else 5065)', (v: string) => Number(v))
    .option('-v, --verbose', 'debug logging (each registration)')
    .option('--log-file <path>', 'also log to this file (rotated at 1 MB, 10 kept)')
    .action(async (opts: { port?: number; verbose?: boolean; logFile?: string }) => {
      configureLogging({ level: opts.verbose ? 'debug' : 'info', file: opts.logFile });
      const log = getLogger('repeater');
      const port = opts.port ?? resolveClientConfig().repeaterPort;
      if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port: "${opts.port}" is not a UDP port`);
      const listener = new BeaconListener(port, {
        log,
        sendFromSearchSocket: () => undefined,
        onRepeated: () => undefined,
      });
      if (!(await listener.startAsRepeater())) {
        // caRepeater does the same: one repeater per host is enough, a second one leaves quietly.
        log.info(`repeater: UDP port ${port} is already in use (a repeater runs on this host); exiting`);
        return;
      }
      log.important(`repeater: listening on UDP port ${port}`);
      const stop = async (): Promise<void> => {
        await listener.close();
        await exitFlushed(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
