/** Access security (EPICS asLib): the .acf language, the rights it grants, TRAPWRITE logging. */
export { AcfError, parseAcf, AS_ACCESS_NAMES, DEFAULT_ASG } from './acf-parse.js';
export type { AcfConfig, AcfGroup, AcfInput, AcfRule, AsAccess, ParseAcfOptions } from './acf-parse.js';
export { AccessSecurity, plainAddress } from './access-security.js';
export type { AsIdentity, AsRights } from './access-security.js';
export { loadAcfFile, resolveHagHosts } from './acf-load.js';
export { formatPutLogLine, putLogTime, PutLogFile } from './put-log.js';
export type { TrappedWrite } from './put-log.js';
