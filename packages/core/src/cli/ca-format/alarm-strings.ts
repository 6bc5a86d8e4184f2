/** Alarm status and severity names (libcom alarmString.c), as the CA tools print them. */

const STATUS = [
  'NO_ALARM', 'READ', 'WRITE', 'HIHI', 'HIGH', 'LOLO', 'LOW', 'STATE', 'COS', 'COMM', 'TIMEOUT', 'HWLIMIT', 'CALC',
  'SCAN', 'LINK', 'SOFT', 'BAD_SUB', 'UDF', 'DISABLE', 'SIMM', 'READ_ACCESS', 'WRITE_ACCESS',
];
const SEVERITY = ['NO_ALARM', 'MINOR', 'MAJOR', 'INVALID'];

/** The tools show "??" for codes outside the tables; STS fields are signed shorts in the C structs. */
export const statusName = (status: number): string => STATUS[(status << 16) >> 16] ?? '??';
export const severityName = (severity: number): string => SEVERITY[(severity << 16) >> 16] ?? '??';
/** STSACK_STRING has unsigned status/severity. */
export const statusNameUnsigned = (status: number): string => STATUS[status & 0xffff] ?? '??';
export const severityNameUnsigned = (severity: number): string => SEVERITY[severity & 0xffff] ?? '??';
