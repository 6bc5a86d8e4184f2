/**
 * Channel names with server-side filters, as dbChannel (EPICS 7.0.8) parses them: `REC.FIELD`,
 * then optionally `$` (a string or link field as a char array), `[s:i:e]` (the arr filter's
 * shorthand: `[s]`, `[s:e]`, `[s:i:e]`, each number optional) and a JSON object of filters:
 * `{"arr":{"s":0,"i":1,"e":-1}}`, `{"dbnd":{"abs":0.5}}` / `{"rel":10}` / `{"d":1,"m":"abs"}`,
 * `{"dec":{"n":4}}`, `{"ts":{}}`, `{"sync":{"m":"while","s":"state"}}` (or `{"sync":{"while":"state"}}`). The record name is everything before the first `.` (record
 * names never hold one; they may hold braces). Pure: no I/O.
 */

export class ChannelFilterError extends Error {
  override name = 'ChannelFilterError';
}

export interface ArrFilter {
  kind: 'arr';
  start: number;
  incr: number;
  end: number;
}
export interface DbndFilter {
  kind: 'dbnd';
  mode: 'abs' | 'rel';
  value: number;
}
export interface DecFilter {
  kind: 'dec';
  n: number;
}
export interface TsFilter {
  kind: 'ts';
  /**
   * Absent: the time stamp becomes the time of the read or event ({"ts":{}}). Otherwise the value
   * becomes the channel's time stamp: seconds with fraction (dbl), seconds (sec), nanoseconds
   * (nsec), both (ts), or text (str: epics "2026-12-03 10:00:00.123456", iso with T and zone).
   */
  form?: 'dbl' | 'sec' | 'nsec' | 'ts' | 'str-epics' | 'str-iso';
  /** For the numeric forms: seconds since the EPICS epoch (1990) or the POSIX one (1970). */
  unixEpoch?: boolean;
}
export type SyncMode = 'before' | 'first' | 'last' | 'after' | 'while' | 'unless';
export interface SyncFilter {
  kind: 'sync';
  mode: SyncMode;
  state: string;
}
export type ChannelFilter = ArrFilter | DbndFilter | DecFilter | TsFilter | SyncFilter;

const SYNC_MODES: readonly SyncMode[] = ['before', 'first', 'last', 'after', 'while', 'unless'];

export interface ParsedChannelName {
  record: string;
  field: string;
  /** `$`: a string or link field as a char array. */
  dollar: boolean;
  /** In the order given (arr from `[…]` first, as dbChannel adds it first). */
  filters: ChannelFilter[];
}

/** dbFindFieldPart(): a C identifier, or nothing (then VAL). */
const FIELD_NAME = /^(?:[A-Za-z_][A-Za-z0-9_]*)?/;

/** strtol(…, 0) as parseArrayRange uses it: an optional sign, then decimal, 0x hex or 0 octal. */
function strtol(text: string, at: number): { value: number; next: number } | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text.slice(at));
  if (!m) return undefined;
  const digits = m[2]!;
  const magnitude = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : parseInt(digits, 10);
  return { value: m[1] === '-' ? -magnitude : magnitude, next: at + m[0].length };
}

/** parseArrayRange(): `[s]`, `[s:e]`, `[s:i:e]` from `text[at] === '['`; returns the filter and where parsing goes on. */
function parseArrayRange(text: string, at: number): { filter: ArrFilter; next: number } {
  let start = 0;
  let end = -1;
  let incr = 1;
  const bad = (): never => {
    throw new ChannelFilterError(`bad array range "${text.slice(at)}": use [start], [start:end] or [start:incr:end]`);
  };
  let p = at + 1;
  const first = strtol(text, p);
  if (first) {
    start = first.value;
    p = first.next;
    if (text[p] === ']') return { filter: arrFilter(start, 1, start), next: p + 1 };
  }
  if (text[p] !== ':') bad();
  p++;
  const second = strtol(text, p);
  if (second) p = second.next;
  if (text[p] === ']') {
    if (second) end = second.value;
    return { filter: arrFilter(start, incr, end), next: p + 1 };
  }
  if (second) incr = second.value;
  if (text[p] !== ':') bad();
  p++;
  const third = strtol(text, p);
  if (third) {
    end = third.value;
    p = third.next;
  }
  if (text[p] !== ']') bad();
  return { filter: arrFilter(start, incr, end), next: p + 1 };
}

/** parse_ok(): an increment that is not positive becomes 1. */
const arrFilter = (start: number, incr: number, end: number): ArrFilter => ({ kind: 'arr', start, incr: incr <= 0 ? 1 : incr, end });

const int32 = (filter: string, key: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new ChannelFilterError(`${filter}: "${key}" must be an integer, not ${JSON.stringify(v)}`);
  return v;
};

const options = (filter: string, v: unknown, allowed: readonly string[]): Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ChannelFilterError(`${filter}: its options must be an object, not ${JSON.stringify(v)}`);
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) throw new ChannelFilterError(`${filter}: unknown option "${key}"${allowed.length ? ` (it takes ${allowed.map((a) => `"${a}"`).join(', ')})` : ' (it takes none)'}`);
  }
  return v as Record<string, unknown>;
};

/** One filter of the JSON object, checked as its chfPlugin argument table does. */
function jsonFilter(name: string, value: unknown): ChannelFilter {
  switch (name) {
    case 'arr': {
      const o = options('arr', value, ['s', 'i', 'e']);
      return arrFilter(o.s === undefined ? 0 : int32('arr', 's', o.s), o.i === undefined ? 1 : int32('arr', 'i', o.i), o.e === undefined ? -1 : int32('arr', 'e', o.e));
    }
    case 'dec': {
      const o = options('dec', value, ['n']);
      if (o.n === undefined) throw new ChannelFilterError('dec: "n" is required');
      const n = int32('dec', 'n', o.n);
      if (n <= 0) throw new ChannelFilterError(`dec: "n" must be positive, not ${n}`);
      return { kind: 'dec', n };
    }
    case 'dbnd': {
      const o = options('dbnd', value, ['d', 'm', 'abs', 'rel']);
      const number = (key: string): number => {
        const v = o[key];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new ChannelFilterError(`dbnd: "${key}" must be a number, not ${JSON.stringify(v)}`);
        return v;
      };
      if (o.abs !== undefined) return { kind: 'dbnd', mode: 'abs', value: number('abs') };
      if (o.rel !== undefined) return { kind: 'dbnd', mode: 'rel', value: number('rel') };
      if (o.m !== undefined && o.m !== 'abs' && o.m !== 'rel') throw new ChannelFilterError(`dbnd: "m" must be "abs" or "rel", not ${JSON.stringify(o.m)}`);
      return { kind: 'dbnd', mode: o.m === 'rel' ? 'rel' : 'abs', value: o.d === undefined ? 0 : number('d') };
    }
    case 'ts': {
      const o = options('ts', value, ['num', 'epoch', 'str']);
      const oneOf = (key: string, allowed: readonly string[]): string | undefined => {
        const v = o[key];
        if (v === undefined) return undefined;
        if (typeof v !== 'string' || !allowed.includes(v)) throw new ChannelFilterError(`ts: "${key}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, not ${JSON.stringify(v)}`);
        return v;
      };
      const num = oneOf('num', ['dbl', 'sec', 'nsec', 'ts']);
      const epoch = oneOf('epoch', ['epics', 'unix']);
      const str = oneOf('str', ['epics', 'iso']);
      // parse_finished(): str wins over num; neither is the time of the event.
      const form = (str !== undefined ? `str-${str}` : num) as TsFilter["form"];
      return form === undefined ? { kind: 'ts' } : { kind: 'ts', form, unixEpoch: epoch === 'unix' };
    }
    case 'sync': {
      const o = options('sync', value, ['m', 's', ...SYNC_MODES]);
      const tag = SYNC_MODES.find((m) => o[m] !== undefined);
      const mode = tag ?? o.m;
      const state = tag !== undefined ? o[tag] : o.s;
      if (typeof mode !== 'string' || !(SYNC_MODES as readonly string[]).includes(mode)) {
        throw new ChannelFilterError(`sync: "m" must be one of ${SYNC_MODES.map((m) => `"${m}"`).join(', ')}${mode === undefined ? ' (it is required)' : `, not ${JSON.stringify(mode)}`}`);
      }
      if (typeof state !== 'string' || state === '') throw new ChannelFilterError('sync: the state name ("s") is required');
      return { kind: 'sync', mode: mode as SyncMode, state };
    }
    default:
      throw new ChannelFilterError(`unknown filter "${name}" (devioc has arr, dbnd, dec, sync and ts)`);
  }
}

/** The JSON object of filters that ends the name. */
function parseJsonFilters(text: string): ChannelFilter[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ChannelFilterError(`filters are not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ChannelFilterError('filters must be a JSON object such as {"dec":{"n":2}}');
  return Object.entries(parsed).map(([name, value]) => jsonFilter(name, value));
}

/**
 * Splits a channel name. Throws ChannelFilterError (with the reason) for a filter that does not
 * parse; the record and field are not checked here.
 */
export function parseChannelFilters(name: string): ParsedChannelName {
  const dot = name.indexOf('.');
  if (dot === -1) return { record: name, field: 'VAL', dollar: false, filters: [] };
  const record = name.slice(0, dot);
  const rest = name.slice(dot + 1);
  const field = FIELD_NAME.exec(rest)![0];
  let p = field.length;
  let dollar = false;
  const filters: ChannelFilter[] = [];
  if (rest[p] === '$') {
    dollar = true;
    p++;
  }
  if (rest[p] === '[') {
    const r = parseArrayRange(rest, p);
    filters.push(r.filter);
    p = r.next;
  }
  if (rest[p] === '{') {
    filters.push(...parseJsonFilters(rest.slice(p)));
    p = rest.length;
  }
  if (p < rest.length) throw new ChannelFilterError(`unexpected "${rest.slice(p)}" after the field name`);
  return { record, field: field === '' ? 'VAL' : field, dollar, filters };
}

/** wrapArrayIndices(): the elements an arr filter keeps of `n`, and from where. */
export function arrRange(f: ArrFilter, n: number): { start: number; count: number } {
  let start = f.start;
  let end = f.end;
  if (start < 0) start = n + start;
  if (start < 0) start = 0;
  if (start > n) start = n;
  if (end < 0) end = n + end;
  if (end < 0) end = 0;
  if (end >= n) end = n - 1;
  return { start, count: end - start >= 0 ? 1 + Math.floor((end - start) / f.incr) : 0 };
}
