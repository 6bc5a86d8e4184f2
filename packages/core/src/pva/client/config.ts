/** PVA client settings: options first, then EPICS_PVA_* from the environment, then pvxs's defaults. */
import os from 'node:os';
import { type Env, type HostPort, envNumber, envPort, envString, envYesNo, parseAddressList } from '../../ca/net/env.js';
import { broadcastAddresses } from '../../ca/net/interfaces.js';
import { DEFAULT_PVA_BROADCAST_PORT, DEFAULT_PVA_SERVER_PORT } from '../protocol/constants.js';

export interface PvaClientOptions {
  /** Search destinations, `host[:port]` (EPICS_PVA_ADDR_LIST). */
  addressList?: string[];
  /** Also search every interface's broadcast address (EPICS_PVA_AUTO_ADDR_LIST, default YES). */
  autoAddressList?: boolean;
  /** Default port of search destinations (EPICS_PVA_BROADCAST_PORT, 5076). */
  broadcastPort?: number;
  /** TCP name servers, `host[:port]` (EPICS_PVA_NAME_SERVERS), default port EPICS_PVA_SERVER_PORT. */
  nameServers?: string[];
  /** Default timeout in seconds (5, as pvxs's tools). */
  timeout?: number;
  /** Seconds of silence after which a connection is closed (EPICS_PVA_CONN_TMO, 30); probed with ECHO at half. */
  connectionTimeout?: number;
  /** The "ca" authentication's user and host (default: the OS user and host name). */
  userName?: string;
  hostName?: string;
  env?: Env;
}

export interface PvaClientConfig {
  searchDestinations: HostPort[];
  nameServers: HostPort[];
  timeoutMs: number;
  connectionTimeoutMs: number;
  userName: string;
  hostName: string;
}

export function resolvePvaClientConfig(options: PvaClientOptions = {}): PvaClientConfig {
  const env = options.env ?? process.env;
  const broadcastPort = options.broadcastPort ?? envPort(env, 'EPICS_PVA_BROADCAST_PORT', DEFAULT_PVA_BROADCAST_PORT);
  const serverPort = envPort(env, 'EPICS_PVA_SERVER_PORT', DEFAULT_PVA_SERVER_PORT);
  const dest = options.addressList
    ? parseAddressList(options.addressList.join(' '), broadcastPort)
    : parseAddressList(envString(env, 'EPICS_PVA_ADDR_LIST'), broadcastPort);
  const auto = options.autoAddressList ?? envYesNo(env, 'EPICS_PVA_AUTO_ADDR_LIST', true);
  if (auto) for (const b of broadcastAddresses()) if (!dest.some((d) => d.host === b && d.port === broadcastPort)) dest.push({ host: b, port: broadcastPort });
  const nameServers = options.nameServers
    ? parseAddressList(options.nameServers.join(' '), serverPort)
    : parseAddressList(envString(env, 'EPICS_PVA_NAME_SERVERS'), serverPort);
  let user = options.userName;
  if (user === undefined) {
    try {
      user = os.userInfo().username;
    } catch {
      user = env.USER ?? '';
    }
  }
  return {
    searchDestinations: dest,
    nameServers,
    timeoutMs: (options.timeout ?? envNumber(env, 'DEVIOC_PVA_TIMEOUT') ?? 5) * 1000,
    connectionTimeoutMs: (options.connectionTimeout ?? envNumber(env, 'EPICS_PVA_CONN_TMO') ?? 30) * 1000,
    userName: user,
    hostName: options.hostName ?? os.hostname(),
  };
}
