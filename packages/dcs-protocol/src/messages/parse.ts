import { isTclSpace, parseTclList, splitTclWords } from '../tcl/parse.js';
import type {
  DcsMessage,
  HardwareMessage,
  HtosDeviceCommand,
  ServerMessage,
  StohConfigureRealMotor,
  StohDeviceCommand,
  StohRegisterSimpleCommand,
  UnknownMessage,
} from './types.js';

/** What a command's parser gets: its leading words (command first) and the raw rest. */
interface Parts {
  words: string[];
  rest: string;
}

interface Rule<M> {
  /** Leading words to split off, the command included. */
  words: number;
  /** Of which at least this many must be present. */
  required: number;
  build(parts: Parts): M | string;
}

/** First whitespace-separated token of a free-text tail, taken raw (not as Tcl). */
function rawWord(text: string): { word: string; rest: string } {
  let end = 0;
  while (end < text.length && !isTclSpace(text[end])) end++;
  let rest = end;
  while (rest < text.length && isTclSpace(text[rest])) rest++;
  return { word: text.slice(0, end), rest: text.slice(rest) };
}

const w = (parts: Parts, i: number): string => parts.words[i] ?? '';

const list = (text: string): string[] => parseTclList(text);

const REGISTER_SIMPLE: readonly StohRegisterSimpleCommand[] = [
  'stoh_register_real_motor',
  'stoh_register_pseudo_motor',
  'stoh_register_encoder',
  'stoh_register_object',
];

const STOH_DEVICE: readonly StohDeviceCommand[] = [
  'stoh_configure_pseudo_motor',
  'stoh_start_motor_move',
  'stoh_abort_motor_move',
  'stoh_set_motor_position',
  'stoh_correct_motor_position',
  'stoh_start_oscillation',
  'stoh_start_vector_move',
  'stoh_stop_vector_move',
  'stoh_change_vector_speed',
  'stoh_set_shutter_state',
  'stoh_get_encoder',
  'stoh_set_encoder',
  'stoh_read_ion_chambers',
  'stoh_set_motor_dependency',
  'stoh_set_motor_children',
];

const HTOS_DEVICE: readonly HtosDeviceCommand[] = [
  'htos_configure_device',
  'htos_motor_move_started',
  'htos_motor_move_completed',
  'htos_update_motor_position',
  'htos_motor_correct_started',
  'htos_report_shutter_state',
  'htos_report_ion_chambers',
  'htos_limit_hit',
  'htos_simulating_device',
  'htos_get_encoder_completed',
  'htos_set_encoder_completed',
];

const MOTOR_NUMBERS = ['position', 'upperLimit', 'lowerLimit', 'scaleFactor', 'speed', 'acceleration', 'backlash'] as const;
const MOTOR_FLAGS = ['lowerLimitOn', 'upperLimitOn', 'locked', 'backlashOn', 'reverseOn'] as const;

function configureRealMotor(parts: Parts): StohConfigureRealMotor | string {
  const numbers = MOTOR_NUMBERS.map((_, i) => Number(w(parts, 2 + i)));
  const flags = MOTOR_FLAGS.map((_, i) => Number(w(parts, 9 + i)));
  if ([...numbers, ...flags].some((n) => !Number.isFinite(n))) return 'non-numeric motor configuration';
  const message: StohConfigureRealMotor = {
    type: 'stoh_configure_real_motor',
    name: w(parts, 1),
    position: 0,
    upperLimit: 0,
    lowerLimit: 0,
    scaleFactor: 0,
    speed: 0,
    acceleration: 0,
    backlash: 0,
    lowerLimitOn: false,
    upperLimitOn: false,
    locked: false,
    backlashOn: false,
    reverseOn: false,
  };
  MOTOR_NUMBERS.forEach((key, i) => (message[key] = numbers[i] ?? 0));
  MOTOR_FLAGS.forEach((key, i) => (message[key] = flags[i] !== 0));
  return message;
}

const SERVER_RULES: Record<string, Rule<ServerMessage>> = {
  stoc_send_client_type: { words: 1, required: 1, build: () => ({ type: 'stoc_send_client_type' }) },
  stoh_register_operation: {
    words: 3,
    required: 3,
    build: (p) => ({ type: 'stoh_register_operation', name: w(p, 1), hardwareName: w(p, 2) }),
  },
  stoh_register_string: {
    words: 3,
    required: 3,
    build: (p) => ({ type: 'stoh_register_string', name: w(p, 1), hardwareName: w(p, 2) }),
  },
  stoh_register_shutter: {
    words: 4,
    required: 3,
    build: (p) => {
      const state = w(p, 2);
      if (state !== 'open' && state !== 'closed') return `shutter state "${state}" is neither open nor closed`;
      return p.words.length > 3
        ? { type: 'stoh_register_shutter', name: w(p, 1), state, hardwareName: w(p, 3) }
        : { type: 'stoh_register_shutter', name: w(p, 1), state };
    },
  },
  stoh_register_ion_chamber: {
    words: 6,
    required: 6,
    build: (p) => ({
      type: 'stoh_register_ion_chamber',
      name: w(p, 1),
      hardwareName: w(p, 2),
      counterChannel: w(p, 3),
      timer: w(p, 4),
      timerType: w(p, 5),
    }),
  },
  stoh_start_operation: {
    words: 3,
    required: 3,
    build: (p) => ({ type: 'stoh_start_operation', operation: w(p, 1), handle: w(p, 2), args: list(p.rest) }),
  },
  stoh_abort_all: {
    words: 2,
    required: 1,
    // DCSS sends hard or soft; anything else is treated as the gentler one.
    build: (p) => ({ type: 'stoh_abort_all', mode: w(p, 1) === 'hard' ? 'hard' : 'soft' }),
  },
  stoh_set_string: {
    words: 2,
    required: 2,
    build: (p) => ({ type: 'stoh_set_string', name: w(p, 1), contents: p.rest }),
  },
  stoh_configure_string: {
    words: 3,
    required: 3,
    build: (p) => ({ type: 'stoh_configure_string', name: w(p, 1), owner: w(p, 2), contents: p.rest }),
  },
  stoh_configure_real_motor: { words: 14, required: 14, build: configureRealMotor },
};
for (const type of REGISTER_SIMPLE) {
  SERVER_RULES[type] = { words: 3, required: 3, build: (p) => ({ type, name: w(p, 1), hardwareName: w(p, 2) }) };
}
for (const type of STOH_DEVICE) {
  SERVER_RULES[type] = { words: 1, required: 1, build: (p) => ({ type, args: list(p.rest) }) };
}

const HARDWARE_RULES: Record<string, Rule<HardwareMessage>> = {
  htos_client_is_hardware: {
    words: 2,
    required: 2,
    build: (p) => ({ type: 'htos_client_is_hardware', dhsName: w(p, 1) }),
  },
  htos_operation_update: {
    words: 3,
    required: 3,
    build: (p) => ({ type: 'htos_operation_update', operation: w(p, 1), handle: w(p, 2), text: p.rest }),
  },
  htos_operation_completed: {
    words: 3,
    required: 3,
    build: (p) => {
      // The status is the first word of free text ("FAILED: invalid argument"), so it is
      // cut raw; an empty one is a failure with no reason, not a malformed message.
      const { word, rest } = rawWord(p.rest);
      return { type: 'htos_operation_completed', operation: w(p, 1), handle: w(p, 2), status: word, returns: rest };
    },
  },
  htos_start_operation: {
    words: 2,
    required: 2,
    build: (p) => ({ type: 'htos_start_operation', operation: w(p, 1), args: list(p.rest) }),
  },
  htos_set_string_completed: {
    words: 2,
    required: 2,
    build: (p) => {
      const { word, rest } = rawWord(p.rest);
      return { type: 'htos_set_string_completed', name: w(p, 1), status: word, contents: rest };
    },
  },
  htos_send_configuration: {
    words: 2,
    required: 2,
    build: (p) => ({ type: 'htos_send_configuration', device: w(p, 1) }),
  },
  htos_log: {
    words: 3,
    required: 3,
    build: (p) => ({ type: 'htos_log', level: w(p, 1), sender: w(p, 2), text: p.rest }),
  },
  htos_note: { words: 1, required: 1, build: (p) => ({ type: 'htos_note', text: p.rest }) },
};
for (const type of HTOS_DEVICE) {
  HARDWARE_RULES[type] = { words: 1, required: 1, build: (p) => ({ type, args: list(p.rest) }) };
}

function unknown(text: string, command: string, reason: string): UnknownMessage {
  return { type: 'unknown', command, text, reason };
}

function parseWith<M>(text: string, rules: Record<string, Rule<M>>): M | UnknownMessage {
  const command = rawWord(text.trimStart()).word;
  const rule = Object.hasOwn(rules, command) ? rules[command] : undefined;
  if (rule === undefined) return unknown(text, command, command === '' ? 'empty message' : 'unrecognized command');
  try {
    const parts = splitTclWords(text, rule.words);
    if (parts.words.length < rule.required) {
      return unknown(text, command, `${command} needs ${rule.required - 1} argument(s), got ${parts.words.length - 1}`);
    }
    const built = rule.build(parts);
    return typeof built === 'string' ? unknown(text, command, built) : built;
  } catch (error) {
    return unknown(text, command, error instanceof Error ? error.message : String(error));
  }
}

/** Parse a text a DHS receives (stoc_/stoh_); anything else becomes an UnknownMessage. */
export function parseServerMessage(text: string): ServerMessage | UnknownMessage {
  return parseWith(text, SERVER_RULES);
}

/** Parse a text a server receives (htos_); anything else becomes an UnknownMessage. */
export function parseHardwareMessage(text: string): HardwareMessage | UnknownMessage {
  return parseWith(text, HARDWARE_RULES);
}

/** Parse a text in either direction. */
export function parseMessage(text: string): DcsMessage {
  const command = rawWord(text.trimStart()).word;
  return command.startsWith('htos_') ? parseHardwareMessage(text) : parseServerMessage(text);
}
