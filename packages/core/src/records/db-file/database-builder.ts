/**
 * The semantic actions of dbLoadRecords() on records and aliases (dbLexRoutines.c:
 * dbRecordHead, dbRecordField, dbRecordInfo, dbRecordAlias, dbAlias):
 *
 * - record(type, name) of an existing record (or alias) of the same type continues that
 *   record: later fields replace earlier values; another type is an error;
 * - record("*", name) continues an existing record of any type and is an error if none;
 * - names are checked as dbRecordNameValidate() does; aliases share the record namespace and
 *   an alias of an alias names the real record.
 */
import { BuiltRecord } from './built-record.js';
import { DbParseError } from './errors.js';
import { checkRecordName, MAX_RECORD_NAME_BYTES, recordNameBytes } from './record-name.js';
import type { DbAlias, DbDatabase, DbLocation, DbWarning } from './types.js';

export interface BuilderOptions {
  /** EPICS' dbRecordsOnceOnly: redefining a record (other than with type "*") is an error. */
  readonly recordsOnceOnly: boolean;
  readonly onWarning: (warning: DbWarning) => void;
  /** The include chain, for error messages. */
  readonly includeChain: () => DbLocation[];
}

export class DatabaseBuilder {
  private readonly records: BuiltRecord[];
  private readonly aliases: DbAlias[];
  /** Records by name and by alias. */
  private readonly byName = new Map<string, BuiltRecord>();
  private current: BuiltRecord | undefined;
  /** Record types and field names, one string each however often written (the lexer makes a new one per token). */
  private readonly words = new Map<string, string>();

  constructor(
    private readonly options: BuilderOptions,
    base?: DbDatabase,
  ) {
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

  private word(text: string): string {
    const known = this.words.get(text);
    if (known !== undefined) return known;
    this.words.set(text, text);
    return text;
  }

  result(): DbDatabase {
    return { records: this.records, aliases: this.aliases };
  }

  private fail(reason: string, location: DbLocation): never {
    throw new DbParseError(reason, location, this.options.includeChain());
  }

  private validateName(name: string, location: DbLocation): void {
    const check = checkRecordName(name);
    for (const message of check.warnings) this.options.onWarning({ message, location });
    if (check.error !== undefined) this.fail(check.error, location);
  }

  /** record(type, name) or grecord(type, name). */
  beginRecord(type: string, name: string, location: DbLocation): void {
    this.validateName(name, location);
    const existing = this.byName.get(name);
    if (type === '*') {
      if (existing === undefined) this.fail(`Record "${name}" not found`, location);
      this.current = existing;
      return;
    }
    if (type === '') this.fail(`Record "${name}" is of unknown type ""`, location);
    if (existing !== undefined) {
      if (existing.type !== type) {
        this.fail(`Record "${name}" of type "${existing.type}" redefined with new type "${type}"`, location);
      }
      if (this.options.recordsOnceOnly) {
        this.fail(`Record "${name}" already defined and dbRecordsOnceOnly set. Used record type "*" to append.`, location);
      }
      this.current = existing;
      return;
    }
    if (recordNameBytes(name) > MAX_RECORD_NAME_BYTES) {
      this.fail(`Can't create record "${name}" of type "${type}": name longer than ${MAX_RECORD_NAME_BYTES} characters`, location);
    }
    const record = new BuiltRecord(this.word(type), name, location);
    this.records.push(record);
    this.byName.set(name, record);
    this.current = record;
  }

  endRecord(): void {
    this.current?.trim();
    this.current = undefined;
  }

  private record(): BuiltRecord {
    if (this.current === undefined) throw new Error('db-file: field outside a record'); // parser bug
    return this.current;
  }

  field(name: string, value: string, location?: DbLocation): void {
    this.record().setField(this.word(name), value, location);
  }

  /**
   * An info item replaces one of the same name in place (dbPutInfo). Through an alias name
   * (`record(ai, ALIAS) { info(...) }`) EPICS attaches it to the alias entry, where dbDumpRecord
   * and most tools never see it; here it goes to the record.
   */
  info(name: string, value: string, location: DbLocation): void {
    if (name === '') this.fail("dbRecordInfo: Info item name can't be empty", location);
    this.record().setInfo(name, value);
  }

  /** alias("name") inside a record body. */
  recordAlias(alias: string, location: DbLocation): void {
    this.validateName(alias, location);
    const record = this.record();
    if (this.byName.has(alias)) this.fail(`Can't create alias "${alias}" for "${record.name}"`, location);
    record.addAlias(alias);
    this.byName.set(alias, record);
  }

  /** alias("record", "alias") at top level. */
  alias(name: string, alias: string, location: DbLocation): void {
    this.validateName(alias, location);
    this.validateName(name, location);
    const record = this.byName.get(name);
    if (record === undefined) this.fail(`Alias "${alias}" refers to unknown record "${name}"`, location);
    if (this.byName.has(alias)) this.fail(`Can't create alias "${alias}" referring to "${name}"`, location);
    this.aliases.push({ name: record.name, alias, location });
    this.byName.set(alias, record);
  }
}
