import type { Observable, OperatorFunction } from 'rxjs';
import { filter } from 'rxjs';
import type { DcsMessage } from './types.js';

/**
 * Keep only messages of the given types, narrowed:
 * `link.messages$.pipe(ofType('htos_set_string_completed'))`.
 */
export function ofType<M extends DcsMessage, T extends M['type']>(
  ...types: T[]
): OperatorFunction<M, Extract<M, { type: T }>> {
  const wanted = new Set<string>(types);
  return (source: Observable<M>) => source.pipe(filter((m): m is Extract<M, { type: T }> => wanted.has(m.type)));
}
