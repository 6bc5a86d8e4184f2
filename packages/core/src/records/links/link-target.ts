/**
 * What a link points at, once resolved: a field of a record in this process, or a PV reached
 * through the CA client. Record support reads and writes through this interface and never
 * needs to know which.
 */
import type { Alarm, EpicsTimestamp, NativeArray, NativeType, PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { Unsubscribe } from '../../ca/server/provider.js';
import type { RecordPut } from '../put.js';

export interface LinkReading {
  value: NativeArray;
  type: NativeType;
  alarm: Alarm;
  /**
   * A DB link's source field's precision and state strings: what dbGet converts its number to
   * text with (the record's get_precision, its enum strings), as a CA get of DBR_STRING does.
   * A CA link has none (dbCa converts with precision 6).
   */
  text?: {
    precision: number;
    enumStrings: readonly string[];
    /** The source field holds an integer wider than DBR_LONG (int64, uint32): C's integer casts apply. */
    wideInteger?: boolean;
  };
}

export interface LinkTarget {
  readonly pv: string;
  /** True for a record of this process (a DB link), false for a CA link. */
  readonly local: boolean;
  isConnected(): boolean;
  /**
   * The current value; with `processFirst` a Passive local source processes before (PP).
   * `fromPut`: the reading record's processing comes from a put (PUTF), which processTarget
   * hands on.
   */
  read(processFirst: boolean, fromPut?: boolean, put?: RecordPut): LinkReading | undefined;
  /**
   * read() where the record wants text (dbGetLink as DBR_STRING), when the target gives text of
   * its own: a CA link to an ENUM channel reads its state strings through a DBR_STRING
   * subscription made on the first such read (dbCa's CA_MONITOR_STRING), and fails until that
   * subscription's first update has come, as dbCaGetLink does.
   */
  readText?(processFirst: boolean, fromPut?: boolean, put?: RecordPut): LinkReading | undefined;
  /**
   * Writes a value: PP processes a Passive target after the write, NPP does not. `alarm`
   * carries the writer's severity for MS/MSS/MSI output links. False when the target's
   * processing (PP) returned an error status, which dbDbPutValue returns to the writer.
   */
  write(value: NativeArray, type: NativeType, process: boolean, alarm?: Alarm, fromPut?: boolean, put?: RecordPut): boolean;
  /** A forward link: process the target (if Passive), or put to its PROC field over CA. */
  forward(fromPut?: boolean, put?: RecordPut): void;
  /** The target's time stamp (dbGetTimeStamp): its record's, or the latest CA update's. */
  time(): EpicsTimestamp | undefined;
  /** The CA type the target's field holds (dbGetLinkDBFtype), when known. */
  nativeType?(): NativeType | undefined;
  /** The target's units, precision and limits (dbGetUnits, dbGetPrecision…), when known. */
  metadata?(): PvMetadata | undefined;
  /** Calls `onChange` whenever the target posts a value or alarm change (CP/CPP). */
  subscribe(onChange: () => void): Unsubscribe;
  /** What dbcar says of a CA link (a CP/CPP link to a record of this IOC is one too). */
  caReport?(): CaLinkReport;
  close(): void;
}

/** A CA link as dbcar reports it (dbCaTest.c). */
export interface CaLinkReport {
  connected: boolean;
  /** Times the channel was lost after it had connected (dbCa's nDisconnect). */
  disconnects: number;
  /** Puts a later put replaced before they went out (nNoWrite): only while iocPause holds them. */
  replacedPuts: number;
  readAccess: boolean;
  writeAccess: boolean;
  /** The server's host. */
  host: string;
  /** Subscribed natively (an input link, pvlOptInpNative) and as text (an ENUM read as text, pvlOptInpString). */
  inNative: boolean;
  inString: boolean;
}

/** Creates CA links for PVs that are not records of this process (the CA client provides it). */
export interface RemoteLinkFactory {
  create(pv: string, options: { monitor: boolean }): LinkTarget;
  /** iocPause's dbCaPause: writes through the links wait (the latest per link) until run(). */
  pause?(): void;
  /** iocRun's dbCaRun: the writes that waited go out, in the order their links first asked. */
  run?(): void;
}
