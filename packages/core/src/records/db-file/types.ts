/** The result of reading .db files: record instances and aliases, as dbLoadRecords() leaves them. */

/** Where something was defined; line and column are 1-based, in the macro-expanded line. */
export interface DbLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface DbRecord {
  /** The record type as written, e.g. "ai" (not checked against known types here). */
  type: string;
  name: string;
  /**
   * Field values as EPICS' dbPutString() would receive them: quotes removed, escapes
   * translated, JSON link values in EPICS' normalised text (e.g. `{const:5}`). In order of
   * first definition; a later definition of the same field replaces the value in place.
   */
  fields: Map<string, string>;
  /** Where each field was (last) set, so a load error can name the line of the field. */
  fieldLocations?: Map<string, DbLocation>;
  /** info(name, value) items, with values treated like field values. */
  infos: Map<string, string>;
  /** Aliases given inside the record's body, alias("name"), in order. */
  aliases: string[];
  /** The record's first definition. */
  location: DbLocation;
}

/** A top-level alias("record", "alias"); `name` is the real record, even if an alias was written. */
export interface DbAlias {
  name: string;
  alias: string;
  location?: DbLocation;
}

export interface DbDatabase {
  /** In order of first definition. */
  records: DbRecord[];
  aliases: DbAlias[];
}

/** A non-fatal diagnostic (EPICS prints these and goes on loading). */
export interface DbWarning {
  readonly message: string;
  readonly location: DbLocation;
}
