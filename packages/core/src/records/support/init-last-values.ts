/**
 * What the end of each record type's init_record (EPICS 7.0.8.1) copies: the last values that
 * monitors, archive deadbands and alarm hysteresis compare with start at the initial value, so
 * that processing a record whose value did not change posts nothing, as in softIoc (MLST, ALST,
 * LALM = VAL; ORAW = RVAL; ORBV = RBV; PVAL = VAL); ai and ao also start with INIT set (their
 * first processing clears it). Checked field by field against softIoc (caget of each).
 */
import type { EpicsRecord } from '../record.js';

const MONITOR = [['MLST', 'VAL'], ['ALST', 'VAL'], ['LALM', 'VAL']] as const;

/** The copies per record type, transcribed from the `*Record.c` init_record() functions. */
const COPIES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  // ai: init_record returns before these lines when the device support has an init_record,
  // as Soft Channel does, so they stay 0 (only INIT is set).
  ao: [...MONITOR, ['ORAW', 'RVAL'], ['ORBV', 'RBV']],
  bi: [['MLST', 'VAL'], ['LALM', 'VAL'], ['ORAW', 'RVAL']],
  bo: [['MLST', 'VAL'], ['LALM', 'VAL'], ['ORAW', 'RVAL'], ['ORBV', 'RBV']],
  calcout: [...MONITOR, ['PVAL', 'VAL']],
  int64in: MONITOR,
  int64out: MONITOR,
  longin: MONITOR,
  longout: [...MONITOR, ['PVAL', 'VAL']],
  mbbiDirect: [['MLST', 'VAL'], ['ORAW', 'RVAL']],
  mbbi: [['MLST', 'VAL'], ['LALM', 'VAL'], ['ORAW', 'RVAL']],
  mbboDirect: [['MLST', 'VAL'], ['ORAW', 'RVAL'], ['ORBV', 'RBV']],
  mbbo: [['MLST', 'VAL'], ['LALM', 'VAL'], ['ORAW', 'RVAL'], ['ORBV', 'RBV']],
};

/** Called once after a record's support init (init_record's last lines). */
export function initLastValues(rec: EpicsRecord): void {
  for (const [to, from] of COPIES[rec.typeName] ?? []) {
    // A copy equal to what the field holds already (the type's default, mostly) is not stored:
    // the record keeps only the values it changes (about 100 bytes per record).
    if (rec.field(to) !== undefined && rec.field(from) !== undefined && !Object.is(rec.get(to), rec.get(from))) rec.setQuiet(to, rec.get(from));
  }
  if ((rec.typeName === 'ai' || rec.typeName === 'ao') && rec.field('INIT') !== undefined) rec.setQuiet('INIT', 1);
}
