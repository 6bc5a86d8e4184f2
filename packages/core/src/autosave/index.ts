/** Autosave, compatible with synApps autosave (.req request files, .sav files). */
export { Autosave, canonicalPv, INFO_SET_PASS0, INFO_SET_PASS1 } from './autosave.js';
export type { AutosaveOptions, AutosaveRequest } from './autosave.js';
export { readReqFile, ReqFileError } from './req-file.js';
export type { ReqEntry, ReadReqOptions } from './req-file.js';
export { formatSav, parseSav, savDate, SavFormatError, SAV_VERSION, escapeScalar, unescapeScalar } from './sav-format.js';
export type { SavEntry } from './sav-format.js';
export { removeStaleTemporaries, writeFileAtomic } from './atomic-file.js';
