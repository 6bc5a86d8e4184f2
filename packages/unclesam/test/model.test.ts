import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@devioc/core';
import { ATTRIBUTE_TABLE, attributesOf, optionsFromCli, PORTS_LENGTH, RobotModel, STATUS_CHOICES, UNKNOWN_PORTS } from '../src/index.js';

let runtime: Runtime;
let model: RobotModel;
beforeAll(async () => {
  runtime = new Runtime({ serve: false });
  model = new RobotModel('SAM', { runtime, approachOn: 'GONIO:on', approachOff: 'GONIO:off' });
  await model.start();
});
afterAll(async () => {
  await model.shutdown();
  await runtime.close();
});

const record = (suffix: string) => runtime.db.get(`SAM:${suffix}`);

describe('the record model', () => {
  it('has mxdc’s 20 PVs, with the record types that give mxdc the value types it expects', () => {
    const mxdc: Record<string, string> = {
      PORTS: 'waveform',
      'STATE:PORT': 'stringin',
      'STATE:PREFETCHED': 'stringin',
      MESSAGE: 'stringin',
      'STATE:WRN': 'stringin',
      'STATE:CODE': 'ai',
      HEALTH: 'mbbi',
      ENABLED: 'mbbo',
      STATUS: 'mbbi',
      'STATE:POS': 'stringin',
      'TIMER:REHEAT': 'longin',
      'TIMER:SAMPLES': 'longin',
      'ATTR:REHEATTIME': 'longout',
      'ATTR:COOLTIME': 'longout',
      'PARAM:NEXTPORT': 'stringout',
      'CMD:mount': 'bo',
      'CMD:dismount': 'bo',
      'CMD:prefetch': 'bo',
      'CMD:abort': 'bo',
      'CMD:dry': 'bo',
    };
    for (const [suffix, type] of Object.entries(mxdc)) expect([suffix, record(suffix)?.typeName]).toEqual([suffix, type]);
  });

  it('serves about a hundred records, every field of the robot strings among them', () => {
    expect(model.recordHandles().length).toBeGreaterThanOrEqual(100);
    for (const suffix of ['STATE:FLAGS', 'STATE:NEEDCAL', 'STATE:TASK', 'STATE:CALSTEP', 'STATE:PINMOUNTED', 'STATE:SAMPLE', 'STATE:DUMBBELL', 'STATE:LN2',
      'STATE:PUCKMOVED:CNT', 'STATE:LEFT', 'STATE:INP', 'STATE:OUT', 'INP:heaterHot', 'OUT:dryAir', 'STATE:DRYING', 'STATE:APPROACH', 'INP:gonioReady',
      'PARAM:approachOn', 'CMD:setMounted', 'CONNECTED', 'LOG', 'ERROR', 'HELP']) {
      expect(record(suffix), suffix).toBeDefined();
    }
    for (const row of ATTRIBUTE_TABLE) expect(record(row.pv), row.pv).toBeDefined();
  });

  it('PORTS holds exactly 291 characters; STATE:PORT and STATE:PREFETCHED start empty', () => {
    expect(record('PORTS')?.num('NELM')).toBe(PORTS_LENGTH);
    expect(model.ports.get()).toBe(UNKNOWN_PORTS);
    expect(model.port.get()).toBe('');
    expect(model.prefetched.get()).toBe('');
  });

  it('STATUS keeps mxdc’s 0–3 and starts at FAULT (no robot yet); HEALTH starts BAD', () => {
    expect(STATUS_CHOICES).toEqual(['IDLE', 'WAITING', 'BUSY', 'STANDBY', 'FAULT']);
    expect(record('STATUS')?.get('ZRST')).toBe('IDLE');
    expect(record('STATUS')?.get('THST')).toBe('STANDBY');
    expect(model.status.get()).toBe(4);
    expect(model.health.get()).toBe(0);
    expect(model.enabled.get()).toBe(1);
  });

  it('takes the approach PVs from its options', () => {
    expect(model.approachOnPv.get()).toBe('GONIO:on');
    expect(model.approachOffPv.get()).toBe('GONIO:off');
  });

  it('the ATTR records make the robot_attribute value, defaults first', async () => {
    expect(attributesOf(model)).toMatchObject({ lostPinThreshold: 3, checkMagnet: true, detailedMessages: false });
    await model.attrLostThresh.put(9);
    await model.attrDetailMsg.put(1);
    expect(attributesOf(model)).toMatchObject({ lostPinThreshold: 9, detailedMessages: true });
  });

  it('readbacks are read-only for clients; commands, parameters and attributes are writable', () => {
    expect(record('STATE:PORT')?.readOnly).toBe(true);
    expect(record('STATUS')?.readOnly).toBe(true);
    expect(record('PARAM:NEXTPORT')?.readOnly).toBe(false);
    expect(record('CMD:mount')?.readOnly).toBe(false);
    expect(record('ATTR:LOSTTHRESH')?.readOnly).toBe(false);
  });
});

describe('the command line', () => {
  it('maps to UncleSam options, seconds to milliseconds', () => {
    expect(
      optionsFromCli({ device: 'SAM', port: 14242, dhsName: 'robot', approachOn: 'G:on', approachOff: 'G:off', approachTimeout: 30, heartbeat: 5, heartbeatTimeout: 15, autoDry: true }),
    ).toMatchObject({ device: 'SAM', port: 14242, dhsName: 'robot', framing: 'dcs2', approachOn: 'G:on', approachTimeoutMs: 30_000, heartbeatMs: 5000, heartbeatTimeoutMs: 15_000, autoDry: true });
    expect(optionsFromCli({ device: 'SAM', port: 1, dhsName: 'r', approachTimeout: 1, heartbeat: 1, heartbeatTimeout: 1, autoDry: false, dcs1: true }).framing).toBe('dcs1');
  });
});
