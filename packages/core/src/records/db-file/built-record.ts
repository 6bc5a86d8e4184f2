/**
 * A record as parseDb() builds it. Fields, infos and aliases are kept in flat arrays and the
 * Maps of DbRecord are made when asked for: three Maps per record were two thirds of the
 * memory a parsed .db held (980 bytes per record). (An IOC does not hold its files parsed:
 * StagedRecords makes each record as it is read.)
 */
import type { DbLocation, DbRecord } from './types.js';

export class BuiltRecord implements DbRecord {
  /** Per field, in order of first definition: name, value, location (packed, or undefined). */
  private fieldSlots: Array<string | number | DbLocation | undefined> = [];
  /** Per info item, in order of first definition: name, value. */
  private infoSlots: string[] | undefined;
  private aliasList: string[] | undefined;

  /** The file of the first definition; its line and column are packed into `at`. */
  private readonly file: string;
  private readonly at: number | DbLocation;

  constructor(
    readonly type: string,
    readonly name: string,
    location: DbLocation,
  ) {
    this.file = location.file;
    this.at = pack(location, location.file);
  }

  get location(): DbLocation {
    return unpack(this.at, this.file);
  }

  /** A builder's own copy of a record from an earlier load (dbLoadRecords' `base`). */
  static copyOf(record: DbRecord): BuiltRecord {
    const copy = new BuiltRecord(record.type, record.name, record.location);
    for (const [name, value] of record.fields) copy.setField(name, value, record.fieldLocations?.get(name));
    for (const [name, value] of record.infos) copy.setInfo(name, value);
    for (const alias of record.aliases) copy.addAlias(alias);
    return copy;
  }

  get fields(): Map<string, string> {
    const map = new Map<string, string>();
    const slots = this.fieldSlots;
    for (let i = 0; i < slots.length; i += 3) map.set(slots[i] as string, slots[i + 1] as string);
    return map;
  }

  get fieldLocations(): Map<string, DbLocation> | undefined {
    let map: Map<string, DbLocation> | undefined;
    const slots = this.fieldSlots;
    for (let i = 0; i < slots.length; i += 3) {
      const at = slots[i + 2] as number | DbLocation | undefined;
      if (at !== undefined) (map ??= new Map()).set(slots[i] as string, unpack(at, this.file));
    }
    return map;
  }

  get infos(): Map<string, string> {
    const map = new Map<string, string>();
    const slots = this.infoSlots ?? [];
    for (let i = 0; i < slots.length; i += 2) map.set(slots[i]!, slots[i + 1]!);
    return map;
  }

  get aliases(): string[] {
    return this.aliasList === undefined ? [] : [...this.aliasList];
  }

  /** Calls `each` for every field in order, without making a Map (instantiating records). */
  forEachField(each: (name: string, value: string) => void): void {
    const slots = this.fieldSlots;
    for (let i = 0; i < slots.length; i += 3) each(slots[i] as string, slots[i + 1] as string);
  }

  /** A later value of a field replaces the earlier in place (dbPutString on the same field). */
  setField(name: string, value: string, location: DbLocation | undefined): void {
    const slots = this.fieldSlots;
    for (let i = 0; i < slots.length; i += 3) {
      if (slots[i] === name) {
        slots[i + 1] = value;
        if (location !== undefined) slots[i + 2] = pack(location, this.file);
        return;
      }
    }
    slots.push(name, value, location === undefined ? undefined : pack(location, this.file));
  }

  setInfo(name: string, value: string): void {
    const slots = (this.infoSlots ??= []);
    for (let i = 0; i < slots.length; i += 2) {
      if (slots[i] === name) {
        slots[i + 1] = value;
        return;
      }
    }
    slots.push(name, value);
  }

  /**
   * Called at the end of each definition: a pushed-to array keeps room for 16 more slots,
   * 128 bytes a record while the whole file is held.
   */
  trim(): void {
    this.fieldSlots = this.fieldSlots.slice();
  }

  addAlias(alias: string): void {
    (this.aliasList ??= []).push(alias);
  }
}

/**
 * A location in `file` as one number (a Smi for the first 16,383 lines: 8 bytes where the
 * object takes 40); one in another file (an include inside a record body) stays an object.
 */
function pack(location: DbLocation, file: string): number | DbLocation {
  if (location.file !== file || location.column >= COLUMNS || !Number.isSafeInteger(location.line * COLUMNS)) return location;
  return location.line * COLUMNS + location.column;
}

function unpack(at: number | DbLocation, file: string): DbLocation {
  if (typeof at !== 'number') return at;
  return { file, line: Math.floor(at / COLUMNS), column: at % COLUMNS };
}

const COLUMNS = 65536;
