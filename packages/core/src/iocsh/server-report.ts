/** casr, scanppl and scanpel: the CA server and scan-list reports, in rsrv's and dbScan's formats. */
import { globMatcher } from './db-lists.js';
import type { CaUdpRequester } from '../ca/server/server.js';
import { periodOfLabel } from '../records/scan/scanner.js';
import type { RecordDatabase } from '../records/database.js';
import type { Runtime } from '../runtime/runtime.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function casr(runtime: Runtime, level: number): string {
  let out = 'Channel Access Server V4.13\n';
  const report = runtime.server?.report();
  const clients = report?.clients ?? [];
  if (clients.length === 0) out += 'No clients connected.\n';
  else out += `${plural(clients.length, 'client')} connected${level > 0 ? ':' : '.'}\n`;
  if (level === 0 || report === undefined) return out;
  for (const c of clients) {
    out += `    TCP client at ${c.address}:${c.port} '${c.host}':\n`;
    out += `\tUser '${c.user}', V4.${c.minorVersion}, Priority = 0, ${plural(c.channels.length, 'Channel')}\n`;
    if (level >= 2) for (const name of c.channels) out += `        Channel: '${name}'\n`;
  }
  const interfaces = report.udp.length > 0 ? report.udp : [{ address: '0.0.0.0' }];
  // log_one_client() of a UDP socket's last requester (0.0.0.0:0 before any search came).
  const requester = (r: CaUdpRequester | undefined): string =>
    level >= 2 ? `\tLast name requested by ${r?.address ?? '0.0.0.0'}:${r?.port ?? 0}:\n\tUser '', V4.${r?.minorVersion ?? 0}, Priority = 0, 0 Channels\n` : '';
  for (const intf of interfaces) {
    out += `CAS-TCP server on ${intf.address}:${report.tcpPort} with\n`;
    if (intf.broadcast === undefined) {
      // Bound to INADDR_ANY: one socket takes unicast and broadcast searches.
      out += `    CAS-UDP name server on ${intf.address}:${report.tcpPort}\n${requester(intf.lastUnicast)}`;
    } else {
      out += `    CAS-UDP unicast name server on ${intf.address}:${report.tcpPort}\n${requester(intf.lastUnicast)}`;
      out += `    CAS-UDP broadcast name server on ${intf.broadcast}:${report.tcpPort}\n${requester(intf.lastBroadcast)}`;
    }
  }
  out += `Sending CAS-beacons to ${plural(report.beacons.length, 'address')}:\n`.replace('addresss', 'addresses');
  for (const b of report.beacons) out += `    ${b}\n`;
  return out;
}

/** scanppl(rate): the periodic scan lists (only the one of that period when rate > 0). */
export function scanppl(db: RecordDatabase, rate: number): string {
  const lists = db.scanLists();
  let out = '';
  // menuScan order: the longest period first, as dbScan builds its lists.
  for (const label of db.menuLabels('menuScan')) {
    const seconds = periodOfLabel(label);
    if (seconds === undefined) continue;
    if (rate > 0 && Math.abs(seconds - rate) > 1e-9) continue;
    const records = lists.get(Math.round(seconds * 1000));
    if (records === undefined || records.length === 0) continue;
    out += `Records with SCAN = '${label}' (0 over-runs):\n`;
    for (const r of records) out += `    ${r.name.padEnd(28)}\n`;
  }
  return out;
}

const PRIORITY_NAMES = ['Low', 'Medium', 'High'];

/** scanpel("event"): the event scan lists (those whose names match the glob), the newest first. */
export function scanpel(db: RecordDatabase, pattern: string | undefined): string {
  const lists = db.eventLists(pattern === undefined || pattern === '' ? undefined : globMatcher(pattern));
  let out = '';
  for (const { name, byPriority } of lists) {
    out += `Event "${name}"\n`;
    byPriority.forEach((records, prio) => {
      if (records.length === 0) return;
      out += ` Priority ${PRIORITY_NAMES[prio]}\n`;
      for (const r of records) out += `    ${r.name.padEnd(28)}\n`;
    });
  }
  return out;
}
