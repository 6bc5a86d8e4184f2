/**
 * When to send which name searches: libca's search timers (searchTimer.cpp, udpiiu.cpp) as a pure
 * state object. The shell calls expire(now) at nextDue() and sends what it returns; replies go to
 * onReply(). No sockets, no clocks: every method takes `now` in milliseconds.
 *
 * The schedule, as libca has it:
 * - Channels sit in "lanes" 0..n-1; lane i fires every 2^i × RTTE, where RTTE is the estimated search
 *   round trip (mean + 4 × deviation, at least 32 ms). n is chosen so that the last lane's period
 *   reaches EPICS_CA_MAX_SEARCH_PERIOD (300 s, at least 60 s). A new channel starts in lane 0.
 * - When a lane fires, the channels it searched last time and that got no reply move to the next lane
 *   (exponential back-off), and its waiting channels are sent in up to `framesPerTry` datagrams of at
 *   most 1472 bytes, each headed by a VERSION carrying a fresh sequence number.
 * - framesPerTry doubles (to a congestion threshold, then grows slowly, at most 64) while every search
 *   of a pass is answered, and falls back to 1 (threshold halved) when some are not.
 * - A reply to the lane's last pass (checked by sequence number) updates the RTT estimate; when all
 *   of a pass are answered and channels still wait, the lane fires again at once.
 * - Lanes slower than the "beacon anomaly" lane (≈5 s) move their waiting channels to it when the pass
 *   before had any success, and on a beacon anomaly every channel in them moves there.
 *
 * Two deliberate differences: an idle lane that receives channels fires one period later (libca's
 * timers tick even when empty, so the delay there is anywhere up to a period), and a new channel or
 * a beacon anomaly makes its lane fire at once, so that a channel is searched as soon as it is
 * created and a restarted server is found again without waiting for the boosted lane's period.
 */
import { ByteWriter } from '../protocol/byte-writer.js';
import { SearchReply } from '../protocol/constants.js';
import { padTo8 } from '../protocol/header.js';
import { writeSearchRequest, writeSearchRequestVersion } from '../protocol/messages.js';

export interface SearchSchedulerOptions {
  /** Lower bound of the round-trip estimate (libca: 32 ms). */
  minRttMs?: number;
  /** Upper bound of a single round-trip measurement (libca: 30 s). */
  maxRttMs?: number;
  /** EPICS_CA_MAX_SEARCH_PERIOD in ms (libca: 300 s). */
  maxPeriodMs?: number;
  /** The lane channels are boosted to on a beacon anomaly (libca: 5 s). */
  beaconAnomalyPeriodMs?: number;
  /** Largest search datagram (libca: 1472, one Ethernet frame). */
  maxDatagramBytes?: number;
  /** Most datagrams one lane sends per pass (libca: 64). */
  maxFramesPerTry?: number;
}

export interface SearchDatagram {
  sequence: number;
  data: Buffer;
  /** The channels searched in it. */
  cids: number[];
}

interface Entry {
  readonly cid: number;
  readonly name: string;
  /** Encoded size of its SEARCH message. */
  readonly size: number;
  lane: number;
  /** Waiting to be sent, or sent and waiting for a reply. */
  sent: boolean;
}

interface Lane {
  readonly index: number;
  readonly boostPossible: boolean;
  readonly waiting: Map<number, Entry>;
  readonly sent: Map<number, Entry>;
  due: number | undefined;
  lastSend: number;
  attempts: number;
  responses: number;
  framesPerTry: number;
  congestThreshold: number;
  seqBegin: number;
  seqEnd: number;
}

const SEARCH_HEADER_SIZE = 16;

export class SearchScheduler {
  private readonly minRtt: number;
  private readonly maxRtt: number;
  private readonly maxDatagram: number;
  private readonly maxFrames: number;
  private readonly lanes: Lane[] = [];
  private readonly anomalyLane: number;
  private readonly entries = new Map<number, Entry>();
  private rttMean: number;
  private rttDev = 0;
  private sequence = 1;

  constructor(options: SearchSchedulerOptions = {}) {
    this.minRtt = options.minRttMs ?? 32;
    this.maxRtt = options.maxRttMs ?? 30_000;
    this.maxDatagram = options.maxDatagramBytes ?? 1472;
    this.maxFrames = options.maxFramesPerTry ?? 64;
    this.rttMean = this.minRtt;
    const maxPeriod = options.maxPeriodMs ?? 300_000;
    const laneCount = Math.max(1, Math.floor(1 + Math.log2(maxPeriod / this.minRtt)));
    const anomaly = Math.floor(Math.log2((options.beaconAnomalyPeriodMs ?? 5000) / this.minRtt) + 1);
    this.anomalyLane = Math.max(0, Math.min(anomaly, laneCount - 1));
    for (let index = 0; index < laneCount; index++) {
      this.lanes.push({
        index,
        boostPossible: index > this.anomalyLane,
        waiting: new Map(),
        sent: new Map(),
        due: undefined,
        lastSend: 0,
        attempts: 0,
        responses: 0,
        framesPerTry: 1,
        congestThreshold: Number.POSITIVE_INFINITY,
        seqBegin: 0,
        seqEnd: -1,
      });
    }
  }

  /** Number of lanes (the slowest fires every 2^(n-1) × RTTE). */
  get laneCount(): number {
    return this.lanes.length;
  }

  /** The lane a beacon anomaly boosts channels to. */
  get beaconAnomalyLane(): number {
    return this.anomalyLane;
  }

  /** The current search round-trip estimate (ms). */
  get roundTripEstimate(): number {
    return this.rttMean + 4 * this.rttDev;
  }

  /** Period of a lane (ms). */
  period(lane: number): number {
    return 2 ** lane * this.roundTripEstimate;
  }

  get size(): number {
    return this.entries.size;
  }

  has(cid: number): boolean {
    return this.entries.has(cid);
  }

  /** The lane a channel is in (for tests and diagnostics). */
  laneOf(cid: number): number | undefined {
    return this.entries.get(cid)?.lane;
  }

  /** Starts searching for a channel; lane 0 fires at once, a later lane one period from now. */
  add(cid: number, name: string, now: number, lane = 0): void {
    this.remove(cid);
    const size = SEARCH_HEADER_SIZE + padTo8(Buffer.byteLength(name, 'latin1') + 1);
    const entry: Entry = { cid, name, size, lane: Math.max(0, Math.min(lane, this.lanes.length - 1)), sent: false };
    this.entries.set(cid, entry);
    const target = this.lanes[entry.lane];
    target.waiting.set(cid, entry);
    if (entry.lane === 0) {
      if (target.due === undefined || target.due > now) target.due = now;
    } else {
      this.wake(target, now);
    }
  }

  /** Stops searching for a channel (found elsewhere, or closed). */
  remove(cid: number): boolean {
    const entry = this.entries.get(cid);
    if (entry === undefined) return false;
    this.entries.delete(cid);
    const lane = this.lanes[entry.lane];
    lane.waiting.delete(cid);
    lane.sent.delete(cid);
    this.sleepIfIdle(lane);
    return true;
  }

  /**
   * A search reply for `cid`. `sequence` is the VERSION sequence number of the reply datagram, or
   * undefined when the server did not send one. Returns false when the channel was not being searched.
   */
  onReply(cid: number, sequence: number | undefined, now: number): boolean {
    const entry = this.entries.get(cid);
    if (entry === undefined) return false;
    const lane = this.lanes[entry.lane];
    this.remove(cid);
    const valid = sequence === undefined || (sequence >= lane.seqBegin && sequence <= lane.seqEnd);
    if (valid) {
      this.updateRtt(now - lane.lastSend);
      lane.responses++;
      // Every search of the last pass answered: send the rest at once.
      if (lane.responses === lane.attempts && lane.waiting.size > 0) lane.due = now;
    }
    return true;
  }

  /** A beacon anomaly: channels in the slow lanes move to the ≈5 s lane, which fires at once. */
  beaconAnomaly(now: number): void {
    const target = this.lanes[this.anomalyLane];
    let moved = 0;
    for (const lane of this.lanes) {
      if (lane.index <= this.anomalyLane) continue;
      for (const entry of [...lane.sent.values(), ...lane.waiting.values()]) {
        entry.lane = target.index;
        entry.sent = false;
        target.waiting.set(entry.cid, entry);
        moved++;
      }
      lane.sent.clear();
      lane.waiting.clear();
      lane.attempts = 0;
      lane.responses = 0;
      lane.due = undefined;
    }
    if (moved > 0 || target.waiting.size > 0) target.due = now;
  }

  /** When expire() has work next, or undefined when nothing is being searched. */
  nextDue(): number | undefined {
    let due: number | undefined;
    for (const lane of this.lanes) {
      if (lane.due !== undefined && (due === undefined || lane.due < due)) due = lane.due;
    }
    return due;
  }

  /** Fires every lane that is due and returns the datagrams to send to each search destination. */
  expire(now: number): SearchDatagram[] {
    const out: SearchDatagram[] = [];
    for (const lane of this.lanes) {
      if (lane.due !== undefined && lane.due <= now) this.fire(lane, now, out);
    }
    return out;
  }

  private fire(lane: Lane, now: number, out: SearchDatagram[]): void {
    // No reply since the last pass: back off to the next lane.
    if (lane.sent.size > 0) {
      const next = this.lanes[Math.min(lane.index + 1, this.lanes.length - 1)];
      for (const entry of lane.sent.values()) {
        entry.lane = next.index;
        entry.sent = false;
        next.waiting.set(entry.cid, entry);
      }
      lane.sent.clear();
      if (next !== lane) this.wake(next, now);
    }
    lane.lastSend = now;
    // A pass with some success: channels waiting in a slow lane get the ≈5 s lane instead.
    if (lane.responses > 0 && lane.boostPossible && lane.waiting.size > 0) {
      const target = this.lanes[this.anomalyLane];
      for (const entry of lane.waiting.values()) {
        entry.lane = target.index;
        target.waiting.set(entry.cid, entry);
      }
      lane.waiting.clear();
      this.wake(target, now);
    }
    if (lane.attempts > 0) this.adaptFrames(lane);
    lane.attempts = 0;
    lane.responses = 0;
    lane.seqBegin = this.sequence;
    let frames = 0;
    while (lane.waiting.size > 0 && frames < lane.framesPerTry) {
      out.push(this.datagram(lane));
      frames++;
    }
    lane.seqEnd = this.sequence - 1;
    lane.due = lane.waiting.size + lane.sent.size > 0 ? now + this.period(lane.index) : undefined;
  }

  /** libca's congestion control of the number of datagrams per pass. */
  private adaptFrames(lane: Lane): void {
    if (lane.responses === lane.attempts) {
      if (lane.framesPerTry < this.maxFrames) {
        if (lane.framesPerTry < lane.congestThreshold) {
          lane.framesPerTry = Math.min(2 * lane.framesPerTry, lane.congestThreshold);
        } else {
          lane.framesPerTry += 1 / lane.framesPerTry;
        }
        lane.framesPerTry = Math.min(lane.framesPerTry, this.maxFrames);
      }
    } else {
      lane.congestThreshold = lane.framesPerTry / 2;
      lane.framesPerTry = 1;
    }
  }

  private datagram(lane: Lane): SearchDatagram {
    const sequence = this.sequence;
    this.sequence = (this.sequence + 1) >>> 0;
    const writer = new ByteWriter(this.maxDatagram);
    writeSearchRequestVersion(writer, sequence);
    const cids: number[] = [];
    for (const entry of lane.waiting.values()) {
      if (cids.length > 0 && writer.length + entry.size > this.maxDatagram) break;
      writeSearchRequest(writer, entry.name, entry.cid, SearchReply.DONT_REPLY);
      lane.waiting.delete(entry.cid);
      entry.sent = true;
      lane.sent.set(entry.cid, entry);
      lane.attempts++;
      cids.push(entry.cid);
    }
    return { sequence, data: writer.take(), cids };
  }

  private updateRtt(measuredMs: number): void {
    const measured = Math.min(this.maxRtt, Math.max(this.minRtt, measuredMs));
    const error = measured - this.rttMean;
    this.rttMean += 0.125 * error;
    this.rttDev += 0.25 * (Math.abs(error) - this.rttDev);
  }

  /** An idle lane that receives channels fires one period from now. */
  private wake(lane: Lane, now: number): void {
    if (lane.due === undefined) lane.due = now + this.period(lane.index);
  }

  private sleepIfIdle(lane: Lane): void {
    if (lane.waiting.size === 0 && lane.sent.size === 0) lane.due = undefined;
  }
}
