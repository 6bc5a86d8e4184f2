/**
 * Garbage collections on demand, without starting Node with --expose-gc: the flag set at run
 * time applies to contexts made after it, so a new context hands over its `gc`. The process's
 * own global gets no `gc`.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

type Collect = (options?: { type: 'major' | 'minor' }) => void;

let collect: Collect | undefined;

function collector(): Collect {
  if (collect === undefined) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as Collect;
  }
  return collect;
}

/** Runs a full (mark-compact) collection of the whole heap. */
export function fullCollection(): void {
  collector()();
}

/**
 * Runs a young-generation collection (a scavenge): it empties the young generation, promoting
 * what survives, and unlike a full collection throws away no compiled code.
 */
export function youngCollection(): void {
  collector()({ type: 'minor' });
}
