/**
 * One value element, and the extra DBR fields, as text — tool_lib.c's val2str and dbr2str facts:
 * floats with the float format (%g by default), CHAR as a signed number, SHORT/LONG in decimal,
 * strings escaped, ENUM as its state string only in GR/CTRL replies (unless -n).
 */
import { DbrFamily, NativeType } from '../../ca/protocol/dbr/types.js';
import { MAX_ENUM_STATES, dbrLayout } from '../../ca/protocol/dbr/layout.js';
import type { CaReading } from '../../ca/client/types.js';
import { type FloatFormat, formatGeneral, formatFloat } from './c-format.js';
import { severityName, severityNameUnsigned, statusName, statusNameUnsigned } from './alarm-strings.js';
import { escapeBytes, escapeString } from './escape.js';
import { formatEpicsTime } from './timestamp.js';

export interface ValueFormat {
  float: FloatFormat;
  /** -n: ENUM as its index even in GR/CTRL replies. */
  enumAsNumber: boolean;
}

const signedChar = (v: number): number => (v << 24) >> 24;

/** The element type the tools print for a DBR type (STSACK_STRING and CLASS_NAME are strings). */
export const printedType = (dbrType: number): NativeType => dbrLayout(dbrType).valueType;

const isGrOrCtrl = (dbrType: number): boolean => {
  const f = dbrLayout(dbrType).family;
  return f === DbrFamily.GR || f === DbrFamily.CTRL;
};

/** val2str(): element `index` of a reading. */
export function elementText(r: CaReading, index: number, fmt: ValueFormat): string {
  const v = r.elements[index];
  switch (printedType(r.dbrType)) {
    case NativeType.STRING: return escapeString(v as string);
    case NativeType.FLOAT:
    case NativeType.DOUBLE: return formatFloat(v as number, fmt.float);
    case NativeType.CHAR: return String(signedChar(v as number));
    case NativeType.SHORT:
    case NativeType.LONG: return String(v);
    case NativeType.ENUM: {
      const n = v as number;
      if (!isGrOrCtrl(r.dbrType) || fmt.enumAsNumber) return String(n);
      const states = r.enumStrings ?? [];
      if (n >= MAX_ENUM_STATES) return `Illegal Value (${n})`;
      if (n >= states.length) return `Enum Index Overflow (${n})`;
      return states[n];
    }
  }
}

/** The text of a CHAR array up to its first NUL (caget -S). */
export function charArrayText(r: CaReading, limit = r.elements.length): string {
  const bytes = r.elements as Uint8Array;
  let end = Math.min(limit, bytes.length);
  const nul = bytes.subarray(0, end).indexOf(0);
  if (nul >= 0) end = nul;
  return escapeBytes(bytes.subarray(0, end));
}


const pad = (label: string): string => `    ${label}`.padEnd(22, ' ');

/** A limit as dbr2str prints it: %8d for CHAR/SHORT/LONG (CHAR as signed), %g for FLOAT/DOUBLE. */
function limitText(v: number, valueType: NativeType): string {
  if (valueType === NativeType.FLOAT || valueType === NativeType.DOUBLE) return formatGeneral(v);
  const n = valueType === NativeType.CHAR ? signedChar(v) : v;
  return String(n).padStart(8, ' ');
}

/** dbr2str(): the lines after "Value:" for a DBR type beyond the plain ones (no trailing newline). */
export function dbrExtraText(r: CaReading): string {
  const layout = dbrLayout(r.dbrType);
  const alarm = r.alarm ?? { status: 0, severity: 0 };
  const sts = `${pad('Status:')}${statusName(alarm.status)}\n${pad('Severity:')}${severityName(alarm.severity)}`;
  switch (layout.family) {
    case DbrFamily.PLAIN:
      return '';
    case DbrFamily.STS:
      return sts;
    case DbrFamily.TIME:
      return `${pad('Timestamp:')}${r.epicsTimestamp ? formatEpicsTime(r.epicsTimestamp) : ''}\n${sts}`;
    case DbrFamily.STSACK:
      return `${pad('Status:')}${statusNameUnsigned(alarm.status)}\n${pad('Severity:')}${severityNameUnsigned(alarm.severity)}\n` +
        `${pad('Ack transient?:')}${r.ackTransient ? 'YES' : 'NO'}\n${pad('Ack severity:')}${severityNameUnsigned(r.ackSeverity ?? 0)}`;
    case DbrFamily.GR:
    case DbrFamily.CTRL:
      break;
    default:
      return "can't print data type";
  }
  if (layout.valueType === NativeType.STRING) return sts; // GR/CTRL_STRING are STS_STRING
  if (layout.valueType === NativeType.ENUM) {
    const states = r.enumStrings ?? [];
    let text = `${sts}\n${pad('Enums:')}(${String(states.length).padStart(2, ' ')})`;
    states.forEach((s, i) => {
      text += `\n                      [${String(i).padStart(2, ' ')}] ${s}`;
    });
    return text;
  }
  const t = layout.valueType;
  const l = r.limits ?? { display: { low: 0, high: 0 }, alarm: { low: 0, high: 0 }, warning: { low: 0, high: 0 } };
  let text = `${sts}\n${pad('Units:')}${r.units ?? ''}`;
  if (t === NativeType.FLOAT || t === NativeType.DOUBLE) text += `\n${pad('Precision:')}${r.precision ?? 0}`;
  text +=
    `\n${pad('Lo disp limit:')}${limitText(l.display.low, t)}` +
    `\n${pad('Hi disp limit:')}${limitText(l.display.high, t)}` +
    `\n${pad('Lo alarm limit:')}${limitText(l.alarm.low, t)}` +
    `\n${pad('Lo warn limit:')}${limitText(l.warning.low, t)}` +
    `\n${pad('Hi warn limit:')}${limitText(l.warning.high, t)}` +
    `\n${pad('Hi alarm limit:')}${limitText(l.alarm.high, t)}`;
  if (layout.family === DbrFamily.CTRL) {
    const c = l.control ?? { low: 0, high: 0 };
    text += `\n${pad('Lo ctrl limit:')}${limitText(c.low, t)}\n${pad('Hi ctrl limit:')}${limitText(c.high, t)}`;
  }
  return text;
}

