/**
 * The monitor-posts scenario, shared by capture-monitor-posts.mjs (against EPICS softIoc) and
 * test/monitor-posts-pyepics.test.ts (against devioc softioc): the fields watched, and the
 * steps, each a list of puts with completion. The records are in
 * fixtures/records/monitor-posts/monitor-posts.db.
 */
export const NAMES = [
  ...['VAL', 'STAT', 'SEVR', 'AMSG', 'ACKS', 'HIHI'].map((f) => `P:ai.${f}`),
  ...['VAL', 'A', 'B', 'L', 'STAT'].map((f) => `P:calc.${f}`),
  ...['VAL', 'A', 'OVAL'].map((f) => `P:co.${f}`),
  ...['VAL', 'LEN', 'OLEN'].map((f) => `P:lsi.${f}`),
  ...['STAT', 'SEVR'].map((f) => `P:hist.${f}`),
  ...['VAL', 'STAT', 'ACKS'].map((f) => `P:bo.${f}`),
  ...['STAT', 'AMSG', 'NAMSG'].map((f) => `P:link.${f}`),
  ...['VAL', 'NORD', 'UDF'].map((f) => `P:sa.${f}`),
  'P:hist.UDF',
];

export const MARKER = 'P:mark';

export const STEPS = [
  // The first processing after init: UDF/INVALID cleared.
  [['P:ai', 1]],
  [['P:ai', 95]],
  [['P:ai.DISA', 1], ['P:ai.PROC', 1]],
  [['P:ai.PROC', 1]],
  [['P:ai.DISA', 0], ['P:ai', 1]],
  // A property field (pp): every watched field of the record gets DBE_PROPERTY.
  [['P:ai.HIHI', 80]],
  [['P:calc.PROC', 1]],
  [['P:calc.PROC', 1]],
  [['P:ai', 2], ['P:calc.PROC', 1]],
  [['P:co.PROC', 1]],
  [['P:lsi', 'ab']],
  [['P:lsi', 'abcd']],
  [['P:lsi', 'wxyz']],
  [['P:hist.PROC', 1]],
  [['P:hist.PROC', 1]],
  [['P:bo', 1]],
  [['P:bo', 0]],
  // A link alarm's message stays in AMSG (and NAMSG) after the alarm has gone.
  [['P:link.PROC', 1]],
  [['P:link.INP', 'P:ai']],
  [['P:link.PROC', 1]],
  // A subArray's put posts NORD; without INP, its processing keeps NELM of what was put.
  [['P:sa', [1, 2, 3]]],
  [['P:sa.PROC', 1]],
  // A histogram's counts take a put, which clears UDF (posted by nothing).
  [['P:hist.VAL', [2, 7]]],
  [['P:hist.PROC', 1]],
];
