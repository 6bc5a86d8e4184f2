/**
 * A record field served as a CA channel: `REC.FIELD`, `REC` (= VAL), `REC.FIELD$` (a string
 * field as a char array, for text longer than 39 characters) and `REC.RTYP`.
 */
import { Access, type AccessRights } from '../ca/protocol/constants.js';
import { ConversionError, asSignedChars, charBytes, valueTypeOf } from '../ca/protocol/dbr/index.js';
import { isLinkDbf } from './field-value.js';
import { type DecodedDbr, NativeType, type PvSnapshot } from '../ca/protocol/dbr/types.js';
import { Eca } from '../ca/protocol/eca.js';
import type { ReplySnapshot } from '../ca/server/reply-snapshot.js';
import { type AccessListener, type CaPv, type ClientInfo, type PvEventListener, PvWriteError, type Unsubscribe, type WriteContext } from '../ca/server/provider.js';
import { RecordPut } from './put.js';
import { type EpicsRecord, RecordFieldError } from './record.js';
import type { AccessSecurity, AccessWatcher } from '../access/access-security.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A string snapshot re-shaped as a NUL-terminated char array (the `$` suffix): the text and its
 * NUL, the count dbGet gives a DBR_CHAR read of a string field (strlen + 1) and a long-string
 * record's get_array_info (LEN). (A read of DESC$ as another type gets the whole buffer from
 * softIoc, "0" for each byte past the text; here the text's elements only.)
 */
/** The text of a string or link field's snapshot. */
const textOf = (snap: PvSnapshot): string => (Array.isArray(snap.value) ? String(snap.value[0] ?? '') : '');

function asCharArray(snap: PvSnapshot, size: number, rule?: PvSnapshot['dbGetRule']): PvSnapshot {
  const text = textOf(snap);
  const bytes = encoder.encode(text).subarray(0, size - 1);
  // A DBF_CHAR, as dbChannel makes `$`: bytes past 127 widen negative (DBR_LONG "é" is -61 -87).
  const value = new Int8Array(bytes.length + 1);
  value.set(asSignedChars(bytes));
  if (rule === undefined) return { ...snap, nativeType: NativeType.CHAR, value };
  return { ...snap, nativeType: NativeType.CHAR, value, dbGetRule: rule, ...(rule === 'string' ? {} : { dbGetText: text }) };
}

/** A link's or attribute's snapshot, marked for dbGet's rules (DBR_STRING its text, DBR_DOUBLE NaN…). */
function asDbGetText(snap: PvSnapshot, rule: 'link' | 'attribute'): PvSnapshot {
  return { ...snap, dbGetRule: rule, dbGetText: textOf(snap) };
}

/** menuFtype's choices as DBF types (FTVL, FTA…): the element type of array fields. */
const FTYPE_DBF = [
  'DBF_STRING', 'DBF_CHAR', 'DBF_UCHAR', 'DBF_SHORT', 'DBF_USHORT', 'DBF_LONG', 'DBF_ULONG', 'DBF_INT64', 'DBF_UINT64', 'DBF_FLOAT', 'DBF_DOUBLE', 'DBF_ENUM',
];

/** A settled put-callback with nothing pending (what an async function without await returns). */
const DONE: Promise<void> = Promise.resolve();

/** Settles after `pending`, as `await pending` in an async function did. */
async function waitFor(pending: Promise<void>): Promise<void> {
  await pending;
}

/**
 * A record's field served to one channel. It is its own access watch (AccessWatcher): one
 * object per channel, where a watch of its own and closures took four more (10,000 channels
 * connecting at once promoted 2 MB more).
 */
export class FieldChannel implements CaPv, AccessWatcher {
  readonly nativeType: NativeType;
  readonly nativeCount: number;
  /**
   * Whether the field takes writes, known once for the channel unless the record's support
   * decides it each time (compress's VAL): a Map lookup and two checks less on every put.
   */
  private readonly writable: boolean | undefined;
  /**
   * CaPv.copiesScalarWrites: a scalar field whose support converts what is written with the
   * common rules (no valueFromNative, which may keep an array or a sub's argument) stores a copy.
   */
  readonly copiesScalarWrites: boolean;
  private readonly dbGetRule: PvSnapshot['dbGetRule'];
  /** The channel told of its client's rights (watchAccess), and that client. */
  private watcher: AccessListener | undefined = undefined;
  private watcherClient: ClientInfo | undefined = undefined;
  /** The watch on ASG: only once a configuration is loaded (until then, none per channel). */
  private stopAsg: Unsubscribe | undefined = undefined;
  /** AccessSecurity's bookkeeping of the watch. */
  watchSlot = -1;

  constructor(
    readonly record: EpicsRecord,
    readonly field: string,
    /** Serve a string field as a char array (`$`), this many bytes long. */
    private readonly charSize = 0,
    /** The database's access security: the record's ASG and the field's level decide. */
    private readonly security?: AccessSecurity,
  ) {
    if (charSize > 0) {
      this.nativeType = NativeType.CHAR;
      this.nativeCount = charSize;
    } else {
      const shape = record.shape(field);
      this.nativeType = shape.type;
      this.nativeCount = shape.count;
    }
    const dbf = record.field(field)?.dbf;
    // dbGet's rules of its own (db-get-rules.ts): any link field; a string field's `$`.
    this.dbGetRule = dbf !== undefined && isLinkDbf(dbf) ? 'link' : charSize > 0 && dbf === 'DBF_STRING' ? 'string' : undefined;
    this.writable = record.support.writable === undefined ? record.isWritable(field) : undefined;
    this.copiesScalarWrites = charSize === 0 && this.nativeCount === 1 && record.support.valueFromNative === undefined && dbf !== 'DBF_NOACCESS';
  }

  get dbfType(): string | undefined {
    if (this.charSize > 0) return undefined;
    const f = this.record.field(this.field);
    if (f === undefined) return undefined;
    if (f.dbf !== 'DBF_NOACCESS') return f.dbf;
    // An array VAL: its elements are of the record's FTVL.
    if (this.field === 'VAL' && this.record.field('FTVL') !== undefined) return FTYPE_DBF[this.record.num('FTVL')];
    return undefined;
  }

  /**
   * A new snapshot each time, never the record's kept one: a client's read is encoded at once
   * and dropped, so it dies young. A kept one lived until the next change and made every
   * scavenge under a burst of gets copy one per record (2 to 5 MB, pauses of 10 to 20 ms in
   * catime's synchronous gets); its allocation site was pretenured too (old-generation
   * allocation was 7 % of a catime-like load). Links and the model still keep theirs.
   */
  read(): PvSnapshot {
    const snap = this.record.snapshot(this.field, false);
    return this.served(snap);
  }

  /** The record's snapshot as this channel serves it: `$` as chars, a link's marked as one. */
  private served(snap: PvSnapshot): PvSnapshot {
    if (this.charSize > 0) return asCharArray(snap, this.charSize, this.dbGetRule);
    return this.dbGetRule === 'link' ? asDbGetText(snap, 'link') : snap;
  }

  /** read() for a reply encoded at once: a scalar's is filled into the circuit's `into`. */
  readInto(into: ReplySnapshot): PvSnapshot {
    if (this.charSize > 0 || this.dbGetRule !== undefined) return this.read();
    return this.record.snapshot(this.field, false, into);
  }

  /**
   * Stores the value and processes the record synchronously, within the request. A plain put
   * it refuses throws, so that the server reports the refusal at once, before it answers the
   * requests that came after the put, as rsrv's write_action does (caput's "New :" line after
   * its exception, as with softIoc). A put-callback's refusal is a rejected promise, its success
   * a promise settled once what the put set off has finished; a plain put that set nothing off
   * pending returns nothing (no promise per put).
   */
  write(value: DecodedDbr, context: WriteContext): Promise<void> | undefined {
    // record[process=false] (pvAccess): stored without processing, as QSRV2's dbPut.
    const put = context.process === false ? new RecordPut('client', { wait: context.notify, process: false }) : RecordPut.client(context.notify);
    try {
      this.store(value, context, put);
    } catch (err) {
      if (!context.notify) throw err;
      // A refused put-callback may have processed the record still (Record.put): told when done.
      const processing = put.completion();
      if (processing === undefined) return Promise.reject(err as Error);
      return processing.then(() => Promise.reject(err as Error), () => Promise.reject(err as Error));
    }
    // A blocking record's callback may still be running: a put-callback waits for it.
    const pending = put.completion();
    if (pending !== undefined) return waitFor(pending);
    return context.notify ? DONE : undefined;
  }

  private store(value: DecodedDbr, context: WriteContext, put: RecordPut): void {
    if (!(this.writable ?? this.record.isWritable(this.field))) {
      throw new PvWriteError(`${this.record.name}.${this.field} is read-only`, Eca.NOWTACCESS);
    }
    let data = value.value;
    let from = valueTypeOf(value.dbrType);
    if (this.charSize > 0) {
      // A char array written to FIELD$ is the text up to its first NUL.
      const bytes = charBytes(data) ?? new Uint8Array(0);
      const nul = bytes.indexOf(0);
      data = [decoder.decode(nul === -1 ? bytes : bytes.subarray(0, nul))];
      from = NativeType.STRING;
    }
    const trap = this.trapFor(context);
    const oldValue = trap ? this.valueText() : '';
    try {
      this.record.put(this.field, data, from, put);
      // record[process=true]: processed once, also when storing this field did not process it.
      if (context.process === true && !this.record.processesOnPut(this.field)) this.record.process(put);
      if (trap) this.reportTrap(context, oldValue);
    } catch (err) {
      if (err instanceof PvWriteError) throw err;
      if (err instanceof RecordFieldError || err instanceof ConversionError) throw new PvWriteError(err.message, Eca.PUTFAIL);
      throw new PvWriteError((err as Error).message, Eca.PUTFAIL);
    }
  }

  subscribe(listener: PvEventListener): Unsubscribe {
    if (this.charSize === 0 && this.dbGetRule === undefined) return this.record.subscribe(this.field, listener);
    return this.record.subscribe(this.field, (mask, snap) => listener(mask, this.served(snap)));
  }

  accessFor(client: ClientInfo): AccessRights {
    const base = (this.writable ?? this.record.isWritable(this.field)) ? Access.READ_WRITE : Access.READ;
    if (this.security === undefined || !this.security.active) return base;
    const { access } = this.security.rights(this.record.str('ASG'), this.level, this.security.identity(client));
    return access === 2 ? base : access === 1 ? Access.READ : Access.NONE;
  }

  /**
   * Rights change when the configuration is (re)loaded, when a CALC rule's input changes,
   * and when the record's ASG is written (asChangeGroup).
   */
  watchAccess(client: ClientInfo, listener: AccessListener): void {
    const security = this.security;
    if (security === undefined) return;
    if (this.watcher !== undefined && this.watcher !== listener) throw new Error(`${this.record.name}.${this.field}: a field channel serves one channel, and has its access watched once`);
    this.watcher = listener;
    this.watcherClient = client;
    security.watch(this);
    this.watchAsg();
  }

  unwatchAccess(listener: AccessListener): void {
    if (listener !== this.watcher) return;
    this.security?.unwatch(this);
    this.stopAsg?.();
    this.stopAsg = undefined;
    this.watcher = undefined;
    this.watcherClient = undefined;
  }

  /** AccessWatcher: the configuration, an input or ASG changed. */
  accessChanged(): void {
    const watcher = this.watcher;
    if (watcher === undefined) return;
    this.watchAsg();
    watcher.rightsChanged(this.accessFor(this.watcherClient!));
  }

  private watchAsg(): void {
    if (this.stopAsg === undefined && this.security?.active === true) this.stopAsg = this.record.subscribe('ASG', () => this.accessChanged());
  }

  /** The field's access security level: asl(ASL0) fields are level 0, the others 1. */
  private get level(): number {
    return this.record.field(this.field)?.asl0 === true ? 0 : 1;
  }

  private trapFor(context: WriteContext): boolean {
    const security = this.security;
    if (security === undefined || !security.active || !security.trapWriteWatched) return false;
    return security.rights(this.record.str('ASG'), this.level, security.identity(context.client)).trapWrite;
  }

  /** The field's value as text, for the put log. */
  private valueText(): string {
    const value = this.read().value;
    const bytes = this.charSize > 0 ? charBytes(value) : undefined;
    if (bytes !== undefined) {
      const nul = bytes.indexOf(0);
      return decoder.decode(nul === -1 ? bytes : bytes.subarray(0, nul));
    }
    const items = Array.from(value as ArrayLike<unknown>);
    return items.length === 1 ? String(items[0]) : items.map(String).join(' ');
  }

  private reportTrap(context: WriteContext, oldValue: string): void {
    const id = this.security!.identity(context.client);
    const pv = this.field === 'VAL' ? this.record.name : `${this.record.name}.${this.field}`;
    this.security!.reportTrapWrite({ time: new Date(), user: id.user, host: id.host, pv, oldValue, newValue: this.valueText() });
  }
}

/**
 * `REC.RTYP` (`REC.RTYP$`: a char array of 40): the record type name. As in rsrv, the channel
 * reports write access (RTYP is no SPC_NOMOD field), and every put fails (dbPut refuses an
 * SPC_ATTRIBUTE field: ECA_PUTFAIL).
 */
export class RecordTypeChannel implements CaPv {
  readonly nativeType: NativeType;
  readonly nativeCount: number;

  constructor(
    private readonly record: EpicsRecord,
    private readonly dollar = false,
  ) {
    this.nativeType = dollar ? NativeType.CHAR : NativeType.STRING;
    this.nativeCount = dollar ? RTYP_SIZE : 1;
  }

  read(): PvSnapshot {
    const snap = this.record.snapshot('NAME');
    const named = { ...snap, nativeType: NativeType.STRING, value: [this.record.typeName], meta: { ...snap.meta, enumStrings: [] } };
    return this.dollar ? asCharArray(named, RTYP_SIZE, 'attribute') : asDbGetText(named, 'attribute');
  }

  write(): void {
    throw new PvWriteError(`${this.record.name}.RTYP cannot be written`, Eca.PUTFAIL);
  }

  subscribe(): Unsubscribe {
    return () => {};
  }

  accessFor(): AccessRights {
    return Access.READ_WRITE;
  }
}

/** dbCommon's RTYP pseudo-field size (dbChannel serves RTYP$ with it). */
const RTYP_SIZE = 40;
