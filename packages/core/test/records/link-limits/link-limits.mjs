/**
 * calc, calcout and sub records whose inputs A..D come through DB links (an ai's VAL, a
 * longin's VAL, an ai's HOPR) and a constant: the units, precision and display/control limits
 * served with A..L come from the link's target (calcRecord.c get_units, get_precision,
 * get_graphic_double: dbGetUnits, dbGetPrecision, dbGetGraphicLimits), the control limits from
 * the range of DBF_DOUBLE (recGblGetControlDouble). Shared by capture-softioc.mjs (against EPICS
 * softIoc) and link-limits.test.ts (against devioc).
 */
import { normalise } from '../initial-state/initial.mjs';

const SOURCES = [
  'record(ai, "L:src") { field(VAL, "3.25") field(HOPR, "10") field(LOPR, "-5") field(EGU, "mm") field(PREC, "3") field(HIHI, "8") field(HHSV, "MAJOR") }',
  'record(longin, "L:isrc") { field(VAL, "7") field(HOPR, "100") field(LOPR, "1") field(EGU, "cts") }',
];
const INPUTS = 'field(INPA, "L:src") field(INPB, "L:isrc NPP") field(INPC, "2.5") field(INPD, "L:src.HOPR")';
const OWN = 'field(EGU, "V") field(PREC, "1") field(HOPR, "50") field(LOPR, "-50")';

export const RECORDS = ['L:calc', 'L:calcout', 'L:sub'];
const FIELDS = ['VAL', 'A', 'B', 'C', 'D', 'E'];

/** The .db text both servers load. */
export function databaseText() {
  return [
    ...SOURCES,
    `record(calc, "L:calc") { ${INPUTS} field(CALC, "A+B+C+D") ${OWN} }`,
    `record(calcout, "L:calcout") { ${INPUTS} field(CALC, "A+B+C+D") ${OWN} }`,
    `record(sub, "L:sub") { ${INPUTS} ${OWN} }`,
  ]
    .join('\n')
    .concat('\n');
}

/** Reads every record's input fields in the GR and CTRL families with `client` (a devioc CaClient). */
export async function readLinkLimits(client) {
  const answers = {};
  for (const record of RECORDS) {
    for (const field of FIELDS) {
      const name = `${record}.${field}`;
      const reads = {};
      for (const family of ['gr', 'ctrl']) {
        try {
          const r = normalise(await client.get(name, { type: family }));
          delete r.stamped;
          reads[family] = r;
        } catch (err) {
          reads[family] = { error: String(err.message) };
        }
      }
      answers[name] = reads;
    }
  }
  return answers;
}
