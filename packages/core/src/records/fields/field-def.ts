/**
 * Record types as data, the way EPICS declares them in .dbd files: one table of fields per
 * record type. The same tables drive NAME.FIELD channels, the .db loader and exporter, and the
 * model's validation, so adding a field is one line in one place.
 */

/** EPICS field types (dbFldTypes.h). */
export type DbfType =
  | 'DBF_STRING'
  | 'DBF_CHAR'
  | 'DBF_UCHAR'
  | 'DBF_SHORT'
  | 'DBF_USHORT'
  | 'DBF_LONG'
  | 'DBF_ULONG'
  | 'DBF_INT64'
  | 'DBF_UINT64'
  | 'DBF_FLOAT'
  | 'DBF_DOUBLE'
  | 'DBF_ENUM'
  | 'DBF_MENU'
  | 'DBF_DEVICE'
  | 'DBF_INLINK'
  | 'DBF_OUTLINK'
  | 'DBF_FWDLINK'
  | 'DBF_NOACCESS';

/** The `special()` of a field (special.h), where it changes how puts behave. */
export type FieldSpecial =
  | 'SPC_NOMOD' // never writable over CA or from a .db file (NAME, RTYP-like state fields)
  | 'SPC_DBADDR' // value/array fields whose address is computed (VAL of waveforms)
  | 'SPC_SCAN' // SCAN, PHAS, EVNT, PRIO: changing them re-registers the record with the scanner
  | 'SPC_ALARMACK' // ACKS, ACKT
  | 'SPC_AS' // ASG: access security group
  | 'SPC_ATTRIBUTE' // RTYP-like attributes
  | 'SPC_MOD' // record support is told about puts (special() hook)
  | 'SPC_RESET' // puts reset alarm state (e.g. HIHI..LOLO of ai)
  | 'SPC_LINCONV' // linear conversion fields (EGUF, EGUL, LINR…)
  | 'SPC_CALC'; // CALC/OCAL: re-compiled on put

export interface FieldDef {
  /** Upper-case field name as in the .dbd, e.g. "VAL", "DESC", "INPA". */
  name: string;
  dbf: DbfType;
  /** The .dbd prompt text. */
  prompt: string;
  /** For DBF_STRING: the buffer size including the NUL (DESC 41, EGU 16, NAME 61…). */
  size?: number;
  /** For DBF_MENU: the menu name, e.g. "menuScan". */
  menu?: string;
  /** The .dbd initial() value, as written there. */
  initial?: string;
  special?: FieldSpecial;
  /** pp(TRUE): a CA put processes the record when it is Passive. */
  pp?: boolean;
  /** prop(YES): a put posts DBE_PROPERTY to the record's subscribers (EPICS 3.16+). */
  prop?: boolean;
  /** promptgroup(): settable at design time (in a .db file). */
  promptgroup?: string;
  /** interest() level used by dbpr. */
  interest?: number;
  /** base(HEX): dbGetString (dbpr, dbl) prints the integer in hex, "0xa". */
  base?: 'HEX';
  /** asl(ASL0): writes need the lower access security level (default ASL1). */
  asl0?: boolean;
}

export interface MenuDef {
  name: string;
  /** Choices in order; `label` is the string clients see (e.g. "1 second"). */
  choices: readonly { id: string; label: string }[];
}

export interface RecordTypeDef {
  /** Record type name, e.g. "ai" (what RTYP and CLASS_NAME report). */
  name: string;
  /**
   * Every field of the record type in .dbd order, the dbCommon fields first (exactly as EPICS
   * base 7.0 lays them out). NOACCESS fields are included for completeness; they are never
   * served over CA.
   */
  fields: readonly FieldDef[];
}
