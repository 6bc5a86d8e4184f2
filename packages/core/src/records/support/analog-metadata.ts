/**
 * get_units, get_precision, get_graphic_double, get_control_double and get_alarm_double of the
 * analog rsets (ai, ao, longin, longout, int64in, int64out, calc, calcout, sub, dfanout, sel):
 * each rset lists, in the switches of its C functions, the fields it answers for; this module
 * holds those lists, one table per record type, and answers from them.
 */
import type { PvMetadata } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord } from '../record.js';
import { numOf } from '../field-value.js';
import { isFloatField, recGblGetPrec } from './common.js';

/** One rset's lists, as its C functions' switches have them. */
export interface AnalogRset {
  /** get_units gives EGU to the fields of this DBF type (ai: DBF_DOUBLE; longin: DBF_LONG)… */
  readonly unitsDbf: 'DBF_DOUBLE' | 'DBF_LONG' | 'DBF_INT64';
  /** …except these (ai's ASLO, AOFF and SMOO). */
  readonly noUnits?: readonly string[];
  /**
   * get_precision gives PREC to float fields: these as it is, the others through recGblGetPrec
   * (15 when outside 0..15). Absent: the rset has no get_precision (longin, int64in…).
   */
  readonly exactPrecision?: readonly string[];
  /** get_graphic_double: the fields whose display limits are HOPR/LOPR. */
  readonly graphic: readonly string[];
  /** get_control_double: the fields whose control limits are HOPR/LOPR, or the drive limits. */
  readonly control: readonly string[];
  /**
   * The control limits of `control` are DRVH/DRVL: 'always' (ao), or 'ordered', once DRVH > DRVL
   * (longout, int64out: "do not change pre drvh/drvl behavior"); absent, HOPR/LOPR.
   */
  readonly drive?: 'always' | 'ordered';
  /**
   * get_alarm_double of VAL: HIHI…LOLO, NaN where the limit's severity is NO_ALARM (EPICS
   * 3.15+), or 'plain': as they are, whatever the severity (int64in, int64out).
   */
  readonly alarmLimits: 'by-severity' | 'plain';
  /**
   * A…L and LA…LL take units, precision, display and alarm limits from INPA…INPL's target
   * (calc, calcout, sub: their get_linkNumber).
   */
  readonly inputLinks?: boolean;
  /** Fields the rset answers for in a case of their own (calcout's ODLY). */
  readonly own?: (rec: EpicsRecord, field: string) => Partial<PvMetadata> | undefined;
}

/** The fields most analog rsets show within HOPR/LOPR: the value, its alarm limits and last values. */
const VALUE_AND_LIMITS = ['VAL', 'HIHI', 'HIGH', 'LOW', 'LOLO', 'LALM', 'ALST', 'MLST'] as const;
const INPUT_LETTERS = 'ABCDEFGHIJKL'.split('');
/** A…L and LA…LL. */
const INPUT_FIELDS = [...INPUT_LETTERS, ...INPUT_LETTERS.map((l) => `L${l}`)];

/** calcoutRecord.c's calcoutODLYprecision and calcoutODLYlimit, at their defaults. */
const CALCOUT_ODLY_PRECISION = 2;
const CALCOUT_ODLY_LIMIT = 100000;

export const AI_RSET: AnalogRset = {
  unitsDbf: 'DBF_DOUBLE',
  noUnits: ['ASLO', 'AOFF', 'SMOO'],
  exactPrecision: ['VAL'],
  graphic: [...VALUE_AND_LIMITS, 'SVAL'],
  control: [...VALUE_AND_LIMITS, 'SVAL'],
  alarmLimits: 'by-severity',
};

export const AO_RSET: AnalogRset = {
  unitsDbf: 'DBF_DOUBLE',
  noUnits: ['ASLO', 'AOFF'],
  exactPrecision: ['VAL', 'OVAL', 'PVAL'],
  graphic: [...VALUE_AND_LIMITS, 'OVAL', 'PVAL', 'IVOV'],
  control: [...VALUE_AND_LIMITS, 'OVAL', 'PVAL'],
  drive: 'always',
  alarmLimits: 'by-severity',
};

export const LONGIN_RSET: AnalogRset = { unitsDbf: 'DBF_LONG', graphic: [...VALUE_AND_LIMITS, 'SVAL'], control: [...VALUE_AND_LIMITS, 'SVAL'], alarmLimits: 'by-severity' };
export const LONGOUT_RSET: AnalogRset = { unitsDbf: 'DBF_LONG', graphic: VALUE_AND_LIMITS, control: VALUE_AND_LIMITS, drive: 'ordered', alarmLimits: 'by-severity' };
export const INT64IN_RSET: AnalogRset = { ...LONGIN_RSET, unitsDbf: 'DBF_INT64', alarmLimits: 'plain' };
export const INT64OUT_RSET: AnalogRset = { ...LONGOUT_RSET, unitsDbf: 'DBF_INT64', alarmLimits: 'plain' };

export const CALC_RSET: AnalogRset = {
  unitsDbf: 'DBF_DOUBLE',
  exactPrecision: ['VAL'],
  graphic: VALUE_AND_LIMITS,
  control: VALUE_AND_LIMITS,
  alarmLimits: 'by-severity',
  inputLinks: true,
};

export const CALCOUT_RSET: AnalogRset = {
  ...CALC_RSET,
  // Seconds, calcoutODLYprecision, display from 0 to DBF_DOUBLE's top (recGblGetGraphicDouble
  // with the lower limit set to 0), control 0 to calcoutODLYlimit.
  own: (_rec, field) =>
    field === 'ODLY' ? { units: 's', precision: CALCOUT_ODLY_PRECISION, lowerDisplay: 0, lowerControl: 0, upperControl: CALCOUT_ODLY_LIMIT } : undefined,
};

export const SUB_RSET: AnalogRset = CALC_RSET;

export const DFANOUT_RSET: AnalogRset = {
  unitsDbf: 'DBF_DOUBLE',
  exactPrecision: ['VAL'],
  graphic: VALUE_AND_LIMITS,
  control: ['VAL', 'LALM', 'ALST', 'MLST'],
  alarmLimits: 'by-severity',
};

/**
 * sel: A…L and LA…LL within HOPR/LOPR too. Its get_precision means to give them PREC as it is,
 * but compares the field's address with that of a local variable, so they go through
 * recGblGetPrec as every other field.
 */
export const SEL_RSET: AnalogRset = {
  unitsDbf: 'DBF_DOUBLE',
  exactPrecision: ['VAL'],
  graphic: [...VALUE_AND_LIMITS, ...INPUT_FIELDS],
  control: [...VALUE_AND_LIMITS, ...INPUT_FIELDS],
  alarmLimits: 'by-severity',
};

/** An AnalogRset with its lists as sets. */
interface CompiledRset {
  readonly rset: AnalogRset;
  readonly noUnits: ReadonlySet<string>;
  readonly exactPrecision: ReadonlySet<string> | undefined;
  readonly graphic: ReadonlySet<string>;
  readonly control: ReadonlySet<string>;
  readonly inputs: ReadonlySet<string>;
}

/** Every field the metadata of VAL reads (RecordSupport.metadataFields). */
export const ANALOG_METADATA_FIELDS: readonly string[] = ['EGU', 'PREC', 'HOPR', 'LOPR', 'DRVH', 'DRVL', 'HIHI', 'HIGH', 'LOW', 'LOLO', 'HHSV', 'HSV', 'LSV', 'LLSV'];

/** RecordSupport.metadata for a record type of `rset`. */
export function analogMetadata(rset: AnalogRset): (rec: EpicsRecord, field: string) => Partial<PvMetadata> {
  const compiled: CompiledRset = {
    rset,
    noUnits: new Set(rset.noUnits ?? []),
    exactPrecision: rset.exactPrecision === undefined ? undefined : new Set(rset.exactPrecision),
    graphic: new Set(rset.graphic),
    control: new Set(rset.control),
    inputs: new Set(rset.inputLinks === true ? INPUT_FIELDS : []),
  };
  return (rec, field) => metadataOf(compiled, rec, field);
}

function metadataOf(c: CompiledRset, rec: EpicsRecord, field: string): Partial<PvMetadata> {
  const { rset } = c;
  const own = rset.own?.(rec, field);
  if (own !== undefined) return own;
  if (c.inputs.has(field)) return inputMetadata(rec, `INP${field[field.length - 1]}`);
  const f = rec.field(field);
  const meta: Partial<PvMetadata> = {};
  if (f === undefined) return meta;
  if (f.dbf === rset.unitsDbf && !c.noUnits.has(field)) meta.units = rec.str('EGU');
  if (c.exactPrecision !== undefined && isFloatField(rec, field)) {
    const prec = numOf(rec.v.PREC);
    meta.precision = c.exactPrecision.has(field) ? prec : recGblGetPrec(prec);
  }
  if (c.graphic.has(field)) {
    meta.upperDisplay = numOf(rec.v.HOPR);
    meta.lowerDisplay = numOf(rec.v.LOPR);
  }
  if (c.control.has(field)) {
    const v = rec.v;
    const drive = rset.drive === 'always' || (rset.drive === 'ordered' && numOf(v.DRVH) > numOf(v.DRVL));
    meta.upperControl = numOf(drive ? v.DRVH : v.HOPR);
    meta.lowerControl = numOf(drive ? v.DRVL : v.LOPR);
  }
  if (field === 'VAL') {
    const v = rec.v;
    const plain = rset.alarmLimits === 'plain';
    meta.upperAlarm = plain || numOf(v.HHSV) !== 0 ? numOf(v.HIHI) : Number.NaN;
    meta.upperWarning = plain || numOf(v.HSV) !== 0 ? numOf(v.HIGH) : Number.NaN;
    meta.lowerWarning = plain || numOf(v.LSV) !== 0 ? numOf(v.LOW) : Number.NaN;
    meta.lowerAlarm = plain || numOf(v.LLSV) !== 0 ? numOf(v.LOLO) : Number.NaN;
  }
  return meta;
}

/**
 * An input value of calc, calcout and sub (A..L, LA..LL): units, precision, display and alarm
 * limits are those of its link's target (dbGetUnits, dbGetPrecision, dbGetGraphicLimits,
 * dbGetAlarmLimits, which dbGet the target field as DBR_DOUBLE with its options: an integer
 * target has precision 0). A constant, empty or unconnected link gives none of them: no units,
 * the record's PREC, display limits 0..0, no alarm limits. Control limits stay the range of
 * DBF_DOUBLE (get_control_double's default, recGblGetControlDouble).
 */
function inputMetadata(rec: EpicsRecord, link: string): Partial<PvMetadata> {
  const target = rec.links.metadata(link);
  if (target === undefined) return { units: '', precision: numOf(rec.v.PREC), upperDisplay: 0, lowerDisplay: 0 };
  const { units, precision, upperDisplay, lowerDisplay, upperAlarm, upperWarning, lowerWarning, lowerAlarm } = target;
  return { units, precision, upperDisplay, lowerDisplay, upperAlarm, upperWarning, lowerWarning, lowerAlarm };
}
