/**
 * Our CA server against a second, independent client: the npm package epics-tca (a
 * TypeScript CA client written by others), over real sockets on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tca from 'epics-tca';
import { AlarmSeverity, AlarmStatus } from '@devioc/core';
import { freePort } from './helpers/ports.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let srv: TestServer;
let ctx: InstanceType<typeof tca.Context>;

beforeAll(async () => {
  srv = await startTestServer([
    { name: 'X:double', type: 'double', value: 1.5, meta: { units: 'mm', precision: 3, upperControl: 10, lowerControl: -10 } },
    { name: 'X:enum', type: 'enum', value: 1, meta: { enumStrings: ['A', 'B', 'C'] } },
    { name: 'X:string', type: 'string', value: 'hello' },
    { name: 'X:wave', type: 'long', count: 8, value: Int32Array.of(1, 2, 3) },
  ]);
  const repeater = await freePort();
  ctx = new tca.Context(
    { EPICS_CA_ADDR_LIST: '127.0.0.1', EPICS_CA_AUTO_ADDR_LIST: 'NO', EPICS_CA_SERVER_PORT: String(srv.port), EPICS_CA_REPEATER_PORT: String(repeater) },
    tca.type_log_levels.error,
  );
  await ctx.initialize();
});

afterAll(async () => {
  ctx?.destroyHard();
  await srv?.stop();
});

const channel = async (name: string) => {
  const ch = await ctx.createChannel(name, 'ca', 5);
  if (ch === undefined) throw new Error(`epics-tca could not connect ${name}`);
  return ch;
};

describe('epics-tca against the devioc CA server', () => {
  it('reads scalars, strings, enums and arrays, plain and TIME', async () => {
    for (const [name, want] of [['X:double', 1.5], ['X:enum', 1], ['X:string', 'hello'], ['X:wave', [1, 2, 3, 0, 0, 0, 0, 0]]] as const) {
      const ch = await channel(name);
      expect((await ch.get(5, ch.getDbrType()))?.value, name).toEqual(want);
      expect((await ch.get(5, ch.getDbrType_TIME()))?.value, name).toEqual(want);
    }
  });

  it('reads CTRL metadata', async () => {
    const ch = await channel('X:double');
    const ctrl = (await ch.get(5, ch.getDbrType_CTRL())) as Record<string, unknown>;
    expect(ctrl).toMatchObject({ units: 'mm', precision: 3, upper_ctrl_limit: 10, lower_ctrl_limit: -10, value: 1.5 });
  });

  it('puts with completion and sees the value, the alarm and monitor updates', async () => {
    const ch = await channel('X:double');
    expect(await ch.put([2.75], 5, true)).toBeDefined();
    expect(srv.pvs.get('X:double')!.value[0]).toBe(2.75);
    const seen: unknown[] = [];
    await ch.createMonitor(5, (m) => seen.push(m.getChannel().getDbrData().value));
    await ch.put([9], 5, true);
    srv.pvs.get('X:double')!.set(10, { status: AlarmStatus.HIHI, severity: AlarmSeverity.MAJOR });
    for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen.slice(0, 3)).toEqual([2.75, 9, 10]);
    const time = (await ch.get(5, ch.getDbrType_TIME())) as Record<string, unknown>;
    expect(time).toMatchObject({ status: AlarmStatus.HIHI, severity: AlarmSeverity.MAJOR, value: 10 });
  });
});
