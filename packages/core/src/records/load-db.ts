/**
 * Instantiating parsed .db records in a record database, as iocInit does after
 * dbLoadRecords: every record created and configured, aliases added, then all initialised
 * together. Any error names the file and line, and leaves the database as it was.
 */
import { DatabaseError, type RecordDatabase } from './database.js';
import type { DbDatabase, DbLocation } from './db-file/types.js';
import type { EpicsRecord } from './record.js';
import { supportedRecordTypes } from './support/registry.js';

const where = (loc: DbLocation): string => `${loc.file}:${loc.line}`;

export function instantiateDb(db: RecordDatabase, parsed: DbDatabase): EpicsRecord[] {
  const created: EpicsRecord[] = [];
  const supported = new Set(supportedRecordTypes());
  try {
    for (const rec of parsed.records) {
      if (!supported.has(rec.type)) {
        throw new DatabaseError(`${where(rec.location)}: record type "${rec.type}" of "${rec.name}" is not supported (devioc has ${[...supported].join(', ')})`);
      }
      let record: EpicsRecord;
      try {
        record = db.create(rec.type, rec.name);
      } catch (err) {
        throw new DatabaseError(`${where(rec.location)}: ${(err as Error).message}`);
      }
      created.push(record);
      for (const [field, value] of rec.fields) {
        try {
          record.configure(field, value);
        } catch (err) {
          throw new DatabaseError(`${where(rec.fieldLocations?.get(field) ?? rec.location)}: ${(err as Error).message}`);
        }
      }
      const infos = rec.infos;
      if (infos.size > 0) record.state.info = new Map(infos);
      for (const alias of rec.aliases) db.alias(rec.name, alias);
    }
    for (const a of parsed.aliases) db.alias(a.name, a.alias);
    try {
      db.initialise(created);
    } catch (err) {
      // init_record failures (an unregistered SNAM…) name the record: point at its field's line.
      const failed = parsed.records.find((r) => r.name === (err as { record?: string }).record);
      const field = /^\S+\.([A-Z0-9]+): /.exec((err as Error).message)?.[1];
      if (failed === undefined) throw err;
      throw new DatabaseError(`${where((field !== undefined ? failed.fieldLocations?.get(field) : undefined) ?? failed.location)}: ${(err as Error).message}`);
    }
    return created;
  } catch (err) {
    db.remove(created);
    throw err;
  }
}
