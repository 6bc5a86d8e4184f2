/**
 * The model's warm-up: a round trip through an application's callback, 4,000 times,
 * before the first client makes one. A client puts a record, the model calls the record's
 * callback, the callback puts another record, and the client sees that record's monitor.
 *
 * Why: the runtime's warm-up (runtime/warm-up.ts) compiles the server's and the records' code
 * for what clients send, but none of this path: the model's listener and callback queue, the
 * handle's put, a monitor flushed on a later turn of the event loop (setImmediate), and Node's
 * own stream code run once per message rather than once per batch. A fresh model IOC ran them
 * in V8's interpreter for its first few thousand round trips while V8 compiled them (about 50
 * TurboFan compiles in the first 2,000 trips) on its worker threads. On a two-core machine
 * such a compile (1 to 5 ms) held up the client's or the IOC's thread on its core: a trip
 * during a compile took 1 to 5 ms, and the round trip's p99 was 1.2 to 2.1 ms against softIoc's
 * 0.4 to 0.5 (bench/RESULTS.md, issue 13).
 *
 * As the runtime's warm-up copies records, this one makes twins of the model's own records
 * (the same type, fields and codec, so the same object shapes), in pairs: the first of a pair
 * has a callback that puts its value into the second. They live in a model of their own, in a
 * runtime of its own that serves nothing, reached by a loopback connection of the warm-up's
 * own. Nothing of the user's runs: no callback, validation or autosave of theirs, no links or
 * scanning. Once per process, after the runtime's warm-up, in the background as it is; it ends
 * by waiting for the compiles it set off (compile-settling.ts), and everything is left alive
 * and idle afterwards (see `parked`), for the reason the runtime's warm-up gives.
 */
import { ByteWriter } from '../ca/protocol/byte-writer.js';
import { Command, Dbe } from '../ca/protocol/constants.js';
import { DbrType } from '../ca/protocol/dbr/types.js';
import * as msg from '../ca/protocol/messages.js';
import { ProviderHost } from '../ca/server/provider-host.js';
import { circuitOnSocket } from '../ca/server/socket-transport.js';
import { getLogger, type Logger } from '../log/index.js';
import { Runtime } from '../runtime/runtime.js';
import { WarmUpConnection, writeGreeting } from '../runtime/warm-up-connection.js';
import { WARMABLE_TYPES, copiesField } from '../runtime/warm-up.js';
import { compilesSettled } from '../runtime/compile-settling.js';
import { OncePerProcess } from '../runtime/once-per-process.js';
import type { RecordHandle } from './handle.js';
import type { Model, ModelOptions } from './model.js';

/** Pairs of twins at most: enough for a model's kinds of record, few enough to cycle through often. */
const PAIRS = 8;
/**
 * Round trips in all, spread over the pairs: what TurboFan needs for the per-trip functions.
 * With 2,000, the handle's put, the record's putJs and put were marked for compiling only at the
 * end, and compiled during a client's first trips (`--trace-opt`).
 */
const TRIPS = 4000;
/**
 * How long a trip's update may come after the ECHO sent behind its put (it comes with it: the
 * circuit answers the ECHO at once and sends the update on the same turn of the event loop).
 * None by then: the put changed nothing (a value its limits clamp, a deadband, a Toggle that
 * returned to 0 by itself).
 */
const LATE_UPDATE_MS = 20;
/** A pair whose puts change nothing this many times in a row is left out. */
const UNCHANGED_LIMIT = 3;
/** Longest wait for the first updates of the subscriptions. */
const FIRST_UPDATES_MS = 5000;
/** The twins' device name: no IOC's names, in a runtime that serves nothing. */
const DEVICE = 'devioc:warm-up:model';

export interface ModelWarmUpReport {
  /** Round trips made. */
  trips: number;
  /** Pairs of twins that took part. */
  pairs: number;
  ms: number;
}

/** What the model's warm-up needs: the started model's handles, its runtime, and how to make a model. */
export interface ModelWarmUpHost {
  runtime: Runtime;
  handles: readonly RecordHandle<unknown, unknown>[];
  /** A plain Model (the base class; passed in, since model.ts imports this file). */
  makeModel(device: string, options: ModelOptions): Model;
  log: Logger;
}

/** The process's model warm-up: JIT-compiled code is the process's. */
const processWarmUp = new OncePerProcess<ModelWarmUpReport>('model warm-up');

/**
 * Runs the model's warm-up once per process, when the runtime warms up (its `warmUp` option,
 * DEVIOC_WARM_UP) and the model has records of a type it can twin. A failure is logged and
 * the IOC serves, only with its first round trips slower.
 */
export function warmUpModelOnce(host: ModelWarmUpHost): Promise<void> {
  if (!host.runtime.warmsUp) return Promise.resolve();
  const samples = twinSamples(host.handles);
  if (samples.length === 0) return Promise.resolve();
  return processWarmUp.start(
    host.runtime.closeSignal,
    host.log,
    (signal) => warmUpModel(host, samples, signal),
    (r) => host.log.info(`model warm-up done: ${r.trips} round trips through ${r.pairs} pairs of records in ${r.ms.toFixed(0)} ms`),
  );
}

/** Up to PAIRS live handles of twinnable types, spread evenly over the model. */
function twinSamples(handles: readonly RecordHandle<unknown, unknown>[]): RecordHandle<unknown, unknown>[] {
  const usable = handles.filter((h) => h.isLive && WARMABLE_TYPES.includes(h.declaration.type));
  if (usable.length <= PAIRS) return usable;
  const step = usable.length / PAIRS;
  return Array.from({ length: PAIRS }, (_, i) => usable[Math.floor(i * step)]!);
}

/**
 * A twin of `sample`: its declared fields, with the values its record holds (macros expanded),
 * less links and what would scan it (copiesField); VAL as declared (an application value).
 */
function twinOf(sample: RecordHandle<unknown, unknown>, name: string): RecordHandle<unknown, unknown> {
  const record = sample.record;
  const fields: [string, unknown][] = [];
  for (const [field, declared] of sample.declaration.fields) {
    if (field === 'VAL' || typeof declared === 'symbol') fields.push([field, declared]);
    else if (copiesField(record, field)) {
      const held = record.v[field];
      fields.push([field, typeof held === 'number' || typeof held === 'string' || typeof held === 'boolean' ? held : declared]);
    }
  }
  return sample.warmUpTwin(name, fields);
}

/** A logger that passes on only warnings and errors (the twins' model says what it serves at info). */
function quiet(log: Logger): Logger {
  const q: Logger = {
    error: (m, meta) => log.error(m, meta),
    warn: (m, meta) => log.warn(m, meta),
    important: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    isDebugEnabled: () => false,
    child: () => q,
  };
  return q;
}

/**
 * The twins' runtime, model and connection, left alive and idle (the connection unref'd) for
 * the rest of the process: V8 keeps the code it compiled only while objects of the shapes it
 * was compiled for live (runtime/warm-up.ts, `parked`).
 */
let parked: { runtime: Runtime; model: Model; connection: WarmUpConnection } | undefined;

/** `signal`: the close signal of the runtime it runs for (one that serves again has a new one). */
async function warmUpModel(
  { runtime, makeModel, log }: ModelWarmUpHost,
  samples: readonly RecordHandle<unknown, unknown>[],
  signal: AbortSignal,
): Promise<ModelWarmUpReport> {
  const started = performance.now();
  // A runtime made as an application makes one (the same classes of database, logger and link
  // factory), serving nothing.
  const twinsRuntime = new Runtime({ serve: false, pva: false, warmUp: false, logger: getLogger('warm-up') });
  const twins: Record<string, RecordHandle<unknown, unknown>> = {};
  // The callbacks as an application writes them: a do_ method that puts the value it is given.
  const callbacks: Record<string, (handle: RecordHandle<unknown, unknown>, value: unknown, ioc: Record<string, RecordHandle<unknown, unknown>>) => void> = {};
  samples.forEach((sample, i) => {
    twins[`in${i}`] = twinOf(sample, `in${i}`);
    twins[`out${i}`] = twinOf(sample, `out${i}`);
    callbacks[`do_in${i}`] = (_handle, value, ioc) => void ioc[`out${i}`]!.put(value);
  });
  const model = makeModel(DEVICE, { runtime: twinsRuntime, callbacks, skipInitial: true, logger: quiet(log) });
  Object.assign(model, twins);
  let connection: WarmUpConnection | undefined;
  try {
    await model.start();
    const host = new ProviderHost(runtime.serverConfig, log, 0, [twinsRuntime.db]);
    connection = await WarmUpConnection.open((socket) => void circuitOnSocket(socket, host, () => undefined));
    const w = new ByteWriter();
    writeGreeting(w);
    samples.forEach((_, i) => {
      msg.writeCreateChan(w, `${DEVICE}:in${i}`, 2 * i + 1);
      msg.writeCreateChan(w, `${DEVICE}:out${i}`, 2 * i + 2);
    });
    await connection.send(w.take());
    const sids = connection.sids;
    if (connection.refused > 0 || sids.length !== 2 * samples.length) throw new Error(`the twins' channels were refused (${connection.refused})`);
    // A client subscribes to each second twin as pyepics does (the time-stamped value, count 0:
    // the record's own), and takes the first updates.
    samples.forEach((_, i) => msg.writeEventAdd(w, DbrType.TIME_DOUBLE, 0, sids[2 * i + 1]!, i + 1, Dbe.VALUE | Dbe.ALARM));
    await connection.send(w.take());
    if (!(await connection.updatesReach(samples.length, FIRST_UPDATES_MS))) throw new Error('no first monitor updates from the twins');
    // Each trip: a put of a DOUBLE (as pyepics' put) and an ECHO, then the second twin's
    // update. Values change every time (a record posts only a change): 1, 0.25, 1.25, 0, …,
    // which integers, binaries and menus see as 1, 0, 1, 0.
    const live = samples.map((_, i) => i);
    const sent = new Array<number>(samples.length).fill(0);
    const unchanged = new Array<number>(samples.length).fill(0);
    let trips = 0;
    let ioid = 1;
    for (let t = 0; trips < TRIPS && live.length > 0; t++) {
      const at = t % live.length;
      const pair = live[at]!;
      const k = ++sent[pair]!;
      const value = (k % 2) + ((k >> 1) % 2) * 0.25;
      w.message(Command.WRITE, 8, DbrType.DOUBLE, 1, sids[2 * pair]!, ioid++, (buf, offset) => buf.writeDoubleBE(value, offset));
      const expected = connection.updates + 1;
      signal.throwIfAborted();
      await connection.send(w.take());
      if (await connection.updatesReach(expected, LATE_UPDATE_MS)) {
        trips++;
        unchanged[pair] = 0;
      } else if (++unchanged[pair]! >= UNCHANGED_LIMIT) live.splice(at, 1);
    }
    // The compiles the trips set off, installed before the warm-up says it is done (as the
    // runtime's warm-up waits: compile-settling.ts).
    await compilesSettled(1_000, signal);
    signal.throwIfAborted();
    connection.park();
    parked = { runtime: twinsRuntime, model, connection };
    return { trips, pairs: live.length, ms: performance.now() - started };
  } finally {
    if (parked?.connection !== connection) {
      await connection?.close();
      await model.shutdown();
    }
    // No full collection after it, unlike the runtime's warm-up: its garbage is young and
    // small, and a full collection here took the maps of Node's own transient objects (its
    // Immediates, its write requests) and the code compiled for them (--trace-deopt: "weak
    // objects"), which the first round trips then compiled again (bench/RESULTS.md).
  }
}
