/**
 * The database reports of dbTest.c, in its output formats: dbl, dbnr, dbpr, dbgf (which dbpf
 * and dbtr print through). Each returns the text to print, lines ending in "\n".
 */
import { charBytes, textAsChars } from '../ca/protocol/dbr/native-array.js';
import { enumToString } from '../ca/protocol/dbr/convert.js';
import { NativeType } from '../ca/protocol/dbr/types.js';
import { parseChannelName, type RecordDatabase } from '../records/database.js';
import { formatEpicsTime } from '../records/devices/time-format.js';
import type { FieldDef } from '../records/fields/field-def.js';
import { isServed, type EpicsRecord } from '../records/record.js';
import { supportedRecordTypes } from '../records/support/registry.js';
import { fieldText, isLinkField, linkText } from './field-text.js';
import { TabBuffer } from './tab-buffer.js';

/** Record types in dbd order: softIoc.dbd lists them sorted by byte value (aSub before aai). */
export const recordTypesInOrder = (): string[] => supportedRecordTypes().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The records of each type in load order (each with the name dbl shows), aliases after them. */
export function recordsByType(db: RecordDatabase, withAliases = false): Map<string, { name: string; record: EpicsRecord }[]> {
  const byType = new Map<string, { name: string; record: EpicsRecord }[]>();
  const add = (name: string, record: EpicsRecord): void => {
    let list = byType.get(record.typeName);
    if (list === undefined) byType.set(record.typeName, (list = []));
    list.push({ name, record });
  };
  for (const name of db.names()) add(name, db.get(name)!);
  // dbStatic keeps an alias as a record entry of its type, after those loaded before it.
  if (withAliases) for (const [alias, target] of db.aliasEntries()) add(alias, db.get(target)!);
  return byType;
}

/** dbl(type, fields): record names, optionally of one type, with quoted field values. */
export function dbl(db: RecordDatabase, type?: string, fields?: string): string {
  const wanted = type === undefined || type === '' || type === '*' ? undefined : type;
  const names = fields === undefined || fields === '' ? [] : fields.split(/ +/).filter((f) => f !== '');
  const types = recordTypesInOrder();
  if (wanted !== undefined && !types.includes(wanted)) return 'No record type\n';
  const byType = recordsByType(db, true);
  let out = '';
  for (const t of wanted === undefined ? types : [wanted]) {
    for (const { name: shown, record } of byType.get(t) ?? []) {
      out += shown;
      for (const name of names) {
        const f = record.field(name);
        if (f === undefined) {
          out += name === 'recordType' ? `, "${record.typeName}"` : ', ';
          continue;
        }
        out += `, "${dbGetString(db, record, f)}"`;
      }
      out += '\n';
    }
  }
  return out;
}

/** dbnr(verbose): record and alias counts per type (all types when verbose). */
export function dbnr(db: RecordDatabase, verbose: number): string {
  const byType = recordsByType(db);
  const aliases = new Map<string, number>();
  for (const [, target] of db.aliasEntries()) {
    const t = db.get(target)?.typeName;
    if (t !== undefined) aliases.set(t, (aliases.get(t) ?? 0) + 1);
  }
  let out = 'Records  Aliases  Record Type\n';
  let records = 0;
  let totalAliases = 0;
  for (const t of recordTypesInOrder()) {
    const n = byType.get(t)?.length ?? 0;
    const a = aliases.get(t) ?? 0;
    records += n;
    totalAliases += a;
    if (n === 0 && a === 0 && !verbose) continue;
    out += ` ${String(n).padStart(5)}    ${String(a).padStart(5)}    ${t}\n`;
  }
  return `${out}Total ${records} records, ${totalAliases} aliases\n`;
}

function dbGetString(db: RecordDatabase, record: EpicsRecord, f: FieldDef): string {
  if (isLinkField(f)) return linkText(record, f, (name) => db.get(name) !== undefined).text;
  return fieldText(record, f);
}

const byName = (a: FieldDef, b: FieldDef): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** dbpr(name, level): every field of interest level ≤ level, sorted by name, four to a line. */
export function dbpr(db: RecordDatabase, channel: string, level: number): string {
  const record = db.get(parseChannelName(channel).record);
  if (record === undefined) return `PV '${channel}' not found\n`;
  const tab = new TabBuffer(20);
  for (const f of [...record.typeDef.fields].sort(byName)) {
    if ((f.interest ?? 0) > level) continue;
    const name = f.name.padEnd(4);
    if (isLinkField(f)) {
      const link = linkText(record, f, (n) => db.get(n) !== undefined);
      tab.add(`${name}: ${link.type} ${link.text}`);
    } else if (f.name === 'TIME') {
      tab.add(`${name}: ${formatEpicsTime('%Y-%m-%d %H:%M:%S.%09f', record.time)}`);
    } else if (f.name === 'BKPT') {
      // dbpr prints private fields as their bytes; BKPT (one char) is the one softIoc users see.
      tab.add(`${name}: 00 `);
    } else if (f.dbf === 'DBF_NOACCESS') {
      // Pointers and private structures: EPICS prints addresses and raw bytes, which mean
      // nothing outside its process; devioc says what the field is instead.
      tab.add(`${name}: ${isServed(f) ? 'PTR' : '<private>'}`);
    } else tab.add(`${name}: ${fieldText(record, f)}`);
  }
  return tab.take().map((l) => `${l}\n`).join('');
}

const DBR_NAMES: Record<number, string> = {
  [NativeType.STRING]: 'STRING',
  [NativeType.SHORT]: 'SHORT',
  [NativeType.FLOAT]: 'FLOAT',
  [NativeType.ENUM]: 'ENUM',
  [NativeType.CHAR]: 'UCHAR',
  [NativeType.LONG]: 'LONG',
  [NativeType.DOUBLE]: 'DOUBLE',
};

const hex = (n: number, bits: number): string => (bits === 32 ? n >>> 0 : n & ((1 << bits) - 1)).toString(16);

/** printBuffer's text of one value of a DBR type (dbf names the integer flavours). */
function valueText(dbf: string, v: number | string | bigint): string {
  switch (dbf) {
    case 'STRING': {
      // dbGetField as DBR_STRING gives MAX_STRING_SIZE bytes with the NUL: a long string (lsi,
      // printf VAL) shows its first 39.
      const bytes = Buffer.from(String(v), 'utf8');
      return `"${escapeRaw(bytes.length > 39 ? bytes.subarray(0, 39) : bytes)}"`;
    }
    case 'CHAR': {
      const n = Number(v);
      return n >= 32 && n < 127 ? `${n} = 0x${hex(n, 8)} = '${String.fromCharCode(n)}'` : `${n} = 0x${hex(n, 8)}`;
    }
    case 'UCHAR':
      return `${Number(v)} = 0x${hex(Number(v), 8)}`;
    case 'SHORT':
    case 'USHORT':
      return `${Number(v)} = 0x${hex(Number(v), 16)}`;
    case 'LONG':
    case 'ULONG':
      return `${Number(v)} = 0x${hex(Number(v), 32)}`;
    case 'INT64':
    case 'UINT64': {
      const b = BigInt(v);
      // cvtInt64ToHexString: a negative INT64 is its sign and the hex of its magnitude ("-0x1").
      return `${b} = ${b < 0n ? '-' : ''}0x${(b < 0n ? -b : b).toString(16)}`;
    }
    case 'FLOAT':
      return formatG(Number(v), 6);
    case 'DOUBLE':
      return formatG(Number(v), 12);
    default:
      return String(v);
  }
}

/**
 * printBuffer's DBR_CHAR array (more than one element): its count, then its text up to the
 * first NUL, escaped ("\xfe\xc8A").
 */
function charArrayText(tab: TabBuffer, dbr: string, bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  tab.add(`DBF_${dbr}[${bytes.length}]: `);
  tab.add(`"${escapeRaw(nul < 0 ? bytes : bytes.subarray(0, nul))}"`);
  return tab.take().map((l) => `${l}\n`).join('');
}

/** C's %.Ng. */
export function formatG(v: number, precision: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(v.toExponential(precision - 1)))));
  if (exp < -4 || exp >= precision) {
    const [m, e] = v.toExponential(precision - 1).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mant}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  const fixed = v.toFixed(Math.max(0, precision - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/**
 * epicsStrnEscapedFromRaw over the text's UTF-8 bytes: C escapes for control characters, quotes
 * and backslashes, and `\xNN` for every byte that is not printable ASCII (isprint in the C
 * locale), so "café" prints as "caf\xc3\xa9".
 */
export function escapeRaw(s: string | Uint8Array): string {
  return escapeBytes(typeof s === 'string' ? Buffer.from(s, 'utf8') : s);
}

const NAMED_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 92: '\\\\', 39: "\\'", 34: '\\"' };

function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += NAMED_ESCAPES[b] ?? (b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`);
  return out;
}

const DBF_TO_DBR: Partial<Record<FieldDef['dbf'], string>> = {
  DBF_STRING: 'STRING',
  DBF_CHAR: 'CHAR',
  DBF_UCHAR: 'UCHAR',
  DBF_SHORT: 'SHORT',
  DBF_USHORT: 'USHORT',
  DBF_LONG: 'LONG',
  DBF_ULONG: 'ULONG',
  DBF_INT64: 'INT64',
  DBF_UINT64: 'UINT64',
  DBF_FLOAT: 'FLOAT',
  DBF_DOUBLE: 'DOUBLE',
};

/** dbgf(channel): the field's value as its own DBR type (enums and menus as strings). */
export function dbgf(db: RecordDatabase, channel: string): string {
  const { record: recordName, field, dollar } = parseChannelName(channel);
  const record = db.get(recordName);
  const f = record?.field(field);
  if (record === undefined || f === undefined || !isServed(f)) return `PV '${channel}' not found\n`;
  const tab = new TabBuffer(10);
  let dbr: string;
  let values: (number | string | bigint)[];
  if (dollar) {
    // FIELD$: a DBF_CHAR array of the text and its NUL.
    const text = isLinkField(f) ? dbGetString(db, record, f) : String((record.snapshot(f.name).value as ArrayLike<unknown>)[0] ?? '');
    return charArrayText(tab, 'CHAR', textAsChars(text));
  }
  if (isLinkField(f)) {
    dbr = 'STRING';
    values = [dbGetString(db, record, f)];
  } else if (f.dbf === 'DBF_ENUM' && record.snapshot(f.name).nativeType !== NativeType.ENUM) {
    // An ENUM its record serves as a number (an mbbo without states: cvt_dbaddr makes it a
    // DBF_USHORT), which dbgf then reads as one.
    dbr = 'USHORT';
    values = [record.num(f.name)];
  } else if (f.dbf === 'DBF_MENU' || f.dbf === 'DBF_DEVICE' || f.dbf === 'DBF_ENUM') {
    dbr = 'STRING';
    const labels = record.enumStrings(f);
    const n = record.num(f.name);
    // dbGetField as DBR_STRING: a record's DBF_ENUM through its get_enum_str, as a CA client
    // reads it (a bi's 2 is "Illegal_Value"); a menu's or device's choice, or its number.
    values = [f.dbf === 'DBF_ENUM' ? enumToString(n, labels) : (labels[n] ?? String(n))];
  } else if (f.dbf === 'DBF_NOACCESS') {
    const snap = record.snapshot(f.name);
    // A CHAR array is a DBF_CHAR (FTVL CHAR, kept signed) or a DBF_UCHAR.
    dbr = snap.value instanceof Int8Array ? 'CHAR' : (DBR_NAMES[snap.nativeType] ?? 'DOUBLE');
    if (dbr === 'CHAR' && snap.value.length > 1) return charArrayText(tab, dbr, charBytes(snap.value)!);
    const raw = snap.value as ArrayLike<number | string | bigint>;
    values = Array.from(raw);
  } else {
    dbr = DBF_TO_DBR[f.dbf] ?? 'DOUBLE';
    values = [record.get(f.name) as number | string];
  }
  tab.add(values.length === 1 ? `DBF_${dbr}: ` : `DBF_${dbr}[${values.length}]: ${values.length === 0 ? '(empty)' : ''}`);
  for (const v of values) tab.add(valueText(dbr, v));
  return tab.take().map((l) => `${l}\n`).join('');
}
