/**
 * A record as the application sees it: `ioc.intval`. Declared in a model class, it becomes
 * live when the model starts; from then on get/put act on the record in-process (no CA round
 * trip) and the streams carry every change.
 */
import { EMPTY, type Observable, ReplaySubject, Subject, concat, defer, distinctUntilChanged, filter, map, of, switchMap } from 'rxjs';
import { Dbe } from '../ca/protocol/constants.js';
import { nativeArraysEqual, timestampToDate } from '../ca/protocol/dbr/index.js';
import type { Alarm, NativeArray, PvSnapshot } from '../ca/protocol/dbr/types.js';
import { type PutRequest, type PutSource, RecordPut } from '../records/put.js';
import type { EpicsRecord } from '../records/record.js';

/**
 * An application put: what the put asks of the record (quiet, wait, force, alarm; see
 * PutRequest), and `soft` to skip it when the record already holds the value.
 */
export interface PutOptions extends PutRequest {
  /** Skip the put when the record already holds this value. */
  soft?: boolean;
}

/** What caused an update: a put (from a client, the application, a link) or the database (scan, timer, PINI). */
export type UpdateCause = PutSource | 'db';

interface RecordEvent {
  mask: number;
  snapshot: PvSnapshot;
  cause: UpdateCause;
}

/** One change of a record, as the streams carry it. */
export interface RecordUpdate<T> {
  record: string;
  value: T;
  alarm: Alarm;
  timestamp: Date;
  /** What caused it: a CA client, the application, a link, or the database (scan, timer). */
  cause: UpdateCause;
  /** The DBE_* mask the record posted. */
  mask: number;
}

/** Converts between the record's stored VAL and the application's value type. */
export interface ValueCodec<T, P> {
  fromSnapshot(snapshot: PvSnapshot, record: EpicsRecord): T;
  /** What to hand to record.putJs for an application value. */
  toPut(value: P, record: EpicsRecord): unknown;
  equals(a: T, b: T): boolean;
}

/** Record-level options that are not EPICS fields. */
export interface HandleOptions<T> {
  /** CA clients may read but never write this record. */
  readOnly?: boolean;
  /** A client's put-callback (caput -c, pyepics wait=True) completes only after the callback. */
  blocking?: boolean;
  /** Refuses a client's write by throwing; the client sees the error. */
  validate?: (value: T) => void;
  /**
   * Called with every value change (and once with the initial value at start, unless the
   * model skips it), with the put that made it (undefined for a scan, a timer, a link's
   * processing). The `do_<attr>` method style does the same; a record takes one or the other.
   * An async callback is awaited before the record's next one; a put that waits, waits for it.
   */
  onUpdate?: (value: T, put: RecordPut | undefined) => unknown;
  /**
   * Keep the value across restarts with the runtime's autosave (its `autosave` directory):
   * true for VAL, or the fields to keep, e.g. ['VAL', 'DESC', 'HIGH']. Restored before the
   * record initialises (autosave's pass 0; arrays after it).
   */
  autosave?: boolean | readonly string[];
  /** The record's access security group (its ASG field), for the runtime's .acf rules. */
  asg?: string;
}

/** The declaration of one record: its EPICS type, name and field settings, in order. */
export interface RecordDeclaration {
  type: string;
  /**
   * Record name as declared (the part after "$(device):"); may hold macros. Empty until the
   * model names the record after its attribute when the builder was given no name.
   */
  name: string;
  /** Field settings in order: text (macros expanded at start) or a JS value. */
  fields: [field: string, value: unknown][];
}

const snapshotDate = (s: PvSnapshot): Date => timestampToDate(s.timestamp);

/**
 * A handle's options with every key present, in one order: every handle's options object has
 * one shape, so the code that reads them (the model's listener on each change) meets one map.
 */
export function handleOptionsOf<T>(options: HandleOptions<T>): HandleOptions<T> {
  return { readOnly: options.readOnly, blocking: options.blocking, validate: options.validate, onUpdate: options.onUpdate, autosave: options.autosave, asg: options.asg };
}

export class RecordHandle<T, P = T> {
  private live: EpicsRecord | undefined;
  // The streams are made on first use: a model of 100,000 records pays for them only if used.
  private eventsSubject: Subject<RecordEvent> | undefined;
  private startedSubject: ReplaySubject<EpicsRecord> | undefined;
  private unsubscribe: (() => void) | undefined;
  private completed = false;

  private get events(): Subject<RecordEvent> {
    if (this.eventsSubject === undefined) {
      this.eventsSubject = new Subject();
      if (this.completed) this.eventsSubject.complete();
      else if (this.live !== undefined) this.listen(this.live);
    }
    return this.eventsSubject;
  }

  private get started(): Observable<EpicsRecord> {
    // After shutdown a new subscription completes at once rather than replaying a dead record.
    if (this.completed) return EMPTY;
    if (this.startedSubject === undefined) {
      this.startedSubject = new ReplaySubject<EpicsRecord>(1);
      if (this.live !== undefined) this.startedSubject.next(this.live);
      if (this.completed) this.startedSubject.complete();
    }
    return this.startedSubject;
  }

  private listen(record: EpicsRecord): void {
    const events = this.eventsSubject;
    if (events === undefined) return;
    this.unsubscribe = record.subscribe('VAL', (mask, snapshot, put) => events.next({ mask, snapshot, cause: put?.source ?? 'db' }));
  }

  constructor(
    readonly declaration: RecordDeclaration,
    private readonly codec: ValueCodec<T, P>,
    readonly options: HandleOptions<T> = {},
  ) {}

  /**
   * A handle of another record of this one's type and codec, declared with `fields` and none
   * of this one's options (no callback, validation, autosave or access group): the model's
   * warm-up makes its records with these (model/warm-up-model.ts).
   */
  warmUpTwin(name: string, fields: [field: string, value: unknown][]): RecordHandle<T, P> {
    return new RecordHandle<T, P>({ type: this.declaration.type, name, fields }, this.codec, handleOptionsOf({}));
  }

  /** The record name as declared. */
  get name(): string {
    return this.declaration.name;
  }

  #checkName: ((attribute: string) => void) | undefined;

  /** A check to run when the record gets its attribute's name (the builder's definition checks). */
  onNamed(check: (attribute: string) => void): void {
    this.#checkName = check;
  }

  /**
   * Gives a record declared without a name the name of its attribute (once, before start),
   * and checks its definition under that name (throws a ModelDefinitionError naming it).
   */
  nameAfter(attribute: string): void {
    if (this.declaration.name !== '') return;
    this.#checkName?.(attribute);
    this.declaration.name = attribute;
  }

  /** The full PV name ("DEVICE:name"), once the model has started. */
  get pvName(): string {
    return this.record.name;
  }

  /** The live EPICS record (an escape hatch: every field, processing, links). */
  get record(): EpicsRecord {
    if (this.live === undefined) throw new Error(`record "${this.declaration.name}" is not live yet: await the model's start() first`);
    return this.live;
  }

  get isLive(): boolean {
    return this.live !== undefined;
  }

  /** The stored form of an application value (what record.putJs takes). */
  encodeForPut(value: P, record: EpicsRecord): unknown {
    return this.codec.toPut(value, record);
  }

  /** The application's view of a snapshot of VAL. */
  decodeSnapshot(snapshot: PvSnapshot, record: EpicsRecord): T {
    return this.codec.fromSnapshot(snapshot, record);
  }

  /** Called by the model at start and shutdown. */
  attach(record: EpicsRecord | undefined): void {
    if (record !== undefined) this.completed = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.live = record;
    if (record === undefined) return;
    this.listen(record);
    this.startedSubject?.next(record);
  }

  /** Completes the streams (the model shut down). */
  complete(): void {
    this.attach(undefined);
    this.completed = true;
    this.eventsSubject?.complete();
    this.startedSubject?.complete();
    // A model started again makes new streams.
    this.eventsSubject = undefined;
    this.startedSubject = undefined;
  }

  // ------------------------------------------------------------------ values

  /** The current value. */
  get(): T {
    const r = this.record;
    return this.codec.fromSnapshot(r.snapshot('VAL'), r);
  }

  get value(): T {
    return this.get();
  }

  get alarm(): Alarm {
    return this.record.snapshot('VAL').alarm;
  }

  get timestamp(): Date {
    return snapshotDate(this.record.snapshot('VAL'));
  }

  /**
   * Writes the value and processes the record in-process, as a CA put would (output records
   * write their OUT link, FLNK runs). Conversion errors throw at once; the promise resolves
   * at once, or with `wait` once the record's callback has finished: the returned promise is
   * the put's completion.
   */
  put(value: P, options: PutOptions = {}): Promise<void> {
    const r = this.record;
    if (options.soft && this.codec.equals(this.get(), this.codec.fromSnapshot(this.previewSnapshot(value), r))) return Promise.resolve();
    const put = new RecordPut('app', options);
    r.putJs('VAL', this.codec.toPut(value, r), put);
    return put.completion() ?? Promise.resolve();
  }

  /** What the value would look like stored (for `soft` comparisons). */
  private previewSnapshot(value: P): PvSnapshot {
    const snap = this.record.snapshot('VAL');
    const put = this.codec.toPut(value, this.record);
    return { ...snap, value: (Array.isArray(put) || ArrayBuffer.isView(put) ? put : [put]) as NativeArray };
  }

  /**
   * Sets the alarm of the record now and posts it; the next processing recomputes it (to set
   * a value with its alarm, use put(value, { alarm })).
   */
  setAlarm(status: number, severity: number, message = ''): void {
    const r = this.record;
    r.setSevr(status, severity, message);
    const mask = r.resetAlarms();
    if (mask !== 0) r.post('VAL', mask);
  }

  /** Reads any field (`ioc.floatval.field('EGU')`). */
  field(name: string): unknown {
    const r = this.record;
    return r.get(name);
  }

  /** Writes any field with CA put semantics (posts, processes for pp fields). */
  setField(name: string, value: unknown): void {
    this.record.putJs(name, value, new RecordPut('app'));
  }

  // ------------------------------------------------------------------ streams

  /** Every posted update (value, alarm, or both), with its cause. */
  get updates$(): Observable<RecordUpdate<T>> {
    return this.started.pipe(
      switchMap((r) =>
        this.events.pipe(
          map(({ mask, snapshot, cause }) => ({
            record: r.name,
            value: this.codec.fromSnapshot(snapshot, r),
            alarm: snapshot.alarm,
            timestamp: snapshotDate(snapshot),
            cause,
            mask,
          })),
        ),
      ),
    );
  }

  /** Value changes only (DBE_VALUE posts), without the current value. */
  get changes$(): Observable<T> {
    return this.updates$.pipe(
      filter((u) => (u.mask & Dbe.VALUE) !== 0),
      map((u) => u.value),
    );
  }

  /** The current value, then every change. */
  get value$(): Observable<T> {
    return this.started.pipe(switchMap(() => concat(defer(() => of(this.get())), this.changes$)));
  }

  /** The current alarm, then every change of it. */
  get alarm$(): Observable<Alarm> {
    return this.started.pipe(
      switchMap(() => concat(defer(() => of(this.alarm)), this.updates$.pipe(filter((u) => (u.mask & Dbe.ALARM) !== 0), map((u) => u.alarm)))),
      distinctUntilChanged((a, b) => a.status === b.status && a.severity === b.severity),
    );
  }
}

/** Equality for the value types handles carry (numbers with NaN, strings, arrays). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if ((Array.isArray(a) || ArrayBuffer.isView(a)) && (Array.isArray(b) || ArrayBuffer.isView(b))) {
    return nativeArraysEqual(a as NativeArray, b as NativeArray);
  }
  return a === b;
}
