/**
 * Field values as dbStaticLib's dbGetString gives them to dbpr and dbl: menus by label,
 * reals through realToString, links as "PV NPP NMS" with the link's type for dbpr.
 */
import { linkFieldType, parseLink } from '../records/links/parse-link.js';
import type { FieldDef } from '../records/fields/field-def.js';
import type { EpicsRecord } from '../records/record.js';
import { realToString } from './real-to-string.js';

const PP: Record<string, string> = { NPP: ' NPP', PP: ' PP', CP: ' CP', CPP: ' CPP' };

export const isLinkField = (f: FieldDef): boolean => f.dbf === 'DBF_INLINK' || f.dbf === 'DBF_OUTLINK' || f.dbf === 'DBF_FWDLINK';

/** A link field's dbGetString text and its link type name (CONSTANT, DB_LINK, CA_LINK…). */
export function linkText(record: EpicsRecord, f: FieldDef, isLocal: (recordName: string) => boolean): { type: string; text: string } {
  const raw = record.str(f.name).trim();
  let spec;
  try {
    spec = parseLink(raw, f.dbf === 'DBF_FWDLINK' ? 'PP' : 'NPP', linkFieldType(f.dbf));
  } catch {
    return { type: 'CONSTANT', text: raw };
  }
  switch (spec.kind) {
    case 'none':
      return { type: 'CONSTANT', text: '' };
    case 'constant':
      return { type: 'CONSTANT', text: raw };
    case 'instio':
      return { type: 'INST_IO', text: `@${spec.parameter}` };
    case 'pv': {
      // dbInitLink: CP/CPP input links always go through CA (dbCa), local record or not.
      const local = !spec.forceCa && isLocal(spec.record) && !(f.dbf === 'DBF_INLINK' && (spec.process === 'CP' || spec.process === 'CPP'));
      // A forward link prints its target alone (CA only when forced).
      if (f.dbf === 'DBF_FWDLINK') return { type: local ? 'DB_LINK' : 'CA_LINK', text: `${spec.pv}${spec.forceCa ? ' CA' : ''}` };
      // dbStaticLib prints PP before CA before CP: a "CA" link that is also PP shows PP.
      const pp = spec.process === 'PP' ? ' PP' : spec.forceCa ? ' CA' : (PP[spec.process] ?? ' NPP');
      return { type: local ? 'DB_LINK' : 'CA_LINK', text: `${spec.pv}${pp} ${spec.severity}` };
    }
  }
}

/** dbGetString of a non-link, non-NOACCESS field. */
export function fieldText(record: EpicsRecord, f: FieldDef): string {
  const value = record.get(f.name);
  switch (f.dbf) {
    case 'DBF_STRING':
      return String(value ?? '');
    case 'DBF_MENU':
    case 'DBF_DEVICE': {
      const labels = record.enumStrings(f);
      const n = Number(value ?? 0);
      // A record type without device support has an empty DTYP menu: dbGetString gives "".
      if (f.dbf === 'DBF_DEVICE' && labels.length === 0) return '';
      return labels[n] ?? String(n);
    }
    case 'DBF_FLOAT':
      return realToString(Number(value ?? 0), false);
    case 'DBF_DOUBLE':
      return realToString(Number(value ?? 0), true);
    default:
      // base(HEX) (mbbi's and mbbo's ZRVL…FFVL): dbGetString's "0x%x".
      if (f.base === 'HEX' && typeof value === 'number') return `0x${(value >>> 0).toString(16)}`;
      if (typeof value === 'number') return String(value);
      if (typeof value === 'bigint') return String(value);
      return String(value ?? '');
  }
}
