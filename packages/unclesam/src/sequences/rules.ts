import type { RobotCassette, RobotPort } from '@devioc/dcs-protocol';
import { formatPortName, getPortState, hasFlag, parsePortName, parsePortsCompact, ROBOT_FLAGS } from '@devioc/dcs-protocol';

/** The commands that start a sequence (CMD:abort is never refused and is not here). */
export type CommandName =
  | 'mount' | 'dismount' | 'prefetch' | 'dry' | 'standby' | 'clear' | 'clearStatus' | 'clearAll' | 'resetCassette'
  | 'probe' | 'heatGripper' | 'openGripper' | 'calibrate' | 'config' | 'resetCounter' | 'setMounted' | 'move' | 'wash';

export interface CommandRule {
  /** How MESSAGE names it. */
  label: string;
  /** Refused while HEALTH is bad: everything that moves the robot for samples. */
  needsHealth: boolean;
}

/**
 * Which commands need a healthy robot. The staff commands that exist to recover (clear,
 * clear status, clear all, calibrate, raw config) and pure bookkeeping (reset cassette,
 * counters, set mounted) run whatever the health.
 */
export const COMMAND_RULES: Readonly<Record<CommandName, CommandRule>> = {
  mount: { label: 'mount', needsHealth: true },
  dismount: { label: 'dismount', needsHealth: true },
  prefetch: { label: 'prefetch', needsHealth: true },
  move: { label: 'move', needsHealth: true },
  wash: { label: 'wash', needsHealth: true },
  dry: { label: 'dry', needsHealth: true },
  standby: { label: 'standby', needsHealth: true },
  probe: { label: 'probe', needsHealth: true },
  heatGripper: { label: 'heat gripper', needsHealth: true },
  openGripper: { label: 'open gripper', needsHealth: false },
  clear: { label: 'clear', needsHealth: false },
  clearStatus: { label: 'clear status', needsHealth: false },
  clearAll: { label: 'clear all', needsHealth: false },
  resetCassette: { label: 'reset cassette', needsHealth: false },
  calibrate: { label: 'calibrate', needsHealth: false },
  config: { label: 'config', needsHealth: false },
  resetCounter: { label: 'reset counter', needsHealth: false },
  setMounted: { label: 'set mounted', needsHealth: false },
};

export interface CommandFacts {
  enabled: boolean;
  connected: boolean;
  /** The status word (unsigned). */
  word: number;
  /** A severe robot log not cleared yet. */
  severe: boolean;
  /** The label of the running sequence, if any. */
  busy?: string;
  /** robot_status `state:`: `aborting` is busy whoever started it (STATUS shows BUSY then). */
  robotTask?: string;
}

/** Why the robot is unhealthy, in a few words, or undefined if it is not. */
export function unhealthyReason(word: number, severe: boolean): string | undefined {
  if (hasFlag(word, ROBOT_FLAGS.NEED_RST)) return 'robot needs reset';
  if (hasFlag(word, ROBOT_FLAGS.NEED_CLR)) return 'robot needs clear';
  if (hasFlag(word, ROBOT_FLAGS.NEED_USER_ACTION)) return 'robot needs user action';
  if (hasFlag(word, ROBOT_FLAGS.NEED_CAL_MAG | ROBOT_FLAGS.NEED_CAL_CASSETTE | ROBOT_FLAGS.NEED_CAL_GONIO | ROBOT_FLAGS.NEED_CAL_BASIC)) {
    return 'robot needs calibration';
  }
  if (severe) return 'severe robot error';
  return undefined;
}

/** The refusal text for a command in this state, or undefined when it may run. */
export function refusal(command: CommandName, facts: CommandFacts): string | undefined {
  const { label, needsHealth } = COMMAND_RULES[command];
  const reason = !facts.enabled
    ? 'disabled by staff'
    : !facts.connected
      ? 'robot not connected'
      : facts.busy !== undefined
        ? `busy (${facts.busy})`
        : facts.robotTask === 'aborting'
          ? 'busy (robot aborting)'
          : needsHealth
            ? unhealthyReason(facts.word, facts.severe)
            : undefined;
  return reason === undefined ? undefined : `${label} refused: ${reason}`;
}

/** What a port check decided: the port, or why not. */
export type PortCheck = { ok: true; port: RobotPort } | { ok: false; reason: string };

const PORT_PROBLEMS: Readonly<Record<string, string>> = {
  '0': 'is empty',
  b: 'is bad',
  j: 'is jammed',
  '-': 'does not exist',
  m: 'holds the mounted sample',
};

/** Why no sample can be taken from a port in this state (undefined: the port does not exist), or undefined if one can. */
export function sourceProblem(pretty: string, state: string | undefined): string | undefined {
  if (state === undefined) return `${pretty} does not exist in that holder`;
  const problem = PORT_PROBLEMS[state];
  return problem === undefined ? undefined : `${pretty} ${problem}`;
}

/** A port name as mxdc (`LA1`) or the robot (`lA1`) writes it, or why it is not one. */
export function parsePortText(text: string): PortCheck {
  const port = parsePortName(text);
  return port === undefined ? { ok: false, reason: `"${text}" is not a port (LA1 … RL8)` } : { ok: true, port };
}

/** The PORTS map parsed, or undefined while it is not known (not 291 characters yet). */
export function parsePorts(ports: string): RobotCassette | undefined {
  try {
    return parsePortsCompact(ports);
  } catch {
    return undefined;
  }
}

/**
 * Can a sample be taken from this port? `name` is mxdc's form (LA1); `ports` the PORTS map.
 * Ports of unknown state (`u`) are allowed, as mxdc allows them.
 */
export function checkPort(name: string, ports: string): PortCheck {
  const text = name.trim();
  if (text === '') return { ok: false, reason: 'no port given (PARAM:NEXTPORT is empty)' };
  const parsed = parsePortText(text);
  if (!parsed.ok) return parsed;
  const cassette = parsePorts(ports);
  if (cassette === undefined) return { ok: false, reason: 'the port map is not known yet' };
  const problem = sourceProblem(formatPortName(parsed.port), getPortState(cassette, parsed.port));
  return problem === undefined ? parsed : { ok: false, reason: problem };
}
