import { afterEach, describe, expect, it } from 'vitest';
import { formatPortsCompact, newHolder } from '@devioc/dcs-protocol';
import { type CommandFacts, Commands } from '../src/index.js';
import { sequenceBench } from './fake-robot.js';

type Bench = Awaited<ReturnType<typeof sequenceBench>>;
let bench: Bench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

async function desk(facts: Partial<CommandFacts> = {}) {
  bench = await sequenceBench();
  const cassette = { l: newHolder('1'), m: newHolder('3'), r: newHolder('1') };
  cassette.l.ports[15] = '0'; // LB8 empty
  await bench.robotState({ ports: formatPortsCompact(cassette), point: 'P0' });
  const refused: string[] = [];
  const b = bench;
  let aborts = 0;
  const commands = new Commands({
    model: b.model,
    sequencer: b.sequencer,
    facts: () => ({ enabled: true, connected: true, word: 0, severe: false, busy: b.sequencer.busy, ...facts }),
    abort: async () => {
      aborts++;
    },
    cleared: () => undefined,
    say: (t) => b.said.push(t),
    refuse: (t) => refused.push(t),
  });
  return { b, commands, refused, aborts: () => aborts };
}

describe('CMD: callbacks', () => {
  it('a pressed toggle goes back to 0 at once; a mount of PARAM:NEXTPORT runs', async () => {
    const { b, commands } = await desk();
    await b.model.nextPort.put('LA1');
    await b.model.mount.put(1, { quiet: true });
    commands.do_mount(b.model.mount, 1);
    expect(b.model.mount.get()).toBe(0);
    expect(b.sequencer.busy).toBe('mount');
    while (b.sequencer.busy) await new Promise((r) => setTimeout(r, 1));
    expect(b.robot.operations()[0]).toBe('prepare_mount_crystal l 1 A 0 0 0 0');
  });

  it('refuses while disabled, and says so; abort still goes through', async () => {
    const { b, commands, refused, aborts } = await desk({ enabled: false });
    await b.model.nextPort.put('LA1');
    commands.do_mount(b.model.mount, 1);
    commands.do_prefetch(b.model.prefetch, 1);
    commands.do_dry(b.model.dry, 1);
    commands.do_clear(b.model.clear, 1);
    commands.do_abort(b.model.abort, 1);
    expect(refused).toEqual(['mount refused: disabled by staff', 'prefetch refused: disabled by staff', 'dry refused: disabled by staff', 'clear refused: disabled by staff']);
    expect(aborts()).toBe(1);
    expect(b.robot.operations()).toEqual([]);
  });

  it('refuses bad ports, a mounted port, a second prefetch and a dismount of nothing, before any sequence starts', async () => {
    const { b, commands, refused } = await desk();
    const press = async (port: string, command: 'mount' | 'prefetch') => {
      await b.model.nextPort.put(port);
      if (command === 'mount') commands.do_mount(b.model.mount, 1);
      else commands.do_prefetch(b.model.prefetch, 1);
    };
    await press('LB8', 'mount');
    await press('QQ', 'mount');
    commands.do_dismount(b.model.dismount, 1);
    await b.robotState({ mounted: 'LA1' });
    await press('LA1', 'mount');
    await press('la1', 'prefetch');
    await b.model.prefetched.put('LA3');
    await press('LA4', 'prefetch');
    expect(refused).toEqual([
      'mount refused: LB8 is empty',
      'mount refused: "QQ" is not a port (LA1 … RL8)',
      'dismount refused: nothing is mounted',
      'mount refused: LA1 is already mounted',
      'prefetch refused: LA1 is mounted',
      'prefetch refused: LA3 is already prefetched',
    ]);
    expect(b.activities).toEqual(['idle']); // STATUS never moved
  });

  it('refuses motions while the robot needs a clear, but runs the clear', async () => {
    const { b, commands, refused } = await desk({ word: 1 });
    await b.model.nextPort.put('LA1');
    commands.do_mount(b.model.mount, 1);
    commands.do_clear(b.model.clear, 1);
    while (b.sequencer.busy) await new Promise((r) => setTimeout(r, 1));
    expect(refused).toEqual(['mount refused: robot needs clear']);
    expect(b.robot.operations()).toEqual(['robot_config clear']);
  });

  it('ignores the toggle going back to 0', async () => {
    const { b, commands, refused } = await desk();
    commands.do_mount(b.model.mount, 0);
    expect(refused).toEqual([]);
    expect(b.sequencer.busy).toBeUndefined();
  });
});
