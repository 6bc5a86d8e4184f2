/**
 * How a field's DBF type appears over Channel Access (rsrv's dbDBRnewToDBRold mapping, as
 * channel-access.md §5.1 lists it and record-fields.json confirms with cainfo).
 */
import { NativeType } from '../../ca/protocol/dbr/types.js';
import type { DbfType } from './field-def.js';

const CA_NATIVE: Readonly<Record<DbfType, NativeType | undefined>> = {
  DBF_STRING: NativeType.STRING,
  DBF_CHAR: NativeType.CHAR,
  DBF_UCHAR: NativeType.CHAR,
  DBF_SHORT: NativeType.SHORT,
  DBF_USHORT: NativeType.LONG,
  DBF_LONG: NativeType.LONG,
  // CA has no unsigned 32-bit or 64-bit type: rsrv serves them as DOUBLE
  DBF_ULONG: NativeType.DOUBLE,
  DBF_INT64: NativeType.DOUBLE,
  DBF_UINT64: NativeType.DOUBLE,
  DBF_FLOAT: NativeType.FLOAT,
  DBF_DOUBLE: NativeType.DOUBLE,
  DBF_ENUM: NativeType.ENUM,
  DBF_MENU: NativeType.ENUM,
  DBF_DEVICE: NativeType.ENUM,
  // links read and write as their text
  DBF_INLINK: NativeType.STRING,
  DBF_OUTLINK: NativeType.STRING,
  DBF_FWDLINK: NativeType.STRING,
  DBF_NOACCESS: undefined,
};

/**
 * The CA native type a field of this DBF type is served as; `undefined` for DBF_NOACCESS (rsrv
 * refuses to create the channel). Fields with `special: 'SPC_DBADDR'` are the exception: their
 * record support decides at channel creation (waveform/aai/aao VAL take FTVL and NELM, lsi/lso
 * VAL and OVAL are served as STRING, mbbo VAL is USHORT, so LONG, while no state string is set).
 */
export function caNativeTypeOf(dbf: DbfType): NativeType | undefined {
  return CA_NATIVE[dbf];
}

/** DBF_INLINK, DBF_OUTLINK, DBF_FWDLINK. */
export function isLinkDbf(dbf: DbfType): boolean {
  return dbf === 'DBF_INLINK' || dbf === 'DBF_OUTLINK' || dbf === 'DBF_FWDLINK';
}
