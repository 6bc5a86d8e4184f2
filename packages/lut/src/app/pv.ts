/**
 * The PVs of other IOCs as the LUT sees them: the shape of core's RemotePv (`ioc.pv(name)`),
 * narrowed to what the application uses, so that tests can hand it fakes.
 */
import type { Observable } from 'rxjs';

export interface LutPv {
  /** The current value once connected, then every change; survives reconnects. */
  readonly value$: Observable<unknown>;
  /** true while connected (distinct values). */
  readonly connected$: Observable<boolean>;
  get(): Promise<unknown>;
  /** A plain CA put (no completion callback): resolves once sent. */
  put(value: number): Promise<void>;
}

/** Gives the PV of a name; called again for the same name, it may return the same object or a new one. */
export type LutPvFactory = (name: string) => LutPv;

/**
 * A CA value as a number: numbers as they are, the first element of an array, a numeric
 * string parsed; NaN for anything else (an empty array, a word).
 */
export function numericValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? Number.NaN : Number(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const first = (value as ArrayLike<unknown>)[0];
    return first === undefined ? Number.NaN : numericValue(first);
  }
  if (typeof value === 'bigint') return Number(value);
  return Number.NaN;
}

/** The factory's PVs, one object per name (a name followed again is not connected again). */
export function cachedPvs(factory: LutPvFactory): LutPvFactory {
  const cache = new Map<string, LutPv>();
  return (name) => {
    let pv = cache.get(name);
    if (pv === undefined) {
      pv = factory(name);
      cache.set(name, pv);
    }
    return pv;
  };
}
