/**
 * A channel with server-side filters (channel-filters.ts), as rsrv applies them: on each event
 * the pre-chain (dbnd, dec, ts) in order, then the post-chain (arr); on a read the same chain in
 * read context, where dec passes everything and a dbnd that finds no change leaves the read as it
 * is (its deadband state still moves, as in dbnd.c), and sync passes reads. The filters' state (dbnd's last value,
 * dec's counter) belongs to the channel, shared by its monitors, as a dbChannel's filters are.
 */
import { Access, type AccessRights, Dbe } from '../ca/protocol/constants.js';
import { epicsNow } from '../ca/protocol/dbr/timestamp.js';
import { type DecodedDbr, type NativeArray, NativeType, type PvSnapshot } from '../ca/protocol/dbr/types.js';
import { formatEpicsTime } from './devices/time-format.js';
import type { AccessListener, CaPv, ClientInfo, PvEventListener, Unsubscribe, WriteContext } from '../ca/server/provider.js';
import { type ArrFilter, arrRange, type ChannelFilter, type TsFilter } from './channel-filters.js';

/** Seconds from the POSIX epoch to the EPICS one (POSIX_TIME_AT_EPICS_EPOCH). */
const POSIX_AT_EPICS = 631_152_000;

/** ts.c's replacement values: the event's time stamp as the value (post-chain). */
function timeValue(f: TsFilter, snap: PvSnapshot): PvSnapshot {
  const { secPastEpoch, nsec } = snap.timestamp;
  const sec = secPastEpoch + (f.unixEpoch ? POSIX_AT_EPICS : 0);
  switch (f.form) {
    case 'dbl':
      return { ...snap, nativeType: NativeType.DOUBLE, value: Float64Array.of(sec + nsec * 1e-9) };
    case 'sec':
      return { ...snap, nativeType: NativeType.DOUBLE, value: Float64Array.of(sec) };
    case 'nsec':
      return { ...snap, nativeType: NativeType.DOUBLE, value: Float64Array.of(nsec) };
    case 'ts':
      return { ...snap, nativeType: NativeType.DOUBLE, value: Float64Array.of(sec, nsec) };
    case 'str-epics':
      return { ...snap, nativeType: NativeType.STRING, value: [formatEpicsTime('%Y-%m-%d %H:%M:%S.%06f', snap.timestamp)] };
    case 'str-iso':
      return { ...snap, nativeType: NativeType.STRING, value: [formatEpicsTime('%Y-%m-%dT%H:%M:%S.%06f%z', snap.timestamp)] };
    default:
      return snap;
  }
}

/** What a sync filter asks of the named states. */
export interface StateReader {
  get(name: string): boolean;
}

interface FilterState {
  /** sync: the state at the last event, and the event held for before/last. */
  lastState?: boolean;
  held?: { mask: number; snap: PvSnapshot };
  /** dbnd: the last value sent (NaN before the first) and the current deadband. */
  last: number;
  hyst: number;
  /** dec: the position in the cycle of n. */
  i: number;
}

/** recGblCheckDeadband(): whether `value` moved more than `deadband` from `last`. */
function beyondDeadband(last: number, value: number, deadband: number): boolean {
  let delta = 0;
  if (Number.isFinite(value) && Number.isFinite(last)) delta = Math.abs(last - value);
  else if (Number.isNaN(value) !== Number.isNaN(last) || isInf(value) !== isInf(last)) delta = Infinity;
  else if (isInf(value) && value !== last) delta = Infinity;
  return delta > deadband;
}
const isInf = (v: number): boolean => v === Infinity || v === -Infinity;

/** The scalar a dbnd filter looks at, or undefined for arrays, strings that are not numbers. */
function scalarOf(snap: PvSnapshot): number | undefined {
  const value = snap.value as ArrayLike<unknown>;
  if (value.length !== 1) return undefined;
  const v = value[0];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export class FilteredChannel implements CaPv {
  readonly nativeType;
  readonly nativeCount: number;
  private readonly arr: ArrFilter | undefined;
  private readonly tsForm: TsFilter | undefined;
  private readonly pre: ChannelFilter[];
  private readonly state = new Map<ChannelFilter, FilterState>();

  constructor(
    private readonly inner: CaPv,
    filters: readonly ChannelFilter[],
    private readonly states?: StateReader,
  ) {
    // A ts filter with a form replaces the value by the time stamp: its type and count (the DBF
    // ULONG of sec/nsec/ts is served as DOUBLE, as rsrv serves DBF_ULONG).
    this.tsForm = filters.filter((f): f is TsFilter => f.kind === 'ts' && f.form !== undefined).at(-1);
    const form = this.tsForm?.form;
    this.nativeType = form === undefined ? inner.nativeType : form.startsWith('str') ? NativeType.STRING : NativeType.DOUBLE;
    // The post-chain holds the arr filters; the last one decides (several are unusual).
    const arrs = filters.filter((f): f is ArrFilter => f.kind === 'arr');
    this.arr = arrs.at(-1);
    this.pre = filters.filter((f) => f.kind !== 'arr' && !(f.kind === 'ts' && f.form !== undefined));
    for (const f of this.pre) this.state.set(f, { last: Number.NaN, hyst: f.kind === 'dbnd' ? f.value : 0, i: 0, lastState: false });
    // channelRegisterPost(): arrays only; the element count of the range over the maximum.
    this.nativeCount =
      form !== undefined ? (form === 'ts' ? 2 : 1) : this.arr !== undefined && inner.nativeCount > 1 ? arrRange(this.arr, inner.nativeCount).count : inner.nativeCount;
  }

  get dbfType(): string | undefined {
    return this.inner.dbfType;
  }

  read(): PvSnapshot {
    let snap = this.inner.read();
    for (const f of this.pre) {
      if (f.kind === 'dbnd') this.deadband(f, snap, 0);
      else if (f.kind === 'ts') snap = { ...snap, timestamp: epicsNow() };
    }
    return this.post(snap);
  }

  write(value: DecodedDbr, context: WriteContext): void | Promise<void> {
    return this.inner.write(value, context);
  }

  subscribe(listener: PvEventListener): Unsubscribe {
    return this.inner.subscribe((mask, original) => {
      const event = this.event(mask, original);
      if (event !== undefined) listener(event.mask, event.snap);
    });
  }

  /**
   * A new subscription's first update (db_post_single_event): an event with the subscription's
   * mask through the whole chain, so dbnd and dec count it; undefined when a filter drops it.
   */
  initialEvent(mask: number): PvSnapshot | undefined {
    return this.event(mask, this.inner.read())?.snap;
  }

  /** One event through the pre-chain (dbnd, dec, ts in order) and the post-chain (arr). */
  private event(mask: number, original: PvSnapshot): { mask: number; snap: PvSnapshot } | undefined {
    let snap = original;
    let m = mask;
    for (const f of this.pre) {
      if (f.kind === 'dbnd') m = this.deadband(f, snap, m);
      else if (f.kind === 'dec') {
        // decimate.c: property events pass and are not counted.
        if (m & Dbe.PROPERTY) continue;
        const s = this.state.get(f)!;
        const pass = s.i === 0;
        s.i = (s.i + 1) % f.n;
        if (!pass) m = 0;
      } else if (f.kind === 'sync') {
        if (m & Dbe.PROPERTY) continue;
        const passed = this.sync(f, { mask: m, snap });
        if (passed === undefined) return undefined;
        ({ mask: m, snap } = passed);
      } else snap = { ...snap, timestamp: epicsNow() };
      if (m === 0) return undefined;
    }
    return { mask: m, snap: this.post(snap) };
  }

  /**
   * sync.c filter(): while/unless pass events as the state is set or clear; first/after pass
   * the first event after the state was set/cleared; before/last pass the event held from just
   * before the state was set/cleared (each event is held until the next).
   */
  private sync(f: Extract<ChannelFilter, { kind: 'sync' }>, event: { mask: number; snap: PvSnapshot }): { mask: number; snap: PvSnapshot } | undefined {
    const s = this.state.get(f)!;
    const now = this.states?.get(f.state) === true;
    const was = s.lastState === true;
    switch (f.mode) {
      case 'while':
        return now ? event : undefined;
      case 'unless':
        return now ? undefined : event;
      case 'first':
      case 'after': {
        s.lastState = now;
        const edge = f.mode === 'first' ? now && !was : !now && was;
        return edge ? event : undefined;
      }
      case 'before':
      case 'last': {
        const edge = f.mode === 'before' ? now && !was : !now && was;
        const passed = edge ? s.held : undefined;
        s.held = event;
        s.lastState = now;
        return passed;
      }
    }
  }

  /** dbnd.c filter(): the mask without VALUE|LOG unless the value moved beyond the deadband. */
  private deadband(f: Extract<ChannelFilter, { kind: 'dbnd' }>, snap: PvSnapshot, mask: number): number {
    const value = scalarOf(snap);
    if (value === undefined) return mask;
    const s = this.state.get(f)!;
    let send = mask & ~(Dbe.VALUE | Dbe.LOG);
    if (beyondDeadband(s.last, value, s.hyst)) {
      send |= mask & (Dbe.VALUE | Dbe.LOG);
      s.last = value;
    }
    if (send !== 0 && f.mode === 'rel') s.hyst = (value * f.value) / 100;
    return send;
  }

  /** arr.c filter(): the elements from start, every incr-th, to end, of the current length. */
  private post(snap: PvSnapshot): PvSnapshot {
    if (this.tsForm !== undefined) return timeValue(this.tsForm, snap);
    if (this.arr === undefined || this.inner.nativeCount <= 1) return snap;
    const source = snap.value as NativeArray;
    const { start, count } = arrRange(this.arr, source.length);
    const pick = (i: number): number => start + i * this.arr!.incr;
    const value = Array.isArray(source)
      ? Array.from({ length: count }, (_, i) => source[pick(i)])
      : (() => {
          const typed = source as Exclude<NativeArray, unknown[]> & { constructor: new (n: number) => Exclude<NativeArray, unknown[]> };
          const out = new typed.constructor(count) as unknown as { [i: number]: unknown };
          for (let i = 0; i < count; i++) out[i] = (typed as unknown as { [i: number]: unknown })[pick(i)];
          return out;
        })();
    return { ...snap, value: value as NativeArray };
  }

  accessFor(client: ClientInfo): AccessRights {
    return this.inner.accessFor?.(client) ?? Access.READ_WRITE;
  }

  watchAccess(client: ClientInfo, listener: AccessListener): void {
    this.inner.watchAccess?.(client, listener);
  }

  unwatchAccess(listener: AccessListener): void {
    this.inner.unwatchAccess?.(listener);
  }

  watchRemoval(onRemoved: () => void): Unsubscribe {
    return this.inner.watchRemoval?.(onRemoved) ?? (() => {});
  }
}
