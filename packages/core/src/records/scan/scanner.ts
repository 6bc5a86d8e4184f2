/**
 * Scanning: periodic scan lists (ordered by PHAS), I/O Intr, named events, and scanOnce. A
 * record's SCAN menu index picks its list; the labels of menuScan give the periods.
 */
import { parseDouble } from '../../ca/protocol/dbr/parse-number.js';
import type { EpicsRecord } from '../record.js';
import { deviceChoices } from '../devices/device-table.js';
import { type OverrunReport, PeriodicLoop } from './periodic-loop.js';
import { ScanList } from './scan-list.js';

/** menuScan indexes with a meaning of their own; the rest are periodic. */
export const SCAN_PASSIVE = 0;
export const SCAN_EVENT = 1;
export const SCAN_IO_INTR = 2;

/** Seconds of a periodic menuScan label ("10 second", ".1 second"), or undefined. */
export const periodOfLabel = (label: string): number | undefined => {
  const m = /^\s*(\d*\.?\d+)\s*second/.exec(label);
  return m ? Number(m[1]) : undefined;
};

interface PeriodicList {
  loop: PeriodicLoop;
  records: ScanList;
}

/** Processing nested deeper than this is deferred to the next turn instead (loop guard). */
const MAX_SYNC_DEPTH = 32;

export class Scanner {
  private readonly periodic = new Map<number, PeriodicList>();
  private readonly ioIntr = new Set<EpicsRecord>();
  private readonly events = new Map<string, ScanList>();
  private readonly registered = new Map<EpicsRecord, () => void>();
  private readonly onceQueue = new Set<EpicsRecord>();
  private onceScheduled = false;
  private depth = 0;
  private stopped = false;
  /**
   * iocPause's scanPause: periodic lists, I/O Intr and named events do not process (dbScan's
   * scanCtl); scanOnce and CP links still do, as in EPICS (scanOnce never looks at scanCtl,
   * and a CP link's update comes through scanOnce).
   */
  private paused = false;

  constructor(
    private readonly scanLabels: () => readonly string[],
    private readonly onError: (record: EpicsRecord, err: unknown) => void,
    /** A periodic list over-runs (see PeriodicLoop); `thread` is EPICS' name for it, "scan-0.1". */
    private readonly onOverrun?: (thread: string, report: OverrunReport) => void,
    /** A record's SCAN refused by scanAdd (I/O Intr without device support for it): it is Passive. */
    private readonly onRefused?: (record: EpicsRecord, message: string) => void,
  ) {}

  /** Puts a record on the list its SCAN (and EVNT, PHAS) asks for; removes it from others. */
  register(record: EpicsRecord): void {
    this.unregister(record);
    const scan = record.num('SCAN');
    if (scan === SCAN_PASSIVE) return;
    if (scan === SCAN_IO_INTR) {
      // scanAdd: I/O Intr needs device support with get_ioint_info, which none of softIoc's
      // (nor devioc's) has; the record is made Passive and says why.
      if (record.support.ioIntr !== true) {
        const why = deviceChoices(record.typeName).length === 0 ? 'no DSET' : 'no get_ioint_info';
        record.setQuiet('SCAN', SCAN_PASSIVE);
        this.onRefused?.(record, `scanAdd: I/O Intr not valid (${why}): SCAN is Passive`);
        return;
      }
      this.ioIntr.add(record);
      this.registered.set(record, () => this.ioIntr.delete(record));
      return;
    }
    if (scan === SCAN_EVENT) {
      // No event (empty, or a number below 1): on no list, as eventNameToHandle gives none.
      const set = this.eventList(record.str('EVNT'));
      if (set === undefined) return;
      set.add(record);
      this.registered.set(record, () => set.delete(record));
      return;
    }
    const seconds = periodOfLabel(this.scanLabels()[scan] ?? '');
    if (seconds === undefined) return;
    const ms = Math.round(seconds * 1000);
    let list = this.periodic.get(ms);
    if (list === undefined) {
      const records = new ScanList();
      const thread = `scan-${seconds}`;
      const onOverrun = (report: OverrunReport): void => this.onOverrun?.(thread, report);
      list = { loop: new PeriodicLoop(ms, () => this.runPeriodic(records), undefined, onOverrun), records };
      this.periodic.set(ms, list);
    }
    list.records.add(record);
    const l = list;
    this.registered.set(record, () => l.records.delete(record));
  }

  /** The periodic lists (period in ms → records in PHAS order), for scanppl. */
  periodicLists(): Map<number, EpicsRecord[]> {
    const lists = new Map<number, EpicsRecord[]>();
    for (const [ms, list] of this.periodic) lists.set(ms, [...list.records.inOrder()]);
    return lists;
  }

  unregister(record: EpicsRecord): void {
    this.registered.get(record)?.();
    this.registered.delete(record);
    this.onceQueue.delete(record);
  }

  /** iocPause: scans stop until run(). */
  pause(): void {
    this.paused = true;
  }

  /** iocRun after iocPause: scans go on, each periodic list at its next period. */
  run(): void {
    this.paused = false;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private runPeriodic(records: ScanList): void {
    if (this.paused) return;
    this.runList(records);
  }

  /** A list's records in its order, each processed (a change to the list meanwhile makes a new order). */
  private runList(records: ScanList): void {
    for (const r of records.inOrder()) this.processNow(r);
  }

  /**
   * eventNameToHandle: the event's list, made if there is none (an event record names its
   * event at init, a postEvent of a name no record waits for still makes one, as scanpel
   * shows them); undefined for no event ('' or a number below 1).
   */
  private eventList(name: string): ScanList | undefined {
    const event = normaliseEventName(name);
    if (event === '') return undefined;
    let set = this.events.get(event);
    if (set === undefined) this.events.set(event, (set = new ScanList()));
    return set;
  }

  /** An event record's VAL: its event exists from now on (eventRecord's init_record, special). */
  declareEvent(name: string): void {
    this.eventList(name);
  }

  /**
   * scanpel's lists: each event (its name matching `pattern`, a glob), the newest first, with
   * its records by priority (PRIO: Low, Medium, High), each in list order.
   */
  eventLists(pattern?: (name: string) => boolean): { name: string; byPriority: EpicsRecord[][] }[] {
    const lists: { name: string; byPriority: EpicsRecord[][] }[] = [];
    for (const [name, records] of this.events) {
      if (pattern !== undefined && !pattern(name)) continue;
      const byPriority: EpicsRecord[][] = [[], [], []];
      for (const r of records.inOrder()) byPriority[Math.min(2, Math.max(0, r.num('PRIO')))]!.push(r);
      lists.unshift({ name, byPriority });
    }
    return lists;
  }

  /** I/O Intr: the source of a record's data has news (scanIoRequest). */
  ioRequest(record: EpicsRecord): boolean {
    if (this.paused || !this.ioIntr.has(record)) return false;
    this.processNow(record);
    return true;
  }

  /** post_event: processes every record with SCAN Event and this EVNT. */
  postEvent(name: string): number {
    // postEvent(eventNameToHandle(name)): the handle is made whether or not anything waits.
    const set = this.eventList(name);
    if (set === undefined || this.paused) return 0;
    this.runList(set);
    return set.size;
  }

  /**
   * Processing set off by another record (a CP link): at once, so a client that writes one
   * record and reads a dependent one sees the result; deferred when links nest too deeply.
   */
  processFromLink(record: EpicsRecord): void {
    if (this.depth >= MAX_SYNC_DEPTH || record.pact) {
      this.once(record);
      return;
    }
    this.processNow(record);
  }

  /** scanOnce: processes a record on the next turn (coalescing repeated requests). */
  once(record: EpicsRecord): void {
    if (this.stopped) return;
    this.onceQueue.add(record);
    if (this.onceScheduled) return;
    this.onceScheduled = true;
    setImmediate(() => {
      this.onceScheduled = false;
      const batch = [...this.onceQueue];
      this.onceQueue.clear();
      for (const r of batch) this.processNow(r);
    });
  }

  private processNow(record: EpicsRecord): void {
    if (this.stopped) return;
    this.depth++;
    try {
      record.process();
    } catch (err) {
      this.onError(record, err);
    } finally {
      this.depth--;
    }
  }

  stop(): void {
    this.stopped = true;
    for (const list of this.periodic.values()) list.loop.stop();
    this.periodic.clear();
    this.ioIntr.clear();
    this.events.clear();
    this.registered.clear();
    this.onceQueue.clear();
  }
}

/** A whole number as epicsParseDouble reads it (strtod, nothing after it but blanks). */
const NUMBER_TEXT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?)$/;

/**
 * EPICS' eventNameToHandle: leading and trailing blanks do not count, and a name that reads as
 * a number from 0 up to 256 is a numeric event: its integer part ("3.7" is event 3, "5.0" is
 * "5"), and none at all below 1 ("0", "0.5": '' here, which no record waits for).
 */
export function normaliseEventName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || !NUMBER_TEXT.test(trimmed)) return trimmed;
  const n = parseDouble(trimmed);
  if (n === undefined || !(n >= 0 && n < 256)) return trimmed;
  return n < 1 ? '' : String(Math.trunc(n));
}
