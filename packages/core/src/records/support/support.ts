/**
 * Record support's interfaces, for the record types' files: declared with EpicsRecord in
 * ../record.ts (the record calls its support and its support acts on the record, so one file
 * holds both and nothing imports in a circle).
 */
export type { RecordLinkAccess, RecordSupport } from '../record.js';
