/** CA protocol constants: command ids, flags, masks and defaults (caProto.h, db_access.h). */

export const CA_MAJOR_VERSION = 4;
/** The minor version we speak: 13 (count 0 = "all", TCP search, extended headers). */
export const CA_MINOR_VERSION = 13;

export const Command = {
  VERSION: 0,
  EVENT_ADD: 1,
  EVENT_CANCEL: 2,
  READ: 3,
  WRITE: 4,
  SNAPSHOT: 5,
  SEARCH: 6,
  BUILD: 7,
  EVENTS_OFF: 8,
  EVENTS_ON: 9,
  READ_SYNC: 10,
  ERROR: 11,
  CLEAR_CHANNEL: 12,
  RSRV_IS_UP: 13,
  NOT_FOUND: 14,
  READ_NOTIFY: 15,
  READ_BUILD: 16,
  REPEATER_CONFIRM: 17,
  CREATE_CHAN: 18,
  WRITE_NOTIFY: 19,
  CLIENT_NAME: 20,
  HOST_NAME: 21,
  ACCESS_RIGHTS: 22,
  ECHO: 23,
  REPEATER_REGISTER: 24,
  SIGNAL: 25,
  CREATE_CH_FAIL: 26,
  SERVER_DISCONN: 27,
} as const;
export type Command = (typeof Command)[keyof typeof Command];

export const commandName = (cmd: number): string => {
  for (const [name, id] of Object.entries(Command)) if (id === cmd) return name;
  return `UNKNOWN(${cmd})`;
};

/** SEARCH `dtype`: whether a server should answer a miss (only honoured over TCP). */
export const SearchReply = { DO_REPLY: 10, DONT_REPLY: 5 } as const;

/** VERSION over UDP: `dtype` 1 means `p1` carries a valid search sequence number. */
export const SEQUENCE_VALID = 1;

/** Monitor event masks (DBE_*). */
export const Dbe = { VALUE: 1, LOG: 2, ALARM: 4, PROPERTY: 8 } as const;
export const DBE_ALL = Dbe.VALUE | Dbe.LOG | Dbe.ALARM | Dbe.PROPERTY;

/** ACCESS_RIGHTS bits. */
export const Access = { NONE: 0, READ: 1, WRITE: 2, READ_WRITE: 3 } as const;
export type AccessRights = 0 | 1 | 2 | 3;

/** Search-reply `p1` meaning "use the address this datagram came from". */
export const ADDRESS_OF_SENDER = 0xffffffff;

export const DEFAULT_SERVER_PORT = 5064;
export const DEFAULT_REPEATER_PORT = 5065;
export const DEFAULT_MAX_ARRAY_BYTES = 16384;
export const DEFAULT_BEACON_PERIOD_S = 15;

/** Header sizes: the plain header and the extended (large payload) form. */
export const HEADER_SIZE = 16;
export const EXTENDED_HEADER_SIZE = 24;

/** Longest record/channel name we accept (EPICS calls longer names unreasonable). */
export const MAX_NAME_LENGTH = 500;

/** ERROR messages: the whole message (header + payload) stays within this many bytes. */
export const MAX_ERROR_MESSAGE = 512;
