/**
 * A plain in-memory PV set: enough to serve tests, benchmarks and small tools without the
 * record layer. Each PV has a native type, a value, metadata and optional access limits.
 */
import { Access, type AccessRights, Dbe } from '../protocol/constants.js';
import { convertArray, epicsNow, toNativeArray } from '../protocol/dbr/index.js';
import {
  type Alarm,
  AlarmSeverity,
  AlarmStatus,
  type DecodedDbr,
  NativeType,
  type NativeArray,
  type PvMetadata,
  type PvSnapshot,
  emptyMetadata,
} from '../protocol/dbr/types.js';
import { type AccessListener, type CaPv, type ClientInfo, type PvEventListener, type PvProvider, PvWriteError, type Unsubscribe, type WriteContext } from './provider.js';

export type NativeTypeName = 'string' | 'short' | 'float' | 'enum' | 'char' | 'long' | 'double';

const TYPE_BY_NAME: Record<NativeTypeName, NativeType> = {
  string: NativeType.STRING,
  short: NativeType.SHORT,
  float: NativeType.FLOAT,
  enum: NativeType.ENUM,
  char: NativeType.CHAR,
  long: NativeType.LONG,
  double: NativeType.DOUBLE,
};

export interface MemoryPvDefinition {
  name: string;
  type: NativeTypeName | NativeType;
  /** Initial value: a number, string, boolean, or an array / typed array for array PVs. */
  value?: unknown;
  /** Maximum elements (NELM); default the length of the initial value, else 1. */
  count?: number;
  meta?: Partial<PvMetadata>;
  /** Clients may read but not write. */
  readOnly?: boolean;
  /** Clients may neither read nor write (the channel still connects, as with an ASG rule). */
  noAccess?: boolean;
  /** Called on every client write, after conversion; may be async (WRITE_NOTIFY waits). */
  onWrite?: (value: NativeArray, pv: MemoryPv) => void | Promise<void>;
  /** Record type reported by CLASS_NAME; default "memory". */
  className?: string;
}

/** One in-memory PV. */
export class MemoryPv implements CaPv {
  readonly nativeType: NativeType;
  readonly nativeCount: number;
  private snapshot: PvSnapshot;
  private readonly listeners = new Set<PvEventListener>();
  private readonly accessWatchers = new Set<AccessListener>();
  private readonly removalWatchers = new Set<() => void>();
  private rights: AccessRights;

  constructor(readonly definition: MemoryPvDefinition) {
    this.nativeType = typeof definition.type === 'number' ? definition.type : TYPE_BY_NAME[definition.type];
    const initial = toNativeArray(this.nativeType, definition.value ?? (this.nativeType === NativeType.STRING ? '' : 0));
    this.nativeCount = Math.max(1, definition.count ?? initial.length);
    this.rights = definition.noAccess ? Access.NONE : definition.readOnly ? Access.READ : Access.READ_WRITE;
    this.snapshot = {
      nativeType: this.nativeType,
      value: this.clip(initial),
      alarm: { status: AlarmStatus.NO_ALARM, severity: AlarmSeverity.NO_ALARM },
      timestamp: epicsNow(),
      meta: { ...emptyMetadata(), ...definition.meta },
      className: definition.className ?? 'memory',
    };
  }

  private clip(value: NativeArray): NativeArray {
    return value.length > this.nativeCount ? (value.slice(0, this.nativeCount) as NativeArray) : value;
  }

  get name(): string {
    return this.definition.name;
  }

  read(): PvSnapshot {
    return this.snapshot;
  }

  /** The current value as an array of the native type. */
  get value(): NativeArray {
    return this.snapshot.value;
  }

  /** Sets the value from the application side and posts it to monitors. */
  set(value: unknown, alarm?: Alarm): void {
    this.update(toNativeArray(this.nativeType, value), alarm);
  }

  /** Changes metadata (units, limits, states…) and posts DBE_PROPERTY. */
  setMeta(meta: Partial<PvMetadata>): void {
    this.snapshot = { ...this.snapshot, meta: { ...this.snapshot.meta, ...meta } };
    this.post(Dbe.PROPERTY);
  }

  private update(value: NativeArray, alarm?: Alarm): void {
    const previous = this.snapshot.alarm;
    const nextAlarm = alarm ?? previous;
    this.snapshot = { ...this.snapshot, value: this.clip(value), alarm: nextAlarm, timestamp: epicsNow() };
    const alarmChanged = nextAlarm.status !== previous.status || nextAlarm.severity !== previous.severity;
    this.post(Dbe.VALUE | Dbe.LOG | (alarmChanged ? Dbe.ALARM : 0));
  }

  private post(mask: number): void {
    for (const l of this.listeners) l(mask, this.snapshot);
  }

  async write(value: DecodedDbr, _context: WriteContext): Promise<void> {
    let converted: NativeArray;
    try {
      const from = value.value;
      converted = convertArray(from, nativeTypeOfArray(from), this.nativeType, {
        // A number written to a string PV prints with PREC, or 6 digits without one (as rsrv).
        precision: this.nativeType === NativeType.STRING ? 6 : this.snapshot.meta.precision,
        enumStrings: this.snapshot.meta.enumStrings,
      });
    } catch (err) {
      throw new PvWriteError(`cannot convert the value for ${this.name}: ${(err as Error).message}`, 160);
    }
    if (this.definition.onWrite) await this.definition.onWrite(converted, this);
    this.update(converted);
  }

  subscribe(listener: PvEventListener): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  accessFor(_client: ClientInfo): AccessRights {
    return this.rights;
  }

  /** Changes every client's rights at once (for tests of access changes). */
  setAccess(rights: AccessRights): void {
    this.rights = rights;
    for (const w of [...this.accessWatchers]) w.rightsChanged(rights);
  }

  watchAccess(_client: ClientInfo, listener: AccessListener): void {
    this.accessWatchers.add(listener);
  }

  unwatchAccess(listener: AccessListener): void {
    this.accessWatchers.delete(listener);
  }

  watchRemoval(onRemoved: () => void): Unsubscribe {
    this.removalWatchers.add(onRemoved);
    return () => this.removalWatchers.delete(onRemoved);
  }

  /** Tells connected clients this PV is gone. */
  remove(): void {
    for (const w of [...this.removalWatchers]) w();
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}

/** The native type whose array class `value` is (used for decoded client values). */
export function nativeTypeOfArray(value: NativeArray): NativeType {
  if (Array.isArray(value)) return NativeType.STRING;
  if (value instanceof Float64Array) return NativeType.DOUBLE;
  if (value instanceof Float32Array) return NativeType.FLOAT;
  if (value instanceof Int32Array) return NativeType.LONG;
  if (value instanceof Int16Array) return NativeType.SHORT;
  if (value instanceof Uint16Array) return NativeType.ENUM;
  return NativeType.CHAR;
}

/** A set of in-memory PVs; `NAME` and `NAME.VAL` name the same PV. */
export class MemoryPvProvider implements PvProvider {
  private readonly pvs = new Map<string, MemoryPv>();

  constructor(definitions: MemoryPvDefinition[] = []) {
    for (const d of definitions) this.add(d);
  }

  add(definition: MemoryPvDefinition): MemoryPv {
    if (this.pvs.has(definition.name)) throw new Error(`duplicate PV name "${definition.name}"`);
    const pv = new MemoryPv(definition);
    this.pvs.set(definition.name, pv);
    return pv;
  }

  remove(name: string): void {
    const pv = this.pvs.get(name);
    if (pv === undefined) return;
    this.pvs.delete(name);
    pv.remove();
  }

  get(name: string): MemoryPv | undefined {
    return this.pvs.get(name);
  }

  get size(): number {
    return this.pvs.size;
  }

  private resolve(name: string): MemoryPv | undefined {
    const direct = this.pvs.get(name);
    if (direct !== undefined) return direct;
    return name.endsWith('.VAL') ? this.pvs.get(name.slice(0, -4)) : undefined;
  }

  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  open(name: string): CaPv | undefined {
    return this.resolve(name);
  }
}
