import { DEFAULT_BEACON_PERIOD_S, DEFAULT_MAX_ARRAY_BYTES, DEFAULT_REPEATER_PORT, DEFAULT_SERVER_PORT } from '../protocol/constants.js';
import { type Env, envNumber, envPort, envString, envYesNo, parseAddressList } from '../net/env.js';
import { broadcastAddresses } from '../net/interfaces.js';

/** Options a caller may set; anything left out comes from the EPICS environment. */
export interface CaServerOptions {
  /** UDP search and TCP port; default EPICS_CAS_SERVER_PORT, then EPICS_CA_SERVER_PORT, then 5064. */
  port?: number;
  /** Interfaces to listen on; default EPICS_CAS_INTF_ADDR_LIST, else all (0.0.0.0). */
  interfaces?: string[];
  /** Beacon destinations (host[:port]); default EPICS_CAS_BEACON_ADDR_LIST (+ auto list). */
  beaconAddresses?: string[];
  /** Add every interface's broadcast address to the beacon list (EPICS_CAS_AUTO_BEACON_ADDR_LIST). */
  autoBeaconAddresses?: boolean;
  /** Longest interval between beacons in seconds (EPICS_CAS_BEACON_PERIOD). */
  beaconPeriod?: number;
  /** Beacon destination port (EPICS_CAS_BEACON_PORT, then EPICS_CA_REPEATER_PORT, then 5065). */
  beaconPort?: number;
  /** Largest array payload, in bytes, accepted from or sent to a client. */
  maxArrayBytes?: number;
  /** UDP sources whose searches are ignored (EPICS_CAS_IGNORE_ADDR_LIST). */
  ignoreAddresses?: string[];
  /** A client whose socket stays congested this long is disconnected (ms). Default DEVIOC_CAS_SLOW_CLIENT_TMO seconds, else 60 s. */
  slowClientTimeoutMs?: number;
  /** The environment to read; default process.env. */
  env?: Env;
}

export interface CaServerConfig {
  port: number;
  interfaces: string[];
  beaconAddresses: { host: string; port: number }[];
  beaconPeriodMs: number;
  /** Largest payload accepted in one incoming message. */
  maxIncomingPayload: number;
  /** Largest payload sent in one reply; Infinity when EPICS_CA_AUTO_ARRAY_BYTES is YES. */
  maxOutgoingPayload: number;
  ignoreAddresses: Set<string>;
  slowClientTimeoutMs: number;
}

/**
 * With EPICS_CA_AUTO_ARRAY_BYTES=YES (the default since 3.16.1) rsrv sizes its buffers on
 * demand. We still bound what one incoming message may make us buffer, so that a header
 * claiming gigabytes costs nothing: EPICS_CA_MAX_ARRAY_BYTES when set, else 128 MiB.
 */
const DEFAULT_AUTO_INCOMING_LIMIT = 128 * 1024 * 1024;
/** Room for the largest DBR struct around an array (rsrv adds the same). */
const STRUCT_ROOM = 512;

export function resolveServerConfig(options: CaServerOptions = {}): CaServerConfig {
  const env = options.env ?? process.env;
  const caPort = envPort(env, 'EPICS_CA_SERVER_PORT', DEFAULT_SERVER_PORT);
  const port = options.port ?? envPort(env, 'EPICS_CAS_SERVER_PORT', caPort);

  const interfaces =
    options.interfaces ?? parseAddressList(envString(env, 'EPICS_CAS_INTF_ADDR_LIST'), port).map((a) => a.host);

  const beaconPort =
    options.beaconPort ?? envPort(env, 'EPICS_CAS_BEACON_PORT', envPort(env, 'EPICS_CA_REPEATER_PORT', DEFAULT_REPEATER_PORT));
  const explicitBeacons = options.beaconAddresses
    ? parseAddressList(options.beaconAddresses.join(' '), beaconPort)
    : parseAddressList(envString(env, 'EPICS_CAS_BEACON_ADDR_LIST'), beaconPort);
  const auto = options.autoBeaconAddresses ?? envYesNo(env, 'EPICS_CAS_AUTO_BEACON_ADDR_LIST', true);
  const beaconAddresses = [...explicitBeacons];
  if (auto) {
    for (const b of broadcastAddresses()) {
      if (!beaconAddresses.some((a) => a.host === b && a.port === beaconPort)) beaconAddresses.push({ host: b, port: beaconPort });
    }
  }

  const periodS =
    options.beaconPeriod ?? envNumber(env, 'EPICS_CAS_BEACON_PERIOD') ?? envNumber(env, 'EPICS_CA_BEACON_PERIOD') ?? DEFAULT_BEACON_PERIOD_S;

  const autoArray = envYesNo(env, 'EPICS_CA_AUTO_ARRAY_BYTES', true);
  const maxArrayEnv = envNumber(env, 'EPICS_CA_MAX_ARRAY_BYTES');
  const maxArray = options.maxArrayBytes ?? (maxArrayEnv !== undefined && maxArrayEnv > 0 ? maxArrayEnv : undefined);
  const maxIncomingPayload =
    maxArray !== undefined ? Math.max(maxArray, DEFAULT_MAX_ARRAY_BYTES) + STRUCT_ROOM : DEFAULT_AUTO_INCOMING_LIMIT;
  const maxOutgoingPayload =
    maxArray !== undefined && (options.maxArrayBytes !== undefined || !autoArray)
      ? Math.max(maxArray, DEFAULT_MAX_ARRAY_BYTES) + STRUCT_ROOM
      : Number.POSITIVE_INFINITY;

  const ignore = options.ignoreAddresses ?? parseAddressList(envString(env, 'EPICS_CAS_IGNORE_ADDR_LIST'), 0).map((a) => a.host);

  return {
    port,
    interfaces: interfaces.length > 0 ? interfaces : ['0.0.0.0'],
    beaconAddresses,
    beaconPeriodMs: Math.max(0.02, periodS) * 1000,
    maxIncomingPayload,
    maxOutgoingPayload,
    ignoreAddresses: new Set(ignore),
    // devioc's own setting (EPICS has none): seconds a client may stay unread before it is cut off.
    slowClientTimeoutMs: options.slowClientTimeoutMs ?? (envNumber(env, 'DEVIOC_CAS_SLOW_CLIENT_TMO') ?? 60) * 1000,
  };
}
