/**
 * The client's settings: explicit options first, then the EPICS environment (EPICS_CA_*), then
 * libca's defaults.
 */
import os from 'node:os';
import { DEFAULT_MAX_ARRAY_BYTES, DEFAULT_REPEATER_PORT, DEFAULT_SERVER_PORT } from '../protocol/constants.js';
import { type Env, type HostPort, envNumber, envPort, envString, envYesNo, parseAddressList } from '../net/env.js';
import { broadcastAddresses } from '../net/interfaces.js';

export interface CaClientOptions {
  /** Search destinations, `host[:port]` (EPICS_CA_ADDR_LIST). */
  addressList?: string[];
  /** Also search every interface's broadcast address (EPICS_CA_AUTO_ADDR_LIST, default YES). */
  autoAddressList?: boolean;
  /** Default port of search destinations (EPICS_CA_SERVER_PORT, 5064). */
  serverPort?: number;
  /** Where beacons are heard: the CA repeater port (EPICS_CA_REPEATER_PORT, 5065). */
  repeaterPort?: number;
  /** Listen for beacons at all (default true); without them a restarted server is found by the search back-off only. */
  beacons?: boolean;
  /** TCP name servers, `host[:port]` (EPICS_CA_NAME_SERVERS). */
  nameServers?: string[];
  /** Seconds of silence before a circuit is probed with ECHO (EPICS_CA_CONN_TMO, 30). */
  connectionTimeout?: number;
  /** Seconds to wait for the ECHO reply before the server is declared unresponsive (libca: 5, at most connectionTimeout). */
  echoTimeout?: number;
  /** Longest search interval in seconds (EPICS_CA_MAX_SEARCH_PERIOD, 300, at least 60). */
  maxSearchPeriod?: number;
  /** Largest array payload accepted, in bytes (EPICS_CA_MAX_ARRAY_BYTES; unlimited with EPICS_CA_AUTO_ARRAY_BYTES=YES). */
  maxArrayBytes?: number;
  /** Default timeout of get/put/connect in seconds (default 5). */
  timeout?: number;
  /** Circuit priority 0..99 (default 0). */
  priority?: number;
  /** CLIENT_NAME (default: the OS user) and HOST_NAME (default: the host name). */
  userName?: string;
  hostName?: string;
  /** The environment to read; default process.env. */
  env?: Env;
}

export interface CaClientConfig {
  searchDestinations: HostPort[];
  serverPort: number;
  repeaterPort: number;
  beacons: boolean;
  nameServers: HostPort[];
  connectionTimeoutMs: number;
  echoTimeoutMs: number;
  maxSearchPeriodMs: number;
  /** Largest payload the circuit accepts in one message. */
  maxPayload: number;
  timeoutMs: number;
  priority: number;
  userName: string;
  hostName: string;
}

/** libca's CA_ECHO_TIMEOUT. */
const ECHO_TIMEOUT_S = 5;
/** Room for the DBR struct around the array (rsrv adds the same). */
const STRUCT_ROOM = 512;
/** With EPICS_CA_AUTO_ARRAY_BYTES=YES nothing is refused, but one message never makes us buffer more than this. */
const AUTO_ARRAY_LIMIT = 0x7fff_ffff;

const userName = (): string => {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
};

export function resolveClientConfig(options: CaClientOptions = {}): CaClientConfig {
  const env = options.env ?? process.env;
  const serverPort = options.serverPort ?? envPort(env, 'EPICS_CA_SERVER_PORT', DEFAULT_SERVER_PORT);
  const destinations = options.addressList
    ? parseAddressList(options.addressList.join(' '), serverPort)
    : parseAddressList(envString(env, 'EPICS_CA_ADDR_LIST'), serverPort);
  const auto = options.autoAddressList ?? envYesNo(env, 'EPICS_CA_AUTO_ADDR_LIST', true);
  if (auto) {
    for (const b of broadcastAddresses()) {
      if (!destinations.some((d) => d.host === b && d.port === serverPort)) destinations.push({ host: b, port: serverPort });
    }
  }
  const nameServers = options.nameServers
    ? parseAddressList(options.nameServers.join(' '), serverPort)
    : parseAddressList(envString(env, 'EPICS_CA_NAME_SERVERS'), serverPort);

  const connTmo = options.connectionTimeout ?? envNumber(env, 'EPICS_CA_CONN_TMO') ?? 30;
  const connectionTimeoutMs = Math.max(0.1, connTmo) * 1000;
  const echoTimeoutMs = (options.echoTimeout ?? Math.min(ECHO_TIMEOUT_S, connTmo)) * 1000;

  const maxSearch = options.maxSearchPeriod ?? envNumber(env, 'EPICS_CA_MAX_SEARCH_PERIOD') ?? 300;

  const autoArray = envYesNo(env, 'EPICS_CA_AUTO_ARRAY_BYTES', true);
  const maxArrayEnv = envNumber(env, 'EPICS_CA_MAX_ARRAY_BYTES');
  const maxArray = options.maxArrayBytes ?? (!autoArray && maxArrayEnv !== undefined && maxArrayEnv > 0 ? maxArrayEnv : undefined);
  const maxPayload = maxArray !== undefined ? Math.max(maxArray, DEFAULT_MAX_ARRAY_BYTES) + STRUCT_ROOM : AUTO_ARRAY_LIMIT;

  return {
    searchDestinations: destinations,
    serverPort,
    repeaterPort: options.repeaterPort ?? envPort(env, 'EPICS_CA_REPEATER_PORT', DEFAULT_REPEATER_PORT),
    beacons: options.beacons ?? true,
    nameServers,
    connectionTimeoutMs,
    echoTimeoutMs: Math.max(10, echoTimeoutMs),
    maxSearchPeriodMs: Math.max(60, maxSearch) * 1000,
    maxPayload,
    timeoutMs: (options.timeout ?? 5) * 1000,
    priority: Math.max(0, Math.min(99, options.priority ?? 0)),
    userName: options.userName ?? userName(),
    hostName: options.hostName ?? os.hostname(),
  };
}
