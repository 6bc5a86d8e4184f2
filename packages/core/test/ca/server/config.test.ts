import { describe, expect, it } from 'vitest';
import { nextBeaconInterval } from '../../../src/ca/server/beacon-schedule.js';
import { resolveServerConfig } from '../../../src/ca/server/config.js';

describe('server configuration from the EPICS environment', () => {
  it('takes EPICS_CAS_SERVER_PORT, else EPICS_CA_SERVER_PORT, else 5064', () => {
    expect(resolveServerConfig({ env: {} }).port).toBe(5064);
    expect(resolveServerConfig({ env: { EPICS_CA_SERVER_PORT: '6000' } }).port).toBe(6000);
    expect(resolveServerConfig({ env: { EPICS_CA_SERVER_PORT: '6000', EPICS_CAS_SERVER_PORT: '7000' } }).port).toBe(7000);
    expect(resolveServerConfig({ env: { EPICS_CAS_SERVER_PORT: 'junk' } }).port).toBe(5064);
  });

  it('binds EPICS_CAS_INTF_ADDR_LIST, or every interface', () => {
    expect(resolveServerConfig({ env: {} }).interfaces).toEqual(['0.0.0.0']);
    expect(resolveServerConfig({ env: { EPICS_CAS_INTF_ADDR_LIST: '127.0.0.1  127.0.0.2' } }).interfaces).toEqual(['127.0.0.1', '127.0.0.2']);
  });

  it('beacons to EPICS_CAS_BEACON_ADDR_LIST on EPICS_CAS_BEACON_PORT, plus broadcasts unless AUTO is NO', () => {
    const env = { EPICS_CAS_BEACON_ADDR_LIST: '10.1.2.255 10.1.3.4:7000', EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'NO', EPICS_CAS_BEACON_PORT: '6065' };
    expect(resolveServerConfig({ env }).beaconAddresses).toEqual([
      { host: '10.1.2.255', port: 6065 },
      { host: '10.1.3.4', port: 7000 },
    ]);
    const auto = resolveServerConfig({ env: { EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'YES' } }).beaconAddresses;
    expect(auto.some((a) => a.host === '127.255.255.255' && a.port === 5065)).toBe(true);
    // EPICS_CA_REPEATER_PORT is the beacon port when EPICS_CAS_BEACON_PORT is not set.
    expect(resolveServerConfig({ env: { EPICS_CA_REPEATER_PORT: '6100', EPICS_CAS_AUTO_BEACON_ADDR_LIST: 'YES' } }).beaconAddresses[0].port).toBe(6100);
  });

  it('takes EPICS_CAS_BEACON_PERIOD, else EPICS_CA_BEACON_PERIOD, else 15 s', () => {
    expect(resolveServerConfig({ env: {} }).beaconPeriodMs).toBe(15_000);
    expect(resolveServerConfig({ env: { EPICS_CA_BEACON_PERIOD: '5' } }).beaconPeriodMs).toBe(5_000);
    expect(resolveServerConfig({ env: { EPICS_CA_BEACON_PERIOD: '5', EPICS_CAS_BEACON_PERIOD: '2.5' } }).beaconPeriodMs).toBe(2_500);
  });

  it('limits incoming payloads to EPICS_CA_MAX_ARRAY_BYTES (never below 16384) and outgoing ones when AUTO_ARRAY_BYTES is NO', () => {
    const dflt = resolveServerConfig({ env: {} });
    expect(dflt.maxIncomingPayload).toBe(128 * 1024 * 1024);
    expect(dflt.maxOutgoingPayload).toBe(Number.POSITIVE_INFINITY);
    const set = resolveServerConfig({ env: { EPICS_CA_MAX_ARRAY_BYTES: '1000000' } });
    expect(set.maxIncomingPayload).toBe(1_000_000 + 512);
    expect(set.maxOutgoingPayload).toBe(Number.POSITIVE_INFINITY);
    const strict = resolveServerConfig({ env: { EPICS_CA_MAX_ARRAY_BYTES: '100', EPICS_CA_AUTO_ARRAY_BYTES: 'NO' } });
    expect(strict.maxIncomingPayload).toBe(16384 + 512);
    expect(strict.maxOutgoingPayload).toBe(16384 + 512);
  });

  it('drops searches from EPICS_CAS_IGNORE_ADDR_LIST', () => {
    expect([...resolveServerConfig({ env: { EPICS_CAS_IGNORE_ADDR_LIST: '10.0.0.1 10.0.0.2' } }).ignoreAddresses]).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('follows the EPICS beacon schedule: 20 ms, doubling, up to the period', () => {
    const intervals: number[] = [];
    let last: number | undefined;
    for (let i = 0; i < 12; i++) intervals.push((last = nextBeaconInterval(last, 15_000)));
    expect(intervals).toEqual([20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 15000, 15000]);
  });
});
