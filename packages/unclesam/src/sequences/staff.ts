import type { RobotOperation } from '@devioc/dcs-protocol';
import { CASSETTE_POSITIONS, formatSamplePortName, parsePortName, parsePortsCompact } from '@devioc/dcs-protocol';
import type { RobotModel } from '../model/robot-model.js';
import { Refused } from './abortable.js';
import type { Sequence } from './context.js';

/** One robot operation with fixed arguments; MESSAGE gets the robot's answer. */
export function robotCommand(label: string, operation: RobotOperation, args: readonly string[], after?: () => void): Sequence {
  return async (ctx) => {
    ctx.say(`${label}…`);
    const returns = await ctx.operation(operation, args);
    after?.();
    ctx.say(`${label}: ${returns === '' ? 'done' : returns}`);
  };
}

const words = (text: string): string[] => text.trim().split(/\s+/).filter((w) => w !== '');

/**
 * The robot_config probe argument: 3 × [holder flag + 96 port flags]. Probes every port of
 * unknown state (`u`) in every holder that is there.
 */
export function probeFlags(ports: string): string[] {
  const cassette = parsePortsCompact(ports);
  return CASSETTE_POSITIONS.flatMap((position) => {
    const block = cassette[position];
    const present = block.type !== '0' && block.type !== '-';
    return [present ? '1' : '0', ...block.ports.map((state) => (present && state === 'u' ? '1' : '0'))];
  });
}

/** The staff commands, each a robot operation with its arguments taken from the records. */
export const staffSequences = {
  clear: (after: () => void) => robotCommand('clear', 'robot_config', ['clear'], after),
  clearStatus: (after: () => void) => robotCommand('clear status', 'robot_config', ['clear_status'], after),
  clearAll: (after: () => void) => robotCommand('clear all', 'robot_config', ['clear_all'], after),
  resetCassette: () => robotCommand('reset cassette', 'robot_config', ['reset_cassette']),
  heatGripper: (model: RobotModel) => robotCommand('heat gripper', 'robot_config', ['heat_gripper', String(model.reheatTime.get())]),
  openGripper: () => robotCommand('open gripper', 'robot_config', ['open_gripper']),
  resetCounter: () => robotCommand('reset counter', 'robot_config', ['reset_mounted_counter']),
  probe: (model: RobotModel): Sequence => {
    const flags = probeFlags(model.ports.get());
    if (!flags.some((flag, i) => flag === '1' && i % 97 !== 0)) throw new Refused('probe refused: no port of unknown state');
    return robotCommand('probe', 'robot_config', ['probe', ...flags]);
  },
  calibrate: (model: RobotModel): Sequence => {
    const args = words(model.calib.get());
    if (args.length === 0) throw new Refused('calibrate refused: PARAM:CALIB is empty');
    return robotCommand(`calibrate ${args[0]}`, 'robot_calibrate', args);
  },
  config: (model: RobotModel): Sequence => {
    const args = words(model.config.get());
    if (args.length === 0) throw new Refused('config refused: PARAM:CONFIG is empty');
    return robotCommand(`config ${args[0]}`, 'robot_config', args);
  },
  setMounted: (model: RobotModel): Sequence => {
    const port = parsePortName(model.nextPort.get());
    if (port === undefined) throw new Refused('set mounted refused: PARAM:NEXTPORT is no port');
    return robotCommand(`set mounted ${formatSamplePortName(port)}`, 'robot_config', ['set_mounted', formatSamplePortName(port)]);
  },
};
