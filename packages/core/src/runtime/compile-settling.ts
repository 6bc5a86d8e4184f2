/**
 * Waits, at the end of the warm-up, for V8's compiles under way to be done.
 *
 * Why: V8 compiles on other threads while the main one goes on, and installs the code when it
 * is done. With the raised inlining budget (compiler-tuning.ts) the serving path's functions
 * take 100 to 250 ms each to compile on this two-core VM, so the warm-up's last requests left
 * several compiles running when it ended: a client's first connect shared a core with them,
 * and was served by the interpreter meanwhile. Node says nothing of V8's compile queue, but
 * installed code adds to the heap's code spaces, and a compile keeps a core busy while the
 * main thread only waits here: the wait ends when the code spaces have not grown and the
 * process has used less than half a core for a few polls in a row, or after `maxMs`.
 *
 * The code spaces alone could end it too soon: a compile of the circuit's dispatch() or
 * message() takes 150 to 280 ms on this VM and adds nothing until it is installed, and in 1
 * start of 8 the circuit's receive() was still being compiled when the warm-up said it was
 * done (V8's optimization status, `%GetOptimizationStatus`).
 */
import v8 from 'node:v8';

/** Polls of the code space: every POLL_MS, done after QUIET_POLLS without growth or a busy core. */
const POLL_MS = 10;
const QUIET_POLLS = 5;
/** The share of one core the process may use during a poll that counts as quiet. */
const IDLE_SHARE = 0.5;

/** The process's CPU time so far, in µs (all its threads: V8's compiler threads too). */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * The bytes used in the heap's code spaces now. (The space counters cost microseconds;
 * getHeapCodeStatistics walks the heap, 16 ms for 200 MB.)
 */
function codeBytes(): number {
  let bytes = 0;
  for (const space of v8.getHeapSpaceStatistics()) if (space.space_name.startsWith('code_')) bytes += space.space_used_size;
  return bytes;
}

/**
 * Resolves once compiled code has stopped growing (or after `maxMs`, or at once when `signal`
 * is aborted); returns the ms waited.
 */
export async function compilesSettled(maxMs = 1_000, signal?: AbortSignal): Promise<number> {
  const started = performance.now();
  let last = codeBytes();
  let lastCpu = cpuMicros();
  let lastAt = started;
  let quiet = 0;
  while (quiet < QUIET_POLLS && performance.now() - started < maxMs && signal?.aborted !== true) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = codeBytes();
    const cpu = cpuMicros();
    const at = performance.now();
    const idle = cpu - lastCpu < IDLE_SHARE * (at - lastAt) * 1000;
    quiet = now === last && idle ? quiet + 1 : 0;
    last = now;
    lastCpu = cpu;
    lastAt = at;
  }
  return performance.now() - started;
}
