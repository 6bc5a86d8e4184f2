/**
 * The enumerated values of UncleSAM's records, as plain tables (no `const enum`, so they exist
 * at run time and in the README). STATUS keeps mxdc's 0–3 exactly: mxdc reads 0 as idle, 1, 2
 * and 4 as busy, 3 as standby, anything else as an error; HEALTH 1 is the only good value.
 */

/** STATUS: aunt-isara's StatusType, which mxdc was written against. */
export const Status = { IDLE: 0, WAITING: 1, BUSY: 2, STANDBY: 3, FAULT: 4 } as const;
export type Status = (typeof Status)[keyof typeof Status];
export const STATUS_CHOICES = ['IDLE', 'WAITING', 'BUSY', 'STANDBY', 'FAULT'] as const;

export const Health = { BAD: 0, GOOD: 1 } as const;
export type Health = (typeof Health)[keyof typeof Health];
export const HEALTH_CHOICES = ['BAD', 'GOOD'] as const;

export const CONNECTED_CHOICES = ['INACTIVE', 'ACTIVE'] as const;
export const ENABLED_CHOICES = ['DISABLED', 'ENABLED'] as const;
export const NO_YES = ['NO', 'YES'] as const;
export const OFF_ON = ['OFF', 'ON'] as const;

/** STATE:SAMPLE, in the order of dcs-protocol's SAMPLE_LOCATIONS. */
export const SAMPLE_CHOICES = ['NO', 'ON TONG', 'ON PLACER', 'ON PICKER', 'ON GONIO', 'BAD'] as const;
/** STATE:DUMBBELL, in the order of DUMBBELL_STATES. */
export const DUMBBELL_CHOICES = ['OUT', 'RAISED', 'IN CRADLE', 'IN TONG', 'BAD'] as const;
/** STATE:LN2, in the order of LN2_STATES. */
export const LN2_CHOICES = ['NO', 'YES', 'WRONG'] as const;
/** STATE:LEFT/MIDDLE/RIGHT, in the order of HOLDER_TYPES (u 0 1 2 3 X -). */
export const HOLDER_CHOICES = ['UNKNOWN', 'ABSENT', 'CASSETTE', 'CALIB', 'PUCK', 'BAD', 'NONE'] as const;
