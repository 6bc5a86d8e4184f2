/**
 * Simulation mode (recGbl.c's recGblInitSimm/recGblGetSimm/recGblCheckSimm and the records'
 * readValue/writeValue): SIML sets SIMM; while SIMM is not NO an input reads SIOL instead of its
 * device (into SVAL, then VAL, or RVAL for RAW) and an output writes SIOL instead of OUT (VAL or
 * OVAL, RVAL for RAW), either way with a SIMM alarm of severity SIMS. When SIMM changes and SSCN
 * is not 65535, SCAN and SSCN swap.
 */
import { AlarmSeverity, AlarmStatus } from '../../ca/protocol/dbr/types.js';
import type { EpicsRecord, RecordSupport } from '../record.js';
import { numOf } from '../field-value.js';
import { isConstantLink, readNumber, readString, writeNumber, writeString } from './common.js';
import { toLong, toUlong } from './raw-soft.js';

/** menuSimm (menuYesNo has the first two). */
export const SIMM_NO = 0;
export const SIMM_YES = 1;
export const SIMM_RAW = 2;
/** What simulationMode() returns for a mode past the record's menu: SOFT/INVALID, no I/O. */
export const SIMM_INVALID = -1;
/** SSCN's initial value: no scan swap. */
const SSCN_NONE = 65535;

/** recGblSaveSimm: OLDSIMM keeps SIMM, unless SSCN is 65535. */
function saveSimm(rec: EpicsRecord): void {
  if (numOf(rec.v.SSCN) !== SSCN_NONE) rec.setQuiet('OLDSIMM', numOf(rec.v.SIMM));
}

/** recGblCheckSimm: a SIMM that changed swaps SCAN and SSCN (unless SSCN is 65535). */
function checkSimm(rec: EpicsRecord): void {
  const sscn = numOf(rec.v.SSCN);
  if (sscn === SSCN_NONE || numOf(rec.v.SIMM) === numOf(rec.v.OLDSIMM)) return;
  const scan = numOf(rec.v.SCAN);
  rec.setQuiet('SCAN', sscn);
  rec.setQuiet('SSCN', scan);
  rec.host.scanChanged(rec);
}

/** dbLoadLink of a constant SIML into SIMM (DBF_USHORT); an empty link leaves it. */
function initSimulationMode(rec: EpicsRecord): void {
  const spec = rec.links.spec('SIML');
  if (spec.kind === 'pv') return;
  saveSimm(rec);
  if (spec.kind === 'constant') {
    const value = Number(Array.isArray(spec.value) ? spec.value[0] : spec.value);
    if (!Number.isNaN(value)) rec.setQuiet('SIMM', Math.trunc(value) & 0xffff);
  }
  checkSimm(rec);
}

/**
 * recGblInitConstantLink(SIOL → SVAL) of the input records that have SVAL: a constant SIOL
 * sets it at init.
 */
function initSimulationValue(rec: EpicsRecord): void {
  const spec = rec.links.spec('SIOL');
  if (spec.kind !== 'constant' || rec.field('SVAL') === undefined) return;
  const value = Array.isArray(spec.value) ? spec.value[0] : spec.value;
  if (value !== undefined) rec.configureValue('SVAL', value);
}

/**
 * The record types with simulation mode, made so: init_record loads a constant SIML (and a
 * constant SIOL into SVAL) before the rest of init, and a put to SIMM (SPC_MOD) saves the mode
 * before and swaps SCAN and SSCN after when it changed.
 */
export function withSimulation(support: RecordSupport): RecordSupport {
  const { init, special, process } = support;
  return {
    ...support,
    // SDLY is -1 unless set: one field read at every processing of every such record. (Not a
    // wrapper around process(): V8 inlined ao's processing into such a wrapper, and that
    // processing then called postNumericValue and writeNumber as functions instead of inlining
    // them, as --trace-turbo-inlining showed.)
    deferProcess: (rec) => numOf(rec.v.SDLY) >= 0 && !resuming.has(rec) && startsSimulationDelay(rec, process),
    init(rec) {
      initSimulationMode(rec);
      initSimulationValue(rec);
      init?.(rec);
    },
    special(rec, field, after) {
      if (field === 'SIMM') {
        if (after) checkSimm(rec);
        else saveSimm(rec);
      }
      special?.(rec, field, after);
    },
  };
}

/**
 * Records in the second half of a processing delayed by SDLY (EPICS: processed again with PACT
 * set), which does not read SIML again.
 */
const resuming = new WeakSet<EpicsRecord>();

/**
 * SDLY >= 0 in simulation mode: readValue/writeValue schedules the processing again after SDLY
 * seconds and returns with the record active (PACT), so the SIOL read or write, the monitors and
 * the forward link come after the delay. Here the whole processing runs then, not reading SIML
 * again (an output's DOL is then read after the delay, where EPICS reads it before). Returns
 * whether the delay was started.
 */
function startsSimulationDelay(rec: EpicsRecord, process: (rec: EpicsRecord) => void): boolean {
  const sdly = numOf(rec.v.SDLY);
  const mode = simulationMode(rec);
  if (mode !== SIMM_YES && mode !== SIMM_RAW) return false;
  rec.beginAsync();
  const timer = setTimeout(() => {
    rec.endAsync(() => {
      resuming.add(rec);
      try {
        process(rec);
      } finally {
        resuming.delete(rec);
      }
    });
  }, sdly * 1000);
  timer.unref();
  return true;
}

/**
 * recGblGetSimm, then readValue/writeValue's switch: SIML (when it is a PV link) read into SIMM
 * (a failed read raises no severity: only LINK status when there is no alarm yet), and when the
 * mode is not NO the SIMM alarm with severity SIMS. Returns the mode; a mode past RAW (SIMM
 * read from SIML as any number) is device support's "default:" branch: SOFT/INVALID, no I/O.
 */
export function simulationMode(rec: EpicsRecord): number {
  const v = rec.v;
  const siml = rec.links.spec('SIML');
  if (siml.kind !== 'pv' || resuming.has(rec)) {
    if (numOf(v.SIMM) === SIMM_NO) return SIMM_NO;
  } else {
    saveSimm(rec);
    if (rec.links.isConnected('SIML')) {
      const mode = readNumber(rec, 'SIML');
      if (mode !== undefined) rec.setQuiet('SIMM', Math.trunc(mode) & 0xffff);
    } else if (rec.nsev === 0) rec.nsta = AlarmStatus.LINK;
    checkSimm(rec);
  }
  const mode = numOf(v.SIMM);
  if (mode === SIMM_NO) return SIMM_NO;
  if (mode > SIMM_RAW || (mode === SIMM_RAW && !hasRawMode(rec))) {
    rec.setSevr(AlarmStatus.SOFT, AlarmSeverity.INVALID);
    rec.reportFailure('SIMM');
    return SIMM_INVALID;
  }
  rec.setSevr(AlarmStatus.SIMM, numOf(v.SIMS));
  return mode;
}

/** menuSimm (NO, YES, RAW) rather than menuYesNo. */
const hasRawMode = (rec: EpicsRecord): boolean => rec.field('SIMM')?.menu === 'menuSimm';

/** How SIOL is read into SVAL (the DBR type of each record's dbGetLink). */
export type SimulatedKind = 'double' | 'int64' | 'long' | 'ulong';

/**
 * An input's read of SIOL into SVAL (dbGetLink): the value read (converted as the record's
 * DBR type converts it), or SVAL as it is when SIOL is a constant or empty (such a read
 * succeeds without a value); undefined when the link failed (its alarm is raised).
 */
export function readSimulatedNumber(rec: EpicsRecord, kind: SimulatedKind): number | undefined {
  const value = readNumber(rec, 'SIOL');
  if (value === undefined) return isConstantLink(rec, 'SIOL') ? numOf(rec.v.SVAL) : undefined;
  const converted = kind === 'double' ? value : kind === 'int64' ? Math.trunc(value) : kind === 'long' ? toLong(value) : toUlong(value);
  if (rec.field('SVAL') !== undefined) rec.setQuiet('SVAL', converted);
  return converted;
}

/** The same for DBR_STRING (stringin's SVAL, lsi's VAL). */
export function readSimulatedString(rec: EpicsRecord): string | undefined {
  const value = readString(rec, 'SIOL');
  const hasSval = rec.field('SVAL') !== undefined;
  if (value === undefined) return hasSval && isConstantLink(rec, 'SIOL') ? String(rec.v.SVAL ?? '') : undefined;
  if (hasSval) rec.setQuiet('SVAL', value);
  return value;
}

/** An output's dbPutLink to SIOL of text (stringout, lso). */
export function writeSimulatedString(rec: EpicsRecord, value: string): void {
  writeString(rec, 'SIOL', value);
}

/**
 * writeValue of the records that write a number: SIML, then OUT through the device support
 * (`device`, of an integer DBR type when `deviceInteger`) or, in simulation mode, SIOL: `value`
 * for YES (VAL, ao's OVAL), `raw` (RVAL) for RAW.
 */
export function writeOutputNumber(rec: EpicsRecord, device: number, value: number, raw: number, deviceInteger = false): void {
  const mode = simulationMode(rec);
  if (mode === SIMM_NO) writeNumber(rec, 'OUT', device, deviceInteger);
  // dbPutLink to SIOL: as DBR_LONG when an integer that fits, else DBR_DOUBLE.
  else if (mode !== SIMM_INVALID) writeNumber(rec, 'SIOL', mode === SIMM_RAW ? raw : value, true);
}
