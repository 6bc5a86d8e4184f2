/**
 * The input and target PVs followed by name: each time the name record changes, the PV of the
 * new name is followed instead (switchMap), and what it does is told as events. Plain RxJS
 * over the name stream and the PVs, so tests drive them in virtual time.
 */
import { type Observable, concat, distinctUntilChanged, filter, map, merge, of, scan, skipWhile, switchMap } from 'rxjs';
import type { LutPv } from './pv.js';

export type InputEvent =
  | { kind: 'unset' }
  | { kind: 'waiting'; name: string }
  | { kind: 'disconnected'; name: string }
  | { kind: 'value'; name: string; value: unknown };

/** The target's connection; `before`: whether this target has been connected (a loss, not a wait). */
export interface TargetState {
  name: string;
  connected: boolean;
  before: boolean;
}

/** What the input PV named by `names$` does: unset, waiting to connect, values, losses. */
export function inputEvents(names$: Observable<string>, pv: (name: string) => LutPv): Observable<InputEvent> {
  return names$.pipe(
    map((name) => name.trim()),
    distinctUntilChanged(),
    switchMap((name) => {
      if (name === '') return of<InputEvent>({ kind: 'unset' });
      const input = pv(name);
      return concat(
        of<InputEvent>({ kind: 'waiting', name }),
        merge(
          // Not connected before the first connection is the 'waiting' above; after it, a loss.
          input.connected$.pipe(
            skipWhile((connected) => !connected),
            filter((connected) => !connected),
            map((): InputEvent => ({ kind: 'disconnected', name })),
          ),
          input.value$.pipe(map((value): InputEvent => ({ kind: 'value', name, value }))),
        ),
      );
    }),
  );
}

/** The connection of the target PV named by `names$` (an empty name: unset, never connected). */
export function targetStates(names$: Observable<string>, pv: (name: string) => LutPv): Observable<TargetState> {
  return names$.pipe(
    map((name) => name.trim()),
    distinctUntilChanged(),
    switchMap((name) =>
      name === ''
        ? of({ name, connected: false, before: false })
        : pv(name).connected$.pipe(
            scan((s, connected) => ({ name, connected, before: s.before || s.connected }), { name, connected: false, before: false }),
          ),
    ),
  );
}
