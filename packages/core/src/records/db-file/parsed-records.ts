/**
 * The RecordStore of parseDb(): the records as data (a DbDatabase), each field with the line
 * it was set on.
 */
import { BuiltRecord } from './built-record.js';
import type { RecordStore } from './database-builder.js';
import type { DbAlias, DbDatabase, DbLocation } from './types.js';

export class ParsedRecords implements RecordStore<BuiltRecord> {
  private readonly records: BuiltRecord[];
  private readonly aliases: DbAlias[];
  /** Records by name and by alias. */
  private readonly byName = new Map<string, BuiltRecord>();

  /** `base`: records loaded before, copied so that a failed load leaves them as they were. */
  constructor(base?: DbDatabase) {
    this.records = base?.records.map((r) => BuiltRecord.copyOf(r)) ?? [];
    this.aliases = base?.aliases.map((a) => ({ ...a })) ?? [];
    for (const record of this.records) {
      this.byName.set(record.name, record);
      for (const alias of record.aliases) this.byName.set(alias, record);
    }
    for (const { name, alias } of this.aliases) {
      const record = this.byName.get(name);
      if (record !== undefined) this.byName.set(alias, record);
    }
  }

  result(): DbDatabase {
    return { records: this.records, aliases: this.aliases };
  }

  find(name: string): BuiltRecord | undefined {
    return this.byName.get(name);
  }

  typeOf(record: BuiltRecord): string {
    return record.type;
  }

  nameOf(record: BuiltRecord): string {
    return record.name;
  }

  create(type: string, name: string, location: DbLocation): BuiltRecord {
    const record = new BuiltRecord(type, name, location);
    this.records.push(record);
    this.byName.set(name, record);
    return record;
  }

  setField(record: BuiltRecord, name: string, value: string, location: DbLocation): void {
    record.setField(name, value, location);
  }

  setInfo(record: BuiltRecord, name: string, value: string): void {
    record.setInfo(name, value);
  }

  addBodyAlias(record: BuiltRecord, alias: string): void {
    record.addAlias(alias);
    this.byName.set(alias, record);
  }

  addAlias(record: BuiltRecord, alias: string, location: DbLocation | undefined): void {
    this.aliases.push(location === undefined ? { name: record.name, alias } : { name: record.name, alias, location });
    this.byName.set(alias, record);
  }

  endRecord(record: BuiltRecord): void {
    record.trim();
  }
}
