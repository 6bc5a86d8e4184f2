// Framing: pure functions and a pull decoder, no I/O.
export type { Framing } from './framing/constants.js';
export {
  DCS1_MESSAGE_SIZE,
  DCS2_HEADER_SIZE,
  DEFAULT_MAX_BINARY_LENGTH,
  DEFAULT_MAX_TEXT_LENGTH,
} from './framing/constants.js';
export { decodeDcs1, encodeDcs1, fitsDcs1 } from './framing/dcs1.js';
export type { Dcs2EncodeOptions, Dcs2Header, Dcs2HeaderStyle, Dcs2Limits } from './framing/dcs2.js';
export { DCS2_HEADER_STYLES, decodeDcs2Text, encodeDcs2, parseDcs2Header } from './framing/dcs2.js';
export type { Frame, FrameDecoderOptions, FramingMode } from './framing/decoder.js';
export { FrameDecoder } from './framing/decoder.js';
export { detectFraming } from './framing/detect.js';
export { encodeFrame } from './framing/encode.js';
export type { DcsErrorCode } from './errors.js';
export { DcsProtocolError } from './errors.js';

// Tcl lists.
export { TclListError } from './tcl/errors.js';
export { braceTclElement, formatTclElement, formatTclList } from './tcl/format.js';
export { parseTclList, splitTclWords } from './tcl/parse.js';

// The message catalogue.
export type * from './messages/types.js';
export { formatMessage } from './messages/format.js';
export { ofType } from './messages/of-type.js';
export { parseHardwareMessage, parseMessage, parseServerMessage } from './messages/parse.js';

// The SAM robot's strings and replies.
export type { RobotAttributes } from './robot/attribute.js';
export {
  DEFAULT_ROBOT_ATTRIBUTES,
  formatRobotAttributes,
  parseRobotAttributes,
  ROBOT_ATTRIBUTE_KEYS,
} from './robot/attribute.js';
export type { HolderBlock, HolderType, PortState, RobotCassette } from './robot/cassette.js';
export {
  formatPortsCompact,
  formatRobotCassette,
  getPortState,
  HOLDER_BLOCK_LENGTH,
  HOLDER_TYPES,
  newHolder,
  parsePortsCompact,
  parseRobotCassette,
  PORT_STATES,
  portAt,
  portIndex,
  PORTS_PER_HOLDER,
  ROBOT_CASSETTE_TOKENS,
} from './robot/cassette.js';
export type { RobotOperation, RobotString, RobotWriteString } from './robot/catalogue.js';
export {
  isRobotOperation,
  OK_TO_PREPARE,
  OK_TO_WASH,
  ROBOT_FOLLOWUP_SECONDS,
  ROBOT_OPERATIONS,
  ROBOT_STRINGS,
  ROBOT_WRITE_STRINGS,
} from './robot/catalogue.js';
export { RobotFormatError } from './robot/errors.js';
export type { RobotFlagName } from './robot/flags.js';
export {
  hasFlag,
  NEED_CAL_MASK,
  NEED_MASK,
  REASON_MASK,
  ROBOT_FLAGS,
  robotFlagNames,
  robotFlagsFromNames,
  STATE_MASK,
} from './robot/flags.js';
export { bitsToWord, formatRobotBits, parseRobotBits, ROBOT_INPUTS, ROBOT_IO_BITS, ROBOT_OUTPUTS } from './robot/io.js';
export type { CassettePosition, RobotPort } from './robot/ports.js';
export {
  CASSETTE_POSITIONS,
  formatDcsPort,
  formatPortName,
  formatSamplePortName,
  NO_PORT,
  parseDcsPort,
  parsePortName,
  portFromWords,
  portWords,
  samePort,
} from './robot/ports.js';
export type { MountNextReply, RobotStateReply } from './robot/replies.js';
export {
  formatRobotStateReply,
  parseMountNextReply,
  parsePortReply,
  parseRobotStateReply,
} from './robot/replies.js';
export type { DumbbellState, Ln2State, RobotState, SampleLocation } from './robot/state.js';
export {
  DUMBBELL_STATES,
  formatRobotState,
  LN2_STATES,
  parseRobotState,
  ROBOT_STATE_LENGTH,
  SAMPLE_LOCATIONS,
} from './robot/state.js';
export type { RobotStatus, RobotStatusFields } from './robot/status.js';
export { deriveStatusFlags, formatRobotStatus, parseRobotStatus } from './robot/status.js';

// The server (DCSS side) and the client (DHS side).
export type { DcssServerEvent, DcssServerOptions } from './server/dcss-server.js';
export { DcssServer, DEFAULT_DHS_PORT } from './server/dcss-server.js';
export type { DhsDefinition, DhsLinkState } from './server/dhs-link.js';
export { DhsLink, registrationsOf } from './server/dhs-link.js';
export type { HandshakeContext, HandshakeRejection, HandshakeVerdict } from './server/handshake.js';
export { judgeHandshakeReply, normalizeAddress } from './server/handshake.js';
export type {
  OperationErrorKind,
  OperationEvent,
  OperationTrackerOptions,
  StartOperationOptions,
} from './server/operation-tracker.js';
export { OperationError, OperationTracker } from './server/operation-tracker.js';
export type { DhsClientOptions, DhsClientState } from './client/dhs-client.js';
export { DhsClient } from './client/dhs-client.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
