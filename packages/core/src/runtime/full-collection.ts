/**
 * A full garbage collection on demand, without starting Node with --expose-gc: the flag set at
 * run time applies to contexts made after it, so a new context hands over its `gc`. The
 * process's own global gets no `gc`.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;

/** Runs a full (mark-compact) collection of the whole heap. */
export function fullCollection(): void {
  if (collect === undefined) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}
