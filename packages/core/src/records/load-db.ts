/**
 * dbLoadRecords then iocInit. Each .db file's records are made and configured as the file is
 * read, and kept aside; iocInit adds them to the record database and initialises them all
 * together. Any error names the file and line, and a failed load or iocInit leaves the
 * database as it was.
 *
 * Why as they are read, rather than parsing each file and making the records at iocInit: a
 * parsed .db of 100,000 records is 27 MB, held long enough for V8 to copy it into the old
 * generation, where it stays until the next full collection. An IOC would then start serving
 * with it in its memory (RSS) half of the time. A definition read and applied dies young.
 */
import { DatabaseError, type RecordDatabase } from './database.js';
import type { RecordStore } from './db-file/database-builder.js';
import type { DbParseError } from './db-file/errors.js';
import { ParsedRecords } from './db-file/parsed-records.js';
import type { DbDatabase, DbLocation } from './db-file/types.js';
import type { EpicsRecord } from './record.js';
import { supportedRecordTypes } from './support/registry.js';

const where = (loc: DbLocation): string => `${loc.file}:${loc.line}`;

/**
 * Reads one load (a .db file with its macros, or text) into a store. `again` is true when it
 * is read a second time to find where an iocInit error was written: it must then say nothing.
 */
export type DbReader = <R>(store: RecordStore<R>, again: boolean) => void;

/** A record from an earlier load that this load continues: its changes wait until this load has been read whole. */
class Continued {
  readonly fields: Array<{ name: string; value: string; location: DbLocation }> = [];
  readonly infos: Array<[string, string]> = [];
  readonly aliases: string[] = [];
  constructor(readonly record: EpicsRecord) {}
}

type Entry = EpicsRecord | Continued;

const made = (entry: Entry): EpicsRecord => (entry instanceof Continued ? entry.record : entry);

/**
 * What a load refused, each with its file and line: fields their records refused, aliases to
 * unknown records, records redefined with another type, and the error that stopped it if one
 * did. dbLoadRecords reports them and keeps what it made, so the load's records are kept (the
 * refused fields as they were); the load still fails (softIoc's "failed to load", and `-d`
 * stops).
 */
export class LoadErrors extends DatabaseError {
  override name = 'LoadErrors';
  constructor(readonly errors: readonly Error[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

/**
 * dbPutString of one field at load time (dbStatic's conversions, strict with iocsh's var
 * dbConvertStrict); a refusal goes to `failed`.
 */
function configure(record: EpicsRecord, name: string, value: string, location: DbLocation, failed: (error: DatabaseError) => void, strict: boolean): void {
  try {
    record.configureStatic(name, value, strict);
  } catch (err) {
    failed(new DatabaseError(`${where(location)}: ${(err as Error).message}`));
  }
}

function setInfo(record: EpicsRecord, name: string, value: string): void {
  const infos = (record.state.info as Map<string, string> | undefined) ?? new Map<string, string>();
  infos.set(name, value);
  record.state.info = infos;
}

/** What one load defines, until it has been read whole. */
class Load implements RecordStore<Entry> {
  readonly records: EpicsRecord[] = [];
  readonly continued = new Map<EpicsRecord, Continued>();
  readonly bodyAliases = new Map<EpicsRecord, string[]>();
  readonly aliases: Array<[string, string]> = [];
  /** What was refused as it was read (the load went on). */
  readonly errors: Error[] = [];

  /**
   * `names`: where the names (records' and aliases') this load adds go. For the first load it
   * is StagedRecords' own Map (what a load made stays, even when it stopped): a 100,000-entry
   * Map made to be merged would itself be old garbage.
   */
  constructor(
    private readonly earlier: ReadonlyMap<string, Entry>,
    readonly names: Map<string, Entry>,
    private readonly make: (type: string, name: string) => EpicsRecord,
    private readonly supported: ReadonlySet<string>,
    private readonly convertStrict: boolean,
  ) {}

  /** What the builder reports and goes on after (an alias to an unknown record…), and refused fields. */
  readonly refuse = (error: DbParseError | DatabaseError): void => {
    this.errors.push(error);
  };

  find(name: string): Entry | undefined {
    const own = this.names.get(name);
    if (own !== undefined) return own;
    const earlier = this.earlier.get(name);
    if (earlier === undefined) return undefined;
    const record = made(earlier);
    let continued = this.continued.get(record);
    if (continued === undefined) this.continued.set(record, (continued = new Continued(record)));
    return continued;
  }

  typeOf(entry: Entry): string {
    return made(entry).typeName;
  }

  nameOf(entry: Entry): string {
    return made(entry).name;
  }

  create(type: string, name: string, location: DbLocation): Entry {
    // dbRecordHead: "Record … is of unknown type", and the file stops there (yyerrorAbort).
    if (!this.supported.has(type)) throw new DatabaseError(`${where(location)}: record type "${type}" of "${name}" is not supported (devioc has ${[...this.supported].join(', ')})`);
    const record = this.make(type, name);
    this.records.push(record);
    this.names.set(name, record);
    return record;
  }

  setField(entry: Entry, name: string, value: string, location: DbLocation): void {
    if (entry instanceof Continued) entry.fields.push({ name, value, location });
    else configure(entry, name, value, location, this.refuse, this.convertStrict);
  }

  setInfo(entry: Entry, name: string, value: string): void {
    if (entry instanceof Continued) entry.infos.push([name, value]);
    else setInfo(entry, name, value);
  }

  addBodyAlias(entry: Entry, alias: string): void {
    if (entry instanceof Continued) entry.aliases.push(alias);
    else {
      const list = this.bodyAliases.get(entry);
      if (list === undefined) this.bodyAliases.set(entry, [alias]);
      else list.push(alias);
    }
    this.names.set(alias, entry);
  }

  addAlias(entry: Entry, alias: string): void {
    this.aliases.push([made(entry).name, alias]);
    this.names.set(alias, entry);
  }

  endRecord(): void {
    // Nothing to finish: each field was applied (or kept for the continued record) as read.
  }
}

/** The records dbLoadRecords has read, until iocInit. */
export class StagedRecords {
  private readonly records: EpicsRecord[] = [];
  private count = 0;
  /** Records and aliases by name; once a load is in, never a Continued. */
  private readonly names = new Map<string, Entry>();
  private readonly bodyAliases = new Map<EpicsRecord, string[]>();
  private readonly aliases: Array<[string, string]> = [];
  /** Every load, to read again when iocInit fails and the error must name a line. */
  private readonly loads: DbReader[] = [];
  private readonly supported = new Set(supportedRecordTypes());

  constructor(private readonly db: RecordDatabase) {}

  /** How many records the loads define. */
  get size(): number {
    return this.count;
  }

  /**
   * One dbLoadRecords, as it goes: what it made is kept even when `read` throws (a syntax error,
   * an unknown record type: the records before it and the one it was in), as dbLoadRecords keeps
   * them. A field its record refuses is left as it was and the rest is loaded, as dbLoadRecords
   * goes on after "Can't set" (an alias to an unknown record, a record redefined with another
   * type: the same). Then the error that stopped the load is thrown, or LoadErrors with every
   * refusal. Returns how many records it added.
   */
  load(read: DbReader, options: { convertStrict?: boolean } = {}): number {
    const first = this.names.size === 0;
    const strict = options.convertStrict === true;
    const load = new Load(this.names, first ? this.names : new Map(), (type, name) => this.db.make(type, name), this.supported, strict);
    let stopped: Error | undefined;
    try {
      read(load, false);
    } catch (err) {
      stopped = err as Error;
    }
    this.loads.push(read);
    const refused = load.errors;
    for (const [record, changes] of load.continued) {
      for (const { name, value, location } of changes.fields) configure(record, name, value, location, (error) => refused.push(error), strict);
      for (const [name, value] of changes.infos) setInfo(record, name, value);
      if (changes.aliases.length > 0) this.bodyAliases.set(record, [...(this.bodyAliases.get(record) ?? []), ...changes.aliases]);
    }
    for (const record of load.records) this.records.push(record);
    this.count += load.records.length;
    for (const [record, aliases] of load.bodyAliases) this.bodyAliases.set(record, aliases);
    // A loop, not push(...): a file may have more aliases than a call may have arguments.
    for (const alias of load.aliases) this.aliases.push(alias);
    if (!first) for (const [name, entry] of load.names) this.names.set(name, made(entry));
    if (stopped !== undefined && refused.length === 0) throw stopped;
    if (stopped !== undefined) refused.push(stopped);
    if (refused.length > 0) throw new LoadErrors(refused);
    return load.records.length;
  }

  /**
   * iocInit: adds every record and alias to the database, then initialises them all together.
   * On any error the database is left as it was.
   */
  instantiate(): EpicsRecord[] {
    const db = this.db;
    const created: EpicsRecord[] = [];
    try {
      for (const record of this.records) {
        try {
          db.adopt(record);
        } catch (err) {
          throw this.located(err as Error, record.name);
        }
        created.push(record);
        for (const alias of this.bodyAliases.get(record) ?? []) db.alias(record.name, alias);
      }
      for (const [name, alias] of this.aliases) db.alias(name, alias);
      try {
        db.initialise(created);
      } catch (err) {
        // init_record failures (an unregistered SNAM…) name the record: point at its field's line.
        const record = (err as { record?: string }).record;
        if (record === undefined) throw err;
        throw this.located(err as Error, record, /^\S+\.([A-Z0-9]+): /.exec((err as Error).message)?.[1]);
      }
      return created;
    } catch (err) {
      db.remove(created);
      throw err;
    }
  }

  /** The error with the line that defined the record, or set its field; found by reading the loads again. */
  private located(err: Error, name: string, field?: string): Error {
    const store = new RereadRecords();
    for (const read of this.loads) {
      try {
        read(store, true);
      } catch {
        // The load stopped there the first time too (or its file changed since): what was read stays.
      }
    }
    const record = store.result().records.find((r) => r.name === name);
    if (record === undefined) return err;
    const location = (field !== undefined ? record.fieldLocations?.get(field) : undefined) ?? record.location;
    return new DatabaseError(`${where(location)}: ${err.message}`);
  }
}

/** The loads read again to find a line: what the loads went on after is passed over again. */
class RereadRecords extends ParsedRecords {
  refuse(): void {}
}

/** Instantiates parsed records, as dbLoadRecords of their file then iocInit would. */
export function instantiateDb(db: RecordDatabase, parsed: DbDatabase): EpicsRecord[] {
  const staged = new StagedRecords(db);
  staged.load((store) => replay(parsed, store));
  return staged.instantiate();
}

function replay<R>(parsed: DbDatabase, store: RecordStore<R>): void {
  for (const rec of parsed.records) {
    const record = store.create(rec.type, rec.name, rec.location);
    const locations = rec.fieldLocations;
    for (const [field, value] of rec.fields) store.setField(record, field, value, locations?.get(field) ?? rec.location);
    for (const [name, value] of rec.infos) store.setInfo(record, name, value);
    for (const alias of rec.aliases) store.addBodyAlias(record, alias);
    store.endRecord(record);
  }
  for (const a of parsed.aliases) {
    const record = store.find(a.name);
    if (record !== undefined) store.addAlias(record, a.alias, a.location);
  }
}
