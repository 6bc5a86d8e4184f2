/**
 * Primes Node's own task queues before the warm-up compiles anything: setImmediate() and
 * process.nextTick() callbacks of several functions, with and without arguments of several
 * kinds.
 *
 * Why: the loops that run these callbacks (Node's processImmediate and
 * processTicksAndRejections) are shared by everything in the process. During the warm-up they
 * met only the circuit's flush and the streams' own ticks, and V8 compiled them for exactly
 * those: flush inlined into processImmediate, a nextTick's arguments read as one kind of array.
 * The first other callback, such as the logger's when the IOC says it serves, threw that code
 * away (--trace-deopt: "wrong feedback cell", "wrong map"), and V8 compiled it again, and the
 * functions inlined in it, while the first clients waited (bench/RESULTS.md, issue 13). Calls
 * that have seen several functions are compiled as plain calls, and reads that have seen
 * several kinds of array check each kind, so later callbacks keep the code.
 */

/**
 * Turns of the event loop it takes: V8 records type feedback for a function only from about its
 * eighth call on (lazy feedback allocation), and each queue's loop is called once per turn.
 */
const TURNS = 24;
/** Turns with many ticks each, and their ticks: about 6,000 callbacks, a few milliseconds. */
const BULK_TURNS = 16;
const BULK_TICKS = 400;

/** Resolves once callbacks of several kinds have run through both queues, turn after turn. */
export async function primeTaskQueues(): Promise<void> {
  let ran = 0;
  const count = (): void => void ran++;
  const countArgs = (...args: unknown[]): void => void (ran += args.length > 0 ? 1 : 0);
  for (let turn = 0; turn < TURNS; turn++) {
    await new Promise<void>((resolve) => {
      process.nextTick(count);
      process.nextTick(countArgs, turn);
      process.nextTick(countArgs, turn + 0.5, 'text');
      process.nextTick(countArgs, { turn }, [turn], null);
      process.nextTick(countArgs, 'a', 'b', 'c', 'd');
      process.nextTick(countArgs, 'a', 'b', 'c', 'd', 'e');
      setImmediate(count);
      setImmediate(countArgs, turn, { turn });
      setImmediate(() => void ran++);
      setImmediate(resolve);
    });
  }
  // Then ticks in bulk: Node runs its async-hook functions (emitBeforeScript, emitAfterScript,
  // destroyHooksExist) around every process.nextTick() callback, about as often as a busy
  // server's streams schedule one. The turns above called them some hundred times, and V8
  // compiled them while a client's first bulk requests were served (catime's first DBR_INT
  // tests, bench/RESULTS.md).
  for (let turn = 0; turn < BULK_TURNS; turn++) {
    await new Promise<void>((resolve) => {
      for (let k = 0; k < BULK_TICKS; k++) process.nextTick(count);
      setImmediate(resolve);
    });
  }
  if (ran === 0) throw new Error('the task queues ran nothing');
}
