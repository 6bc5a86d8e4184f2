/**
 * Record support: what makes an ai an ai. One object per record type, the way EPICS' rset is
 * one table of functions; the generic machinery in record.ts calls it.
 */
import type { NativeArray, NativeType, PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { FieldDef } from '../fields/field-def.js';
import type { FieldValue } from '../field-value.js';
import type { LinkReading } from '../links/link-target.js';
import type { LinkSpec } from '../links/parse-link.js';
import type { EpicsRecord } from '../record.js';

export interface RecordSupport {
  /** The record type this supports, e.g. "ai". */
  readonly type: string;
  /** The value a computed-address field (array VAL, long string) starts with. */
  initialValue?(rec: EpicsRecord, field: FieldDef): FieldValue;
  /** init_record: called once after configuration and link resolution. */
  init?(rec: EpicsRecord): void;
  /** process: read inputs, compute, check alarms, write outputs, post monitors, FLNK. */
  process(rec: EpicsRecord): void;
  /**
   * The rset has get_graphic_double/get_control_double: fields metadata() does not describe
   * get their DBF type's range as display and control limits (recGblGetGraphicDouble).
   */
  readonly rangeLimits?: boolean;
  /** Display/alarm/control metadata served with a field (get_units, get_precision, …). */
  metadata?(rec: EpicsRecord, field: string): Partial<PvMetadata>;
  /** State strings of a DBF_ENUM field (get_enum_strs). */
  enumStrings?(rec: EpicsRecord, field: string): readonly string[];
  /** special(): before (after = false; may throw to refuse) and after a put to a field. */
  special?(rec: EpicsRecord, field: string, after: boolean): void;
  /** Parses a field's configuration text when the generic rules do not fit (array VAL). */
  parseField?(rec: EpicsRecord, field: FieldDef, text: string): FieldValue | undefined;
  /** Stores a JS value when the generic rules do not fit (arrays, long strings). */
  valueFromJs?(rec: EpicsRecord, field: FieldDef, value: unknown): FieldValue | undefined;
  /** Stores a written CA value when the generic rules do not fit (arrays, long strings). */
  valueFromNative?(rec: EpicsRecord, field: FieldDef, value: NativeArray, from: NativeType): FieldValue | undefined;
  /** Converts a JS value for a put when the generic rules do not fit. */
  jsToNative?(rec: EpicsRecord, field: FieldDef, value: unknown): { value: NativeArray; type: NativeType } | undefined;
  /** Serves a field whose CA form is not its stored scalar (array VAL, long strings). */
  nativeValue?(rec: EpicsRecord, field: FieldDef): { value: NativeArray; type: NativeType } | undefined;
  /** The CA type and maximum count of a field, when not the DBF's scalar (cvt_dbaddr). */
  shape?(rec: EpicsRecord, field: FieldDef): { type: NativeType; count: number } | undefined;
  /** Whether CA may write a field, when cvt_dbaddr decides it (a LIFO compress VAL is read-only). */
  writable?(rec: EpicsRecord, field: FieldDef): boolean | undefined;
  /** Reads SDIS into DISA before the disable check (dbProcess). */
  fetchDisable?(rec: EpicsRecord): void;
}

/** How record support reaches its links (INP, OUT, DOL, INPA…, FLNK, SDIS…). */
export interface RecordLinkAccess {
  /** The parsed link of a field. */
  spec(field: string): LinkSpec;
  /**
   * Reads an input link with its PP and MS/MSS/MSI semantics (the alarm goes to the reading
   * record); undefined when the link is empty, a constant, or not connected (then a LINK
   * alarm is raised for a PV link).
   */
  read(field: string): LinkReading | undefined;
  /** Writes an output link with its PP and MS semantics; false when nothing was written. */
  write(field: string, value: NativeArray, type: NativeType): boolean;
  /** Processes the FLNK target. */
  forward(): void;
  /** The metadata of a PV link's target (dbGetUnits, dbGetPrecision, dbGetGraphicLimits…). */
  metadata(field: string): PvMetadata | undefined;
  /** Processes the target of another forward link (fanout LNK0…, seq LNKn as dbScanFwdLink). */
  forwardLink(field: string): void;
  /** Whether a PV link is connected (a constant or empty link counts as not a PV). */
  isConnected(field: string): boolean;
}
