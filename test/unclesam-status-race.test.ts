// Issue 16: with a RobotDHS that completes operations within milliseconds, STATUS must stay
// BUSY until UncleSAM's own sequence has ended: a client that waits for IDLE (as mxdc does) and
// then writes the next command is never refused as busy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './helpers/lut.js';
import { GonioIoc, PvWatch, SimulatorProcess, startUncleSam, type UncleSamHarness } from './helpers/unclesam.js';

const IDLE = 0;
const STANDBY = 3;

let sam: UncleSamHarness;
let sim: SimulatorProcess;
let gonio: GonioIoc;
let status: PvWatch;
let log: PvWatch;

beforeAll(async () => {
  gonio = await GonioIoc.start(`GONIO${Math.floor(Math.random() * 1e6)}`);
  sam = await startUncleSam({ gonio });
  sim = await SimulatorProcess.start({ dhsPort: sam.dhsPort, timing: 'instant' });
  await sam.connected();
  status = await sam.watch('STATUS');
  log = await sam.watch('LOG', { text: true });
});

afterAll(async () => {
  await sim?.stop();
  await sam?.stop();
  await gonio?.stop();
});

/** Writes the command, waits for STATUS to leave IDLE and come back to IDLE, as mxdc does. */
async function command(name: string, port?: string): Promise<unknown[]> {
  const from = await status.mark();
  const logFrom = log.values.length;
  if (port !== undefined) await sam.put('PARAM:NEXTPORT', port);
  await sam.put(`CMD:${name}`, 1);
  await status.until((v) => v !== IDLE, 10_000, from);
  await status.until((v) => v === IDLE, 10_000, from + 1);
  const refusals = log.values.slice(logFrom).filter((text) => /refused/.test(String(text)));
  expect(refusals).toEqual([]);
  return status.since(from);
}

describe('STATUS with a RobotDHS that answers at once', () => {
  it('mount, then dismount as soon as STATUS is IDLE, ten times: never refused as busy', async () => {
    for (let i = 0; i < 10; i++) {
      await command('mount', i % 2 === 0 ? 'LA1' : 'LA2');
      expect(sam.app.sequencer.busy).toBeUndefined();
      await command('dismount');
      expect(sam.app.sequencer.busy).toBeUndefined();
    }
    expect(await sam.getText('STATE:PORT')).toBe('');
  });
});

describe('the same through a CA client that acts in its monitor callback, as mxdc does', () => {
  // mxdc counts a mount done when STATUS returns to IDLE or STANDBY (unclesam-ioc.md §3.1).
  it('mount; on the first IDLE or STANDBY after it, dismount at once; ten times', async () => {
    const { CaClient } = await import('@devioc/core/ca');
    const { freePort } = await import('./helpers/ports.js');
    const client = new CaClient({ addressList: [`127.0.0.1:${sam.caPort}`], autoAddressList: false, repeaterPort: await freePort() });
    try {
      const seen: number[] = [];
      let phase: 'idle' | 'mounting' | 'dismounting' = 'idle';
      let left = false;
      let done: () => void = () => undefined;
      const sub = client.monitor(sam.pv('STATUS')).subscribe((r) => {
        const v = Number(r.value);
        seen.push(v);
        if (phase === 'idle') return;
        if (v !== IDLE && v !== STANDBY) left = true;
        else if (left) {
          left = false;
          if (phase === 'mounting') {
            phase = 'dismounting';
            void client.put(sam.pv('CMD:dismount'), 1);
          } else done();
        }
      });
      for (let i = 0; i < 10; i++) {
        const logFrom = await log.mark();
        const finished = new Promise<void>((resolve) => (done = resolve));
        await client.put(sam.pv('PARAM:NEXTPORT'), 'LA1', { wait: true });
        phase = 'mounting';
        await client.put(sam.pv('CMD:mount'), 1);
        await finished;
        phase = 'idle';
        await until(() => sam.app.sequencer.busy === undefined, 'the sequence to end');
        await status.pull(0.05);
        await log.pull(0.05);
        expect(log.values.slice(logFrom).filter((t) => /refused/.test(String(t)))).toEqual([]);
      }
      sub.unsubscribe();
      expect(seen).not.toContain(STANDBY);
    } finally {
      await client.close();
    }
  });
});
