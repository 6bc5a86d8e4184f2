/**
 * The UncleSAM record model: about a hundred records in groups, one file per group
 * (records/). Each group is a function returning named record handles; the model takes them
 * all as its own fields, so `ioc.status`, `ioc.ports`, `ioc.mount` … are typed handles and
 * `do_<field>` callbacks work as for any model.
 */
import { Model, type ModelOptions } from '@devioc/core';
import { attributeRecords } from './records/attributes.js';
import { cassetteRecords } from './records/cassette.js';
import { commandRecords } from './records/commands.js';
import { connectionRecords } from './records/connection.js';
import { ioRecords } from './records/io.js';
import { paramRecords } from './records/params.js';
import { type SafetyRecordOptions, safetyRecords } from './records/safety.js';
import { stateRecords } from './records/state.js';
import { statusRecords } from './records/status.js';
import { timerRecords } from './records/timers.js';

/** Every group, in the order the records are created (and listed by tools). */
const groups = (options: SafetyRecordOptions) => ({
  ...connectionRecords(),
  ...statusRecords(),
  ...stateRecords(),
  ...cassetteRecords(),
  ...ioRecords(),
  ...attributeRecords(),
  ...timerRecords(),
  ...paramRecords(),
  ...commandRecords(),
  ...safetyRecords(options),
});

export type RobotRecords = ReturnType<typeof groups>;

export interface RobotModelOptions extends ModelOptions, SafetyRecordOptions {}

// The records are declared by the groups above and assigned in the constructor; this
// interface gives the class their types.
export interface RobotModel extends RobotRecords {}

export class RobotModel extends Model {
  constructor(device: string, options: RobotModelOptions = {}) {
    const { approachOn, approachOff, gonioReady, ...modelOptions } = options;
    super(device, modelOptions);
    Object.assign(this, groups({ approachOn, approachOff, gonioReady }));
  }
}
