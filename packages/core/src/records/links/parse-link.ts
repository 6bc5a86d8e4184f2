/**
 * Parsing link field text the way dbStatic does (dbParseLink): empty, a constant (number,
 * JSON array or `{const: …}`), or a PV link `NAME[.FIELD] [PP|NPP|CP|CPP|CA] [MS|NMS|MSS|MSI]`.
 */

export type LinkProcess = 'NPP' | 'PP' | 'CP' | 'CPP';
export type LinkSeverity = 'NMS' | 'MS' | 'MSS' | 'MSI';

export type LinkSpec =
  | { kind: 'none' }
  | {
      kind: 'constant';
      value: number | string | readonly (number | string)[];
      /**
       * The constant as written when it is not JSON (dbConstLink's constantStr, which the
       * records load by text: a longin reads "1e3" as 1); undefined for {const: …} and arrays.
       */
      text?: string;
    }
  /** An INST_IO link "@parameter", for device supports that take one (Soft Timestamp, getenv). */
  | { kind: 'instio'; parameter: string }
  | {
      kind: 'pv';
      /** The PV name as written, e.g. "DEV:x.HIGH". */
      pv: string;
      record: string;
      field: string;
      process: LinkProcess;
      severity: LinkSeverity;
      /** "CA": always go through Channel Access, even to a local record. */
      forceCa: boolean;
    };

export class LinkParseError extends Error {
  override name = 'LinkParseError';
}

const numberPattern = /^[+-]?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;

/**
 * A constant's number as epicsParseFloat64 reads it: JS's Number() knows hex and exponents, but
 * reads "inf" and "nan" (which EPICS takes, in any case and with a sign) as NaN.
 */
function constantNumber(t: string): number {
  const word = t.replace(/^[+-]/, '').toLowerCase();
  if (word === 'nan') return Number.NaN;
  if (word.startsWith('inf')) return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(t);
}

function parseJsonConstant(text: string): LinkSpec {
  // EPICS 7 accepts relaxed JSON (bare keys): {const: 5}, {const: "x"}, [1, 2, 3].
  const relaxed = text.replace(/([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '$1"$2":');
  let parsed: unknown;
  try {
    parsed = JSON.parse(relaxed);
  } catch {
    throw new LinkParseError(`bad JSON link ${text}`);
  }
  const inner = Array.isArray(parsed) ? parsed : (parsed as Record<string, unknown>)?.const;
  if (inner === undefined) throw new LinkParseError(`unsupported JSON link ${text} (only {const: …} and arrays)`);
  if (Array.isArray(inner)) {
    if (!inner.every((x) => typeof x === 'number' || typeof x === 'string')) throw new LinkParseError(`bad constant array ${text}`);
    return { kind: 'constant', value: inner as (number | string)[] };
  }
  if (typeof inner === 'number' || typeof inner === 'string') return { kind: 'constant', value: inner };
  throw new LinkParseError(`bad constant ${text}`);
}

/** dbParseLink's order: the first of these found in a link's options is the one it has. */
const PROCESS_OPTIONS = ['NPP', 'CPP', 'PP', 'CA', 'CP'] as const;
const SEVERITY_OPTIONS = ['NMS', 'MSI', 'MSS', 'MS'] as const;

/** The first option, in the list's order, that the text holds as a substring. */
function firstContained<T extends string>(list: readonly T[], text: string): T | undefined {
  return list.find((option) => text.includes(option));
}

/** Which link field a text is for: dbParseLink keeps only the options that type of link has. */
export type LinkFieldType = 'in' | 'out' | 'fwd';

/** The link type of a link field's DBF. */
export const linkFieldType = (dbf: string): LinkFieldType => (dbf === 'DBF_FWDLINK' ? 'fwd' : dbf === 'DBF_OUTLINK' ? 'out' : 'in');

/**
 * dbParseLink: JSON between braces, a number, an array between brackets, `@parameter`, else a
 * PV link: its name up to the first space, and its options found anywhere in the rest, as
 * substrings (case matters: "pp" is none), the first of NPP, CPP, PP, CA, CP and of NMS, MSI,
 * MSS, MS; other text there is ignored. An output link drops CPP, a forward link all but CA.
 * `defaultProcess` is what a link without a process option does (a forward link processes).
 */
export function parseLink(text: string, defaultProcess: LinkProcess = 'NPP', type: LinkFieldType = defaultProcess === 'PP' ? 'fwd' : 'in'): LinkSpec {
  const t = text.trim();
  if (t === '') return { kind: 'none' };
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) return parseJsonConstant(t);
  if (numberPattern.test(t)) return { kind: 'constant', value: constantNumber(t), text: t };
  if (t.startsWith('@')) return { kind: 'instio', parameter: t.slice(1) };
  const space = t.indexOf(' ');
  const pv = space < 0 ? t : t.slice(0, space);
  const options = space < 0 ? '' : t.slice(space + 1);
  let process = firstContained(PROCESS_OPTIONS, options);
  let severity: LinkSeverity = firstContained(SEVERITY_OPTIONS, options) ?? 'NMS';
  if (type === 'out' && process === 'CPP') process = undefined;
  if (type === 'fwd') {
    if (process !== 'CA') process = undefined;
    severity = 'NMS';
  }
  const forceCa = process === 'CA';
  const dot = pv.lastIndexOf('.');
  // A dot followed by an upper-case field name ends the record part ("DEV:x.HIGH").
  const hasField = dot > 0 && /^[A-Z][A-Z0-9]{0,3}\$?$/.test(pv.slice(dot + 1));
  const record = hasField ? pv.slice(0, dot) : pv;
  const field = hasField ? pv.slice(dot + 1).replace(/\$$/, '') : 'VAL';
  return { kind: 'pv', pv, record, field, process: process === undefined || process === 'CA' ? defaultProcess : process, severity, forceCa };
}

/**
 * A link field's text as dbGetString gives it, which is what a CA read of the field shows: a
 * PV link normalised to `NAME PP NMS` (its process option, or CA, then its severity option; a
 * forward link only `NAME` and ` CA`), anything else as written without the white space around
 * it (dbParseLink strips it). Text the parser refuses is shown as written.
 */
export function linkFieldText(text: string, type: LinkFieldType): string {
  const forward = type === 'fwd';
  let spec: LinkSpec;
  try {
    spec = parseLink(text, forward ? 'PP' : 'NPP', type);
  } catch {
    return text;
  }
  if (spec.kind !== 'pv') return text.trim();
  if (forward) return spec.forceCa ? `${spec.pv} CA` : spec.pv;
  // dbStaticLib.c's ppstring order: PP, then CA, then CP and CPP, else NPP.
  const process = spec.process === 'PP' ? 'PP' : spec.forceCa ? 'CA' : spec.process;
  return `${spec.pv} ${process} ${spec.severity}`;
}

/** Formats a spec back to link text (used when exporting). */
export function formatLink(spec: LinkSpec): string {
  if (spec.kind === 'none') return '';
  if (spec.kind === 'instio') return `@${spec.parameter}`;
  if (spec.kind === 'constant') return Array.isArray(spec.value) ? JSON.stringify(spec.value) : String(spec.value);
  const opts = [spec.forceCa ? 'CA' : '', spec.process === 'NPP' ? '' : spec.process, spec.severity === 'NMS' ? '' : spec.severity].filter((x) => x !== '');
  return [spec.pv, ...opts].join(' ');
}
