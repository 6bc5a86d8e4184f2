/** Formatting of values as operator screens show them. */
import type { PvValue } from './pvws-types.js';

export const isDisconnected = (v: PvValue | undefined): boolean => v === undefined || v.severity === 'UNDEFINED';

export function formatValue(v: PvValue | undefined): string {
  if (v === undefined) return '…';
  if (v.severity === 'UNDEFINED') return 'disconnected';
  if (v.vtype === 'VByteArray' && Array.isArray(v.value)) {
    const bytes = v.value;
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(Uint8Array.from(end === -1 ? bytes : bytes.slice(0, end)));
  }
  if (v.text !== undefined) return v.text;
  if (Array.isArray(v.value)) return `[${v.value.length} elements]`;
  if (typeof v.value === 'number') {
    const text = v.vtype === 'VDouble' || v.vtype === 'VFloat' ? v.value.toFixed(Math.min(Math.max(v.precision ?? 3, 0), 12)) : String(v.value);
    return v.units ? `${text} ${v.units}` : text;
  }
  return v.value === undefined ? '' : String(v.value);
}

/** The CSS class of a severity: sev-NONE, sev-MINOR, sev-MAJOR, sev-INVALID, sev-UNDEFINED. */
export const severityClass = (v: PvValue | undefined): string => `sev-${v?.severity ?? 'UNDEFINED'}`;
