/**
 * @devioc/unclesam: the SAM sample-mounting robot IOC. `new UncleSam({ device })` serves
 * about a hundred records over CA and drives the RobotDHS over DCS; the pieces it is made of
 * (the record model, the string parsers, the heartbeat, the sequences, the refusal rules and
 * the goniometer handshake) are exported for tests and for other front ends.
 */
export { UncleSam } from './unclesam.js';
export type { UncleSamAddress, UncleSamOptions } from './unclesam.js';
export { Commands } from './commands.js';
export type { CommandDeps } from './commands.js';
export { buildProgram, optionsFromCli } from './cli.js';
export type { CliOptions } from './cli.js';

// The records.
export { RobotModel } from './model/robot-model.js';
export type { RobotModelOptions, RobotRecords } from './model/robot-model.js';
export * from './model/choices.js';
export { ATTRIBUTE_TABLE, attributesOf } from './model/records/attributes.js';
export type { AttributeName, AttributeRecord, AttributeRecords } from './model/records/attributes.js';
export { PORTS_LENGTH, UNKNOWN_PORTS } from './model/records/cassette.js';
export { HELP_TEXT } from './model/records/connection.js';
export type { SafetyRecordOptions } from './model/records/safety.js';

// Robot strings → record values.
export * from './parse/index.js';

// The DCS side.
export { RobotConnection } from './connection/robot-connection.js';
export type { RobotConnectionOptions, RobotStringUpdate } from './connection/robot-connection.js';
export { heartbeat } from './connection/heartbeat.js';
export type { HeartbeatEvent, HeartbeatOptions } from './connection/heartbeat.js';
export { deriveHealth, deriveStatus } from './connection/health.js';
export type { Activity, HealthFacts, StatusFacts } from './connection/health.js';

// Sequences, rules and the goniometer handshake.
export { Approach } from './safety/approach.js';
export type { ApproachDeps, ApproachLog } from './safety/approach.js';
export { abortable, delay, Refused, SequenceAborted } from './sequences/abortable.js';
export type { Prefetch, PrefetchSlot, Sequence, SequenceContext } from './sequences/context.js';
export { failureText, Sequencer } from './sequences/sequencer.js';
export type { SequencerDeps } from './sequences/sequencer.js';
export { runOperation } from './sequences/operations.js';
export type { OperationLink, RunOptions } from './sequences/operations.js';
export { mountOutcome, mountSequence, prefetchSequence } from './sequences/mount.js';
export type { MountOutcome } from './sequences/mount.js';
export { dismountSequence } from './sequences/dismount.js';
export { dryDue, drySequence, standbySequence } from './sequences/drying.js';
export { probeFlags, robotCommand, staffSequences } from './sequences/staff.js';
export { checkMoves, moveSequence, washSequence } from './sequences/sorting.js';
export type { PinMove } from './sequences/sorting.js';
export { checkPort, COMMAND_RULES, refusal, unhealthyReason } from './sequences/rules.js';
export type { CommandFacts, CommandName, CommandRule, PortCheck } from './sequences/rules.js';
export { POINT_COOL, POINT_HOME, POINT_REST } from './sequences/points.js';
export { samPage, startSamWeb } from './web/sam-page.js';
export type { SamWebOptions } from './web/sam-page.js';
