/**
 * dbcar (dbCaTest.c): the CA links of every record, or of one, in dbl's order and each record's
 * link fields in their .dbd order, with their state at level 1 (those not connected) and 2 (the
 * connected ones too, with what they subscribed, their host and access), then the totals.
 * A CP or CPP link to a record of this IOC counts, as EPICS makes it a CA link.
 */
import type { RecordDatabase } from '../records/database.js';
import type { CaLinkReport } from '../records/links/link-target.js';
import type { EpicsRecord } from '../records/record.js';
import { recordsByType, recordTypesInOrder } from './db-report.js';
import { isLinkField } from './field-text.js';

const RIGHTS = ['No Access', 'Read Only', 'Write Only', 'Read/Write'];

export function dbcar(db: RecordDatabase, name: string | undefined, level: number): string {
  const all = name === undefined || name === '' || name === '*';
  let out = all ? 'CA links in all records\n\n' : `CA links in record named '${name}'\n\n`;
  const records: EpicsRecord[] = [];
  if (all) {
    const byType = recordsByType(db);
    for (const type of recordTypesInOrder()) for (const { record } of byType.get(type) ?? []) records.push(record);
  } else {
    const record = db.get(name);
    if (record !== undefined) records.push(record);
  }
  let links = 0;
  let connected = 0;
  let noRead = 0;
  let noWrite = 0;
  let disconnects = 0;
  let replaced = 0;
  for (const record of records) {
    for (const f of record.typeDef.fields) {
      if (!isLinkField(f)) continue;
      const link = record.links.caLink?.(f.name);
      if (link === undefined) continue;
      links++;
      const r = link.report;
      const where = `${record.name.padStart(28)}.${f.name.padEnd(4)}`;
      const counts = `(${r.disconnects}, ${r.replacedPuts})`;
      if (r.connected) {
        connected++;
        disconnects += r.disconnects;
        replaced += r.replacedPuts;
        if (!r.readAccess) noRead++;
        if (!r.writeAccess) noWrite++;
        if (level > 1) out += `${where} ==> ${link.pv.padEnd(28)}  ${counts}\n${' '.repeat(21)} [${subscribed(r)}] host ${r.host}, ${RIGHTS[Number(r.readAccess) | (Number(r.writeAccess) << 1)]}\n`;
      } else if (level > 0) {
        out += `${where} --> ${link.pv.padEnd(28)}  ${counts}\n`;
      }
    }
  }
  if ((level > 1 && connected > 0) || (level > 0 && links !== connected)) out += '\n';
  out += `Total ${links} CA link${links !== 1 ? 's' : ''}; ${connected} connected, ${links - connected} not connected.\n`;
  out += `    ${noRead} can't read, ${noWrite} can't write.  (${disconnects} disconnects, ${replaced} writes prohibited)\n\n`;
  return out;
}

/** dbCa's pvlOpt flags: IN and IS (the output ones, ON and OS, EPICS no longer sets). */
const subscribed = (r: CaLinkReport): string => `${r.inNative ? 'IN' : '  '}${r.inString ? 'IS' : '  '}    `;
