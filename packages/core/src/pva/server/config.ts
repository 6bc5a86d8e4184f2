/** PVA server settings: options given, else the EPICS_PVAS_* / EPICS_PVA_* environment, as pvxs reads them. */
import { type Env, envNumber, envPort, envString, envYesNo, parseAddressList } from '../../ca/net/env.js';
import { broadcastAddresses } from '../../ca/net/interfaces.js';
import { DEFAULT_PVA_BROADCAST_PORT, DEFAULT_PVA_SERVER_PORT } from '../protocol/constants.js';

export interface PvaServerOptions {
  /** TCP port; default EPICS_PVAS_SERVER_PORT, then EPICS_PVA_SERVER_PORT, then 5075 (ephemeral if taken). */
  port?: number;
  /** UDP search port; default EPICS_PVAS_BROADCAST_PORT, then EPICS_PVA_BROADCAST_PORT, then 5076. */
  broadcastPort?: number;
  /** Interfaces; default EPICS_PVAS_INTF_ADDR_LIST, else all. */
  interfaces?: string[];
  /** Beacon destinations; default EPICS_PVAS_BEACON_ADDR_LIST (+ the auto list). */
  beaconAddresses?: string[];
  /** EPICS_PVAS_AUTO_BEACON_ADDR_LIST (default YES). */
  autoBeaconAddresses?: boolean;
  /** Largest incoming message (bytes). */
  maxMessageBytes?: number;
  env?: Env;
}

export interface PvaServerConfig {
  port: number;
  broadcastPort: number;
  interfaces: string[];
  beaconAddresses: { host: string; port: number }[];
  maxMessageBytes: number;
}

export function resolvePvaServerConfig(options: PvaServerOptions = {}): PvaServerConfig {
  const env = options.env ?? process.env;
  const port = options.port ?? envPort(env, 'EPICS_PVAS_SERVER_PORT', envPort(env, 'EPICS_PVA_SERVER_PORT', DEFAULT_PVA_SERVER_PORT));
  const broadcastPort =
    options.broadcastPort ?? envPort(env, 'EPICS_PVAS_BROADCAST_PORT', envPort(env, 'EPICS_PVA_BROADCAST_PORT', DEFAULT_PVA_BROADCAST_PORT));
  const interfaces = options.interfaces ?? parseAddressList(envString(env, 'EPICS_PVAS_INTF_ADDR_LIST'), port).map((a) => a.host);
  const beacons = options.beaconAddresses
    ? parseAddressList(options.beaconAddresses.join(' '), broadcastPort)
    : parseAddressList(envString(env, 'EPICS_PVAS_BEACON_ADDR_LIST') ?? envString(env, 'EPICS_PVA_ADDR_LIST'), broadcastPort);
  const auto = options.autoBeaconAddresses ?? envYesNo(env, 'EPICS_PVAS_AUTO_BEACON_ADDR_LIST', envYesNo(env, 'EPICS_PVA_AUTO_ADDR_LIST', true));
  if (auto) for (const b of broadcastAddresses()) if (!beacons.some((a) => a.host === b)) beacons.push({ host: b, port: broadcastPort });
  const maxMessageBytes = options.maxMessageBytes ?? envNumber(env, 'DEVIOC_PVA_MAX_MESSAGE_BYTES') ?? 64 * 1024 * 1024;
  return { port, broadcastPort, interfaces: interfaces.length > 0 ? interfaces : ['0.0.0.0'], beaconAddresses: beacons, maxMessageBytes };
}
