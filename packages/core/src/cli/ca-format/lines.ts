/**
 * The output lines of get, put, monitor and info, in the formats of caget, caput, camonitor and
 * cainfo (EPICS base 7.0 tools/caget.c, caput.c, camonitor.c, cainfo.c, tool_lib.c). Pure: each
 * function returns the text of one PV (with its trailing newline) for the command to write.
 */
import type { CaReading } from '../../ca/client/types.js';
import type { EpicsTimestamp, NativeType } from '../../ca/protocol/dbr/types.js';
import { NativeType as NT } from '../../ca/protocol/dbr/types.js';
import { Eca } from '../../ca/protocol/eca.js';
import { caMessage } from '../../ca/client/ca-message.js';
import { severityName, statusName } from './alarm-strings.js';
import { formatSignedSeconds } from './c-format.js';
import { dbfTypeName, dbrTypeName } from './dbr-names.js';
import { formatEpicsTime, diffSeconds } from './timestamp.js';
import { type ValueFormat, charArrayText, dbrExtraText, elementText, printedType } from './values.js';

export interface LineFormat extends ValueFormat {
  /** -S: print a CHAR array as a string. */
  charArrayAsString: boolean;
  /** -F: the output field separator. */
  separator: string;
}

/** Why there is no value to print (a CA status, as the tools keep it). */
export type PvStatus = number;

/** The result of one PV as the tools print it. */
export interface PvOutcome {
  name: string;
  /** The element count the tool uses for layout (caget's pv.nElems). */
  nElems: number;
  /** ECA status: NORMAL with a reading, else DISCONN, NORDACCESS, TIMEOUT (no data) or another code. */
  status: PvStatus;
  reading?: CaReading;
}

const nameField = (name: string, nElems: number, sep: string): string =>
  (nElems <= 1 && sep === ' ' ? name.padEnd(30, ' ') : name) + sep;

const isCharArrayString = (r: CaReading, fmt: LineFormat, reqElems: number, nElems: number): boolean =>
  fmt.charArrayAsString && printedType(r.dbrType) === NT.CHAR && (reqElems > 0 || nElems > 1);

/** The value part of caget's plain and terse output. */
function valueText(o: PvOutcome, fmt: LineFormat, reqElems: number): string {
  const r = o.reading;
  if (o.status === Eca.DISCONN) return '*** not connected';
  if (o.status === Eca.NORDACCESS) return '*** no read access';
  if (o.status !== Eca.NORMAL && o.status !== Eca.TIMEOUT) return `*** CA error ${caMessage(o.status)}`;
  if (r === undefined) return '*** no data available (timeout)';
  if (isCharArrayString(r, fmt, reqElems, o.nElems)) return charArrayText(r);
  const sep = fmt.separator;
  const values: string[] = [];
  for (let i = 0; i < o.nElems && i < r.elements.length; i++) values.push(elementText(r, i, fmt));
  // Beyond what the server sent (it may send fewer than requested) the C buffer is zero.
  for (let i = r.elements.length; i < o.nElems; i++) values.push(printedType(r.dbrType) === NT.STRING ? '' : '0');
  return (reqElems > 0 || o.nElems > 1 ? `${o.nElems}${sep}` : '') + values.join(sep);
}

/** caget (plain): `name<pad to 30> value` (arrays: `name count v1 v2 …`). */
export const plainLine = (o: PvOutcome, fmt: LineFormat, reqElems: number): string =>
  `${nameField(o.name, o.nElems, fmt.separator)}${valueText(o, fmt, reqElems)}\n`;

/** caget -t: the value only. */
export const terseLine = (o: PvOutcome, fmt: LineFormat, reqElems: number): string => `${valueText(o, fmt, reqElems)}\n`;

/** camonitor -t: which timestamps, and relative to what. */
export interface TimestampMode {
  server: boolean;
  client: boolean;
  type: 'absolute' | 'relative' | 'incremental' | 'incrementalByChannel';
}

export const ABSOLUTE_SERVER: TimestampMode = { server: true, client: false, type: 'absolute' };

/** The state print_time_val_sts keeps between lines (relative and incremental stamps). */
export class TimestampState {
  start: EpicsTimestamp | undefined;
  first: EpicsTimestamp | undefined;
  previousClient: EpicsTimestamp | undefined;
  previousServer: EpicsTimestamp | undefined;
  readonly byChannel = new Map<string, { client: EpicsTimestamp; server: EpicsTimestamp; printed: boolean }>();
  constructor(start: EpicsTimestamp) {
    this.start = start;
  }
}

/**
 * tool_lib.c print_time_val_sts: `name<pad> date time value [stat sevr]` — caget -a, caput -l and
 * every camonitor line. `onceConnected` false gives the "not found" line; `now` is the client time.
 */
export function timeValueLine(
  o: PvOutcome,
  fmt: LineFormat,
  reqElems: number,
  onceConnected: boolean,
  now: EpicsTimestamp,
  mode: TimestampMode = ABSOLUTE_SERVER,
  state?: TimestampState,
): string {
  const sep = fmt.separator;
  let out = nameField(o.name, o.nElems, sep);
  const nowText = formatEpicsTime(now);
  const r = o.reading;
  if (!onceConnected) return `${out}*** Not connected (PV not found)\n`;
  if (o.status === Eca.DISCONN) return `${out}${nowText} *** disconnected\n`;
  if (o.status === Eca.NORDACCESS) return `${out}${nowText} *** no read access\n`;
  if (o.status !== Eca.NORMAL && o.status !== Eca.TIMEOUT) return `${out}${nowText} *** CA error ${caMessage(o.status)}\n`;
  if (r === undefined) return `${out}${nowText} *** no data available (timeout)\n`;

  const stamp = r.epicsTimestamp ?? { secPastEpoch: 0, nsec: 0 };
  out += stampText(o.name, stamp, now, mode, state);
  if (isCharArrayString(r, fmt, reqElems, o.nElems)) {
    const limit = reqElems > 0 && reqElems < o.nElems ? reqElems : o.nElems;
    out += `${sep}${charArrayText(r, limit)}`;
  } else {
    if (reqElems > 0 || o.nElems > 1) out += `${sep}${o.nElems}`;
    for (let i = 0; i < o.nElems && i < r.elements.length; i++) out += `${sep}${elementText(r, i, fmt)}`;
  }
  const alarm = r.alarm ?? { status: 0, severity: 0 };
  out += alarm.status !== 0 || alarm.severity !== 0 ? `${sep}${statusName(alarm.status)}${sep}${severityName(alarm.severity)}\n` : `${sep}${sep}\n`;
  return out;
}

function stampText(name: string, server: EpicsTimestamp, client: EpicsTimestamp, mode: TimestampMode, state?: TimestampState): string {
  if (state === undefined || mode.type === 'absolute') {
    return (mode.server ? formatEpicsTime(server) : '') + (mode.client ? `(${formatEpicsTime(client)})` : '');
  }
  state.first ??= server;
  let ch = state.byChannel.get(name);
  const printAbs = ch === undefined || !ch.printed;
  let refClient: EpicsTimestamp;
  let refServer: EpicsTimestamp;
  switch (mode.type) {
    case 'relative':
      refClient = state.start ?? client;
      refServer = state.first;
      break;
    case 'incremental':
      refClient = state.previousClient ?? client;
      refServer = state.previousServer ?? server;
      break;
    default:
      refClient = ch?.client ?? client;
      refServer = ch?.server ?? server;
  }
  let text = '';
  if (printAbs) {
    if (mode.server) text += formatEpicsTime(server);
    if (mode.client) text += `(${formatEpicsTime(client)})`;
  } else {
    if (mode.server) text += `              ${formatSignedSeconds(diffSeconds(server, refServer))}`;
    if (mode.client) text += `              (${formatSignedSeconds(diffSeconds(client, refClient))})`;
  }
  ch ??= { client, server, printed: true };
  ch.printed = true;
  if (mode.type === 'incrementalByChannel') {
    ch.client = client;
    ch.server = server;
  }
  state.byChannel.set(name, ch);
  state.previousClient = client;
  state.previousServer = server;
  return text;
}

/** caget -d <type>: the multi-line block. */
export function dbrBlock(o: PvOutcome, nativeType: NativeType | undefined, fmt: LineFormat, reqElems: number): string {
  let out = `${o.name}\n`;
  const r = o.reading;
  if (o.status === Eca.DISCONN) return `${out}    *** not connected\n`;
  if (o.status === Eca.NORDACCESS) return `${out}    *** no read access\n`;
  if (o.status !== Eca.NORMAL || r === undefined) return `${out}    *** CA error ${caMessage(o.status === Eca.NORMAL ? Eca.TIMEOUT : o.status)}\n`;
  out += `    Native data type: ${dbfTypeName(nativeType)}\n    Request type:     ${dbrTypeName(r.dbrType)}\n`;
  if (r.dbrType === 38) return `${out}    Class Name:       ${r.elements[0] as string}\n`;
  out += `    Element count:    ${o.nElems}\n    Value:            `;
  if (isCharArrayString(r, fmt, reqElems, o.nElems)) {
    out += charArrayText(r);
  } else {
    const values: string[] = [];
    for (let i = 0; i < o.nElems && i < r.elements.length; i++) values.push(elementText(r, i, fmt));
    out += values.join(fmt.separator);
  }
  out += '\n';
  if (r.dbrType > 6) out += `${dbrExtraText(r)}\n`;
  return out;
}

export interface InfoFacts {
  name: string;
  state: 'never connected' | 'previously connected' | 'connected' | 'closed';
  host: string;
  read: boolean;
  write: boolean;
  nativeType: NativeType | undefined;
  elementCount: number;
}

/** cainfo's block. */
export const infoBlock = (i: InfoFacts): string =>
  `${i.name}\n` +
  `    State:            ${i.state}\n` +
  `    Host:             ${i.host}\n` +
  `    Access:           ${i.read ? '' : 'no '}read, ${i.write ? '' : 'no '}write\n` +
  `    Native data type: ${dbfTypeName(i.nativeType)}\n` +
  `    Request type:     ${i.nativeType === undefined ? 'DBR_invalid' : dbrTypeName(i.nativeType)}\n` +
  `    Element count:    ${i.elementCount}\n`;
