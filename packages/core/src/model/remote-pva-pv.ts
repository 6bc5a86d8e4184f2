/**
 * A PV reached over pvAccess (`model.pv('pva://NAME')`), as the application sees it: the same
 * shape as a CA RemotePv (value$, connected$, get, put) with the whole NT structure on
 * `updates$` for what CA does not carry.
 */
import { type Observable, distinctUntilChanged, map, startWith, catchError, of, concat } from 'rxjs';
import type { PvaClient, PvaUpdate } from '../pva/client/client.js';
import type { PvaStruct, PvaValue } from '../pva/protocol/value.js';

/** An NT value as an application uses it: `value`, or an NTEnum's index. */
export function ntValueOf(s: PvaStruct): PvaValue {
  const v = s.value ?? null;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && 'index' in v) return (v as PvaStruct).index ?? null;
  return v;
}

export class RemotePvaPv {
  constructor(
    private readonly client: PvaClient,
    /** The PV name, without the `pva://` prefix. */
    readonly name: string,
    private readonly request?: string,
  ) {}

  /** Every update: the whole structure so far and what changed. */
  get updates$(): Observable<PvaUpdate> {
    return this.client.monitor(this.name, { request: this.request });
  }

  /** The value (an NTEnum's index), then every change. */
  get value$(): Observable<PvaValue> {
    return this.updates$.pipe(map((u) => ntValueOf(u.value)));
  }

  /** true once the first update arrived; false when the monitor ends or fails. */
  get connected$(): Observable<boolean> {
    return concat(this.updates$.pipe(map(() => true)), of(false)).pipe(
      catchError(() => of(false)),
      startWith(false),
      distinctUntilChanged(),
    );
  }

  async get(): Promise<PvaValue> {
    return ntValueOf((await this.client.get(this.name, { request: this.request })).value);
  }

  /** Puts the value (a number, string, array; a choice name or index for an NTEnum), or named fields. */
  put(value: unknown, options: { request?: string } = {}): Promise<void> {
    return this.client.put(this.name, value, { request: options.request ?? this.request });
  }
}
