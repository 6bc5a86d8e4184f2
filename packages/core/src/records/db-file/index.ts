/** EPICS .db files: reading them as dbLoadRecords() does, and writing them back. */
export { loadDbFile, parseDb, readDb, readDbFile } from './parse.js';
export type { RecordStore } from './database-builder.js';
export type { ParseDbOptions } from './parse.js';
export { formatDb } from './format.js';
export type { FormatDbOptions } from './format.js';
export { DbFormatError, DbParseError } from './errors.js';
export { escapeDbString, translateEscapes } from './escapes.js';
export { nodeFileReader } from './node-reader.js';
export type { DbFileReader } from './include-path.js';
export { checkRecordName, MAX_RECORD_NAME_BYTES } from './record-name.js';
export type { NameCheck } from './record-name.js';
export type { DbAlias, DbDatabase, DbLocation, DbRecord, DbWarning } from './types.js';
