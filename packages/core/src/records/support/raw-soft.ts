/**
 * Raw values: "Raw Soft Channel" device support and the raw conversions records make with any
 * device support. devAiSoftRaw, devBiSoftRaw, devMbbiSoftRaw and devMbbiDirectSoftRaw read INP
 * into RVAL and the record converts RVAL to VAL; devAoSoftRaw, devBoSoftRaw, devMbboSoftRaw and
 * devMbboDirectSoftRaw write RVAL to OUT, which the record converts from VAL whatever its device
 * support (aoRecord.c, boRecord.c, mbboRecord.c and mbboDirectRecord.c convert()).
 */
import type { EpicsRecord } from '../record.js';
import { RAW_SOFT_CHANNEL, deviceChoices } from '../devices/device-table.js';
import { numOf } from '../field-value.js';
import { isConstantLink, readNumberInto } from './common.js';

/** menuConvert's SLOPE and LINEAR: both scale by ESLO and EOFF (devioc has no breakpoint tables). */
const LINR_SLOPE = 1;
const LINR_LINEAR = 2;
const TWO_32 = 4294967296;
const TWO_63 = 9223372036854775808;

/**
 * Whether the record's DTYP is Raw Soft Channel: second of the device supports of every record
 * type that has it (device-table.ts). Read by name, not through `rec.device`: ao asks at every
 * processing.
 */
export const isRawSoft = (rec: EpicsRecord): boolean => numOf(rec.v.DTYP) === 1 && deviceChoices(rec.typeName)[1] === RAW_SOFT_CHANNEL;

/** C's (epicsInt32) cast of a double as x86-64 makes it: truncation; NaN or out of range gives INT_MIN. */
export function toLong(value: number): number {
  const t = Math.trunc(value);
  return t >= -2147483648 && t <= 2147483647 ? t : -2147483648;
}

/** C's (epicsUInt32) cast of a double as gcc makes it on x86-64: through a 64-bit integer, keeping its low 32 bits. */
export function toUlong(value: number): number {
  const t = Math.trunc(value);
  if (!(Math.abs(t) < TWO_63)) return 0;
  return ((t % TWO_32) + TWO_32) % TWO_32;
}

/**
 * The raw input devices' read: INP as DBR_LONG (ai, mbbi) or DBR_ULONG (bi, mbbiDirect) into
 * RVAL. True when the read succeeded (a constant INP succeeds and leaves RVAL), so the record
 * converts RVAL; false when the link failed (its alarm is raised) and VAL stays.
 */
export function readRawInput(rec: EpicsRecord, unsigned: boolean): boolean {
  const value = readNumberInto(rec, 'INP', 'RVAL');
  if (value === undefined) return isConstantLink(rec, 'INP');
  rec.setQuiet('RVAL', unsigned ? toUlong(value) : toLong(value));
  return true;
}

/** A constant INP of a raw input device initialises RVAL, not VAL (recGblInitConstantLink into rval). */
export function initRawConstant(rec: EpicsRecord, unsigned: boolean): void {
  const spec = rec.links.spec('INP');
  if (spec.kind !== 'constant') return;
  const value = Number(Array.isArray(spec.value) ? spec.value[0] : spec.value);
  if (!Number.isNaN(value)) rec.setQuiet('RVAL', unsigned ? toUlong(value) : toLong(value));
}

/**
 * aiRecord.c convert(): RVAL + ROFF, times ASLO (when not 0), plus AOFF, then ESLO and EOFF for
 * LINR SLOPE or LINEAR; SMOO smooths against the previous VAL once it is finite (INIT restarts it).
 */
export function convertAiRaw(rec: EpicsRecord): void {
  let val = rec.num('RVAL') + rec.num('ROFF');
  const aslo = rec.num('ASLO');
  if (aslo !== 0) val *= aslo;
  val += rec.num('AOFF');
  const linr = rec.num('LINR');
  if (linr === LINR_SLOPE || linr === LINR_LINEAR) val = val * rec.num('ESLO') + rec.num('EOFF');
  const smoo = rec.num('SMOO');
  const previous = rec.num('VAL');
  if (smoo !== 0 && Number.isFinite(previous)) {
    const start = rec.num('INIT') !== 0 ? val : previous;
    val = val * (1 - smoo) + start * smoo;
  }
  rec.setQuiet('VAL', val);
}

/**
 * aoRecord.c convert()'s raw half: the output value (OVAL) back through LINR's EOFF/ESLO, AOFF,
 * ASLO and ROFF, rounded half away from zero and held to the 32-bit range.
 */
export function aoRawValue(rec: EpicsRecord, output: number): number {
  // Fields read by name (not rec.num): this runs at every processing of every ao.
  const v = rec.v;
  let value = output;
  const linr = numOf(v.LINR);
  if (linr === LINR_SLOPE || linr === LINR_LINEAR) {
    const eslo = numOf(v.ESLO);
    value = eslo === 0 ? 0 : (value - numOf(v.EOFF)) / eslo;
  }
  value -= numOf(v.AOFF);
  const aslo = numOf(v.ASLO);
  if (aslo !== 0) value /= aslo;
  value -= numOf(v.ROFF);
  if (value >= 0) return value >= 0x7fffffff - 0.5 ? 0x7fffffff : Math.trunc(value + 0.5);
  // NaN fails both comparisons, as in C, and ends as INT_MIN.
  return value > 0.5 - 0x80000000 ? Math.trunc(value - 0.5) : -2147483648;
}

/**
 * ai and ao init_record, for device support that "doesn't know about EOFF": ESLO 1 and EOFF 0
 * take EOFF from EGUL, unless LINR is SLOPE and the device support has an init_record (all of
 * them but ao's Raw Soft Channel), which restores the two.
 */
export function initEguOffset(rec: EpicsRecord, deviceHasInit: boolean): void {
  if (rec.num('ESLO') !== 1 || rec.num('EOFF') !== 0) return;
  if (deviceHasInit && rec.num('LINR') === LINR_SLOPE) return;
  rec.setQuiet('EOFF', rec.num('EGUL'));
}

/**
 * The mbb records' init_record: MASK from NOBT when MASK is 0, then, for Raw Soft Channel, all
 * 32 bits when NOBT is 0 and the mask shifted by SHFT.
 */
export function initMask(rec: EpicsRecord): void {
  const nobt = rec.num('NOBT');
  let mask = rec.num('MASK');
  if (mask === 0 && nobt >= 0 && nobt <= 32) mask = nobt === 32 ? 0xffffffff : 2 ** nobt - 1;
  if (isRawSoft(rec)) {
    if (nobt === 0) mask = 0xffffffff;
    mask = (mask << rec.num('SHFT')) >>> 0;
  }
  rec.setQuiet('MASK', mask);
}

/**
 * Posts RVAL with `mask` when it changed since last posted (ORAW), as the records' monitor() do
 * (ai with its VAL's events, when there are any; the others with DBE_VALUE|DBE_LOG added).
 */
export function postRawValue(rec: EpicsRecord, mask: number): void {
  const v = rec.v;
  const rval = numOf(v.RVAL);
  if (rval === numOf(v.ORAW)) return;
  v.ORAW = rval;
  rec.touch();
  rec.post('RVAL', mask);
}
