import type { RobotPort } from '@devioc/dcs-protocol';
import { formatPortName, formatSamplePortName, getPortState, OK_TO_WASH } from '@devioc/dcs-protocol';
import { Refused } from './abortable.js';
import type { Sequence } from './context.js';
import { homeAfterGoniometer, mountedPort, offsets, portName, recover } from './common.js';
import { parsePorts, parsePortText, sourceProblem } from './rules.js';

/** One pin to move: from a port with a sample to an empty port. */
export interface PinMove {
  from: RobotPort;
  to: RobotPort;
}

const TARGET_PROBLEMS: Readonly<Record<string, string>> = {
  '1': 'holds a sample',
  u: 'is of unknown state',
  m: 'holds the mounted sample',
  j: 'is jammed',
  b: 'is bad',
  '-': 'does not exist',
};

/**
 * PARAM:MOVE (`LA1 LB8 LA2 LA1`: source/target pairs, mxdc's or the robot's notation) checked
 * against the PORTS map, pair after pair as the robot would do them: a port emptied by an
 * earlier pair may be the target of a later one. Returns the moves or why not (the refusal's
 * reason). The robot checks again while it sorts; this only keeps obvious mistakes from it.
 */
export function checkMoves(text: string, ports: string): { ok: true; moves: PinMove[] } | { ok: false; reason: string } {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return { ok: false, reason: 'PARAM:MOVE is empty' };
  if (words.length % 2 !== 0) return { ok: false, reason: 'PARAM:MOVE needs source/target pairs' };
  const parsed: RobotPort[] = [];
  for (const word of words) {
    const check = parsePortText(word);
    if (!check.ok) return check;
    parsed.push(check.port);
  }
  const cassette = parsePorts(ports);
  if (cassette === undefined) return { ok: false, reason: 'the port map is not known yet' };
  const changed = new Map<string, string>();
  const stateOf = (port: RobotPort) => {
    const known = getPortState(cassette, port);
    return known === undefined ? undefined : (changed.get(formatPortName(port)) ?? known);
  };
  const moves: PinMove[] = [];
  for (let i = 0; i < parsed.length; i += 2) {
    const from = parsed[i] as RobotPort;
    const to = parsed[i + 1] as RobotPort;
    const problem = sourceProblem(formatPortName(from), stateOf(from));
    if (problem !== undefined) return { ok: false, reason: problem };
    changed.set(formatPortName(from), '0');
    const target = stateOf(to);
    if (target !== '0') {
      return { ok: false, reason: `target ${formatPortName(to)} ${target === undefined ? 'does not exist in that holder' : (TARGET_PROBLEMS[target] ?? 'is not empty')}` };
    }
    changed.set(formatPortName(to), '1');
    moves.push({ from, to });
  }
  return { ok: true, moves };
}

const describeMoves = (moves: readonly PinMove[]): string => moves.map((m) => `${portName(m.from)}>${portName(m.to)}`).join(' ');

/**
 * Move (sort) pins between ports: prepare_move_crystal (the tong cooled at P3; its `OK to
 * prepare` asks for no goniometer: the robot stays in the dewar), move_crystal with the same
 * pairs in the robot's notation (`lA1 lB8`), then robot_standby at once (the robot's follow-up
 * window after a move is 4 s). The robot does not sort with a sample on the goniometer.
 */
export function moveSequence(moves: readonly PinMove[]): Sequence {
  return async (ctx) => {
    if (mountedPort(ctx.model) !== null) throw new Refused('move refused: a sample is mounted');
    ctx.prefetch.set(undefined); // the prepare below moves the robot off a prefetched port
    const args = moves.flatMap((m) => [formatSamplePortName(m.from), formatSamplePortName(m.to)]);
    ctx.say(`moving ${describeMoves(moves)}`);
    let home = false;
    try {
      await ctx.operation('prepare_move_crystal', args);
      await ctx.operation('move_crystal', args);
      home = true;
      await homeAfterGoniometer(ctx, 'move');
      ctx.say(moves.length === 1 ? `moved ${describeMoves(moves)}` : `${moves.length} pins moved`);
    } catch (error) {
      if (!home) await recover(ctx, error);
      throw error;
    }
  };
}

/**
 * Wash the mounted sample `times` times: prepare_wash_crystal `times dx dy dz du`
 * (approach-on on its `OK to Wash`: the robot takes the pin from the goniometer), the
 * goniometer ready, wash_crystal with the same arguments (the pin dipped and put back), then
 * robot_standby at once and approach-off, as after a mount.
 */
export function washSequence(times: number): Sequence {
  return async (ctx) => {
    const mounted = mountedPort(ctx.model);
    if (mounted === null) throw new Refused('wash refused: nothing is mounted');
    ctx.prefetch.set(undefined);
    const args = [String(times), ...offsets(ctx.model)];
    ctx.say(`washing ${portName(mounted)} ${times} time${times === 1 ? '' : 's'}`);
    let home = false;
    try {
      await ctx.operation('prepare_wash_crystal', args, (text) => {
        if (text.trim() === OK_TO_WASH) ctx.approach.request();
      });
      ctx.activity('waiting');
      await ctx.approach.on(ctx.signal);
      ctx.activity('busy');
      await ctx.operation('wash_crystal', args);
      home = true;
      await homeAfterGoniometer(ctx, 'wash');
      ctx.say(`${portName(mounted)} washed`);
    } catch (error) {
      if (!home) await recover(ctx, error);
      throw error;
    }
  };
}
