/**
 * The warm-up: as soon as a process's CA server listens, it sends about 90,000 Channel Access
 * requests, over a loopback connection of its own, to a circuit of its own serving copies of
 * the IOC's own records (and, once each, to 2,048 copies it then removes: touchFreshRecords),
 * and leaves that connection idle (`parked`).
 *
 * Why: V8 runs new code in its interpreter and compiles what runs often while it runs. A fresh
 * IOC therefore served its first clients 1.5 to 5 times slower than the same IOC a minute later
 * (bench/RESULTS.md, issue 13: catime's first run against its second). Requests of the kinds
 * clients send (search over UDP, create and clear, get and put of DOUBLE, FLOAT, STRING and
 * SHORT, text with a decimal point, put-callback, monitors paused and resumed, a batch cut
 * between two TCP reads, single round trips) get the server's and the records' hot functions
 * compiled before the first client connects, so that the first operator after a restart is
 * served as fast as the hundredth.
 *
 * V8 compiles for the object classes and shapes it has seen, and throws code away when it meets
 * others: so the warm-up copies the IOC's records (their shapes), makes its database as the
 * runtime made its own, and sends its requests over a TCP connection on loopback to a circuit
 * wired as the server wires one (warm-up-connection.ts).
 *
 * Nothing of it is visible: the copies live in a database of their own (not served, not named
 * in the IOC's), cut off from links, scanning and device support; the connection is between two
 * sockets of its own on 127.0.0.1, left open and idle at the end (see `parked`); nothing is
 * logged, since no request is refused (its only writes to stdout and stderr are empty). Its
 * last requests, the round trips, come after a full garbage collection of its garbage, and it
 * ends by waiting for the compiles it set off to be installed (compile-settling.ts). It takes
 * 0.7 to 2 s, once per process: 1.4 to 1.9 s on a shared two-core machine, 0.7 s with V8's own
 * inlining budget (the larger compiles of compiler-tuning.ts share the two cores with it), of
 * which the wait for compiles is 150 to 220 ms (bench/RESULTS.md).
 *
 * It runs in the background. The IOC serves, and says so, before it starts: its clients are
 * answered all along, and an application's start is not held up by it. The runtime says at
 * info when it is done (a benchmark of a fresh IOC waits for that line), and its close() stops
 * it at the next request.
 */
import type { Logger } from '../log/index.js';
import { ByteWriter } from '../ca/protocol/byte-writer.js';
import { Command, Dbe, SearchReply } from '../ca/protocol/constants.js';
import { DbrType } from '../ca/protocol/dbr/types.js';
import * as msg from '../ca/protocol/messages.js';
import { circuitOnSocket } from '../ca/server/socket-transport.js';
import type { ServerCircuit } from '../ca/server/circuit.js';
import type { PvSnapshot } from '../ca/protocol/dbr/types.js';
import { WarmUpConnection, writeGreeting } from './warm-up-connection.js';
import { WarmUpDatagrams } from './warm-up-datagrams.js';
import { fullCollection, youngCollection } from './full-collection.js';
import { primeTaskQueues } from './task-queue-priming.js';
import { compilesSettled } from './compile-settling.js';
import { primeTextConversions } from './text-conversion-priming.js';
import type { CaServerConfig } from '../ca/server/config.js';
import { answerSearchDatagram } from '../ca/server/search-responder.js';
import { ProviderHost } from '../ca/server/provider-host.js';
import { RecordDatabase } from '../records/database.js';
import type { EpicsRecord } from '../records/record.js';
import { isLinkDbf } from '../records/field-value.js';

/** Channels the warm-up opens: enough records to look like a database, few enough to make at once. */
const CHANNELS = 64;
/** Rounds of requests, each to every channel: about what TurboFan needs to compile the per-request functions. */
const ROUNDS = 32;
/** Of which the last are bulk rounds, each request sent this many times to every channel in one batch. */
const BULK_ROUNDS = 4;
const BULK_REPEAT = 8;
/** Puts to every channel in the batch that must span two TCP reads: 48 × 64 × 24 bytes = 72 KiB. */
const SPLIT_REPEAT = 48;
/** Such batches: one left the reader's code for a cut compiled without it (see their loop). */
const SPLIT_BATCHES = 6;
/** Search datagrams sent in a burst after the rounds (see their loop). */
const SEARCH_BURST = 256;
/** Puts fed in two pieces after each of them (see feedCuts). */
const CUTS = 64;
/** Bulk batches of text puts and gets, each request this many times to every channel (see their loop). */
const TEXT_BATCHES = 4;
const TEXT_REPEAT = 16;
/** Single round trips at the end (see their loop). */
const TRIPS = 2_000;
/** Records made, touched once and removed (see touchFreshRecords). */
const FRESH = 2_048;
/** Clients that come and go at the end (see visit()). */
const VISITS = 3;
/** Names in a search datagram: about as many as libca fits in one. */
const SEARCHED = 40;
/** Names of its own database: no IOC's names, which live in another. */
const NAME_PREFIX = 'devioc:warm-up:';
/**
 * The record types it may make: plain ones whose default fields initialise and whose VAL takes
 * "0" and "1" from a client. Other types run the same server and record code; only their own
 * support is left cold.
 */
export const WARMABLE_TYPES: readonly string[] = ['ao', 'ai', 'bo', 'bi', 'longout', 'longin', 'int64out', 'int64in', 'calc', 'calcout', 'stringout', 'stringin', 'mbbo', 'mbbi', 'lso', 'lsi'];
const WARMABLE = new Set(WARMABLE_TYPES);
/** The requests of a round, each to every channel: the gets and puts clients send most. */
const GETS = [DbrType.DOUBLE, DbrType.STRING, DbrType.FLOAT, DbrType.SHORT, DbrType.TIME_DOUBLE];
/** Every fourth round also asks what a display asks first (limits, units, precision). */
const GETS_WITH_CTRL = [...GETS, DbrType.CTRL_DOUBLE];

/** Fields a copy takes the type's default for: what would scan it, or reach user code or other records. */
const NOT_COPIED = new Set(['DTYP', 'SCAN', 'PINI', 'PHAS', 'EVNT', 'PRIO', 'TPRO', 'SNAM']);

/**
 * The records the warm-up copies: up to CHANNELS of the IOC's own, spread evenly over its
 * database, of the warmable types. V8 compiles for the object shapes it has seen, and a
 * record's field values take their shape from the fields it was configured with, in their
 * order: copies of the IOC's records make the code it compiles the code the IOC's clients need
 * (with records of another shape, it compiled code that was thrown away at the first request
 * to a real record).
 */
export function warmUpSamples(db: RecordDatabase): EpicsRecord[] {
  const warmable: EpicsRecord[] = [];
  for (const name of db.names()) {
    const record = db.get(name);
    if (record !== undefined && WARMABLE.has(record.typeName)) warmable.push(record);
  }
  if (warmable.length <= CHANNELS) return warmable;
  const step = warmable.length / CHANNELS;
  return Array.from({ length: CHANNELS }, (_, i) => warmable[Math.floor(i * step)]!);
}

/**
 * Whether a warm-up's copy of `sample` takes its value of `field`: not for links, nor for what
 * would scan it or reach user code (those keep the type's default).
 */
export function copiesField(sample: EpicsRecord, field: string): boolean {
  const dbf = sample.field(field)?.dbf;
  return !NOT_COPIED.has(field) && dbf !== undefined && !isLinkDbf(dbf);
}

/**
 * A record of the warm-up's own database shaped as `sample`: the same type, and the same
 * fields set in the same order, with the same plain values; links, scanning and device support
 * left at the type's defaults, so that it reaches nothing outside and runs nothing of the user's.
 */
export function warmUpCopy(db: RecordDatabase, sample: EpicsRecord, name: string): EpicsRecord {
  const record = db.create(sample.typeName, name);
  const defaults = Object.getPrototypeOf(sample.v) as Record<string, unknown>;
  for (const field of Object.keys(sample.v)) {
    if (field === 'NAME') continue;
    const value = sample.v[field];
    if (!copiesField(sample, field)) record.storeField(field, defaults[field] as never);
    else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') record.storeField(field, value);
    else if (!Object.hasOwn(record.v, field)) record.storeField(field, defaults[field] as never);
  }
  return record;
}

/**
 * An empty write to stdout and to stderr: nothing appears. Why: the stream functions a round
 * trip runs (Writable.write, Socket._write, onwrite…) also write the IOC's log lines and its
 * shell's prompt, to streams of other classes (a pipe, a terminal, a file). Compiled during the
 * trips for the warm-up's TCP sockets alone, they were thrown away at the first line the IOC
 * printed after the warm-up (--trace-deopt: "wrong map"), and compiled again during a client's
 * first requests.
 */
function writeNothingToStandardStreams(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writable && !stream.destroyed) stream.write('');
  }
}

export interface WarmUpReport {
  requests: number;
  /** Requests the circuit refused (none, for the warmable types). */
  refused: number;
  ms: number;
  /** Of `ms`, the wait at the end for V8's compiles to be installed (compile-settling.ts). */
  compileWaitMs: number;
}

/** What the warm-up needs of the runtime: its records to copy, and how it makes a database and logs. */
export interface WarmUpHost {
  /** The server's settings (the circuit reads its limits). */
  config: CaServerConfig;
  /** Records to copy (warmUpSamples); none: `ao` records with their defaults. */
  samples: readonly EpicsRecord[];
  /**
   * A new database made as the runtime made its own: V8 compiles for the classes of what a
   * record holds (its database, that database's logger and link factory) as well.
   */
  makeDatabase(): RecordDatabase;
  /** The logger the server gives its circuits (nothing is logged: no request is refused). */
  log: Logger;
  /** Stops the warm-up at its next request (the runtime closed): it rejects with the abort. */
  signal?: AbortSignal;
}

/**
 * Runs the warm-up. Each batch of requests waits for its replies over the connection, so the
 * event loop turns between them: timers and sockets opened before it still run.
 */
export async function warmUpServing({ config, samples, makeDatabase, log, signal }: WarmUpHost): Promise<WarmUpReport> {
  const started = performance.now();
  const db = makeDatabase();
  const names: string[] = [];
  let connection: WarmUpConnection | undefined;
  let datagrams: WarmUpDatagrams | undefined;
  let collected = false;
  try {
    // First, before anything is compiled: Node's task queues (task-queue-priming.ts), and a
    // datagram received (warm-up-datagrams.ts).
    await primeTaskQueues();
    // The server's own host class over this database (provider-host.ts says why it matters).
    const host = new ProviderHost(config, log, 0, [db]);
    datagrams = await WarmUpDatagrams.open((datagram) => answerSearchDatagram(datagram, host, 5064, { searched: 0, found: 0 }));
    await datagrams.exchange(searchDatagram([], 0));
    const records: EpicsRecord[] = [];
    for (let i = 0; i < CHANNELS; i++) {
      const name = `${NAME_PREFIX}${i}`;
      const sample = samples[i % samples.length];
      records.push(sample === undefined ? db.create('ao', name) : warmUpCopy(db, sample, name));
      names.push(name);
    }
    db.initialise(records);
    // A circuit wired by the server's own function.
    let served: ServerCircuit | undefined;
    connection = await WarmUpConnection.open((socket) => void (served = circuitOnSocket(socket, host, () => undefined).circuit));
    const link = connection;
    const w = new ByteWriter();
    let requests = 0;
    // Each batch ends with a READ_SYNC, as libca's ca_pend_io sends one (it was the one request
    // of catime's the warm-up had not sent, and its first one cost dispatch() its compiled code).
    const send = (): Promise<void> => {
      signal?.throwIfAborted();
      w.header(Command.READ_SYNC, 0, 0, 0, 0);
      return link.send(w.take());
    };

    // A client's greeting, several times over after many ECHOs: V8 keeps no type feedback
    // for a function's first calls, so requests sent once, first, left their branches of
    // dispatch() to deoptimize at a client's first ones. (Only before the first channel:
    // after it, rsrv and the circuit refuse a change of identity.)
    for (let k = 0; k < 128; k++) msg.writeEcho(w);
    for (let k = 0; k < 4; k++) writeGreeting(w);
    names.forEach((name, i) => msg.writeCreateChan(w, name, i + 1));
    await send();
    const sids = link.sids;
    // Which channels are of a record whose VAL is a floating-point number (takes "0.5").
    const decimalText = records.map((r) => r.field('VAL')?.dbf === 'DBF_DOUBLE' || r.field('VAL')?.dbf === 'DBF_FLOAT');
    let ioid = 1;
    const writeText = (sid: number, text: string): void =>
      void w.message(Command.WRITE, 40, DbrType.STRING, 1, sid, ioid++, (buf, at) => buf.fill(0, at, at + 40).write(text, at, 'latin1'));
    // Text every type reads as a number (a copied stringout may hold "hello", which a get as
    // DOUBLE refuses, as in EPICS).
    for (const sid of sids) writeText(sid, '0');
    // Text of every length the reader turns into a string character by character (1 to 12):
    // each length is a branch of its own there, and a branch never run is compiled as a
    // deoptimization.
    for (let length = 1; length <= 12; length++) for (const sid of sids) writeText(sid, '0'.repeat(length));
    await send();
    requests += 13 * sids.length;
    sids.forEach((sid, i) => msg.writeEventAdd(w, DbrType.TIME_DOUBLE, 1, sid, i + 1, Dbe.VALUE | Dbe.ALARM));
    await send();
    // Clients that connect, ask a little and leave, before the rounds compile anything.
    // Closing a circuit writes fields that the parked one never changes, and V8 had compiled
    // them as constants: the first real client's disconnect then threw away the code of about
    // a dozen functions of the reader, the circuit and the records (--trace-deopt: "code
    // dependencies"), for the next client to wait on.
    for (let k = 0; k < VISITS; k++) {
      signal?.throwIfAborted();
      requests += await visit(host, names);
    }
    requests += 3 * sids.length;
    requests += await touchFreshRecords(db, samples, link, w, send, ioid);
    ioid += 2 * FRESH;
    for (let round = 0; round < ROUNDS; round++) {
      // The last rounds send each request to every channel many times in one batch, as a client
      // connecting thousands of channels does: requests split across TCP reads, replies large
      // enough to be handed to the socket whole.
      const repeat = round < ROUNDS - BULK_ROUNDS ? 1 : BULK_REPEAT;
      const each = (write: (sid: number, channel: number) => void): void => {
        for (let k = 0; k < repeat; k++) sids.forEach((sid, channel) => write(sid, channel));
      };
      await datagrams.exchange(searchDatagram(names, round));
      // A client connecting: its VERSION, and every name again on more channels, cleared at once.
      const kept = sids.length;
      msg.writeClientVersion(w);
      for (let k = 0; k < repeat; k++) names.forEach((name, i) => msg.writeCreateChan(w, name, (k + 1) * CHANNELS + i + 1));
      await send();
      for (let i = kept; i < sids.length; i++) msg.writeClearChannel(w, sids[i] ?? 0, CHANNELS + i - kept + 1);
      await send();
      sids.length = kept;
      const gets = round % 4 === 3 ? GETS_WITH_CTRL : GETS;
      for (const type of gets) {
        each((sid) => msg.writeReadNotify(w, type, 1, sid, ioid++));
        await send();
      }
      // Values every warmed type takes: 0 and 1 (a bo's states, an mbbo's first two), as
      // integers and not (0.5 is stored as 0 by a bo): code compiled for small integers alone
      // would be thrown away at the first fraction.
      const value = (round % 2) + (round % 4 >= 2 ? 0.5 : 0);
      const text = String((round + 1) % 2);
      each((sid) => w.message(Command.WRITE, 8, DbrType.DOUBLE, 1, sid, ioid++, (buf, at) => buf.writeDoubleBE(value, at)));
      await send();
      // Floating-point records also get text with a decimal point (as catime's "0.000100"):
      // the parser's branch for it compiled as a deoptimization otherwise.
      each((sid, i) => writeText(sid, decimalText[i] === true ? `${text}.${round}5` : text));
      await send();
      each((sid) => w.message(Command.WRITE, 4, DbrType.FLOAT, 1, sid, ioid++, (buf, at) => buf.writeFloatBE(value, at)));
      await send();
      // DBR_SHORT (catime's DBR_INT), and a client pausing and resuming its monitors (libca
      // does when its receive queue backs up).
      each((sid) => w.message(Command.WRITE, 2, DbrType.SHORT, 1, sid, ioid++, (buf, at) => buf.writeInt16BE(round % 2, at)));
      msg.writeEventsOff(w);
      msg.writeEventsOn(w);
      await send();
      each((sid) => w.message(Command.WRITE_NOTIFY, 8, DbrType.DOUBLE, 1, sid, ioid++, (buf, at) => buf.writeDoubleBE(1.5 - value, at)));
      await send();
      requests += (gets.length + 7) * repeat * sids.length + 3;
    }
    // Batches larger than a TCP read (Node reads 64 KiB) of 24-byte messages, as a client
    // putting to thousands of channels sends: requests cut between two reads, whose start the
    // circuit keeps until the rest arrives. Several, so that the reader's code for a cut has
    // run often enough to be compiled with it (a cut the compiled reader had not seen
    // deoptimized it at every cut a client made).
    for (let batch = 0; batch < SPLIT_BATCHES; batch++) {
      for (let k = 0; k < SPLIT_REPEAT; k++) for (const sid of sids) w.message(Command.WRITE, 8, DbrType.DOUBLE, 1, sid, ioid++, (buf, at) => buf.writeDoubleBE(k % 2, at));
      await send();
      requests += SPLIT_REPEAT * sids.length;
      requests += feedCuts(served, sids, batch);
    }
    // Searches in a burst, as a client connecting thousands of channels sends them (catime's
    // 10,000 names come in some 250 datagrams): the rounds' one datagram each left the search
    // path (parseDatagram, writeSearchReply) to be compiled during a client's first connect,
    // 40 to 75 ms of a core with the raised inlining budget (compiler-tuning.ts).
    for (let k = 0; k < SEARCH_BURST; k++) {
      signal?.throwIfAborted();
      await datagrams.exchange(searchDatagram(names, ROUNDS + k));
    }
    // Numbers as text, put and got, in bulk (8,192 requests). Parsing and formatting run once
    // per request, and the rounds' 4,700 of each left them short of what TurboFan waits for:
    // V8 compiled them during catime's DBR_STRING tests, whose 10,000 requests take a few
    // milliseconds, about as long as a compile on the other core (bench/RESULTS.md). The
    // batches leave parseDouble and cvtDoubleToString short still: those two are called
    // directly (text-conversion-priming.ts).
    primeTextConversions();
    for (let batch = 0; batch < TEXT_BATCHES; batch++) {
      for (let k = 0; k < TEXT_REPEAT; k++) sids.forEach((sid, i) => writeText(sid, decimalText[i] === true ? ((k + 1) / 10_000).toFixed(6) : String(k % 2)));
      for (let k = 0; k < TEXT_REPEAT; k++) for (const sid of sids) msg.writeReadNotify(w, DbrType.STRING, 1, sid, ioid++);
      await send();
      requests += 2 * TEXT_REPEAT * sids.length;
    }
    // One snapshot of each record kept (see parked), taken before the collection below.
    const keptSnapshots = records.map((r) => r.snapshot('VAL', false));
    // The warm-up's garbage (tens of MB) is collected now, not by a collection while the first
    // clients are served (catime's first run was faster with this; bench/RESULTS.md). Now and
    // not at the end: a full collection throws away the compiled code that holds an object
    // which died in it ("weak objects" in --trace-deopt). Done last, it threw away, in 4
    // starts of 8, the code the round trips below had just compiled: the circuit's receive,
    // receiveChunk and send, and Node's socket write. The first client then ran them
    // unoptimized and waited for their compiles (catime's first synchronous gets at 200 to
    // 460 µs instead of 75; its latency test recompiled them). The round trips after it
    // compile again whatever it threw away, and the wait below lets those compiles finish.
    signal?.throwIfAborted();
    fullCollection();
    collected = true;
    // Round trips, one get at a time with its READ_SYNC, as a client that waits for each reply
    // sends them (catime's synchronous gets and its latency test, caget). A trip is a socket
    // read and a write each way, where a batch is one for hundreds of requests: Node's stream
    // functions, which run per read and per write, were compiled during a client's first
    // thousands of trips (catime's latency test) without these.
    // First, the empty writes: the code V8 compiles during the trips then holds both kinds of
    // stream (such a write late in the trips threw away what it had compiled by then).
    writeNothingToStandardStreams();
    for (let t = 0; t < TRIPS; t++) {
      msg.writeReadNotify(w, DbrType.DOUBLE, 1, sids[t % sids.length]!, ioid++);
      await send();
    }
    requests += 2 * TRIPS;
    // The compiles the requests set off, done before the warm-up says it is (compile-settling.ts).
    const compileWaitMs = await compilesSettled(1_000, signal);
    signal?.throwIfAborted();
    // The round trips' garbage, so that the first clients find the young generation empty, as
    // they did when the full collection came last: with it a third of full, catime's first run
    // had its scavenges earlier, one of them in its DBR_DOUBLE put test (7 to 11 ms of 30).
    youngCollection();
    // The channels, their monitors and the circuit stay (see parked); an earlier warm-up's go.
    link.park();
    datagrams.park();
    const earlier = parked;
    // One snapshot of each record kept too: a read's or an update's snapshot is dropped once
    // encoded (TransientSnapshot), so none outlived the warm-up, and the collection took their
    // class's map and the code of snapshot(), encode() and writeUpdate() with it.
    parked = { connection: link, datagrams, db, circuit: served, snapshots: keptSnapshots };
    if (earlier !== undefined) {
      earlier.datagrams.close();
      void earlier.connection.close().then(() => earlier.db.close());
    }
    return { requests, refused: link.refused, ms: performance.now() - started, compileWaitMs };
  } finally {
    if (parked?.connection !== connection) {
      datagrams?.close();
      await connection?.close();
      db.close();
    }
    // A warm-up that failed before its collection (see above) collects its garbage here; not
    // when the runtime closed.
    if (!collected && signal?.aborted !== true) fullCollection();
  }
}

/**
 * The warm-up's connection, circuit, channels, monitors, records and search sockets, left open
 * and idle (the sockets unref'd, the search socket answering nothing) for the rest of the
 * process, with one snapshot of each record. Why: V8 throws away compiled code when a map (an
 * object shape) it was compiled for is collected, and a map is collected once no object has it.
 * When the warm-up freed all this, the full collection after it took their maps, and the code
 * compiled for about 40 functions of the circuit, the search responder and the records with
 * them (--trace-deopt: "weak objects"): the first client then ran them unoptimized while V8
 * compiled them again. Left alive, they keep those maps for the IOC's clients (bench/RESULTS.md,
 * nineteenth pass). It costs four loopback sockets and 64 records.
 */
let parked: { connection: WarmUpConnection; datagrams: WarmUpDatagrams; db: RecordDatabase; circuit: ServerCircuit | undefined; snapshots: PvSnapshot[] } | undefined;

/** The circuit of the warm-up left open (for tests and diagnostics). */
export function parkedWarmUpCircuit(): ServerCircuit | undefined {
  return parked?.circuit;
}

/**
 * One short-lived client: it greets, opens a channel to every record, subscribes, gets and
 * puts with callback, cancels its subscriptions, then leaves; resolves once the server's end
 * has closed too. Returns the number of requests it sent.
 */
async function visit(host: ProviderHost, names: readonly string[]): Promise<number> {
  let served: ServerCircuit | undefined;
  const visitor = await WarmUpConnection.open((socket) => void (served = circuitOnSocket(socket, host, () => undefined).circuit));
  try {
    const w = new ByteWriter();
    writeGreeting(w);
    names.forEach((name, i) => msg.writeCreateChan(w, name, i + 1));
    await visitor.send(w.take());
    // Its subscriptions and gets ask for count 0 (the record's own count), as pyepics' do.
    visitor.sids.forEach((sid, i) => {
      msg.writeEventAdd(w, DbrType.TIME_DOUBLE, 0, sid, i + 1, Dbe.VALUE | Dbe.ALARM);
      msg.writeReadNotify(w, DbrType.DOUBLE, 0, sid, i + 1);
      w.message(Command.WRITE_NOTIFY, 8, DbrType.DOUBLE, 1, sid, i + 1, (buf, at) => buf.writeDoubleBE(0, at));
    });
    await visitor.send(w.take());
    // And cancels them before it goes, as pyepics does at exit (the first EVENT_CANCEL a
    // fresh IOC received deoptimized dispatch()).
    visitor.sids.forEach((sid, i) => msg.writeEventCancel(w, DbrType.TIME_DOUBLE, 0, sid, i + 1));
    await visitor.send(w.take());
    return 3 + 5 * names.length;
  } finally {
    await visitor.close();
    for (let turns = 0; served !== undefined && !served.isClosed && turns < 100; turns++) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** The first requests a fresh record gets: a put of each of these types… */
const FIRST_PUTS = [DbrType.FLOAT, DbrType.DOUBLE, DbrType.STRING, DbrType.SHORT];
/** …and a get of each of these. */
const FIRST_GETS = [...GETS_WITH_CTRL];

/**
 * What a client's first requests to a record run once per record: the channel's creation, the
 * first store (which makes the fields a processing writes the record's own), the first snapshot
 * of a field (which builds its metadata) and the channel's clear. The warm-up's 64 records ran
 * each of these 64 times, too few for V8 to compile them, and a client that touched thousands of
 * records for the first time (catime's first test, a display or an archiver connecting) ran them
 * in the interpreter while V8 compiled them (--trace-opt: 33 functions marked during catime's
 * first run on 10,000 records, 3 with this; bench/RESULTS.md, thirty-second pass). So FRESH
 * copies of the samples are made, opened, got and put once each (half of them put first, half
 * got first, as clients do), their channels cleared, and the records removed. Returns the
 * requests sent; they use ioids from `ioid` up, 2 per record.
 */
async function touchFreshRecords(db: RecordDatabase, samples: readonly EpicsRecord[], link: WarmUpConnection, w: ByteWriter, send: () => Promise<void>, ioid: number): Promise<number> {
  const fresh: EpicsRecord[] = [];
  const names: string[] = [];
  for (let i = 0; i < FRESH; i++) {
    const name = `${NAME_PREFIX}fresh:${i}`;
    const sample = samples[i % samples.length];
    fresh.push(sample === undefined ? db.create('ao', name) : warmUpCopy(db, sample, name));
    names.push(name);
  }
  db.initialise(fresh);
  const sids = link.sids;
  const kept = sids.length;
  // Client ids past those the rounds give their channels ((k + 1) × CHANNELS + i + 1, k < BULK_REPEAT).
  const firstCid = CHANNELS * (BULK_REPEAT + 2);
  names.forEach((name, i) => msg.writeCreateChan(w, name, firstCid + i));
  await send();
  const put = (sid: number, i: number): void => {
    const type = FIRST_PUTS[i % FIRST_PUTS.length]!;
    if (type === DbrType.STRING) w.message(Command.WRITE, 40, type, 1, sid, ioid + 2 * i, (buf, at) => buf.fill(0, at, at + 40).write('1', at, 'latin1'));
    else if (type === DbrType.FLOAT) w.message(Command.WRITE, 4, type, 1, sid, ioid + 2 * i, (buf, at) => buf.writeFloatBE(1, at));
    else if (type === DbrType.SHORT) w.message(Command.WRITE, 2, type, 1, sid, ioid + 2 * i, (buf, at) => buf.writeInt16BE(1, at));
    else w.message(Command.WRITE, 8, type, 1, sid, ioid + 2 * i, (buf, at) => buf.writeDoubleBE(1, at));
  };
  const get = (sid: number, i: number): void => msg.writeReadNotify(w, FIRST_GETS[i % FIRST_GETS.length]!, 1, sid, ioid + 2 * i + 1);
  for (let i = kept; i < sids.length; i++) {
    const k = i - kept;
    if (k % 2 === 0) {
      put(sids[i]!, k);
      get(sids[i]!, k);
    } else {
      get(sids[i]!, k);
      put(sids[i]!, k);
    }
  }
  await send();
  for (let i = kept; i < sids.length; i++) msg.writeClearChannel(w, sids[i]!, firstCid + i - kept);
  await send();
  const opened = sids.length - kept;
  sids.length = kept;
  db.remove(fresh);
  return FRESH + 3 * opened;
}

/**
 * Puts handed to the circuit in two pieces each, cut inside the header and inside the payload,
 * as reads of a socket cut a client's stream (`CUTS` puts). Where Node cuts a batch depends on
 * timing: in some starts none of the batches above left the reader's code for a cut with any
 * type feedback, and a client's first cut then threw away the compiled reader, with what V8 had
 * inlined into it (the circuit's whole request path, with the raised inlining budget of
 * compiler-tuning.ts), to be compiled again while catime connected. Called between batches,
 * when the circuit has answered everything sent and its stream is at a message boundary.
 * Returns the puts made.
 */
function feedCuts(circuit: ServerCircuit | undefined, sids: readonly number[], batch: number): number {
  if (circuit === undefined || sids.length === 0) return 0;
  const w = new ByteWriter();
  for (let k = 0; k < CUTS; k++) {
    w.message(Command.WRITE, 8, DbrType.DOUBLE, 1, sids[k % sids.length]!, k, (buf, at) => buf.writeDoubleBE((batch + k) % 2, at));
    const put = w.take();
    const cut = k % 2 === 0 ? 7 : 20;
    circuit.receive(put.subarray(0, cut));
    circuit.receive(put.subarray(cut));
  }
  return CUTS;
}

/** A search datagram as libca sends it: VERSION, then names, half of them served here. */
function searchDatagram(names: readonly string[], round: number): Buffer {
  const w = new ByteWriter();
  msg.writeSearchRequestVersion(w, round);
  for (let i = 0; i < Math.min(SEARCHED, names.length); i++) {
    const name = names[(round * SEARCHED + i) % names.length] ?? '';
    msg.writeSearchRequest(w, i % 2 === 0 ? name : `${name}:none`, i + 1, SearchReply.DONT_REPLY);
  }
  return w.take();
}
