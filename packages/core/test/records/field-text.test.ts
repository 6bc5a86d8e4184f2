/**
 * Fields read as text (DBR_STRING) and calcout's link validity fields, as caget printed them
 * against softIoc 7.0.8.1 for the same records (every readable field of every record of
 * test/records/initial-state/initial.db, by hand, before this was written):
 * - a DBF_MENU field reads every choice of its menu, even past the 16 a CA enum carries
 *   (`caget REC.STAT` of an undefined record: "UDF", the 18th of menuAlarmStat), and a value past
 *   its choices as its number (SSCN's default: "65535"), as dbConvert's getMenuString;
 * - calcout's INAV…INLV and OUTV: "Constant" for a constant or empty link, "Local PV" for a
 *   record of the IOC, "Ext PV OK" / "Ext PV NC" for a CA link (a CP link is one, even to a
 *   record of the IOC).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { convertArray, enumToString } from '../../src/ca/protocol/dbr/convert.js';
import { NativeType } from '../../src/ca/protocol/dbr/types.js';
import { RecordDatabase, instantiateDb } from '../../src/records/index.js';
import { parseDb } from '../../src/records/db-file/parse.js';

const db = new RecordDatabase();
afterAll(() => db.close());
instantiateDb(
  db,
  parseDb(
    `record(ao, "T:ao") {}
record(calcout, "T:co") { field(INPA, "T:ao") field(INPB, "T:nowhere") field(INPC, "T:ao CP") field(OUT, "T:ao") field(CALC, "A") }
`,
    { file: 'text.db' },
  ),
);

/** A field read as DBR_STRING, as a CA get of that type converts it. */
function asText(record: string, field: string): string {
  const rec = db.get(record)!;
  const snap = rec.snapshot(field);
  return (convertArray(snap.value, snap.nativeType, NativeType.STRING, { precision: 0, enumStrings: snap.meta.enumStrings ?? [] }) as string[])[0]!;
}

describe('menu fields read as text', () => {
  it("read every choice of the menu, STAT's UDF (index 17) among them", () => {
    expect(db.get('T:ao')!.num('STAT')).toBe(17);
    expect(asText('T:ao', 'STAT')).toBe('UDF');
    expect(asText('T:ao', 'SEVR')).toBe('INVALID');
  });

  it('read a value past the choices as its number', () => {
    expect(asText('T:ao', 'SSCN')).toBe('65535');
  });

  it("leave a record's own states as they were: past 15, Illegal Value", () => {
    expect(enumToString(16, ['a', 'b'])).toBe('Illegal Value');
    expect(enumToString(1, ['a', 'b'])).toBe('b');
  });
});

describe("calcout's link validity", () => {
  it('shows each link as a constant, a local record or a CA link', () => {
    expect(['INAV', 'INBV', 'INCV', 'INDV', 'OUTV'].map((f) => asText('T:co', f))).toEqual(['Local PV', 'Ext PV NC', 'Ext PV OK', 'Constant', 'Local PV']);
  });
});
