/**
 * A put is one object: who sent it, what it asks for (quiet, an alarm, to be waited on, a
 * forced post), and what it set off that its sender may wait for. The record layer hands it
 * to everything the put causes (listeners, the model's callbacks) as an argument; nothing
 * about a put is left on the record for someone to read back later. (pvxs's ExecOp.)
 */

/** Who sent a put: a CA client, the application, or a database link. */
export type PutSource = 'client' | 'app' | 'link';

/** An alarm a put asks to raise with its value (it counts like a device support's alarm). */
export interface RequestedAlarm {
  status: number;
  severity: number;
  message?: string;
}

/** What a put asks for beyond its value. */
export interface PutRequest {
  /** Change the value without calling the record's callback. */
  quiet?: boolean;
  /** The sender waits for what the put sets off (the record's callback). */
  wait?: boolean;
  /** Post the value to monitors even if processing did not. */
  force?: boolean;
  /** Raise this alarm in the processing the put starts. */
  alarm?: RequestedAlarm;
  /** false: store the value without processing the record, even for a PP field (dbPut, not dbPutField). */
  process?: boolean;
}

export class RecordPut {
  readonly quiet: boolean;
  readonly wait: boolean;
  readonly force: boolean;
  readonly alarm: RequestedAlarm | undefined;
  /** false when the put only stores (pvAccess record[process=false]). */
  readonly process: boolean;
  /** Whether VAL was posted for this put (kept only for a forced put, which needs to know). */
  valuePosted = false;
  #pending: Promise<void>[] | undefined;
  /** The put this one was made for (linked()): what it waits for, that put waits for. */
  #root: RecordPut | undefined;

  constructor(
    readonly source: PutSource,
    request: PutRequest | undefined = undefined,
  ) {
    this.quiet = request?.quiet === true;
    this.wait = request?.wait === true;
    this.force = request?.force === true;
    this.alarm = request?.alarm;
    this.process = request?.process !== false;
  }

  /** A CA client's put; with `wait` (WRITE_NOTIFY) the client's callback waits for its work. */
  static client(wait: boolean): RecordPut {
    return wait ? new RecordPut('client', WAIT) : CLIENT_PUT;
  }

  /** Something the put set off that its sender waits for (when it waits). */
  waitFor(work: Promise<void>): void {
    if (this.#root !== undefined) this.#root.waitFor(work);
    else (this.#pending ??= []).push(work);
  }

  /**
   * The put of a link that this put's processing follows (a forward link, an output link, a
   * PP input): LINK_PUT, or, when this put waits, a link put whose waits are this put's, so
   * that a put-callback waits for the records processed from its record that complete
   * asynchronously, as processNotify does (dbNotifyAdd).
   */
  linked(): RecordPut {
    if (!this.wait) return LINK_PUT;
    const child = new RecordPut('link', WAIT);
    child.#root = this.#root ?? this;
    return child;
  }

  /**
   * Resolves when everything the put set off has finished, including what those set off
   * meanwhile (a delayed record that processes another); undefined when nothing is pending.
   */
  completion(): Promise<void> | undefined {
    const pending = this.#pending;
    if (pending === undefined) return undefined;
    return settle(pending);
  }
}

/** Waits for every promise in `pending`, those added while it waits too. */
async function settle(pending: Promise<void>[]): Promise<void> {
  for (let seen = 0; seen < pending.length; ) {
    const batch = pending.slice(seen);
    seen = pending.length;
    await Promise.all(batch);
  }
}

const WAIT: PutRequest = { wait: true };

/**
 * A CA client's plain put (WRITE): it asks for nothing and nobody waits on it, so, like
 * LINK_PUT, one shared object serves every such put (one per put was a measurable part of a
 * put's cost).
 */
const CLIENT_PUT: RecordPut = Object.freeze(new RecordPut('client')) as RecordPut;

/**
 * The put of a database link (dbPut from a link): it asks for nothing and nobody waits on it,
 * so one shared object serves every link write (links are a hot path).
 */
export const LINK_PUT: RecordPut = Object.freeze(new RecordPut('link')) as RecordPut;
