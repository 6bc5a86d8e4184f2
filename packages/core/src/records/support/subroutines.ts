/**
 * The subroutine registry of sub and aSub records (EPICS' registryFunctionAdd/Find): a
 * TypeScript function registered under the name a .db file gives in SNAM or INAM.
 */
import type { NativeArray } from '../../ca/protocol/dbr/types.js';

/** What a subroutine sees of its record. */
export interface SubroutineRecord {
  readonly name: string;
  /** A field's value: a number, a string, or for aSub A…U and VALA…VALU an array. */
  get(field: string): number | string | NativeArray;
  /** A numeric field's value (0 for a non-numeric one). */
  num(field: string): number;
  /** Sets a field (VAL, VALA…, NEVA…) as the subroutine's result; nothing is processed. */
  set(field: string, value: number | string | ArrayLike<number> | readonly string[]): void;
}

/**
 * A subroutine: returns its status (negative raises a SOFT alarm of severity BRSV; an aSub
 * stores it in VAL). A Promise makes the processing asynchronous: the record stays active
 * (PACT) and completes when it settles, as an EPICS subroutine that sets PACT does.
 */
export type Subroutine = (record: SubroutineRecord) => number | void | Promise<number | void>;

const REGISTRY = new Map<string, Subroutine>();

/** registryFunctionAdd: makes `fn` available to SNAM/INAM fields as `name`. */
export function registerSubroutine(name: string, fn: Subroutine): void {
  if (name.trim() === '') throw new Error('a subroutine needs a name');
  REGISTRY.set(name, fn);
}

/** Removes a registered subroutine (tests, reloads). */
export function unregisterSubroutine(name: string): boolean {
  return REGISTRY.delete(name);
}

export const findSubroutine = (name: string): Subroutine | undefined => REGISTRY.get(name);

export const registeredSubroutines = (): string[] => [...REGISTRY.keys()].sort();
