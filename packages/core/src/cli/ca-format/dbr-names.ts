/** DBR/DBF type names (libca access.cpp dbr_text / dbf_text) and caget's -d argument parsing. */
import { LAST_DBR_TYPE } from '../../ca/protocol/dbr/types.js';

const DBR_TEXT = [
  'DBR_STRING', 'DBR_SHORT', 'DBR_FLOAT', 'DBR_ENUM', 'DBR_CHAR', 'DBR_LONG', 'DBR_DOUBLE',
  'DBR_STS_STRING', 'DBR_STS_SHORT', 'DBR_STS_FLOAT', 'DBR_STS_ENUM', 'DBR_STS_CHAR', 'DBR_STS_LONG', 'DBR_STS_DOUBLE',
  'DBR_TIME_STRING', 'DBR_TIME_SHORT', 'DBR_TIME_FLOAT', 'DBR_TIME_ENUM', 'DBR_TIME_CHAR', 'DBR_TIME_LONG', 'DBR_TIME_DOUBLE',
  'DBR_GR_STRING', 'DBR_GR_SHORT', 'DBR_GR_FLOAT', 'DBR_GR_ENUM', 'DBR_GR_CHAR', 'DBR_GR_LONG', 'DBR_GR_DOUBLE',
  'DBR_CTRL_STRING', 'DBR_CTRL_SHORT', 'DBR_CTRL_FLOAT', 'DBR_CTRL_ENUM', 'DBR_CTRL_CHAR', 'DBR_CTRL_LONG', 'DBR_CTRL_DOUBLE',
  'DBR_PUT_ACKT', 'DBR_PUT_ACKS', 'DBR_STSACK_STRING', 'DBR_CLASS_NAME',
];
const DBF_TEXT = ['DBF_STRING', 'DBF_SHORT', 'DBF_FLOAT', 'DBF_ENUM', 'DBF_CHAR', 'DBF_LONG', 'DBF_DOUBLE'];

export const dbrTypeName = (t: number): string => DBR_TEXT[t] ?? 'DBR_invalid';
export const dbfTypeName = (t: number | undefined): string => (t === undefined ? 'TYPENOTCONN' : (DBF_TEXT[t] ?? 'DBF_invalid'));

/**
 * caget -d: a number (sscanf "%d": leading digits), else an exact DBR_ name, else the name with
 * "DBR_" prepended. Returns -1 when invalid, as the C code would. PUT_ACKT/PUT_ACKS are refused
 * by the caller.
 */
export function parseDbrType(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  if (m) return Number(m[1]);
  let t = DBR_TEXT.indexOf(text);
  if (t < 0) t = DBR_TEXT.indexOf(`DBR_${text.slice(0, 25)}`);
  return t <= LAST_DBR_TYPE ? t : -1;
}
