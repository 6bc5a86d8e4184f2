/**
 * The record-type tables (src/records/types) against what a real EPICS 7.0.8 softIoc reports:
 * fixtures/record-fields.json, captured by fixtures/capture-record-fields.mjs with dbDumpField,
 * dbDumpMenu, cainfo and camonitor. Runs without EPICS: it only reads the JSON.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NativeType } from '../../../src/ca/protocol/dbr/types.js';
import { COMMON_FIELDS } from '../../../src/records/fields/common.js';
import { caNativeTypeOf, isLinkDbf } from '../../../src/records/fields/dbf.js';
import type { DbfType, FieldDef, FieldSpecial, RecordTypeDef } from '../../../src/records/fields/field-def.js';
import { MENUS, menuScan } from '../../../src/records/fields/menus.js';
import {
  RECORD_TYPES, aiRecordType, fieldDef, mbbiDirectRecordType, recordType,
} from '../../../src/records/types/index.js';

interface CaInfo {
  connected: boolean;
  /** cainfo "Native data type", e.g. "DBF_DOUBLE" */
  nativeType?: string;
  count?: number;
  /** "read, write" or "read, no write" */
  access?: string;
}
interface CapturedField {
  name: string;
  dbf: DbfType;
  prompt: string;
  size: number;
  special: FieldSpecial | null;
  pp: boolean;
  prop: boolean;
  base: number;
  promptgroup: string | null;
  interest: number;
  asl: number;
  initial: string | null;
  menu?: string;
  ca: CaInfo;
}
interface Fixture {
  epicsVersion: string;
  records: Record<string, { record: string; dbFields: Record<string, string>; fields: CapturedField[] }>;
  variants: { type: string; record: string; dbFields: Record<string, string>; ca: Record<string, Required<Omit<CaInfo, 'connected'>>> }[];
  menus: Record<string, { id: string; label: string }[]>;
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/record-fields.json', import.meta.url), 'utf8'),
) as Fixture;

/** The attributes a FieldDef states, with the .dbd defaults filled in, comparable to a capture. */
function fromTable(f: FieldDef) {
  return {
    name: f.name,
    dbf: f.dbf,
    prompt: f.prompt,
    size: f.size ?? null,
    menu: f.menu ?? null,
    initial: f.initial ?? null,
    special: f.special ?? null,
    pp: f.pp ?? false,
    prop: f.prop ?? false,
    promptgroup: f.promptgroup ?? null,
    interest: f.interest ?? 0,
    asl0: f.asl0 ?? false,
  };
}
function fromCapture(f: CapturedField): ReturnType<typeof fromTable> {
  return {
    name: f.name,
    dbf: f.dbf,
    prompt: f.prompt,
    // FieldDef.size is the buffer size of DBF_STRING fields only; dbDumpField gives C sizes for all
    size: f.dbf === 'DBF_STRING' ? f.size : null,
    menu: f.menu ?? null,
    initial: f.initial,
    special: f.special,
    pp: f.pp,
    prop: f.prop,
    promptgroup: f.promptgroup,
    interest: f.interest,
    asl0: f.asl === 0,
  };
}

/** cainfo's "DBF_DOUBLE" as a NativeType. */
function nativeOf(caName: string): NativeType {
  const key = caName.replace(/^DBF_/, '') as keyof typeof NativeType;
  const t = NativeType[key];
  if (t === undefined) throw new Error(`unexpected CA native type ${caName}`);
  return t;
}

/**
 * SPC_DBADDR fields whose record support picks the CA type and count at channel creation
 * (cvt_dbaddr), given the record's configuration in the capture.
 */
const DBADDR_FIELDS: Record<string, (rec: Record<string, string>) => { nativeType: NativeType; count: number }> = {
  'waveform.VAL': (r) => ({ nativeType: nativeOf(`DBF_${r.FTVL}`), count: Number(r.NELM) }),
  'aai.VAL': (r) => ({ nativeType: nativeOf(`DBF_${r.FTVL}`), count: Number(r.NELM) }),
  'aao.VAL': (r) => ({ nativeType: nativeOf(`DBF_${r.FTVL}`), count: Number(r.NELM) }),
  'lsi.VAL': () => ({ nativeType: NativeType.STRING, count: 1 }),
  'lsi.OVAL': () => ({ nativeType: NativeType.STRING, count: 1 }),
  'lso.VAL': () => ({ nativeType: NativeType.STRING, count: 1 }),
  'lso.OVAL': () => ({ nativeType: NativeType.STRING, count: 1 }),
  // DBF_ENUM while any state string is set, otherwise served as USHORT (so LONG over CA)
  'compress.VAL': (r) => ({ nativeType: NativeType.DOUBLE, count: Number(r.NSAM) }),
  // histogram counts are DBF_ULONG, served as DOUBLE
  'histogram.VAL': (r) => ({ nativeType: NativeType.DOUBLE, count: Number(r.NELM) }),
  'subArray.VAL': (r) => ({ nativeType: nativeOf(`DBF_${r.FTVL}`), count: Number(r.MALM) }),
  'printf.VAL': () => ({ nativeType: NativeType.STRING, count: 1 }),
  ...Object.fromEntries('ABCDEFGHIJKLMNOPQRSTU'.split('').flatMap((l) => [
    [`aSub.${l}`, (r: Record<string, string>) => ({ nativeType: nativeOf(`DBF_${r[`FT${l}`] ?? 'DOUBLE'}`), count: Number(r[`NO${l}`] ?? 1) })],
    [`aSub.VAL${l}`, (r: Record<string, string>) => ({ nativeType: nativeOf(`DBF_${r[`FTV${l}`] ?? 'DOUBLE'}`), count: Number(r[`NOV${l}`] ?? 1) })],
  ])),
  'mbbo.VAL': (r) => ({ nativeType: r.ZRST || r.ONST ? NativeType.ENUM : NativeType.LONG, count: 1 }),
};

describe('record-fields.json fixture', () => {
  it('comes from EPICS base 7.0.8', () => {
    expect(fixture.epicsVersion).toMatch(/^7\.0\.8(\.|$)/);
  });

  it('covers exactly the record types in RECORD_TYPES', () => {
    expect(Object.keys(fixture.records).sort()).toEqual([...RECORD_TYPES.keys()].sort());
  });
});

describe.each([...RECORD_TYPES.values()].map((t): [string, RecordTypeDef] => [t.name, t]))('%s record type', (name, def) => {
  const captured = fixture.records[name]!;

  it('is registered under its name', () => {
    expect(def.name).toBe(name);
    expect(recordType(name)).toBe(def);
  });

  it('has the IOC\'s field names in the IOC\'s order', () => {
    expect(def.fields.map((f) => f.name)).toEqual(captured.fields.map((f) => f.name));
    expect(new Set(def.fields.map((f) => f.name)).size).toBe(def.fields.length);
  });

  it('matches dbDumpField for every field (DBF type, prompt, string size, menu, initial, special, pp, prop, promptgroup, interest, asl)', () => {
    expect(def.fields.map(fromTable)).toEqual(captured.fields.map(fromCapture));
  });

  it('starts with the dbCommon fields', () => {
    expect(def.fields.slice(0, COMMON_FIELDS.length)).toEqual(COMMON_FIELDS);
    def.fields.slice(0, COMMON_FIELDS.length).forEach((f, i) => expect(f).toBe(COMMON_FIELDS[i]));
  });

  it('names a known menu on every DBF_MENU field and on no other', () => {
    for (const f of def.fields) {
      if (f.dbf === 'DBF_MENU') expect(MENUS.has(f.menu ?? ''), `${name}.${f.name} menu ${f.menu}`).toBe(true);
      else expect(f.menu, `${name}.${f.name}`).toBeUndefined();
    }
  });

  it('is served over CA with the native type caNativeTypeOf gives (cainfo), NOACCESS fields refused', () => {
    for (const f of captured.fields) {
      const where = `${name}.${f.name} (${f.dbf})`;
      const dbaddr = DBADDR_FIELDS[`${name}.${f.name}`];
      if (f.special === 'SPC_DBADDR') expect(dbaddr, `${where}: SPC_DBADDR field without a rule`).toBeDefined();
      if (dbaddr) {
        expect(f.special, where).toBe('SPC_DBADDR');
        expect(f.ca.connected, where).toBe(true);
        expect({ nativeType: nativeOf(f.ca.nativeType!), count: f.ca.count }, where).toEqual(dbaddr(captured.dbFields));
      } else if (f.dbf === 'DBF_NOACCESS') {
        expect(f.ca.connected, where).toBe(false);
        expect(caNativeTypeOf(f.dbf)).toBeUndefined();
      } else {
        expect(f.ca.connected, where).toBe(true);
        expect(nativeOf(f.ca.nativeType!), where).toBe(caNativeTypeOf(f.dbf));
        expect(f.ca.count, where).toBe(1);
      }
    }
  });

  it('is read-only over CA exactly where special(SPC_NOMOD)', () => {
    for (const f of captured.fields) {
      if (!f.ca.connected) continue;
      // lsi/lso OVAL: cvt_dbaddr makes the old value SPC_NOMOD at channel creation
      const readOnly = f.special === 'SPC_NOMOD' || ((name === 'lsi' || name === 'lso') && f.name === 'OVAL');
      expect(f.ca.access, `${name}.${f.name}`).toBe(readOnly ? 'read, no write' : 'read, write');
    }
  });
});

describe('SPC_DBADDR fields of differently configured records', () => {
  it.each(fixture.variants.flatMap((v) => Object.entries(v.ca).map(([field, ca]) => ({ ...v, field, got: ca }))))(
    '$record.$field',
    ({ type, field, dbFields, got }) => {
      const key = `${type}.${field}`;
      // mbbi VAL is a plain DBF_ENUM field: no record-support rule needed
      const expected = DBADDR_FIELDS[key]?.(dbFields) ?? { nativeType: caNativeTypeOf(fieldDef(type, field)!.dbf), count: 1 };
      expect({ nativeType: nativeOf(got.nativeType), count: got.count }).toEqual(expected);
    },
  );
});

describe('MENUS', () => {
  it('holds exactly the menus the record types use', () => {
    const used = new Set([...RECORD_TYPES.values()].flatMap((t) => t.fields.flatMap((f) => (f.menu ? [f.menu] : []))));
    expect([...MENUS.keys()].sort()).toEqual([...used].sort());
    expect([...MENUS.keys()].sort()).toEqual(Object.keys(fixture.menus).sort());
  });

  it.each([...MENUS.values()].map((m) => [m.name, m] as const))('%s matches dbDumpMenu', (name, menu) => {
    expect(menu.name).toBe(name);
    expect(menu.choices).toEqual(fixture.menus[name]);
  });

  it('menuScan has the EPICS labels', () => {
    expect(menuScan.choices.map((c) => c.label)).toEqual([
      'Passive', 'Event', 'I/O Intr', '10 second', '5 second', '2 second', '1 second', '.5 second', '.2 second', '.1 second',
    ]);
  });
});

describe('caNativeTypeOf', () => {
  it('maps every DBF type as channel-access.md §5.1 says', () => {
    const expected: Record<DbfType, NativeType | undefined> = {
      DBF_STRING: NativeType.STRING, DBF_CHAR: NativeType.CHAR, DBF_UCHAR: NativeType.CHAR, DBF_SHORT: NativeType.SHORT,
      DBF_USHORT: NativeType.LONG, DBF_LONG: NativeType.LONG, DBF_ULONG: NativeType.DOUBLE, DBF_INT64: NativeType.DOUBLE,
      DBF_UINT64: NativeType.DOUBLE, DBF_FLOAT: NativeType.FLOAT, DBF_DOUBLE: NativeType.DOUBLE, DBF_ENUM: NativeType.ENUM,
      DBF_MENU: NativeType.ENUM, DBF_DEVICE: NativeType.ENUM, DBF_INLINK: NativeType.STRING, DBF_OUTLINK: NativeType.STRING,
      DBF_FWDLINK: NativeType.STRING, DBF_NOACCESS: undefined,
    };
    for (const [dbf, nt] of Object.entries(expected) as [DbfType, NativeType | undefined][]) {
      expect(caNativeTypeOf(dbf), dbf).toBe(nt);
      expect(isLinkDbf(dbf), dbf).toBe(dbf.endsWith('LINK'));
    }
  });

  it('is confirmed by cainfo for every DBF type the record types use except CHAR and FLOAT (no such fields)', () => {
    const seen = new Set(Object.values(fixture.records).flatMap((r) => r.fields.filter((f) => f.special !== 'SPC_DBADDR').map((f) => f.dbf)));
    expect([...seen].sort()).toEqual([
      'DBF_DEVICE', 'DBF_DOUBLE', 'DBF_ENUM', 'DBF_FWDLINK', 'DBF_INLINK', 'DBF_INT64', 'DBF_LONG', 'DBF_MENU',
      'DBF_NOACCESS', 'DBF_OUTLINK', 'DBF_SHORT', 'DBF_STRING', 'DBF_UCHAR', 'DBF_UINT64', 'DBF_ULONG', 'DBF_USHORT',
    ]);
  });
});

describe('lookups', () => {
  it('recordType finds known types and names the unknown one', () => {
    expect(recordType('ai')).toBe(aiRecordType);
    expect(recordType('mbbiDirect')).toBe(mbbiDirectRecordType);
    expect(() => recordType('mbbidirect')).toThrow(/unknown record type "mbbidirect"/);
    expect(() => recordType('motor')).toThrow(/unknown record type "motor" \(known: ai, ao, /);
  });

  it('fieldDef finds fields by type name or definition', () => {
    expect(fieldDef('ai', 'VAL')?.dbf).toBe('DBF_DOUBLE');
    expect(fieldDef(aiRecordType, 'EGU')?.size).toBe(16);
    expect(fieldDef('ai', 'NOPE')).toBeUndefined();
    expect(fieldDef('ai', 'val')).toBeUndefined();
    expect(fieldDef('ai', 'RTYP')).toBeUndefined();
    expect(() => fieldDef('nope', 'VAL')).toThrow(/unknown record type "nope"/);
  });

  it('gives the sizes the rest of devioc relies on', () => {
    const size = (t: string, f: string) => fieldDef(t, f)?.size;
    expect(size('ai', 'NAME')).toBe(61);
    expect(size('ai', 'DESC')).toBe(41);
    expect(size('ai', 'ASG')).toBe(29);
    expect(size('ao', 'EGU')).toBe(16);
    expect(size('bi', 'ZNAM')).toBe(26);
    expect(size('bo', 'ONAM')).toBe(26);
    expect(size('mbbi', 'FFST')).toBe(26);
    expect(size('stringout', 'VAL')).toBe(40);
    expect(size('calc', 'CALC')).toBe(80);
    expect(size('calcout', 'OCAL')).toBe(80);
    expect(fieldDef('ai', 'INP')?.dbf).toBe('DBF_INLINK');
    expect(fieldDef('ao', 'OUT')?.dbf).toBe('DBF_OUTLINK');
    expect(fieldDef('ai', 'FLNK')?.dbf).toBe('DBF_FWDLINK');
  });
});
