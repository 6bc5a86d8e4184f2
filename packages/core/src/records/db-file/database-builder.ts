/**
 * The semantic actions of dbLoadRecords() on records and aliases (dbLexRoutines.c:
 * dbRecordHead, dbRecordField, dbRecordInfo, dbRecordAlias, dbAlias):
 *
 * - record(type, name) of an existing record (or alias) of the same type continues that
 *   record: later fields replace earlier values; another type is an error;
 * - record("*", name) continues an existing record of any type and is an error if none;
 * - names are checked as dbRecordNameValidate() does; aliases share the record namespace and
 *   an alias of an alias names the real record.
 *
 * What is defined goes to a RecordStore: parsed records (parseDb) or an IOC's records, made
 * as they are read.
 */
import { DbParseError } from './errors.js';
import { checkRecordName, MAX_RECORD_NAME_BYTES, recordNameBytes } from './record-name.js';
import type { DbLocation, DbWarning } from './types.js';

export interface BuilderOptions {
  /** EPICS' dbRecordsOnceOnly: redefining a record (other than with type "*") is an error. */
  readonly recordsOnceOnly: boolean;
  readonly onWarning: (warning: DbWarning) => void;
  /** The include chain, for error messages. */
  readonly includeChain: () => DbLocation[];
}

/**
 * Where the records a load defines are kept, and what it knows of earlier loads. The builder
 * has checked each action before the store sees it.
 */
export interface RecordStore<R> {
  /** The record a name (a record's or an alias) stands for, from this load or an earlier one. */
  find(name: string): R | undefined;
  typeOf(record: R): string;
  nameOf(record: R): string;
  create(type: string, name: string, location: DbLocation): R;
  /** A later value of a field replaces the earlier (dbPutString on the same field). */
  setField(record: R, name: string, value: string, location: DbLocation): void;
  setInfo(record: R, name: string, value: string): void;
  /** alias("name") inside the record's body. */
  addBodyAlias(record: R, alias: string): void;
  /** alias("record", "alias") at top level. */
  addAlias(record: R, alias: string, location: DbLocation | undefined): void;
  /** The end of one definition of the record (its body, or its head alone). */
  endRecord(record: R): void;
  /**
   * An error dbLoadRecords reports and goes on after (yyerror without abort: an alias to an
   * unknown record, a record redefined with another type, a bad record name, whose body is
   * then skipped). Without it, such an error is thrown as DbParseError like the others.
   */
  refuse?(error: DbParseError): void;
}

/** The actions the parser calls, in the order it reads them. */
export interface DbActions {
  beginRecord(type: string, name: string, location: DbLocation): void;
  endRecord(): void;
  field(name: string, value: string, location: DbLocation): void;
  info(name: string, value: string, location: DbLocation): void;
  recordAlias(alias: string, location: DbLocation): void;
  alias(name: string, alias: string, location: DbLocation): void;
}

export class DatabaseBuilder<R> implements DbActions {
  private current: R | undefined;
  /** Record types and field names, one string each however often written (the lexer makes a new one per token). */
  private readonly words = new Map<string, string>();
  /** The body of a record whose head was refused: its fields, infos and aliases are ignored. */
  private skipping = false;

  constructor(
    private readonly options: BuilderOptions,
    private readonly store: RecordStore<R>,
  ) {}

  private word(text: string): string {
    const known = this.words.get(text);
    if (known !== undefined) return known;
    this.words.set(text, text);
    return text;
  }

  private fail(reason: string, location: DbLocation): never {
    throw new DbParseError(reason, location, this.options.includeChain());
  }

  /** An error the load goes on after, when the store takes such errors (else thrown). */
  private refuse(reason: string, location: DbLocation): void {
    const error = new DbParseError(reason, location, this.options.includeChain());
    if (this.store.refuse === undefined) throw error;
    this.store.refuse(error);
  }

  /** dbRecordNameValidate: false (reported) when the name is refused. */
  private validName(name: string, location: DbLocation): boolean {
    const check = checkRecordName(name);
    for (const message of check.warnings) this.options.onWarning({ message, location });
    if (check.error === undefined) return true;
    this.refuse(check.error, location);
    return false;
  }

  /** A record's head refused: reported, and its body skipped. */
  private skipRecord(reason: string, location: DbLocation): void {
    this.refuse(reason, location);
    this.current = undefined;
    this.skipping = true;
  }

  /** record(type, name) or grecord(type, name). */
  beginRecord(type: string, name: string, location: DbLocation): void {
    this.skipping = false;
    if (!this.validName(name, location)) {
      this.current = undefined;
      this.skipping = true;
      return;
    }
    const store = this.store;
    const existing = store.find(name);
    if (type === '*') {
      if (existing === undefined) return this.skipRecord(`Record "${name}" not found`, location);
      this.current = existing;
      return;
    }
    if (type === '') this.fail(`Record "${name}" is of unknown type ""`, location);
    if (existing !== undefined) {
      if (store.typeOf(existing) !== type) {
        return this.skipRecord(`Record "${name}" of type "${store.typeOf(existing)}" redefined with new type "${type}"`, location);
      }
      if (this.options.recordsOnceOnly) {
        return this.skipRecord(`Record "${name}" already defined and dbRecordsOnceOnly set. Used record type "*" to append.`, location);
      }
      this.current = existing;
      return;
    }
    if (recordNameBytes(name) > MAX_RECORD_NAME_BYTES) {
      this.fail(`Can't create record "${name}" of type "${type}": name longer than ${MAX_RECORD_NAME_BYTES} characters`, location);
    }
    this.current = store.create(this.word(type), name, location);
  }

  endRecord(): void {
    if (this.current !== undefined) this.store.endRecord(this.current);
    this.current = undefined;
    this.skipping = false;
  }

  private record(): R {
    if (this.current === undefined) throw new Error('db-file: field outside a record'); // parser bug
    return this.current;
  }

  field(name: string, value: string, location: DbLocation): void {
    if (this.skipping) return;
    this.store.setField(this.record(), this.word(name), value, location);
  }

  /**
   * An info item replaces one of the same name in place (dbPutInfo). Through an alias name
   * (`record(ai, ALIAS) { info(...) }`) EPICS attaches it to the alias entry, where dbDumpRecord
   * and most tools never see it; here it goes to the record.
   */
  info(name: string, value: string, location: DbLocation): void {
    if (name === '') this.fail("dbRecordInfo: Info item name can't be empty", location);
    if (this.skipping) return;
    this.store.setInfo(this.record(), name, value);
  }

  /** alias("name") inside a record body. */
  recordAlias(alias: string, location: DbLocation): void {
    if (this.skipping || !this.validName(alias, location)) return;
    const record = this.record();
    if (this.store.find(alias) !== undefined) return this.refuse(`Can't create alias "${alias}" for "${this.store.nameOf(record)}"`, location);
    this.store.addBodyAlias(record, alias);
  }

  /** alias("record", "alias") at top level. */
  alias(name: string, alias: string, location: DbLocation): void {
    if (!this.validName(alias, location) || !this.validName(name, location)) return;
    const record = this.store.find(name);
    if (record === undefined) return this.refuse(`Alias "${alias}" refers to unknown record "${name}"`, location);
    if (this.store.find(alias) !== undefined) return this.refuse(`Can't create alias "${alias}" referring to "${name}"`, location);
    this.store.addAlias(record, alias, location);
  }
}
