/**
 * V8's inlining budget for a process that serves records.
 *
 * Why: a client's put of a record goes through some thirty small functions (the circuit's
 * parse and dispatch, the channel's store, the record's put, store and processing, its
 * support's process, alarms, time stamp, monitors). TurboFan inlines callees into a hot
 * function only up to a budget of bytecode: 460 bytes for one callee and 920 for all of them
 * (V8 11, Node 20). The serving path spends that budget a few calls deep, so each of the other
 * calls stays a call, with its frame, its argument checks and its reloads of what the caller
 * already knew. With the budget below, the in-process put path (bench/put-path.mjs) takes
 * 20 to 35 % less time per put and per get, and a served IOC less CPU per pipelined put (bench/
 * RESULTS.md, issue 13). V8's `--stress-inline`, which inlines everything, made compiles so
 * long that a served IOC was 10 to 30 times slower: the budget is raised, not removed.
 *
 * Flags are the process's: the settings apply to every function V8 optimizes from then on,
 * the application's own included. A flag given on node's command line (`node
 * --max-inlined-bytecode-size=… app.js`) is left as given; DEVIOC_V8_TUNING=NO (or the
 * runtime's `tuneV8: false`) leaves all of V8's defaults. The cost is memory: larger compiles
 * take more of the compiler's zone memory, which glibc keeps once freed: 10 MiB more RSS with
 * a few records, 20 to 30 MiB with 100,000 (bench/RESULTS.md).
 */
import { setFlagsFromString } from 'node:v8';
import { type Env, envYesNo } from '../ca/net/env.js';

/** The flags and values: a single callee, all callees of one function, and its absolute cap. */
export const SERVING_INLINING_FLAGS: Readonly<Record<string, number>> = {
  'max-inlined-bytecode-size': 3000,
  'max-inlined-bytecode-size-cumulative': 10000,
  'max-inlined-bytecode-size-absolute': 20000,
};

/** What tuneCompilerForServing did: the flags it set, and those node's command line had set. */
export interface CompilerTuning {
  readonly applied: readonly string[];
  readonly keptFromCommandLine: readonly string[];
}

let tuning: CompilerTuning | undefined;

/**
 * Raises V8's inlining budget, once per process (before the warm-up compiles the serving
 * code). `env` is read for DEVIOC_V8_TUNING; `execArgv` for flags node was started with.
 */
export function tuneCompilerForServing(env: Env = process.env, execArgv: readonly string[] = process.execArgv): CompilerTuning {
  if (tuning !== undefined) return tuning;
  if (!envYesNo(env, 'DEVIOC_V8_TUNING', true)) {
    tuning = { applied: [], keptFromCommandLine: [] };
    return tuning;
  }
  const applied: string[] = [];
  const kept: string[] = [];
  for (const [name, value] of Object.entries(SERVING_INLINING_FLAGS)) {
    if (givenOnCommandLine(name, execArgv)) {
      kept.push(name);
      continue;
    }
    const flag = `--${name}=${value}`;
    setFlagsFromString(flag);
    applied.push(flag);
  }
  tuning = { applied, keptFromCommandLine: kept };
  return tuning;
}

/** V8 reads a flag spelled with dashes or underscores, with its value after '=' or as the next argument. */
function givenOnCommandLine(name: string, execArgv: readonly string[]): boolean {
  const spellings = [`--${name}`, `--${name.replaceAll('-', '_')}`];
  return execArgv.some((arg) => spellings.some((s) => arg === s || arg.startsWith(`${s}=`)));
}
