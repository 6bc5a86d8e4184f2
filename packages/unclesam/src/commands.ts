/**
 * What CA clients command: the `do_<command>` callbacks of the CMD: toggles (and ENABLED),
 * each checking the refusal rules and building its sequence from the records, or saying why
 * not. The model calls these (it is given this object as its `callbacks`).
 */
import type { RecordHandle } from '@devioc/core';
import { formatPortName } from '@devioc/dcs-protocol';
import type { RobotModel } from './model/robot-model.js';
import { Refused } from './sequences/abortable.js';
import { mountedPort } from './sequences/common.js';
import type { Sequence } from './sequences/context.js';
import { dismountSequence } from './sequences/dismount.js';
import { drySequence, standbySequence } from './sequences/drying.js';
import { mountSequence, prefetchSequence } from './sequences/mount.js';
import { checkMoves, moveSequence, washSequence } from './sequences/sorting.js';
import { checkPort, COMMAND_RULES, type CommandFacts, type CommandName, refusal } from './sequences/rules.js';
import type { Sequencer } from './sequences/sequencer.js';
import { staffSequences } from './sequences/staff.js';

type Toggle = RecordHandle<number, number | boolean | string>;

export interface CommandDeps {
  model: RobotModel;
  sequencer: Sequencer;
  /** What the refusal rules look at, now. */
  facts(): CommandFacts;
  /** CMD:abort. */
  abort(): Promise<void>;
  /** A successful clear, clear status or clear all: a severe log is dealt with. */
  cleared(): void;
  say(text: string): void;
  refuse(text: string): void;
}

/**
 * A command toggle was set to 1: put it back to 0 at once, so that the next 1 is a change
 * again however soon it comes (callbacks run on value changes, and a bo's HIGH reset takes
 * 0.1 s: a command repeated within that time would otherwise be lost).
 */
function pressed(record: Toggle, value: number): boolean {
  if (value !== 1) return false;
  void record.put(0, { quiet: true });
  return true;
}

/** The port in PARAM:NEXTPORT if it may be taken for `what`, else Refused with the reason. */
function nextPort(model: RobotModel, what: 'mount' | 'prefetch') {
  const next = model.nextPort.get().trim();
  const mounted = mountedPort(model);
  if (mounted !== null && next.toUpperCase() === formatPortName(mounted)) {
    throw new Refused(`${what} refused: ${next.toUpperCase()} is ${what === 'mount' ? 'already ' : ''}mounted`);
  }
  const check = checkPort(next, model.ports.get());
  if (!check.ok) throw new Refused(`${what} refused: ${check.reason}`);
  return check.port;
}

export class Commands {
  constructor(private readonly deps: CommandDeps) {}

  /** Starts a command's sequence, or says why not. Resolves when the sequence has ended (false if refused). */
  run(name: CommandName, build: () => Sequence): Promise<boolean> {
    const { deps } = this;
    const refused = refusal(name, deps.facts());
    if (refused !== undefined) {
      deps.refuse(refused);
      return Promise.resolve(false);
    }
    let sequence: Sequence;
    try {
      sequence = build();
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      deps.refuse(error.message);
      return Promise.resolve(false);
    }
    // Drying runs in the background as far as mxdc is concerned: STANDBY from the start.
    return deps.sequencer.start(COMMAND_RULES[name].label, sequence, name === 'dry' || name === 'standby' ? 'standby' : 'busy');
  }

  do_mount(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('mount', () => mountSequence(nextPort(this.deps.model, 'mount')));
  }

  do_dismount(record: Toggle, value: number): void {
    if (!pressed(record, value)) return;
    void this.run('dismount', () => {
      if (mountedPort(this.deps.model) === null) throw new Refused('dismount refused: nothing is mounted');
      return dismountSequence;
    });
  }

  do_prefetch(record: Toggle, value: number): void {
    if (!pressed(record, value)) return;
    void this.run('prefetch', () => {
      const held = this.deps.model.prefetched.get();
      if (held !== '') throw new Refused(`prefetch refused: ${held} is already prefetched`);
      return prefetchSequence(nextPort(this.deps.model, 'prefetch'));
    });
  }

  /** Moves the pins of PARAM:MOVE's source/target pairs (nothing may be mounted). */
  do_runMove(record: Toggle, value: number): void {
    if (!pressed(record, value)) return;
    void this.run('move', () => {
      const { model } = this.deps;
      if (mountedPort(model) !== null) throw new Refused('move refused: a sample is mounted');
      const check = checkMoves(model.move.get(), model.ports.get());
      if (!check.ok) throw new Refused(`move refused: ${check.reason}`);
      return moveSequence(check.moves);
    });
  }

  /** Washes the mounted sample PARAM:WASH times. */
  do_runWash(record: Toggle, value: number): void {
    if (!pressed(record, value)) return;
    void this.run('wash', () => {
      const { model } = this.deps;
      if (mountedPort(model) === null) throw new Refused('wash refused: nothing is mounted');
      const times = model.wash.get();
      if (!(times > 0)) throw new Refused('wash refused: PARAM:WASH is 0');
      return washSequence(times);
    });
  }

  /** Never refused: not even when disabled. */
  do_abort(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.deps.abort();
  }

  do_dry(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('dry', () => drySequence);
  }

  do_standby(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('standby', () => standbySequence);
  }

  do_clear(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('clear', () => staffSequences.clear(this.deps.cleared));
  }

  do_clearStatus(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('clearStatus', () => staffSequences.clearStatus(this.deps.cleared));
  }

  do_clearAll(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('clearAll', () => staffSequences.clearAll(this.deps.cleared));
  }

  do_resetCassette(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('resetCassette', () => staffSequences.resetCassette());
  }

  do_probe(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('probe', () => staffSequences.probe(this.deps.model));
  }

  do_heatGripper(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('heatGripper', () => staffSequences.heatGripper(this.deps.model));
  }

  do_openGripper(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('openGripper', () => staffSequences.openGripper());
  }

  do_calibrate(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('calibrate', () => staffSequences.calibrate(this.deps.model));
  }

  do_sendConfig(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('config', () => staffSequences.config(this.deps.model));
  }

  do_resetCounter(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('resetCounter', () => staffSequences.resetCounter());
  }

  do_setMounted(record: Toggle, value: number): void {
    if (pressed(record, value)) void this.run('setMounted', () => staffSequences.setMounted(this.deps.model));
  }

  do_enabled(_record: RecordHandle<number, number | string>, value: number): void {
    this.deps.say(value === 1 ? 'enabled by staff' : 'disabled by staff: commands refused');
  }
}
