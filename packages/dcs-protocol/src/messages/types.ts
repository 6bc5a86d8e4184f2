/**
 * The DCS message catalogue (dcs-protocol.md §1.6) as a discriminated union on `type`,
 * which is the command word itself. Free-text tails (operation texts, string contents,
 * log texts) are kept exactly as received, never re-tokenised.
 */

// ---------------------------------------------------------------- server → DHS

export interface StocSendClientType {
  type: 'stoc_send_client_type';
}

export interface StohRegisterOperation {
  type: 'stoh_register_operation';
  name: string;
  hardwareName: string;
}

export interface StohRegisterString {
  type: 'stoh_register_string';
  name: string;
  hardwareName: string;
}

/** Registrations of device kinds that carry only a name and a hardware name. */
export type StohRegisterSimpleCommand =
  | 'stoh_register_real_motor'
  | 'stoh_register_pseudo_motor'
  | 'stoh_register_encoder'
  | 'stoh_register_object';

export interface StohRegisterSimple {
  type: StohRegisterSimpleCommand;
  name: string;
  hardwareName: string;
}

export type ShutterState = 'open' | 'closed';

export interface StohRegisterShutter {
  type: 'stoh_register_shutter';
  name: string;
  state: ShutterState;
  hardwareName?: string;
}

export interface StohRegisterIonChamber {
  type: 'stoh_register_ion_chamber';
  name: string;
  hardwareName: string;
  counterChannel: string;
  timer: string;
  timerType: string;
}

export interface StohStartOperation {
  type: 'stoh_start_operation';
  operation: string;
  /** Any token without spaces; DCSS writes `clientNumber.counter`. */
  handle: string;
  args: string[];
}

export type AbortMode = 'hard' | 'soft';

export interface StohAbortAll {
  type: 'stoh_abort_all';
  mode: AbortMode;
}

export interface StohSetString {
  type: 'stoh_set_string';
  name: string;
  contents: string;
}

export interface StohConfigureString {
  type: 'stoh_configure_string';
  name: string;
  /** The DHS that owns the string; the DHS skips it. */
  owner: string;
  contents: string;
}

export interface StohConfigureRealMotor {
  type: 'stoh_configure_real_motor';
  name: string;
  position: number;
  upperLimit: number;
  lowerLimit: number;
  scaleFactor: number;
  speed: number;
  acceleration: number;
  backlash: number;
  lowerLimitOn: boolean;
  upperLimitOn: boolean;
  locked: boolean;
  backlashOn: boolean;
  reverseOn: boolean;
}

/** Motor/shutter/ion-chamber traffic the robot never sees: kept as argument words. */
export type StohDeviceCommand =
  | 'stoh_configure_pseudo_motor'
  | 'stoh_start_motor_move'
  | 'stoh_abort_motor_move'
  | 'stoh_set_motor_position'
  | 'stoh_correct_motor_position'
  | 'stoh_start_oscillation'
  | 'stoh_start_vector_move'
  | 'stoh_stop_vector_move'
  | 'stoh_change_vector_speed'
  | 'stoh_set_shutter_state'
  | 'stoh_get_encoder'
  | 'stoh_set_encoder'
  | 'stoh_read_ion_chambers'
  | 'stoh_set_motor_dependency'
  | 'stoh_set_motor_children';

export interface StohDeviceMessage {
  type: StohDeviceCommand;
  args: string[];
}

/** The registrations a server sends after the handshake. */
export type RegistrationMessage =
  | StohRegisterOperation
  | StohRegisterString
  | StohRegisterSimple
  | StohRegisterShutter
  | StohRegisterIonChamber;

/** Everything DCSS (or UncleSAM) sends to a DHS. */
export type ServerMessage =
  | StocSendClientType
  | RegistrationMessage
  | StohStartOperation
  | StohAbortAll
  | StohSetString
  | StohConfigureString
  | StohConfigureRealMotor
  | StohDeviceMessage;

// ---------------------------------------------------------------- DHS → server

export interface HtosClientIsHardware {
  type: 'htos_client_is_hardware';
  dhsName: string;
}

export interface HtosOperationUpdate {
  type: 'htos_operation_update';
  operation: string;
  handle: string;
  text: string;
}

export interface HtosOperationCompleted {
  type: 'htos_operation_completed';
  operation: string;
  handle: string;
  /** `normal` means success; any other word is the failure reason's first word. */
  status: string;
  /** Everything after the status word, as sent. */
  returns: string;
}

export interface HtosStartOperation {
  type: 'htos_start_operation';
  operation: string;
  args: string[];
}

export interface HtosSetStringCompleted {
  type: 'htos_set_string_completed';
  name: string;
  /** `normal` means the contents are valid. */
  status: string;
  contents: string;
}

export interface HtosSendConfiguration {
  type: 'htos_send_configuration';
  device: string;
}

/** Levels the robot uses; others are passed through. */
export type HtosLogLevel = 'note' | 'warning' | 'error' | 'severe';

export interface HtosLog {
  type: 'htos_log';
  level: string;
  sender: string;
  text: string;
}

export interface HtosNote {
  type: 'htos_note';
  text: string;
}

/** Device traffic the robot never sends: kept as argument words. */
export type HtosDeviceCommand =
  | 'htos_configure_device'
  | 'htos_motor_move_started'
  | 'htos_motor_move_completed'
  | 'htos_update_motor_position'
  | 'htos_motor_correct_started'
  | 'htos_report_shutter_state'
  | 'htos_report_ion_chambers'
  | 'htos_limit_hit'
  | 'htos_simulating_device'
  | 'htos_get_encoder_completed'
  | 'htos_set_encoder_completed';

export interface HtosDeviceMessage {
  type: HtosDeviceCommand;
  args: string[];
}

/** Everything a DHS sends to DCSS (or UncleSAM). */
export type HardwareMessage =
  | HtosClientIsHardware
  | HtosOperationUpdate
  | HtosOperationCompleted
  | HtosStartOperation
  | HtosSetStringCompleted
  | HtosSendConfiguration
  | HtosLog
  | HtosNote
  | HtosDeviceMessage;

// ---------------------------------------------------------------- either way

/**
 * A text that is not in the catalogue, or is but lacks arguments. DCSS logs these and
 * carries on, and so do we; it is formatted back as its original text.
 */
export interface UnknownMessage {
  type: 'unknown';
  /** The first word, or '' for an empty text. */
  command: string;
  text: string;
  reason: string;
}

export type DcsMessage = ServerMessage | HardwareMessage | UnknownMessage;
