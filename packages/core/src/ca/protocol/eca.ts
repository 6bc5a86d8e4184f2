/**
 * CA status codes (ECA_*), as libca defines them: (message number << 3) | severity bits.
 * Only the ones a server sends or a client must recognise are listed.
 */
export const Eca = {
  NORMAL: 1,
  ALLOCMEM: 48,
  TOLARGE: 72,
  TIMEOUT: 80,
  BADTYPE: 114,
  INTERNAL: 142,
  GETFAIL: 152,
  PUTFAIL: 160,
  BADCOUNT: 176,
  BADSTR: 186,
  DISCONN: 192,
  DBLCHNL: 200,
  BADMONID: 242,
  DEFUNCT: 278,
  EVDISALLOW: 210,
  PUTCBINPROG: 362,
  NORDACCESS: 368,
  NOWTACCESS: 376,
  NOCONVERT: 400,
  BADCHID: 410,
  BADFUNCPTR: 418,
  ISATTACHED: 424,
  UNAVAILINSERV: 432,
  CHANDESTROY: 440,
  BADPRIORITY: 450,
  NOTTHREADED: 458,
  ARRAY16KCLIENT: 464,
  CONNSEQTMO: 472,
  UNRESPTMO: 480,
} as const;
export type Eca = (typeof Eca)[keyof typeof Eca];

const messages: Record<number, string> = {
  [Eca.NORMAL]: 'Normal successful completion',
  [Eca.ALLOCMEM]: 'Unable to allocate additional dynamic memory',
  [Eca.TOLARGE]: 'The requested transfer is greater than available memory or EPICS_CA_MAX_ARRAY_BYTES',
  [Eca.TIMEOUT]: 'User specified timeout on IO operation expired',
  [Eca.BADTYPE]: 'The data type specifed is invalid',
  [Eca.INTERNAL]: 'Channel Access Internal Failure',
  [Eca.GETFAIL]: 'Could not perform a database value get for that channel',
  [Eca.PUTFAIL]: 'Could not perform a database value put for that channel',
  [Eca.BADCOUNT]: 'Invalid element count requested',
  [Eca.BADSTR]: 'Invalid string',
  [Eca.DISCONN]: 'Virtual circuit disconnect',
  [Eca.DBLCHNL]: 'Identical process variable names on multiple servers',
  [Eca.BADMONID]: 'Bad event subscription (monitor) identifier',
  [Eca.DEFUNCT]: 'Remote channel access client uses a protocol version that is no longer supported',
  [Eca.EVDISALLOW]: 'Call not allowed in an event handler',
  [Eca.PUTCBINPROG]: 'Put callback in progress',
  [Eca.NORDACCESS]: 'Read access denied',
  [Eca.NOWTACCESS]: 'Write access denied',
  [Eca.NOCONVERT]: 'No conversion between src & dest types',
  [Eca.BADCHID]: 'Invalid channel identifier',
  [Eca.ARRAY16KCLIENT]: 'The requested array is too large for a CA client older than 4.9',
  [Eca.UNRESPTMO]: 'Virtual circuit unresponsive',
};

/** The libca text for a status code (ca_message), or a generic one. */
export const ecaMessage = (status: number): string => messages[status] ?? `CA status ${status}`;

/** True when the status' severity bits say success (ECA_NORMAL and friends). */
export const ecaIsSuccess = (status: number): boolean => (status & 1) === 1;
