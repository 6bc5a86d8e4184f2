import { afterEach, describe, expect, it } from 'vitest';
import { formatPortsCompact, newHolder } from '@devioc/dcs-protocol';
import { checkMoves, dismountSequence, drySequence, mountOutcome, mountSequence, moveSequence, prefetchSequence, probeFlags, staffSequences, standbySequence, washSequence } from '../src/index.js';
import { sequenceBench } from './fake-robot.js';

const LA1 = { cassette: 'l' as const, column: 'A', row: 1 };
const LA2 = { cassette: 'l' as const, column: 'A', row: 2 };
const PORTS = formatPortsCompact({ l: newHolder('1'), m: newHolder('3'), r: newHolder('1') });

type Bench = Awaited<ReturnType<typeof sequenceBench>>;
let bench: Bench | undefined;
const open = async (options?: Parameters<typeof sequenceBench>[0]): Promise<Bench> => {
  bench = await sequenceBench(options);
  await bench.robotState({ ports: PORTS, point: 'P0' });
  return bench;
};
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

describe('mount', () => {
  it('prepare, approach-on on "OK to prepare", mount, then robot_standby and approach-off', async () => {
    const b = await open();
    const samples = b.model.samplesTimer.get();
    expect(await b.sequencer.start('mount', mountSequence(LA1))).toBe(true);
    expect(b.robot.operations()).toEqual(['prepare_mount_crystal l 1 A 0 0 0 0', 'mount_crystal l 1 A 0 0 0 0', 'robot_standby']);
    expect(b.robot.timeline).toEqual([
      'start prepare_mount_crystal',
      'write G:on', // on the update, while the tong cools
      'wrote G:on',
      'done prepare_mount_crystal',
      'start mount_crystal',
      'done mount_crystal',
      'start robot_standby', // first: the robot's follow-up window is short
      'write G:off',
      'wrote G:off',
      'done robot_standby',
    ]);
    // BUSY until the sequence has ended, robot_standby included: never STANDBY while a command would be refused.
    expect(b.activities).toEqual(['idle', 'busy', 'waiting', 'busy', 'idle']);
    expect(b.said).toEqual(['mounting LA1', 'LA1 mounted']);
    expect(b.errors).toEqual([]);
    expect(b.model.samplesTimer.get()).toBe(samples - 1);
    expect(b.approach.isOn).toBe(false);
    expect(b.model.approach.get()).toBe(0);
  });

  it('sends the goniometer offsets and the wash cycles', async () => {
    const b = await open();
    await b.model.dx.put(1.5);
    await b.model.du.put(-2);
    await b.model.wash.put(2);
    await b.sequencer.start('mount', mountSequence(LA1));
    expect(b.robot.operations().slice(0, 2)).toEqual(['prepare_mount_crystal l 1 A 1.5 0 0 -2', 'mount_crystal l 1 A 1.5 0 0 -2 2']);
  });

  it('is mount-next when a sample is on the goniometer', async () => {
    const b = await open();
    await b.robotState({ mounted: 'LA1' });
    await b.sequencer.start('mount', mountSequence(LA2));
    expect(b.robot.operations()).toEqual([
      'prepare_mount_next_crystal l 1 A l 2 A 0 0 0 0',
      'mount_next_crystal l 1 A l 2 A 0 0 0 0',
      'robot_standby',
    ]);
    expect(b.said.at(-1)).toBe('LA2 mounted');
  });

  it('skips the prepare for the prefetched port while the robot waits at P3', async () => {
    const b = await open();
    await b.sequencer.start('prefetch', prefetchSequence(LA2));
    expect(b.robot.operations()).toEqual(['prepare_mount_crystal l 2 A 0 0 0 0']);
    expect(b.robot.timeline).not.toContain('write G:on'); // a prefetch keeps the robot out of the goniometer area
    expect(b.model.prefetched.get()).toBe('LA2');
    await b.robotState({ point: 'P3' });
    await b.sequencer.start('mount', mountSequence(LA2));
    expect(b.robot.operations().slice(1)).toEqual(['mount_crystal l 2 A 0 0 0 0', 'robot_standby']);
    expect(b.robot.timeline.filter((t) => t.startsWith('write'))).toEqual(['write G:on', 'write G:off']);
    expect(b.model.prefetched.get()).toBe('');
  });

  it('prepares again when another port is asked for than the one prefetched', async () => {
    const b = await open();
    await b.sequencer.start('prefetch', prefetchSequence(LA2));
    await b.robotState({ point: 'P3' });
    await b.sequencer.start('mount', mountSequence(LA1));
    expect(b.robot.operations()).toEqual(['prepare_mount_crystal l 2 A 0 0 0 0', 'prepare_mount_crystal l 1 A 0 0 0 0', 'mount_crystal l 1 A 0 0 0 0', 'robot_standby']);
  });

  it('reports "nothing mounted" (n 0 N) as a failure, after sending the robot home and releasing the goniometer', async () => {
    const b = await open();
    b.robot.answer('mount_crystal', () => ({ completion: 'normal n 0 N' }));
    const samples = b.model.samplesTimer.get();
    await b.sequencer.start('mount', mountSequence(LA1));
    expect(b.robot.operations()).toEqual(['prepare_mount_crystal l 1 A 0 0 0 0', 'mount_crystal l 1 A 0 0 0 0', 'robot_standby']); // sent home once
    expect(b.said.at(-1)).toBe('mount failed: nothing mounted (pin lost?)');
    expect(b.errors).toEqual(['mount failed: nothing mounted (pin lost?)']);
    expect(b.robot.timeline).toContain('wrote G:off');
    expect(b.model.samplesTimer.get()).toBe(samples);
  });

  it('a refused prepare: no approach at all, the robot sent home, MESSAGE without the FAILED prefix', async () => {
    const b = await open();
    b.robot.answer('prepare_mount_crystal', () => ({ completion: 'FAILED: no sample in port lA1' }));
    await b.sequencer.start('mount', mountSequence(LA1));
    expect(b.robot.operations()).toEqual(['prepare_mount_crystal l 1 A 0 0 0 0', 'robot_standby']);
    expect(b.robot.timeline.filter((t) => t.startsWith('write'))).toEqual([]);
    expect(b.said.at(-1)).toBe('mount failed: no sample in port lA1');
  });

  it('a failure after approach-on still writes approach-off; an unhealthy robot is not sent home', async () => {
    const b = await open();
    b.robot.answer('mount_crystal', () => ({ completion: 'FAILED: gripper jammed' }));
    b.setHealthy(false);
    await b.sequencer.start('mount', mountSequence(LA1));
    expect(b.robot.operations()).toEqual(['prepare_mount_crystal l 1 A 0 0 0 0', 'mount_crystal l 1 A 0 0 0 0']);
    expect(b.robot.timeline.filter((t) => t.startsWith('wrote'))).toEqual(['wrote G:on', 'wrote G:off']);
    expect(b.said.at(-1)).toBe('mount failed: gripper jammed');
    expect(b.model.approach.get()).toBe(0);
  });

  it('approach-on that cannot be written fails the mount before the robot enters, and approach-off is still tried', async () => {
    const b = await open({ failWrites: ['G:on'] });
    await b.sequencer.start('mount', mountSequence(LA1));
    expect(b.robot.operations()).toEqual(['prepare_mount_crystal l 1 A 0 0 0 0', 'robot_standby']);
    expect(b.said.at(-1)).toBe('mount failed: approach-on G:on failed: G:on unreachable');
    expect(b.robot.timeline.filter((t) => t.startsWith('wrote'))).toEqual(['wrote G:off']);
  });

  it('an approach-off that cannot be written is reported, but does not undo the mount', async () => {
    const b = await open({ failWrites: ['G:off'] });
    await b.sequencer.start('mount', mountSequence(LA1));
    expect(b.said.at(-1)).toBe('LA1 mounted');
    expect(b.errors[0]).toBe('approach-off G:off could not be written: G:off unreachable');
    expect(b.robot.operations()).toEqual(['prepare_mount_crystal l 1 A 0 0 0 0', 'mount_crystal l 1 A 0 0 0 0', 'robot_standby']);
    expect(b.model.approach.get()).toBe(1); // STATE:APPROACH stays ON: the goniometer was not told
    expect(b.approach.isOn).toBe(true);
  });

  it('an abort while the robot mounts: the sequence stops at once, approach-off, no standby', async () => {
    const b = await open();
    b.robot.answer('mount_crystal', () => ({})); // never completes
    const done = b.sequencer.start('mount', mountSequence(LA1));
    while (!b.robot.timeline.includes('start mount_crystal')) await new Promise((r) => setTimeout(r, 1));
    expect(b.sequencer.busy).toBe('mount');
    await b.sequencer.abort('aborted by CMD:abort');
    await done;
    expect(b.sequencer.busy).toBeUndefined();
    expect(b.said.at(-1)).toBe('mount aborted');
    expect(b.errors).toEqual([]);
    expect(b.robot.timeline.at(-1)).toBe('wrote G:off');
    expect(b.robot.operations()).not.toContain('robot_standby');
    expect(b.activities.at(-1)).toBe('idle');
  });

  it('the DHS dropping mid-mount fails it as "robot disconnected" and releases the goniometer', async () => {
    const b = await open();
    b.robot.answer('mount_crystal', () => ({}));
    const done = b.sequencer.start('mount', mountSequence(LA1));
    while (!b.robot.timeline.includes('start mount_crystal')) await new Promise((r) => setTimeout(r, 1));
    b.setHealthy(false);
    b.robot.drop();
    await done;
    expect(b.said.at(-1)).toBe('mount failed: robot disconnected');
    expect(b.robot.timeline.at(-1)).toBe('wrote G:off');
  });

  it('refuses a second sequence while one runs', async () => {
    const b = await open();
    b.robot.answer('prepare_mount_crystal', () => ({ completion: 'normal l 1 A', delayMs: 20 }));
    const first = b.sequencer.start('mount', mountSequence(LA1));
    expect(await b.sequencer.start('dry', drySequence)).toBe(false);
    expect(await first).toBe(true);
  });
});

describe('dismount', () => {
  it('prepare, approach, dismount, then robot_standby at once (4 s window), then approach-off', async () => {
    const b = await open({ approachDelayMs: 5 });
    await b.robotState({ mounted: 'LA1' });
    await b.sequencer.start('dismount', dismountSequence);
    expect(b.robot.operations()).toEqual(['prepare_dismount_crystal l 1 A 0 0 0 0', 'dismount_crystal l 1 A 0 0 0 0', 'robot_standby']);
    const t = b.robot.timeline;
    expect(t.indexOf('start robot_standby')).toBe(t.indexOf('done dismount_crystal') + 1);
    expect(t.indexOf('start robot_standby')).toBeLessThan(t.indexOf('write G:off'));
    expect(b.said).toEqual(['dismounting LA1', 'LA1 dismounted']);
  });

  it('with nothing on the goniometer it is refused', async () => {
    const b = await open();
    await b.sequencer.start('dismount', dismountSequence);
    expect(b.robot.operations()).toEqual([]);
    expect(b.said).toEqual(['dismount refused: nothing is mounted']);
  });
});

describe('move and wash', () => {
  const LB8 = { cassette: 'l' as const, column: 'B', row: 8 };

  it('move: prepare (no approach: the robot stays in the dewar), move with the pairs in robot notation, robot_standby at once', async () => {
    const b = await open();
    await b.sequencer.start('move', moveSequence([{ from: LA1, to: LB8 }, { from: LA2, to: LA1 }]));
    expect(b.robot.operations()).toEqual(['prepare_move_crystal lA1 lB8 lA2 lA1', 'move_crystal lA1 lB8 lA2 lA1', 'robot_standby']);
    const t = b.robot.timeline;
    expect(t.indexOf('start robot_standby')).toBe(t.indexOf('done move_crystal') + 1);
    expect(t.filter((e) => e.startsWith('write'))).toEqual([]);
    expect(b.activities).toEqual(['idle', 'busy', 'idle']);
    expect(b.said).toEqual(['moving LA1>LB8 LA2>LA1', '2 pins moved']);
  });

  it('move: a robot refusal fails it and sends the robot home; with a sample mounted it is refused', async () => {
    const b = await open();
    b.robot.answer('move_crystal', () => ({ completion: 'FAILED: target port lB8 is not empty' }));
    await b.sequencer.start('move', moveSequence([{ from: LA1, to: LB8 }]));
    expect(b.robot.operations().at(-1)).toBe('robot_standby');
    expect(b.errors).toEqual(['move failed: target port lB8 is not empty']);
    await b.robotState({ mounted: 'LA2' });
    const before = b.robot.operations().length;
    await b.sequencer.start('move', moveSequence([{ from: LA1, to: LB8 }]));
    expect(b.robot.operations()).toHaveLength(before);
    expect(b.said.at(-1)).toBe('move refused: a sample is mounted');
  });

  it('wash: prepare, approach-on on "OK to Wash", wash with times and offsets, robot_standby then approach-off', async () => {
    const b = await open();
    await b.robotState({ mounted: 'LA1' });
    await b.model.dz.put(0.5);
    await b.sequencer.start('wash', washSequence(3));
    expect(b.robot.operations()).toEqual(['prepare_wash_crystal 3 0 0 0.5 0', 'wash_crystal 3 0 0 0.5 0', 'robot_standby']);
    const t = b.robot.timeline;
    expect(t.indexOf('write G:on')).toBeLessThan(t.indexOf('done prepare_wash_crystal'));
    expect(t.indexOf('start robot_standby')).toBe(t.indexOf('done wash_crystal') + 1);
    expect(t.filter((e) => e.startsWith('write'))).toEqual(['write G:on', 'write G:off']);
    expect(b.activities).toEqual(['idle', 'busy', 'waiting', 'busy', 'idle']);
    expect(b.said).toEqual(['washing LA1 3 times', 'LA1 washed']);
    expect(b.approach.isOn).toBe(false);
  });

  it('wash with nothing mounted is refused before anything is sent', async () => {
    const b = await open();
    await b.sequencer.start('wash', washSequence(1));
    expect(b.robot.operations()).toEqual([]);
    expect(b.said).toEqual(['wash refused: nothing is mounted']);
  });

  it('checks PARAM:MOVE pair after pair against the port map', () => {
    const ports = formatPortsCompact({ l: newHolder('1'), m: newHolder('3'), r: newHolder('0') });
    const empty = (name: string) => {
      const i = 1 + (name.charCodeAt(1) - 65) * 8 + Number(name.slice(2)) - 1;
      return ports.slice(0, i) + '0' + ports.slice(i + 1);
    };
    const withLB8Empty = empty('LB8');
    expect(checkMoves('LA1 LB8 lA2 lA1', withLB8Empty)).toEqual({ ok: true, moves: [{ from: LA1, to: LB8 }, { from: LA2, to: LA1 }] });
    expect(checkMoves('  ', ports)).toEqual({ ok: false, reason: 'PARAM:MOVE is empty' });
    expect(checkMoves('LA1 LB8 LA2', ports)).toEqual({ ok: false, reason: 'PARAM:MOVE needs source/target pairs' });
    expect(checkMoves('LA1 XY9', ports)).toEqual({ ok: false, reason: '"XY9" is not a port (LA1 … RL8)' });
    expect(checkMoves('LA1 LB2', ports)).toEqual({ ok: false, reason: 'target LB2 holds a sample' });
    expect(checkMoves('LB8 LA1', withLB8Empty)).toEqual({ ok: false, reason: 'LB8 is empty' });
    expect(checkMoves('LA1 LB8 LA2 LB8', withLB8Empty)).toEqual({ ok: false, reason: 'target LB8 holds a sample' });
    expect(checkMoves('LA1 RA1', ports)).toEqual({ ok: false, reason: 'target RA1 does not exist in that holder' });
    expect(checkMoves('MF1 LB8', withLB8Empty)).toEqual({ ok: false, reason: 'MF1 does not exist in that holder' });
    expect(checkMoves('LA1 LB8', '')).toEqual({ ok: false, reason: 'the port map is not known yet' });
  });
});

describe('dry, standby and staff commands', () => {
  it('dry: heat_gripper for ATTR:REHEATTIME, soak ATTR:COOLTIME, then the timers start afresh', async () => {
    const b = await open();
    await b.model.reheatTime.put(7);
    await b.model.coolTime.put(0);
    await b.model.maxSamples.put(12);
    await b.model.reheatPeriod.put(600);
    await b.model.samplesTimer.put(0);
    await b.model.reheatTimer.put(0);
    const drying: number[] = [];
    b.model.drying.changes$.subscribe((v) => drying.push(v));
    await b.sequencer.start('dry', drySequence, 'standby');
    expect(b.robot.operations()).toEqual(['robot_config heat_gripper 7']);
    expect(b.activities).toEqual(['idle', 'standby', 'idle']);
    expect(drying).toEqual([1, 0]);
    expect(b.model.samplesTimer.get()).toBe(12);
    expect(b.model.reheatTimer.get()).toBe(600);
    expect(b.said.at(-1)).toBe('tong dried');
  });

  it('dry gives up a prefetched port (the tong goes home) and an abort during the soak keeps the timers', async () => {
    const b = await open();
    await b.model.coolTime.put(60);
    await b.model.samplesTimer.put(0);
    b.slot.set({ port: LA2, mounted: null });
    const done = b.sequencer.start('dry', drySequence, 'standby');
    while (!b.said.some((s) => s.startsWith('soaking'))) await new Promise((r) => setTimeout(r, 1));
    expect(b.model.prefetched.get()).toBe('');
    await b.sequencer.abort();
    await done;
    expect(b.model.samplesTimer.get()).toBe(0);
    expect(b.model.drying.get()).toBe(0);
    expect(b.said.at(-1)).toBe('dry aborted');
  });

  it('a robot that stops during the soak (emergency stop) ends the dry at once, failed, the timers kept', async () => {
    const b = await open();
    await b.model.coolTime.put(600);
    await b.model.samplesTimer.put(0);
    const done = b.sequencer.start('dry', drySequence, 'standby');
    while (!b.said.some((s) => s.startsWith('soaking'))) await new Promise((r) => setTimeout(r, 1));
    b.setHealthy(false, 'robot needs clear');
    await done; // not 600 s later
    expect(b.activities).toEqual(['idle', 'standby', 'idle']);
    expect(b.said.at(-1)).toBe('dry failed: robot needs clear');
    expect(b.errors.at(-1)).toBe('dry failed: robot needs clear');
    expect(b.said).not.toContain('tong dried');
    expect(b.model.samplesTimer.get()).toBe(0);
    expect(b.model.drying.get()).toBe(0);
  });

  it('a dry whose heating ends with the robot already unhealthy does not soak at all', async () => {
    const b = await open();
    await b.model.coolTime.put(600);
    b.robot.answer('robot_config', () => {
      b.setHealthy(false, 'severe robot error');
      return { completion: 'normal OK' };
    });
    await b.sequencer.start('dry', drySequence, 'standby');
    expect(b.said.at(-1)).toBe('dry failed: severe robot error');
  });

  it('standby runs robot_standby', async () => {
    const b = await open();
    await b.sequencer.start('standby', standbySequence, 'standby');
    expect(b.robot.operations()).toEqual(['robot_standby']);
  });

  it('staff commands send their robot_config / robot_calibrate arguments', async () => {
    const b = await open();
    await b.model.calib.put('goniometer');
    await b.model.config.put('  set_port_state  lX0 u ');
    await b.model.nextPort.put('MB12');
    await b.model.reheatTime.put(20);
    const clears: string[] = [];
    for (const sequence of [
      staffSequences.clear(() => clears.push('clear')),
      staffSequences.clearStatus(() => clears.push('clearStatus')),
      staffSequences.clearAll(() => clears.push('clearAll')),
      staffSequences.resetCassette(),
      staffSequences.heatGripper(b.model),
      staffSequences.openGripper(),
      staffSequences.resetCounter(),
      staffSequences.calibrate(b.model),
      staffSequences.config(b.model),
      staffSequences.setMounted(b.model),
    ]) {
      await b.sequencer.start('staff', sequence);
    }
    expect(b.robot.operations()).toEqual([
      'robot_config clear',
      'robot_config clear_status',
      'robot_config clear_all',
      'robot_config reset_cassette',
      'robot_config heat_gripper 20',
      'robot_config open_gripper',
      'robot_config reset_mounted_counter',
      'robot_calibrate goniometer',
      'robot_config set_port_state lX0 u',
      'robot_config set_mounted mB12',
    ]);
    expect(clears).toEqual(['clear', 'clearStatus', 'clearAll']);
    expect(b.said.at(-1)).toBe('set mounted mB12: OK');
  });

  it('staff commands with nothing to do are refused before anything is sent', async () => {
    const b = await open();
    await b.model.calib.put('');
    await b.model.config.put('');
    await b.model.nextPort.put('nope');
    expect(() => staffSequences.calibrate(b.model)).toThrow('calibrate refused: PARAM:CALIB is empty');
    expect(() => staffSequences.config(b.model)).toThrow('config refused: PARAM:CONFIG is empty');
    expect(() => staffSequences.setMounted(b.model)).toThrow('set mounted refused: PARAM:NEXTPORT is no port');
    expect(() => staffSequences.probe(b.model)).toThrow('probe refused: no port of unknown state');
  });

  it('probe flags: the ports of unknown state in the holders that are there', () => {
    const cassette = { l: newHolder('1'), m: newHolder('0'), r: newHolder('u') };
    cassette.l.ports[5] = 'u';
    const flags = probeFlags(formatPortsCompact(cassette));
    expect(flags).toHaveLength(291);
    expect(flags[0]).toBe('1');
    expect(flags.slice(1, 97).join('')).toBe(`${'0'.repeat(5)}1${'0'.repeat(90)}`);
    expect(flags.slice(97, 194).every((f) => f === '0')).toBe(true); // absent holder
    expect(flags.slice(194).every((f) => f === '1')).toBe(true); // unknown holder: every port
  });
});

describe('mount replies', () => {
  it('reads mount_crystal and mount_next_crystal results, partial ones included', () => {
    expect(mountOutcome('l 1 A', false, LA1)).toEqual({ mounted: LA1 });
    expect(mountOutcome('n 0 N', false, LA1)).toEqual({ mounted: null, problem: 'nothing mounted (pin lost?)' });
    expect(mountOutcome('l 1 A normal l 2 A', true, LA2)).toEqual({ mounted: LA2 });
    expect(mountOutcome('n 0 N normal l 2 A', true, LA2)).toEqual({ mounted: LA2 });
    expect(mountOutcome('l 1 A normal n 0 N', true, LA2)).toEqual({ mounted: null, problem: 'nothing mounted (pin lost?)' });
    expect(mountOutcome('l 1 A aborted', true, LA2)).toEqual({ mounted: null, problem: 'aborted' });
    expect(mountOutcome('l 1 A FAILED: gripper jammed', true, LA2)).toEqual({ mounted: null, problem: 'gripper jammed' });
  });
});
