import type { Alarm, EpicsTimestamp, NativeArray, NativeType, PvMetadata, PvSnapshot } from '../ca/protocol/dbr/types.js';

/**
 * A snapshot made for one use and then dropped: a client's read, encoded at once, or a post,
 * queued until its flush.
 *
 * Made by `new`, not by an object literal. V8 keeps statistics per object literal (its
 * allocation site) and, when one scavenge finds more than 85 % of a site's recent objects still
 * alive, makes every later object of that site straight in the old generation. A burst of
 * posts queued across a scavenge, during the warm-up or at any time, could do that to the
 * literal these were made with, in one server start of three or four, and from then on every
 * read was made in the old generation: fresh pages, tens of thousands of page faults a second,
 * and about twice the CPU per get (bench/RESULTS.md, issue 13, ninth pass). V8 never does that
 * to objects made by `new`.
 */
export class TransientSnapshot implements PvSnapshot {
  constructor(
    public nativeType: NativeType,
    public value: NativeArray,
    public alarm: Alarm,
    public timestamp: EpicsTimestamp,
    public meta: PvMetadata,
    public className: string,
    public ackTransient: boolean,
    public ackSeverity: number,
  ) {}
}

/** A time stamp of a TransientSnapshot (made by `new` for the same reason). */
export class TransientStamp implements EpicsTimestamp {
  constructor(
    public secPastEpoch: number,
    public nsec: number,
  ) {}
}
