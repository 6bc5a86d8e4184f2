import { describe, expect, it } from 'vitest';
import { ROBOT_FLAGS } from '@devioc/dcs-protocol';
import { deriveHealth, deriveStatus, Health, Status } from '../src/index.js';

describe('HEALTH', () => {
  it('is good only when connected, with no need bit and no severe log', () => {
    expect(deriveHealth({ connected: true, word: 0, severe: false })).toBe(Health.GOOD);
    expect(deriveHealth({ connected: true, word: ROBOT_FLAGS.PORT_JAM, severe: false })).toBe(Health.GOOD);
    expect(deriveHealth({ connected: false, word: 0, severe: false })).toBe(Health.BAD);
    expect(deriveHealth({ connected: true, word: 0, severe: true })).toBe(Health.BAD);
    for (const need of [ROBOT_FLAGS.NEED_CLR, ROBOT_FLAGS.NEED_RST, ROBOT_FLAGS.NEED_CAL_MAG, ROBOT_FLAGS.NEED_CAL_BASIC, ROBOT_FLAGS.NEED_USER_ACTION]) {
      expect(deriveHealth({ connected: true, word: need, severe: false })).toBe(Health.BAD);
    }
  });
});

describe('STATUS (mxdc: 0 idle, 1/2/4 busy, 3 standby)', () => {
  const base = { connected: true, healthy: true, activity: 'idle' as const, robotTask: 'idle' };

  it('keeps the values mxdc relies on', () => {
    expect([Status.IDLE, Status.WAITING, Status.BUSY, Status.STANDBY, Status.FAULT]).toEqual([0, 1, 2, 3, 4]);
  });

  it('follows the sequence; FAULT when disconnected, or unhealthy with nothing running', () => {
    expect(deriveStatus(base)).toBe(Status.IDLE);
    expect(deriveStatus({ ...base, activity: 'busy' })).toBe(Status.BUSY);
    expect(deriveStatus({ ...base, activity: 'waiting' })).toBe(Status.WAITING);
    expect(deriveStatus({ ...base, activity: 'standby' })).toBe(Status.STANDBY);
    expect(deriveStatus({ ...base, healthy: false })).toBe(Status.FAULT);
    expect(deriveStatus({ ...base, healthy: false, activity: 'busy' })).toBe(Status.BUSY); // staff recovering it
    expect(deriveStatus({ ...base, connected: false, activity: 'busy' })).toBe(Status.FAULT);
    expect(deriveStatus({ ...base, robotTask: 'aborting' })).toBe(Status.BUSY);
    expect(deriveStatus({ ...base, robotTask: 'waiting_followup' })).toBe(Status.IDLE); // a prefetch holds at P3
  });
});
