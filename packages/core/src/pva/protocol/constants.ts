/** pvAccess protocol constants (pvxs src/pvaproto.h). */

export const PVA_MAGIC = 0xca;
export const PVA_VERSION = 2;
export const PVA_HEADER_SIZE = 8;

export const PvaFlag = {
  CONTROL: 0x01,
  SEGMENT_MASK: 0x30,
  SEGMENT_FIRST: 0x10,
  SEGMENT_LAST: 0x20,
  SERVER: 0x40,
  BIG_ENDIAN: 0x80,
} as const;

export const PvaControl = { SET_MARKER: 0, ACK_MARKER: 1, SET_BYTE_ORDER: 2 } as const;

export const PvaCommand = {
  BEACON: 0,
  CONNECTION_VALIDATION: 1,
  ECHO: 2,
  SEARCH: 3,
  SEARCH_RESPONSE: 4,
  AUTHNZ: 5,
  ACL_CHANGE: 6,
  CREATE_CHANNEL: 7,
  DESTROY_CHANNEL: 8,
  CONNECTION_VALIDATED: 9,
  GET: 10,
  PUT: 11,
  PUT_GET: 12,
  MONITOR: 13,
  ARRAY: 14,
  DESTROY_REQUEST: 15,
  PROCESS: 16,
  GET_FIELD: 17,
  MESSAGE: 18,
  MULTIPLE_DATA: 19,
  RPC: 20,
  CANCEL_REQUEST: 21,
  ORIGIN_TAG: 22,
} as const;
export type PvaCommand = (typeof PvaCommand)[keyof typeof PvaCommand];

/** Sub-command bits of GET, PUT, MONITOR and RPC. */
export const PvaSubcommand = {
  EXEC: 0x00,
  START: 0x04,
  INIT: 0x08,
  DESTROY: 0x10,
  GET: 0x40,
  PIPELINE: 0x80,
} as const;

export const PvaSearchFlag = { MUST_REPLY: 0x01, UNICAST: 0x80 } as const;

/** Status codes (the first byte of a non-OK status). */
export const PvaStatusCode = { OK: 0, WARNING: 1, ERROR: 2, FATAL: 3 } as const;

export const DEFAULT_PVA_SERVER_PORT = 5075;
export const DEFAULT_PVA_BROADCAST_PORT = 5076;

/** EPICS epoch (1990-01-01) in POSIX seconds: timeStamp.secondsPastEpoch = EPICS seconds + this. */
export const POSIX_TIME_AT_EPICS_EPOCH = 631152000;
