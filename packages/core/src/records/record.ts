/**
 * One record instance: its fields (driven by the record type's field table), its processing
 * state, its alarm, and the events it posts per field. Record-type behaviour lives in a
 * RecordSupport; this class is the generic machinery EPICS calls dbAccess/recGbl.
 */
import { Dbe } from '../ca/protocol/constants.js';
import { ConversionError, clockNsec, clockSec, convertArray, readClock } from '../ca/protocol/dbr/index.js';
import { AlarmSeverity, AlarmStatus, type EpicsTimestamp, type NativeArray, NativeType, type PvMetadata, type PvSnapshot, emptyMetadata } from '../ca/protocol/dbr/types.js';
import type { Unsubscribe } from '../ca/server/provider.js';
import type { ReplySnapshot } from '../ca/server/reply-snapshot.js';
import type { FieldDef, RecordTypeDef } from './fields/field-def.js';
import { ulongStoredBeforeFailure } from '../ca/protocol/dbr/parse-number.js';
import { DEFAULT_TEXT, type FieldConversion, type FieldValue, castToDbf, isFloatDbf, isEnumLikeDbf, isNumericDbf, isPlainNumericDbf, oneAsDouble, numOf, strOf, isLinkDbf, jsToScalar, nativeToScalar, nativeTypeOfDbf, parseFieldText, scalarToNative, stringToDbfNumber } from './field-value.js';
import type { CaLinkReport, LinkReading } from './links/link-target.js';
import type { LinkSpec } from './links/parse-link.js';
import { LINK_PUT, type RecordPut } from './put.js';
import { TransientSnapshot, TransientStamp } from './transient-snapshot.js';
import { deviceChoices, implementedDevices, isDeviceImplemented } from './devices/device-table.js';
import { failureIsProcessStatus } from './devices/process-status.js';
import { addOwnField } from './own-field.js';
import { hasUnexpandedMacro, staticMenuIndex, staticNumber } from './fields/static-put.js';

/**
 * Told of every post of a field: the event mask, the field's snapshot, and the put that
 * caused it (undefined when a scan, a timer, a forward link or PINI did).
 */
export type RecordListener = (mask: number, snapshot: PvSnapshot, put: RecordPut | undefined) => void;

/**
 * Record support: what makes an ai an ai. One object per record type, the way EPICS' rset is
 * one table of functions; the generic machinery below calls it. (Declared here, with the
 * record it acts on, so that the record and its support do not import each other.)
 */
export interface RecordSupport {
  /** The record type this supports, e.g. "ai". */
  readonly type: string;
  /** The value a computed-address field (array VAL, long string) starts with. */
  initialValue?(rec: EpicsRecord, field: FieldDef): FieldValue;
  /** init_record: called once after configuration and link resolution. */
  init?(rec: EpicsRecord): void;
  /** process: read inputs, compute, check alarms, write outputs, post monitors, FLNK. */
  process(rec: EpicsRecord): void;
  /**
   * Called before process(): true when the support started the processing asynchronously
   * instead (simulation mode's SDLY): the record stays active, and the support runs process()
   * when the delay is over.
   */
  deferProcess?(rec: EpicsRecord): boolean;
  /**
   * The rset has get_graphic_double/get_control_double: fields metadata() does not describe
   * get their DBF type's range as display and control limits (recGblGetGraphicDouble).
   * 'control': only get_control_double (boRecord.c), so the display limits stay 0.
   */
  readonly rangeLimits?: boolean | 'control';
  /** Display/alarm/control metadata served with a field (get_units, get_precision, …). */
  metadata?(rec: EpicsRecord, field: string): Partial<PvMetadata>;
  /**
   * All the fields metadata() of VAL reads, when it reads nothing else (no links, no state):
   * VAL's metadata is then made again only after one of them was stored, not for every post.
   */
  readonly metadataFields?: readonly string[];
  /** State strings of a DBF_ENUM field (get_enum_strs). */
  enumStrings?(rec: EpicsRecord, field: string): readonly string[];
  /** special(): before (after = false; may throw to refuse) and after a put to a field. */
  /**
   * SCAN "I/O Intr" works (device support with get_ioint_info: the application calls
   * RecordDatabase.ioRequest); without it scanAdd makes the record Passive, as in softIoc.
   */
  ioIntr?: boolean;
  special?(rec: EpicsRecord, field: string, after: boolean): void;
  /**
   * A .db field() the record stored but refuses (dbPutString's postfix() of an SPC_CALC field):
   * throws RecordFieldError; the text stays stored, as in EPICS.
   */
  checkStatic?(rec: EpicsRecord, field: FieldDef, text: string): void;
  /** Parses a field's configuration text when the generic rules do not fit (array VAL). */
  parseField?(rec: EpicsRecord, field: FieldDef, text: string): FieldValue | undefined;
  /** Stores a JS value when the generic rules do not fit (arrays, long strings). */
  valueFromJs?(rec: EpicsRecord, field: FieldDef, value: unknown): FieldValue | undefined;
  /** Stores a written CA value when the generic rules do not fit (arrays, long strings). */
  valueFromNative?(rec: EpicsRecord, field: FieldDef, value: NativeArray, from: NativeType): FieldValue | undefined;
  /** Converts a JS value for a put when the generic rules do not fit. */
  jsToNative?(rec: EpicsRecord, field: FieldDef, value: unknown): { value: NativeArray; type: NativeType } | undefined;
  /** Serves a field whose CA form is not its stored scalar (array VAL, long strings). */
  nativeValue?(rec: EpicsRecord, field: FieldDef): { value: NativeArray; type: NativeType } | undefined;
  /** The CA type and maximum count of a field, when not the DBF's scalar (cvt_dbaddr). */
  shape?(rec: EpicsRecord, field: FieldDef): { type: NativeType; count: number } | undefined;
  /** Whether CA may write a field, when cvt_dbaddr decides it (a LIFO compress VAL is read-only). */
  writable?(rec: EpicsRecord, field: FieldDef): boolean | undefined;
}

/** How record support reaches its links (INP, OUT, DOL, INPA…, FLNK, SDIS…). */
export interface RecordLinkAccess {
  /** The parsed link of a field. */
  spec(field: string): LinkSpec;
  /** Whether any of the record's links is a PV link (without one, no input read changes anything). */
  hasPvLinks(): boolean;
  /**
   * Reads an input link with its PP and MS/MSS/MSI semantics (the alarm goes to the reading
   * record); undefined when the link is empty, a constant, or not connected (then a LINK
   * alarm is raised for a PV link).
   */
  read(field: string): LinkReading | undefined;
  /** read() for a record that wants text (dbGetLink as DBR_STRING): a CA link to an ENUM channel gives its state strings. */
  readText(field: string): LinkReading | undefined;
  /** Writes an output link with its PP and MS semantics; false when nothing was written. */
  write(field: string, value: NativeArray, type: NativeType): boolean;
  /** Processes the FLNK target. */
  forward(): void;
  /** The metadata of a PV link's target (dbGetUnits, dbGetPrecision, dbGetGraphicLimits…). */
  metadata(field: string): PvMetadata | undefined;
  /** The CA type of the field a PV link points at (dbGetLinkDBFtype), when known. */
  targetType(field: string): NativeType | undefined;
  /** Processes the target of another forward link (fanout LNK0…, seq LNKn as dbScanFwdLink). */
  forwardLink(field: string): void;
  /** Whether a PV link is connected (a constant or empty link counts as not a PV). */
  isConnected(field: string): boolean;
  /** A CA link (one to another IOC, or a CP/CPP link, which EPICS makes a CA link): its PV and what dbcar says of it. */
  caLink?(field: string): { pv: string; report: CaLinkReport } | undefined;
  /** A constant (or empty) link, a record of this process, or a CA link connected or not. */
  status(field: string): LinkStatus;
  /** TSEL as a PV link: to a record's TIME ('time') or giving the time event TSE ('event'). */
  readonly timeStampLink: 'time' | 'event' | undefined;
  /** The time stamp of TSEL's record (dbGetTimeStamp), when it has one to give. */
  linkedTime(): EpicsTimestamp | undefined;
}

export type LinkStatus = 'constant' | 'local' | 'connected' | 'disconnected';

/** The environment a record lives in: its database (links, scanning, menus). */
export interface RecordHost {
  menuLabels(menu: string): readonly string[];
  /** Asks the database to process a record soon (scanOnce). */
  scanOnce(record: EpicsRecord): void;
  /** Record-type specific setup on SCAN/PHAS/EVNT changes. */
  scanChanged(record: EpicsRecord): void;
  linkChanged(record: EpicsRecord, field: string): void;
  /** post_event: processes the records with SCAN "Event" and this EVNT (event record). */
  postEvent(name: string): void;
  /** eventNameToHandle: the event exists from now on (an event record's VAL), as scanpel lists it. */
  declareEvent?(name: string): void;
  /** Warnings about a record (bad links, failed calc…) go here. */
  warn(record: EpicsRecord, message: string): void;
}

export class RecordFieldError extends Error {
  constructor(
    readonly record: string,
    readonly field: string,
    message: string,
  ) {
    super(`${record}.${field}: ${message}`);
    this.name = 'RecordFieldError';
  }
}

/**
 * A client's put that was stored but whose processing failed (dbPutField's status): rsrv answers
 * it with ECA_PUTFAIL; the shell's dbpf prints the field all the same, as EPICS' dbpf does.
 */
export class ProcessingFailedError extends RecordFieldError {
  constructor(record: string, field: string) {
    super(record, field, 'processing failed (a read, write or subroutine of it failed)');
    this.name = 'ProcessingFailedError';
  }
}

/** A check of a client's write (see writeGuards). */
type WriteGuard = (field: string, value: NativeArray, from: NativeType) => void;

interface CachedSnapshot {
  version: number;
  /** The snapshot of `version`, when a read asked for it (a post's is not kept, see post()). */
  snapshot: PvSnapshot | undefined;
  /** The metadata and alarm built last, reused while they hold the same. */
  meta: PvMetadata;
  alarm: PvSnapshot['alarm'];
  /** The record's metaVersion when `meta` was built. */
  metaVersion: number;
  /** The version a read last saw without keeping its snapshot (see snapshot()). */
  readVersion: number;
}

export class EpicsRecord {
  /** Field values by name (NOACCESS fields are absent). */
  readonly v: Record<string, FieldValue>;
  readonly defs: ReadonlyMap<string, FieldDef>;
  /** Which of the fields the generic machinery looks for on every processing the type has. */
  readonly has: TypeFields;
  private readonly valDef: FieldDef | undefined;
  /** The fields VAL's metadata is made of, when the support says (RecordSupport.metadataFields). */
  private readonly metaFields: ReadonlySet<string>;
  /**
   * Counts stores to metaFields. VAL's metadata is made again only when it moved, not on every
   * post and every read after a change: that was a tenth of the CPU of 10,000 calc records
   * posting at 10 Hz.
   */
  private metaVersion = 0;
  private listeners: Map<string, Set<RecordListener>> | undefined;
  /** listeners' set for VAL, the field posted most, held here too: a post of VAL looks nothing up. */
  #valListeners: Set<RecordListener> | undefined;
  private snapshots: Map<string, CachedSnapshot> | undefined;
  /** VAL's entry of `snapshots`, kept apart: most reads are of VAL (no Map lookup for them). */
  private valSnapshot: CachedSnapshot | undefined;
  private version = 0;
  /** Processing active (PACT): a record does not process again while it is processing. */
  pact = false;
  /** Reprocess requested while active (RPRO). */
  rpro = false;
  /**
   * PUTF: the processing under way comes from a put (dbPutField), or from a record's that did
   * (processTarget hands it on through links); cleared when the processing ends.
   */
  putf = false;
  /** The steps of the processing under way that failed (see reportFailure). */
  #failedIo: string[] | undefined;
  /** The accumulating new alarm of this processing (NSTA/NSEV/NAMSG). */
  nsta: number = AlarmStatus.NO_ALARM;
  nsev: number = AlarmSeverity.NO_ALARM;
  namsg = '';
  /**
   * The processing time stamp, kept as two numbers: an object per processing that lives until
   * the next one (100 ms for a 10 Hz scan) outlives V8's young-generation collections, and
   * 10,000 such records made every scavenge copy and promote 10,000 of them. `time` gives a
   * new object each time it is read. The seconds are kept less STAMP_SEC_BIAS, so that both
   * are V8 small integers (see STAMP_SEC_BIAS).
   */
  #stampSec = -STAMP_SEC_BIAS;
  #stampNsec = 0;

  get time(): EpicsTimestamp {
    return { secPastEpoch: this.#stampSec + STAMP_SEC_BIAS, nsec: this.#stampNsec };
  }

  set time(stamp: EpicsTimestamp) {
    this.#stampSec = stamp.secPastEpoch - STAMP_SEC_BIAS;
    this.#stampNsec = stamp.nsec;
    // A read's cached snapshot holds the time it was made with.
    this.version++;
  }
  #state: Record<string, unknown> | undefined;
  /** Records that must not be written by CA clients (model-level read-only). */
  readOnly = false;
  /**
   * The put whose store and processing are under way, while they run (synchronously), so
   * that the posts they make name it; the previous one is put back afterwards. Like PACT it
   * is processing state: it is set and cleared within one call and never read after it.
   */
  #active: RecordPut | undefined;
  /** The record's links, set up by its database. */
  links: RecordLinkAccess = NO_LINKS;
  /**
   * Checks a client's write before it is stored; throwing refuses it with the thrown message
   * (the model's validate hook).
   */
  get writeGuards(): Set<WriteGuard> {
    return (this.#writeGuards ??= new Set());
  }

  #writeGuards: Set<WriteGuard> | undefined;

  /**
   * Per-record state record support keeps (compiled calc, timers…), made on first use. An
   * object literal, not Object.create(null): V8 keeps a null-prototype object as a hash table,
   * and calc reads its state on every processing (a hash lookup each time, 3 % of 10,000 calc
   * records at 10 Hz). Its keys are the supports' own names, never a user's.
   */
  get state(): Record<string, unknown> {
    return (this.#state ??= {});
  }

  constructor(
    readonly name: string,
    readonly typeDef: RecordTypeDef,
    readonly support: RecordSupport,
    readonly host: RecordHost,
  ) {
    const shared = sharedTypeData(typeDef, support, host);
    this.defs = shared.defs;
    this.has = shared.has;
    this.valDef = shared.valDef;
    this.metaFields = shared.metaFields;
    // Field values start as the type's defaults, held in a shared prototype: a record stores
    // only the fields it changes (100,000 records cost what their own values cost).
    this.v = Object.create(shared.defaults) as Record<string, FieldValue>;
    for (const f of shared.computed) this.storeField(f.name, support.initialValue?.(this, f) ?? '');
    this.storeField('NAME', name);
  }

  /** Whether ownProcessedFields ran (the first store or processing). */
  #ownsProcessed = false;

  /** Fields storeField has added to `v` (own-field.ts: the first are added by keyed stores). */
  #addedFields = 0;

  /** Whether `v` owns VAL, the field stored most (made own by ownProcessedFields). */
  #ownsVal = false;

  /**
   * `v[name] = value`, a field `v` does not own yet added as own-field.ts adds it, so that `v`
   * keeps fast properties however many fields the record comes to hold.
   */
  storeField(name: string, value: FieldValue): void {
    // VAL, once owned, is stored by name, without a look-up: the store of every put and most
    // processings (a tenth of a put's time went to Object.hasOwn and a keyed store shared by
    // every field).
    if (this.#ownsVal && name === 'VAL') {
      this.v.VAL = value;
      return;
    }
    const v = this.v;
    if (Object.hasOwn(v, name)) v[name] = value;
    else addOwnField(v, name, value, this.#addedFields++);
  }

  /**
   * Makes PROCESSED_FIELDS the record's own properties, in their order, a double field laid out
   * as a double: once, at its first store or processing. Records that never get either (most of
   * a large .db) keep holding only what was configured.
   */
  private ownProcessedFields(): void {
    this.#ownsProcessed = true;
    const v = this.v;
    for (const f of sharedByType.get(this.typeDef)?.processed ?? []) {
      const value = v[f.name];
      if (!Object.hasOwn(v, f.name)) addOwnField(v, f.name, f.double ? NOT_A_SMALL_INTEGER : value, this.#addedFields++);
      else if (f.double) v[f.name] = NOT_A_SMALL_INTEGER;
      v[f.name] = value;
    }
    this.#ownsVal = Object.hasOwn(v, 'VAL');
  }

  get typeName(): string {
    return this.typeDef.name;
  }

  field(name: string): FieldDef | undefined {
    return this.defs.get(name);
  }

  /** The conversion context of a field: PREC for numbers, state strings for enums. */
  conversionFor(f: FieldDef): FieldConversion {
    const precision = f.dbf === 'DBF_STRING' ? 6 : Number(this.v.PREC ?? 0) || 0;
    return { precision, enumStrings: this.enumStrings(f) };
  }

  /** The state strings of an enum/menu field (menus from the database, ENUMs from support). */
  enumStrings(f: FieldDef): readonly string[] {
    if (f.dbf === 'DBF_MENU' && f.menu !== undefined) return this.host.menuLabels(f.menu);
    if (f.dbf === 'DBF_ENUM') return this.support.enumStrings?.(this, f.name) ?? [];
    if (f.dbf === 'DBF_DEVICE') return deviceChoices(this.typeName);
    return NO_STATES;
  }

  private parse(f: FieldDef, text: string): FieldValue {
    return parseFieldText(f.dbf, text, this.conversionFor(f));
  }

  private parseStatic(f: FieldDef, text: string, convertStrict: boolean): FieldValue {
    if (f.dbf === 'DBF_MENU') return staticMenuIndex(text, this.enumStrings(f));
    if (isNumericDbf(f.dbf)) return staticNumber(f.dbf, text, convertStrict);
    return this.parse(f, text);
  }

  private requireField(name: string): FieldDef {
    // VAL without a Map lookup: a put and a read each needed two.
    if (name === 'VAL' && this.valDef !== undefined) return this.valDef;
    const f = this.defs.get(name);
    if (f === undefined || !isServed(f)) throw new RecordFieldError(this.name, name, `no field ${name} in a ${this.typeName} record`);
    return f;
  }

  // ------------------------------------------------------------------ plain access

  get(name: string): FieldValue {
    return this.v[name] as FieldValue;
  }

  num(name: string): number {
    return numOf(this.v[name]);
  }

  str(name: string): string {
    return strOf(this.v[name]);
  }

  /**
   * Sets a field from record support (no put semantics) and posts DBE_VALUE|DBE_LOG when it
   * changed. Returns whether it changed.
   */
  set(name: string, value: FieldValue, mask: number = Dbe.VALUE | Dbe.LOG): boolean {
    const old = this.v[name];
    if (old === value || (typeof old === 'number' && typeof value === 'number' && Number.isNaN(old) && Number.isNaN(value))) return false;
    this.storeField(name, value);
    this.changed(name);
    if (mask !== 0) this.post(name, mask);
    return true;
  }

  /** Sets a field without posting (the record's monitor() step posts later). */
  setQuiet(name: string, value: FieldValue): void {
    this.storeField(name, value);
    this.changed(name);
  }

  /**
   * Record support stored into `v` directly (`rec.v.UDF = 0`): what setQuiet does after its
   * store. Hot processing paths store by a name written at the call site, which V8 caches per
   * site, where setQuiet's one keyed store is shared by every caller, so megamorphic.
   */
  touch(): void {
    this.version++;
  }

  /** A field was stored: snapshots are stale, and VAL's metadata too if it is made of it. */
  private changed(name: string): void {
    this.version++;
    if (name !== 'VAL' && this.metaFields.has(name)) this.metaVersion++;
  }

  /**
   * Applies a field's text at configuration time (a .db field() or a model option), before
   * the record is initialised. Links are stored as text and resolved later.
   */
  configure(name: string, text: string): void {
    this.configureWith(name, text, false);
  }

  /**
   * A .db file's field(), as dbStatic's dbPutString stores it (fields/static-put.ts): integers in
   * any C base truncated to the field, no trailing text, an ENUM by number only, a menu by
   * choice or index, a string no longer than its field, and no "$(" left in any value.
   */
  configureStatic(name: string, text: string, convertStrict = false): void {
    this.configureWith(name, text, true, convertStrict);
  }

  private configureWith(name: string, text: string, isStatic: boolean, convertStrict = false): void {
    // Like dbStatic's loader, configuration may set SPC_NOMOD fields (NELM, FTVL, SIZV):
    // SPC_NOMOD only stops writes at run time.
    const f = this.requireField(name);
    if (name === 'NAME') throw new RecordFieldError(this.name, name, 'the record name is set by record(), not field()');
    if (isStatic && hasUnexpandedMacro(text)) throw new RecordFieldError(this.name, name, `"${text}" has an unexpanded macro`);
    // As dbStatic refuses: a computed-address field (array VAL) takes no text; a waveform is
    // initialised through a constant INP, e.g. [1, 2, 3].
    if (f.dbf === 'DBF_NOACCESS' && this.support.parseField === undefined) throw new RecordFieldError(this.name, name, 'field cannot be set from a .db file');
    if (f.dbf === 'DBF_DEVICE') {
      this.configureDevice(name, text, isStatic);
      return;
    }
    if (isStatic && f.dbf === 'DBF_STRING' && f.size !== undefined && Buffer.byteLength(text) >= f.size) {
      throw new RecordFieldError(this.name, name, `"${text}" is too long (${Buffer.byteLength(text)} bytes; ${name} holds ${f.size - 1})`);
    }
    try {
      this.storeField(name, this.support.parseField?.(this, f, text) ?? (isStatic ? this.parseStatic(f, text, convertStrict) : this.parse(f, text)));
      // dbPutString: a VAL given in a .db file makes the record defined.
      if (name === 'VAL' && this.defs.has('UDF')) this.v.UDF = 0;
    } catch (err) {
      if (err instanceof RecordFieldError) throw err;
      throw new RecordFieldError(this.name, name, `${(err as Error).message} (${name} is a ${f.dbf.slice(4)} field)`);
    }
    this.changed(name);
    if (isStatic) this.support.checkStatic?.(this, f, text);
  }

  /** DTYP: one of the device supports devioc implements for this record type. */
  private configureDevice(name: string, text: string, isStatic: boolean): void {
    let choice: number;
    if (!isStatic) choice = text.trim() === '' ? 0 : deviceChoices(this.typeName).indexOf(text.trim());
    else {
      try {
        choice = staticMenuIndex(text, deviceChoices(this.typeName));
      } catch {
        choice = -1;
      }
    }
    const device = deviceChoices(this.typeName)[choice];
    if (text.trim() === '' && device === undefined) return;
    if (device === undefined || !isDeviceImplemented(this.typeName, device)) {
      const have = implementedDevices(this.typeName);
      const offer = have.length === 0 ? `${this.typeName} records have no device support` : `devioc has ${have.map((d) => `"${d}"`).join(', ')} for ${this.typeName} records`;
      throw new RecordFieldError(this.name, name, `no device support "${text}" (${offer})`);
    }
    this.storeField(name, choice);
    this.version++;
  }

  /** The name of the record's device support (DTYP), '' for record types without any. */
  get device(): string {
    return deviceChoices(this.typeName)[this.num('DTYP')] ?? '';
  }

  /** Applies a JS value at configuration or application time (no processing). */
  configureValue(name: string, value: unknown): void {
    const f = this.requireField(name);
    const custom = this.support.valueFromJs?.(this, f, value);
    this.storeField(name, custom !== undefined ? custom : jsToScalar(f.dbf, value, this.conversionFor(f)));
    this.changed(name);
  }

  // ------------------------------------------------------------------ puts (dbPutField)

  /** Whether a CA client may write this field. */
  isWritable(name: string): boolean {
    if (this.readOnly && name === 'VAL') return false;
    const f = this.defs.get(name);
    if (f === undefined || f.special === 'SPC_NOMOD') return false;
    const custom = this.support.writable?.(this, f);
    if (custom !== undefined) return custom;
    // Computed-address fields take writes, but lsi/lso OVAL (cvt_dbaddr makes it SPC_NOMOD).
    return f.dbf !== 'DBF_NOACCESS' || (f.special === 'SPC_DBADDR' && name !== 'OVAL');
  }

  /** Converts and stores a written value, running the field's special handling. */
  private store(name: string, value: NativeArray, from: NativeType): FieldDef {
    if (!this.#ownsProcessed) this.ownProcessedFields();
    const f = this.requireField(name);
    if (f.special === 'SPC_NOMOD') throw new RecordFieldError(this.name, name, 'field is read-only');
    this.support.special?.(this, name, false);
    try {
      const stored = this.support.valueFromNative?.(this, f, value, from);
      // dbPut of no element to a scalar field (a CA put of count 0: an aao's empty array through
      // a CA link) stores nothing and raises LINK/INVALID, which the put's processing shows.
      if (stored === undefined && value.length === 0) this.setSevr(AlarmStatus.LINK, AlarmSeverity.INVALID);
      // A double written to a DOUBLE field is stored as it is (what nativeToScalar does, without
      // building a conversion context): the common put of every numeric client.
      else this.storeField(name, stored !== undefined ? stored : this.scalarFromNative(f, value, from));
    } catch (err) {
      // dbPut: "Always do special processing if needed": the record's special runs after a
      // conversion that failed too, with the field as it was (a histogram counts its SGNL
      // again, a ULIM/LLIM put clears it); the put still fails.
      this.support.special?.(this, name, true);
      throw err;
    }
    this.changed(name);
    this.support.special?.(this, name, true);
    if (f.special === 'SPC_SCAN') this.host.scanChanged(this);
    if (isLinkDbf(f.dbf)) this.host.linkChanged(this, name);
    if (name === 'VAL' && this.has.UDF) this.v.UDF = 0;
    return f;
  }

  /**
   * nativeToScalar. One element written to a number field (the common put of every client, a
   * double or its text) is converted without building a conversion context.
   */
  private scalarFromNative(f: FieldDef, value: NativeArray, from: NativeType): FieldValue {
    if (isPlainNumericDbf(f.dbf)) {
      if (from === NativeType.STRING && value.length === 1 && typeof value[0] === 'string') {
        // Text is read with the parser of the field's own type, as dbPut does (cvt_st_*).
        const n = stringToDbfNumber(f.dbf, value[0], numOf(this.v[f.name]));
        if (n === undefined) {
          // cvt_st_ul stores the integer it read before its double read fails ("1e400": 1).
          const stored = f.dbf === 'DBF_ULONG' ? ulongStoredBeforeFailure(value[0]) : undefined;
          if (stored !== undefined) {
            this.storeField(f.name, stored);
            this.changed(f.name);
          }
          throw new ConversionError(`cannot convert "${value[0]}" to ${f.dbf.slice(4)}`);
        }
        return n;
      }
      const d = oneAsDouble(value, from);
      if (d !== undefined) return castToDbf(f.dbf, d);
    }
    return nativeToScalar(f.dbf, value, from, this.conversionFor(f));
  }

  /** dbPut's rule: a pp(TRUE) VAL is posted by the processing, anything else at once. */
  private postAfterStore(f: FieldDef): void {
    if (f.name === 'VAL' && f.pp === true) return;
    this.post(f.name, Dbe.VALUE | Dbe.LOG);
    if (f.prop) this.postProperty();
  }

  /**
   * Writes a field the way dbPutField does: convert and store (record support may refuse),
   * run the field's special handling, post the field unless processing will, then process a
   * Passive record when the field is pp(TRUE) (or is PROC). Throws RecordFieldError or a
   * ConversionError to refuse the write. Everything the put sets off is told about `put`;
   * a forced put posts VAL even when processing did not.
   */
  put(name: string, value: NativeArray, from: NativeType, put: RecordPut): void {
    const guards = this.#writeGuards;
    if (put.source === 'client') {
      // dbPutField: DISP set refuses every client's write but to DISP itself (S_db_putDisabled;
      // softIoc's caput, with callback or not: "Channel write request failed").
      if (numOf(this.v.DISP) !== 0 && name !== 'DISP') throw new RecordFieldError(this.name, name, 'puts are disabled (DISP)');
      if (guards !== undefined) for (const guard of guards) guard(name, value, from);
    }
    const outer = this.#active;
    this.#active = put;
    let processed = true;
    try {
      const f = this.storeForPut(name, value, from, put);
      const willProcess = put.process && this.processesOnPut(name, f);
      if (!willProcess || name !== 'VAL') this.postAfterStore(f);
      else if (f.prop) this.postProperty();
      if (willProcess) {
        // dbPutField: an active record is marked for reprocessing, an idle one processed.
        if (this.pact) {
          this.putf = false;
          this.rpro = true;
        } else {
          this.putf = true;
          processed = this.process(put);
        }
      }
      if (put.force && !put.valuePosted) this.post('VAL', Dbe.VALUE | Dbe.LOG);
    } finally {
      this.#active = outer;
    }
    // dbPutField returns the processing's status; rsrv answers a CA put without callback whose
    // status is an error with ECA_PUTFAIL (the value stays written). A put-callback completes.
    if (!processed && put.source === 'client' && put.wait !== true) throw new ProcessingFailedError(this.name, name);
  }

  /** dbPutField's rule: a put to PROC, or to a pp(TRUE) field of a Passive record, processes it. */
  processesOnPut(name: string, f: FieldDef | undefined = this.field(name)): boolean {
    return name === 'PROC' || (f?.pp === true && numOf(this.v.SCAN) === 0);
  }

  /**
   * store() for a client's put. A put-callback's store that fails (text that is no number, a
   * state past the last) still processes the record it would have processed, as processNotify
   * does whatever dbPut returned (db_put_process marks the failure and answers "did put"): the
   * client is told of the failure once that processing is done. A plain put fails without
   * processing (dbPutField returns at once), as does a put refused for DISP or by a write guard.
   */
  private storeForPut(name: string, value: NativeArray, from: NativeType, put: RecordPut): FieldDef {
    try {
      return this.store(name, value, from);
    } catch (err) {
      if (put.wait && put.source === 'client' && put.process && !this.pact && this.processesOnPut(name)) {
        this.putf = true;
        this.process(put);
      }
      throw err;
    }
  }

  /**
   * A write through a link (dbPut then, for PP, dbProcess): the field's pp flag does not
   * matter, the link's PP/NPP does; a Passive target processes only for PP, and any target
   * when the field written is PROC.
   */
  putFromLink(name: string, value: NativeArray, from: NativeType, process: boolean, put: RecordPut, fromPut = false): boolean {
    const outer = this.#active;
    this.#active = put;
    try {
      const f = this.store(name, value, from);
      this.postAfterStore(f);
      // dbDbPutValue: a write to PROC processes the record whatever the link's PP and the
      // record's SCAN; otherwise PP processes a Passive record. It returns the processing's status.
      return name === 'PROC' || (process && numOf(this.v.SCAN) === 0) ? this.processFromLink(fromPut, put) : true;
    } finally {
      this.#active = outer;
    }
  }

  /** A put from JS (the application): converts the value then puts. */
  putJs(name: string, value: unknown, put: RecordPut): void {
    const f = this.requireField(name);
    const native = this.support.jsToNative?.(this, f, value) ?? jsValueToNative(f, value, this.conversionFor(f));
    this.put(name, native.value, native.type, put);
  }

  // ------------------------------------------------------------------ processing

  /**
   * dbProcess: processes the record unless it is already active or disabled. Record support
   * does the work; links it follows (PP inputs, outputs, FLNK) process other records within
   * the same call, so a put completes only after everything it set off. `put` is the put
   * that asked for this processing; none for a scan, a timer, a forward link or PINI. Returns
   * false when the processing's status is an error (see process-status.ts).
   */
  process(put?: RecordPut): boolean {
    if (!this.#ownsProcessed) this.ownProcessedFields();
    if (this.pact) {
      this.processWhileActive();
      return true;
    }
    if (numOf(this.v.LCNT) !== 0) {
      this.v.LCNT = 0;
      this.version++;
    }
    this.#failedIo = undefined;
    const outer = this.#active;
    this.#active = put;
    try {
      const disabled = this.checkDisabled();
      if (disabled !== undefined) return disabled;
      this.pact = true;
      try {
        // An alarm the application asked for with its put counts like device support's.
        const requested = put?.alarm;
        if (requested !== undefined) this.setSevr(requested.status, requested.severity, requested.message ?? '');
        if (this.support.deferProcess?.(this) !== true) this.support.process(this);
      } catch (err) {
        this.host.warn(this, `processing failed: ${(err as Error).message}`);
        this.asyncDone = undefined;
      } finally {
        // An asynchronous record (seq with delays…) stays active until endAsync().
        if (this.asyncDone === undefined) this.pact = false;
      }
    } finally {
      this.#active = outer;
    }
    const ok = this.#failedIo === undefined || this.statusFailure(this.#failedIo) === undefined;
    this.#failedIo = undefined;
    if (this.pact) return ok;
    this.putf = false;
    if (this.rpro) {
      this.rpro = false;
      this.host.scanOnce(this);
    }
    return ok;
  }

  /**
   * A step of the processing under way failed with an error status: a link read or write
   * (dbGetLink/dbPutLink returned -1; `source` is the link's field), a simulation mode past the
   * record's menu (SIMM), a subroutine that returned a negative status (SNAM). Whether the
   * processing's status is then an error depends on the record type, its device support and
   * the source (devices/process-status.ts).
   */
  reportFailure(source: string): void {
    (this.#failedIo ??= []).push(source);
  }

  /**
   * dbProcess of an active record: counted in LCNT; the eleventh in a row raises SCAN/INVALID
   * "Async in progress" (unless the alarm is SCAN already or INVALID), made current and posted
   * with VAL at once. Nothing is processed, and no reprocessing asked for (only a put does).
   */
  private processWhileActive(): void {
    const v = this.v;
    if (numOf(v.STAT) === AlarmStatus.SCAN) return;
    const lcnt = numOf(v.LCNT);
    v.LCNT = (lcnt + 1) & 0xff;
    this.version++;
    if (lcnt < MAX_LOCK || numOf(v.SEVR) >= AlarmSeverity.INVALID) return;
    this.setSevr(AlarmStatus.SCAN, AlarmSeverity.INVALID, 'Async in progress');
    this.post('VAL', this.resetAlarms() | Dbe.VALUE | Dbe.LOG);
  }

  /**
   * processTarget: a link processes this record (PP read or write, a forward link, a write to
   * PROC) for a record whose processing comes from a put or not (`fromPut`). Idle, the record
   * takes that PUTF and processes; awaiting an asynchronous completion, it is marked for
   * reprocessing when `fromPut`; either way dbProcess is called (counted when active).
   */
  processFromLink(fromPut: boolean, put?: RecordPut): boolean {
    if (!this.pact) this.putf = fromPut;
    else if (fromPut && this.asyncDone !== undefined) {
      this.putf = false;
      this.rpro = true;
    }
    return this.process(put);
  }

  /** The first of the failed steps that makes the processing's status an error, if any. */
  private statusFailure(failed: readonly string[]): string | undefined {
    const device = this.device;
    const ivoa = numOf(this.v.IVOA);
    return failed.find((source) => failureIsProcessStatus(this.typeName, device, source, ivoa));
  }

  private asyncDone: (() => void) | undefined;
  /** The waiting put an asynchronous processing belongs to: its second half runs under it. */
  private asyncPut: RecordPut | undefined;

  /**
   * The put for a link this record's processing follows (RecordPut.linked): a put-callback's
   * wait reaches the records processed through FLNK, output links and PP inputs.
   */
  linkPut(): RecordPut {
    return this.#active?.linked() ?? LINK_PUT;
  }

  /**
   * Record support starting an asynchronous completion (EPICS: process() returns with PACT
   * set): the record stays active, and a put that waits (a put-callback) waits, until endAsync().
   */
  beginAsync(): void {
    const done = new Promise<void>((resolve) => {
      this.asyncDone = resolve;
    });
    const put = this.#active;
    if (put?.wait === true) {
      put.waitFor(done);
      this.asyncPut = put;
    }
    // The PACT field reads 1 while the record waits for its completion (caget REC.PACT).
    this.v.PACT = 1;
    this.version++;
  }

  /**
   * Record support holding the record active for good, or letting it go (subRecord with an
   * empty SNAM): it does not process while held, and its PACT field reads 1.
   */
  holdActive(active: boolean): void {
    this.pact = active;
    this.v.PACT = active ? 1 : 0;
    this.version++;
  }

  /** The second half of an asynchronous processing: runs `finish`, then the record is idle. */
  endAsync(finish: () => void): void {
    const outer = this.#active;
    // The links the second half follows belong to the put that waits for it (a calcout's OUT
    // after ODLY processes a record that may be asynchronous in turn).
    this.#active = this.asyncPut;
    try {
      finish();
    } catch (err) {
      this.host.warn(this, `processing failed: ${(err as Error).message}`);
    } finally {
      this.#active = outer;
      this.asyncPut = undefined;
      const done = this.asyncDone;
      this.asyncDone = undefined;
      this.pact = false;
      this.putf = false;
      this.v.PACT = 0;
      this.version++;
      done?.();
    }
    if (this.rpro) {
      this.rpro = false;
      this.host.scanOnce(this);
    }
  }

  /**
   * dbProcess's disable check: SDIS is read into DISA (dbGetLink as DBR_SHORT; a link that
   * gives nothing leaves DISA and raises LINK/INVALID), then DISA == DISV stops processing with
   * a DISABLE alarm of severity DISS. Returns undefined when the record is to process, else the
   * status of this processing: the SDIS read's (a put to a disabled record whose SDIS cannot be
   * read fails, as in softIoc).
   */
  private checkDisabled(): boolean | undefined {
    if (!this.has.DISA) return undefined;
    const sdisRead = this.readDisableLink();
    if (numOf(this.v.DISA) !== numOf(this.v.DISV)) return undefined;
    if (numOf(this.v.STAT) === AlarmStatus.DISABLE) return sdisRead;
    // dbProcess: the pending alarm dropped (NAMSG stays), SEVR from DISS and STAT DISABLE
    // stored, then both posted whether they changed or not, and the value field.
    this.nsev = AlarmSeverity.NO_ALARM;
    this.nsta = AlarmStatus.NO_ALARM;
    this.setQuiet('SEVR', numOf(this.v.DISS));
    this.setQuiet('STAT', AlarmStatus.DISABLE);
    this.post('STAT', Dbe.VALUE);
    this.post('SEVR', Dbe.VALUE);
    this.post('VAL', Dbe.VALUE | Dbe.ALARM);
    return sdisRead;
  }

  /** dbGetLink(SDIS, DBR_SHORT, &DISA): false when a PV link gave nothing (constant and empty links succeed, unchanged). */
  private readDisableLink(): boolean {
    if (this.links.spec('SDIS').kind !== 'pv') return true;
    const reading = this.links.read('SDIS');
    if (reading === undefined) return false;
    try {
      const short = convertArray(reading.value.slice(0, 1) as NativeArray, reading.type, NativeType.SHORT, DEFAULT_TEXT) as Int16Array;
      if (short.length > 0) this.setQuiet('DISA', short[0]);
      return true;
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
      this.setSevr(AlarmStatus.LINK, AlarmSeverity.INVALID, 'field SDIS');
      return false;
    }
  }

  // ------------------------------------------------------------------ alarms (recGbl)

  /** recGblSetSevr: raises the pending alarm if this one is more severe. */
  setSevr(status: number, severity: number, message = ''): void {
    if (severity > this.nsev) {
      this.nsta = status;
      this.nsev = severity;
      this.namsg = message;
    }
  }

  /**
   * recGblResetAlarms: makes the pending alarm current. Posts STAT/SEVR/AMSG when they change
   * and returns DBE_ALARM for the VAL post in that case (0 otherwise).
   */
  resetAlarms(): number {
    const v = this.v;
    const has = this.has;
    const newStat = this.nsta;
    const newSevr = this.nsev > AlarmSeverity.INVALID ? AlarmSeverity.INVALID : this.nsev;
    const prevStat = numOf(v.STAT);
    const prevSevr = numOf(v.SEVR);
    let statMask = 0;
    if (has.AMSG) {
      // NAMSG is only set when an alarm is raised (recGblSetSevrMsg), and stays: a message
      // remains in AMSG through processings without alarm until the next alarm is raised.
      const namsg = this.namsg;
      if (namsg !== strOf(v.AMSG)) {
        this.setQuiet('AMSG', namsg);
        statMask = Dbe.ALARM;
      }
      if (namsg !== strOf(v.NAMSG)) this.setQuiet('NAMSG', namsg);
    }
    this.nsta = AlarmStatus.NO_ALARM;
    this.nsev = AlarmSeverity.NO_ALARM;
    if (newStat !== prevStat) this.setQuiet('STAT', newStat);
    if (newSevr !== prevSevr) {
      this.setQuiet('SEVR', newSevr);
      statMask = Dbe.ALARM;
      this.post('SEVR', Dbe.VALUE);
    }
    // After the severity's `=`, as recGblResetAlarms orders them.
    if (newStat !== prevStat) statMask |= Dbe.VALUE;
    if (statMask === 0) return 0;
    // Posted once both are stored, so each event carries the new status and severity.
    this.post('STAT', statMask);
    if (has.AMSG) this.post('AMSG', statMask);
    // Alarm acknowledgement: ACKS follows the severity up (or always without ACKT), posted
    // whenever it is set, changed or not.
    if (has.ACKS && (numOf(v.ACKT) === 0 || newSevr >= numOf(v.ACKS))) {
      this.setQuiet('ACKS', newSevr);
      this.post('ACKS', Dbe.VALUE);
    }
    return Dbe.ALARM;
  }

  /** UDF raises the undefined alarm with severity UDFS (INVALID by default). */
  checkUdf(): void {
    if (numOf(this.v.UDF) !== 0) this.setSevr(AlarmStatus.UDF, this.has.UDFS ? numOf(this.v.UDFS) : AlarmSeverity.INVALID);
  }

  /**
   * recGblGetTimeStamp: TSE 0 is now; -2 (epicsTimeEventDeviceTime) leaves the time to device
   * support or the application (0, shown as undefined, until one sets it, as softIoc shows);
   * any other event (-1, 1…255) asks generalTime for that event's time, which a soft IOC has
   * no provider of: the time stays as it was, and EPICS says so ("epicsTimeGetEvent failed"),
   * which devioc says once per record.
   */
  stampTime(): void {
    if (this.links.timeStampLink !== undefined && this.stampFromTimeStampLink()) return;
    const tse = numOf(this.v.TSE);
    if (tse !== 0) {
      // recGblGetTimeStampSimm: in simulation mode a TSE of -2 takes the time of SIOL's record,
      // or now when SIOL is a constant; devioc takes now in both cases.
      if (tse === -2 && numOf(this.v.SIMM) !== 0) this.stampNow();
      else if (tse !== -2 && this.state.noEventTime === undefined) {
        this.state.noEventTime = true;
        this.host.warn(this, `recGblGetTimeStamp: epicsTimeGetEvent failed, ${this.name}.TSE = ${tse} (no event time provider here; the time stamp is left as it was)`);
      }
      return;
    }
    this.stampNow();
  }

  private stampNow(): void {
    readClock();
    // `| 0`: the clock's numbers come as doubles, and a double, even a whole one, stored where
    // small integers were changes the layout (STAMP_SEC_BIAS). Both are in int32 range until
    // 2092 (a time the application sets is stored as it is).
    this.#stampSec = (clockSec() - STAMP_SEC_BIAS) | 0;
    this.#stampNsec = clockNsec() | 0;
    this.version++;
  }

  /**
   * recGblGetTimeStamp's TSEL: "REC.TIME" copies REC's time stamp (left as it was when REC has
   * none to give, as a failed dbGetTimeStamp leaves it) and is all; any other PV link is read
   * as a short into TSE (a failed read raises its link alarm), which then decides as usual.
   * Returns whether the time stamp is settled.
   */
  private stampFromTimeStampLink(): boolean {
    if (this.links.timeStampLink === 'time') {
      const linked = this.links.linkedTime();
      if (linked !== undefined) this.time = linked;
      return true;
    }
    const reading = this.links.read('TSEL');
    if (reading !== undefined && reading.value.length > 0) {
      const tse = Number(reading.value[0]);
      this.v.TSE = Number.isFinite(tse) ? (Math.trunc(tse) << 16) >> 16 : 0;
      this.version++;
    }
    return false;
  }

  // ------------------------------------------------------------------ events

  /** Posts an event for one field (db_post_events), naming the put under way if any. */
  post(name: string, mask: number): void {
    this.version++;
    const put = this.#active;
    if (put !== undefined && put.force && name === 'VAL') put.valuePosted = true;
    const set = name === 'VAL' ? this.#valListeners : this.listeners?.get(name);
    if (set === undefined || set.size === 0) return;
    const snap = this.snapshot(name, false);
    for (const l of set) l(mask, snap, put);
  }

  /** A property changed (EGU, limits, states…): DBE_PROPERTY to every subscriber of the record. */
  postProperty(): void {
    this.version++;
    if (this.listeners === undefined) return;
    for (const [name, set] of this.listeners) {
      if (set.size === 0) continue;
      const snap = this.snapshot(name);
      for (const l of set) l(Dbe.PROPERTY, snap, this.#active);
    }
  }

  subscribe(name: string, listener: RecordListener): Unsubscribe {
    this.listeners ??= new Map();
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
      if (name === 'VAL') this.#valListeners = set;
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  hasSubscribers(name: string): boolean {
    return (this.listeners?.get(name)?.size ?? 0) > 0;
  }

  /**
   * The current value and metadata of a field, as the CA server serves it. A read's snapshot
   * is kept until the record changes; with `keep` false (a post) it is not: it lives only as
   * long as the monitors' queues hold it. With `into` (a client's read, encoded at once; `keep`
   * false) a scalar's is filled into it rather than made.
   */
  snapshot(name: string, keep = true, into?: ReplySnapshot): PvSnapshot {
    const cached = name === 'VAL' ? this.valSnapshot : this.snapshots?.get(name);
    if (cached !== undefined && cached.snapshot !== undefined && cached.version === this.version) return cached.snapshot;
    const f = this.requireField(name);
    const custom = this.support.nativeValue?.(this, f);
    const nativeType = custom?.type ?? nativeTypeOfDbf(f.dbf) ?? NativeType.DOUBLE;
    const value = custom?.value ?? scalarToNative(f.dbf, this.v[name] as number | string, into?.arrays);
    const status = numOf(this.v.STAT);
    const severity = numOf(this.v.SEVR);
    // Objects that outlive a few garbage collections make V8 allocate their kind straight in
    // the old generation, which is slow (2.5 µs per snapshot with 10,000 records posting,
    // 0.25 µs with 1,000). So the metadata and the alarm, which rarely change, are reused
    // while equal, the cache entry is updated in place, and a post's snapshot is not kept.
    // V8 decides that per allocation site (each object literal): a kept snapshot is made by a
    // literal of its own, so that the kept ones' long lives do not send every dropped one to
    // the old generation too (where, until the next full collection, it kept its young value
    // and time stamp alive: 3.4 MB promoted per scavenge with 10,000 records at 10 Hz). One
    // dropped once encoded (a post's, a read's) is made by `new`, which V8 never sends there
    // (transient-snapshot.ts).
    const alarm = cached !== undefined && cached.alarm.status === status && cached.alarm.severity === severity ? cached.alarm : { status, severity };
    const meta =
      cached !== undefined && cached.metaVersion === this.metaVersion && name === 'VAL' && this.metaFields.size > 0
        ? cached.meta
        : this.metadataOf(f, cached?.meta);
    const ackTransient = numOf(this.v.ACKT) !== 0;
    const ackSeverity = numOf(this.v.ACKS);
    // A read keeps its snapshot from the second read of the same version on. The first is
    // often the only one (a get after each put, a link read once per processing), and a kept
    // snapshot outlives the scavenges until the next change, copied to the old generation on
    // the way (in-process, 10,000 ao each put then read once, in turns: 1.3-1.6 µs per pair,
    // 2.1-3.3 µs when every read was kept).
    const kept = keep && cached !== undefined && cached.readVersion === this.version;
    const snapshot: PvSnapshot = kept
      ? {
          nativeType,
          value,
          alarm,
          timestamp: { secPastEpoch: this.#stampSec + STAMP_SEC_BIAS, nsec: this.#stampNsec },
          meta,
          className: this.typeName,
          ackTransient,
          ackSeverity,
        }
      : into !== undefined
        ? into.fill(nativeType, value, alarm, this.#stampSec + STAMP_SEC_BIAS, this.#stampNsec, meta, this.typeName, ackTransient, ackSeverity)
        : new TransientSnapshot(nativeType, value, alarm, new TransientStamp(this.#stampSec + STAMP_SEC_BIAS, this.#stampNsec), meta, this.typeName, ackTransient, ackSeverity);
    if (cached !== undefined) {
      if (keep && !kept) cached.readVersion = this.version;
      cached.version = this.version;
      cached.snapshot = kept ? snapshot : undefined;
      cached.meta = snapshot.meta;
      cached.alarm = snapshot.alarm;
      cached.metaVersion = this.metaVersion;
    } else {
      const entry: CachedSnapshot = {
        version: this.version,
        snapshot: undefined,
        meta: snapshot.meta,
        alarm: snapshot.alarm,
        metaVersion: this.metaVersion,
        readVersion: keep ? this.version : -1,
      };
      if (name === 'VAL') this.valSnapshot = entry;
      else (this.snapshots ??= new Map()).set(name, entry);
    }
    return snapshot;
  }

  /**
   * { ...emptyMetadata(), ...rangeLimits, ...support metadata } of a field, with its state
   * strings for an enum; `previous` itself when it holds the same. Built in a scratch object
   * first, so that an unchanged metadata allocates nothing that lives on.
   */
  private metadataOf(f: FieldDef, previous: PvMetadata | undefined): PvMetadata {
    const described = this.support.metadata?.(this, f.name);
    if (described !== undefined && !onlyCommonKeys(described)) {
      // A support's own keys: built as it always was.
      const meta: PvMetadata = emptyMetadata();
      if (this.support.rangeLimits !== undefined) setRangeLimits(meta, f.dbf, this.support.rangeLimits);
      Object.assign(meta, described);
      if (isEnumLikeDbf(f.dbf) && meta.enumStrings.length === 0) meta.enumStrings = this.enumStrings(f);
      setConversionRules(meta, f, described);
      return meta;
    }
    const m = resetScratch();
    if (this.support.rangeLimits !== undefined) setRangeLimits(m, f.dbf, this.support.rangeLimits);
    if (described !== undefined) Object.assign(m, described);
    if (isEnumLikeDbf(f.dbf) && m.enumStrings.length === 0) m.enumStrings = this.enumStrings(f);
    setConversionRules(m, f, described);
    if (previous !== undefined && sameMetadata(previous, m)) return previous;
    // Records of a type mostly describe a field alike: they share one metadata while they do
    // (10,000 records read once each keep one, not 10,000). Nothing changes a made metadata.
    const lastMeta = sharedByType.get(this.typeDef)?.lastMeta;
    const last = lastMeta?.get(f.name);
    if (last !== undefined && sameMetadata(last, m)) return last;
    const made: PvMetadata = {
      units: m.units,
      precision: m.precision,
      upperDisplay: m.upperDisplay,
      lowerDisplay: m.lowerDisplay,
      upperAlarm: m.upperAlarm,
      upperWarning: m.upperWarning,
      lowerWarning: m.lowerWarning,
      lowerAlarm: m.lowerAlarm,
      upperControl: m.upperControl,
      lowerControl: m.lowerControl,
      // A fresh empty array, as emptyMetadata() gives.
      enumStrings: m.enumStrings === NO_STATES ? [] : m.enumStrings,
    };
    if (m.textPrecision !== undefined) made.textPrecision = m.textPrecision;
    if (m.wideInteger === true) made.wideInteger = true;
    lastMeta?.set(f.name, made);
    return made;
  }

  /** The CA shape of a field: its native type and maximum element count. */
  shape(name: string): { type: NativeType; count: number } {
    const f = this.requireField(name);
    const custom = this.support.shape?.(this, f);
    if (custom !== undefined) return custom;
    return { type: nativeTypeOfDbf(f.dbf) ?? NativeType.DOUBLE, count: 1 };
  }
}

/** The keys of emptyMetadata(), in its order, and the optional conversion keys a support may give. */
const COMMON_KEYS = new Set([...Object.keys(emptyMetadata()), 'textPrecision', 'wideInteger']);

function onlyCommonKeys(meta: Partial<PvMetadata>): boolean {
  for (const k in meta) if (!COMMON_KEYS.has(k)) return false;
  return true;
}

/** The scratch metadata of metadataOf (one at a time: nothing in between calls back). */
const SCRATCH: PvMetadata = emptyMetadata();

function resetScratch(): PvMetadata {
  const m = SCRATCH;
  m.units = '';
  m.precision = 0;
  m.upperDisplay = 0;
  m.lowerDisplay = 0;
  m.upperAlarm = Number.NaN;
  m.upperWarning = Number.NaN;
  m.lowerWarning = Number.NaN;
  m.lowerAlarm = Number.NaN;
  m.upperControl = 0;
  m.lowerControl = 0;
  m.enumStrings = NO_STATES;
  m.textPrecision = undefined;
  m.wideInteger = undefined;
  return m;
}

/** dbFastLinkConv cvt_d_st / cvt_f_st: the precision of a number's text when get_precision gives none. */
const NO_GET_PRECISION_TEXT = 6;

/** Integer fields wider than DBR_LONG, served as DBR_DOUBLE (PvMetadata.wideInteger). */
const WIDE_INTEGER_DBFS: ReadonlySet<string> = new Set(['DBF_ULONG', 'DBF_INT64', 'DBF_UINT64']);

/**
 * The conversion rules a field's metadata carries: a float field the support gives no
 * precision has text with 6 digits (GR/CTRL keep 0); a wide integer converts as one.
 */
function setConversionRules(meta: PvMetadata, f: FieldDef, described: Partial<PvMetadata> | undefined): void {
  if (described?.precision === undefined && isFloatDbf(f.dbf)) meta.textPrecision = NO_GET_PRECISION_TEXT;
  if (WIDE_INTEGER_DBFS.has(f.dbf)) meta.wideInteger = true;
}

/** Equal as the bytes a client gets: NaN equals NaN, 0 and -0 differ. */
const sameNumber = (x: number, y: number): boolean => (x === y ? x !== 0 || 1 / x === 1 / y : Number.isNaN(x) && Number.isNaN(y));

/** Whether two metadata of the common shape hold the same values (NaN equal to NaN). */
function sameMetadata(a: PvMetadata, b: PvMetadata): boolean {
  return (
    a.units === b.units &&
    sameNumber(a.precision, b.precision) &&
    sameNumber(a.upperDisplay, b.upperDisplay) &&
    sameNumber(a.lowerDisplay, b.lowerDisplay) &&
    sameNumber(a.upperAlarm, b.upperAlarm) &&
    sameNumber(a.upperWarning, b.upperWarning) &&
    sameNumber(a.lowerWarning, b.lowerWarning) &&
    sameNumber(a.lowerAlarm, b.lowerAlarm) &&
    sameNumber(a.upperControl, b.upperControl) &&
    sameNumber(a.lowerControl, b.lowerControl) &&
    a.textPrecision === b.textPrecision &&
    a.wideInteger === b.wideInteger &&
    (a.enumStrings === b.enumStrings || (a.enumStrings.length === 0 && b.enumStrings.length === 0))
  );
}

/**
 * recGblGetGraphicDouble / recGblGetControlDouble: the display and control limits of a field
 * its record support does not describe are the range of its DBF type.
 */
function setRangeLimits(meta: PvMetadata, dbf: FieldDef['dbf'], which: boolean | 'control'): void {
  const range = DBF_RANGES[dbf];
  if (range === undefined || which === false) return;
  const [lower, upper] = range;
  if (which === true) {
    meta.lowerDisplay = lower;
    meta.upperDisplay = upper;
  }
  meta.lowerControl = lower;
  meta.upperControl = upper;
}

const DBF_RANGES: Partial<Record<FieldDef['dbf'], readonly [number, number]>> = {
  DBF_CHAR: [-128, 127],
  DBF_UCHAR: [0, 255],
  DBF_SHORT: [-32768, 32767],
  DBF_ENUM: [0, 65535],
  DBF_USHORT: [0, 65535],
  DBF_LONG: [-2147483648, 2147483647],
  DBF_ULONG: [0, 4294967295],
  DBF_INT64: [-9223372036854775808, 9223372036854775808],
  DBF_UINT64: [0, 18446744073709551615],
  DBF_FLOAT: [-1e30, 1e30],
  DBF_DOUBLE: [-1e300, 1e300],
};

/** Whether a field is served over CA: anything but NOACCESS, and computed-address fields. */
export const isServed = (f: FieldDef): boolean => f.dbf !== 'DBF_NOACCESS' || f.special === 'SPC_DBADDR';

/** Fields the generic machinery checks for on every processing (one Map lookup each, saved). */
export interface TypeFields {
  readonly UDF: boolean;
  readonly UDFS: boolean;
  readonly AMSG: boolean;
  readonly ACKS: boolean;
  readonly DISA: boolean;
  /** The archive deadband (postNumericValue posts DBE_LOG by it when the type has one). */
  readonly ADEL: boolean;
}

interface SharedTypeData {
  defs: ReadonlyMap<string, FieldDef>;
  has: TypeFields;
  /** VAL's definition when the type serves a VAL: most stores and reads are of VAL. */
  valDef: FieldDef | undefined;
  /** The initial value of every field, after the .dbd's initial() and EPICS' load state. */
  defaults: Record<string, FieldValue>;
  /** Computed-address fields, whose first value record support makes per record. */
  computed: FieldDef[];
  /** RecordSupport.metadataFields. */
  metaFields: ReadonlySet<string>;
  /** PROCESSED_FIELDS the type has, made a record's own at its first store or processing. */
  processed: readonly { name: string; double: boolean }[];
  /** The metadata a record of the type made last, by field (EpicsRecord.metadataOf shares it). */
  lastMeta: Map<string, PvMetadata>;
}

/**
 * The fields a put and a processing store in records of most types: the put's VAL and UDF,
 * dbProcess's alarm (STAT), monitor()'s LALM, MLST and ALST, an output record's OVAL and PVAL.
 * A record makes them its own properties all at once at its first store or processing, in this
 * order, a double field already a double (see NOT_A_SMALL_INTEGER). Before, each was added when
 * first stored, each a hidden-class transition through V8's runtime, and the first record given
 * a fraction changed the layout all records of its type shared (those past it were migrated one
 * by one on their next access). In-process, catime's first put test to 10,000 ao took 2.5 µs
 * per put and the same puts again 0.55 µs; now 1.2 and 0.4 µs (medians of 8 runs). Made own
 * at construction instead it was 1.0 and 0.22 µs, but 144 bytes more for each record of a
 * large .db, most of which are never written: past softIoc's memory at 100,000 records.
 */
const PROCESSED_FIELDS = ['VAL', 'UDF', 'STAT', 'LALM', 'MLST', 'ALST', 'OVAL', 'PVAL'];

/**
 * Stored once in a number field before its real initial value. V8 lays out a field by the first
 * value stored in it: a small integer (0) makes an integer slot, and the first fraction or large
 * number (a time stamp's 1.2e9 seconds is past V8's small integers) then changes the layout of
 * every object that shares it. A double stored first makes a double slot, which holds 0 too.
 */
const NOT_A_SMALL_INTEGER = 0.5;

/**
 * Subtracted from a record's time stamp seconds while kept. Seconds since 1990 are now 1.2e9,
 * past V8's small integers (2^30 - 1): the first stamp would have changed the layout of every
 * record (migrated one by one after that) and each record would hold its seconds in a box of
 * its own. Less 2^30, the years 2004 to 2058 are small integers.
 */
const STAMP_SEC_BIAS = 2 ** 30;

const sharedByType = new WeakMap<RecordTypeDef, SharedTypeData>();

/** What every record of a type shares, computed once per type. */
function sharedTypeData(typeDef: RecordTypeDef, support: RecordSupport, host: RecordHost): SharedTypeData {
  const cached = sharedByType.get(typeDef);
  if (cached !== undefined) return cached;
  const defs = new Map<string, FieldDef>();
  const defaults = Object.create(null) as Record<string, FieldValue>;
  const computed: FieldDef[] = [];
  const menuOrStates = (f: FieldDef): readonly string[] => (f.dbf === 'DBF_MENU' && f.menu !== undefined ? host.menuLabels(f.menu) : []);
  for (const f of typeDef.fields) {
    defs.set(f.name, f);
    if (f.dbf === 'DBF_NOACCESS') {
      // Fields whose address record support computes (array VAL, long strings) are served.
      if (f.special === 'SPC_DBADDR') computed.push(f);
      continue;
    }
    if (f.dbf === 'DBF_STRING' || isLinkDbf(f.dbf)) {
      defaults[f.name] = f.initial ?? '';
      continue;
    }
    if (f.initial === undefined) {
      defaults[f.name] = 0;
      continue;
    }
    // dbd initial() values are stored as given: a numeric menu index is not checked against the
    // menu (SSCN's initial is 65535).
    defaults[f.name] =
      isEnumLikeDbf(f.dbf) && /^\d+$/.test(f.initial) ? Number(f.initial) : parseFieldText(f.dbf, f.initial, { precision: 0, enumStrings: menuOrStates(f) });
  }
  // A record that never processed reads UDF / INVALID (EPICS: UDF is TRUE at load).
  if (defs.has('UDF')) defaults.UDF = 1;
  defaults.STAT = AlarmStatus.UDF;
  defaults.SEVR = AlarmSeverity.INVALID;
  const has: TypeFields = { UDF: defs.has('UDF'), UDFS: defs.has('UDFS'), AMSG: defs.has('AMSG'), ACKS: defs.has('ACKS'), DISA: defs.has('DISA'), ADEL: defs.has('ADEL') };
  const val = defs.get('VAL');
  const valDef = val !== undefined && isServed(val) ? val : undefined;
  const metaFields = new Set(support.metadataFields ?? []);
  const processed = PROCESSED_FIELDS.filter((name) => name in defaults).map((name) => {
    const dbf = defs.get(name)?.dbf;
    return { name, double: dbf !== undefined && isFloatDbf(dbf) };
  });
  const data: SharedTypeData = { defs, has, valDef, defaults, computed, metaFields, processed, lastMeta: new Map() };
  sharedByType.set(typeDef, data);
  return data;
}

/** The state strings of a field that has none (shared: callers only read them). */
const NO_STATES: readonly string[] = Object.freeze([]);

/** dbAccess.c MAX_LOCK: processings asked of an active record before the SCAN alarm. */
const MAX_LOCK = 10;

const NO_LINKS: RecordLinkAccess = {
  spec: () => ({ kind: 'none' }),
  hasPvLinks: () => false,
  read: () => undefined,
  readText: () => undefined,
  write: () => false,
  forward: () => {},
  forwardLink: () => {},
  metadata: () => undefined,
  targetType: () => undefined,
  isConnected: () => false,
  status: () => 'constant',
  timeStampLink: undefined,
  linkedTime: () => undefined,
};

/** Turns a JS value into a native array suitable for put() on field `f`. */
export function jsValueToNative(f: FieldDef, value: unknown, ctx: FieldConversion): { value: NativeArray; type: NativeType } {
  if (typeof value === 'string') return { value: [value], type: NativeType.STRING };
  if (typeof value === 'boolean') return { value: Float64Array.of(value ? 1 : 0), type: NativeType.DOUBLE };
  if (typeof value === 'number') return { value: Float64Array.of(value), type: NativeType.DOUBLE };
  const scalar = jsToScalar(f.dbf, value, ctx);
  return typeof scalar === 'string' ? { value: [scalar], type: NativeType.STRING } : { value: Float64Array.of(scalar), type: NativeType.DOUBLE };
}
