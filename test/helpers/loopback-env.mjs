/**
 * The environment of an IOC a test starts (devioc softioc, or softIoc for a capture): CA on
 * 127.0.0.1 only, its server on `port`, beacons and the repeater on `port + 1`, and its CA
 * client (links, a pyepics beside it) searching `peerPort` (default its own). PVA off.
 */
export function loopbackIocEnv(port, { peerPort = port } = {}) {
  return {
    ...process.env,
    EPICS_CAS_SERVER_PORT: String(port),
    EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1',
    EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO',
    EPICS_CAS_BEACON_ADDR_LIST: `127.0.0.1:${port + 1}`,
    EPICS_CA_SERVER_PORT: String(peerPort),
    EPICS_CA_AUTO_ADDR_LIST: 'NO',
    EPICS_CA_ADDR_LIST: '127.0.0.1',
    EPICS_CA_REPEATER_PORT: String(port + 1),
    DEVIOC_PVA: 'NO',
  };
}
