/**
 * The table file: a commented text file, one setting or one point per line, so that it reads
 * well, diffs point by point and can be edited by hand (packages/lut/README.md, "Table files").
 *
 * ```
 * # devioc LUT table: y = f(x + xoff) + yoff, f fitted through the points below.
 * format   = 1
 * input    = BL08:MONO:ENERGY
 * target   = BL08:UND:GAP
 * readback =
 * fit      = SPLINE3
 * degree   = 3
 * range    = CLAMP
 * xoff     = 0
 * yoff     = 0.012
 * enable   = ON
 *
 * #                      x                        y
 *                      4.5                      4.9
 *                        6                      7.1
 * ```
 *
 * Settings are `key = value` (keys in any case, in any order, each at most once, all
 * optional); a point is two numbers separated by spaces, tabs or a comma; `#` starts a
 * comment. Points must be finite and in strictly increasing x, at most 120. Numbers are
 * written in JavaScript's shortest round-trip form, so a save and a load give back the same
 * doubles bit for bit.
 *
 * A JSON object `{"x": […], "y": […], "fit": …, "degree": …, "xoff": …, "yoff": …, "target": …,
 * "input": …}` (the storage of spec section 4.4, the original IOC's) is read too; its points
 * may be in any order and are sorted, as interp1d sorted them. Saves always write the text form.
 */
import { FIT_TYPE_NAMES, type FitType, fitTypeName, parseFitType } from '../interpolation/fit-types.js';
import { OUT_OF_RANGE_MODES, type OutOfRangeMode } from '../interpolation/out-of-range.js';
import { checkTable, COARSE_POINTS, type LutTable, TableStructureError } from '../table/points.js';

/** The version this code writes and reads. */
export const TABLE_FILE_FORMAT = 1;

/** The longest PV name the IOC holds: its `input`/`target`/`readback` records are stringouts. */
export const MAX_PV_NAME = 39;

/** The IOC's settings a file may hold; a file may leave any of them out. */
export interface LutSettings {
  input?: string;
  target?: string;
  /** A separate readback PV for `new`/`null`; '' means the target's own value. */
  readback?: string;
  fit?: FitType;
  degree?: number;
  range?: OutOfRangeMode;
  xoff?: number;
  yoff?: number;
  enable?: boolean;
}

/** What a table file holds: settings and the coarse table. */
export interface LutFileData extends LutSettings {
  table: LutTable;
}

/** A file that cannot be read or used; the message names the file and the line. */
export class TableFileError extends Error {
  override readonly name = 'TableFileError';
  constructor(
    message: string,
    /** 1-based line of the problem, when one line is to blame. */
    readonly line?: number,
  ) {
    super(message);
  }
}

const SETTING_KEYS = ['format', 'input', 'target', 'readback', 'fit', 'degree', 'range', 'xoff', 'yoff', 'enable'] as const;
type SettingKey = (typeof SETTING_KEYS)[number];

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number, strictly (no hex, no empty string as 0, no "Infinity"); NaN otherwise. */
export function parseDecimal(text: string): number {
  return NUMBER.test(text) ? Number(text) : Number.NaN;
}

function describeBadNumber(text: string): string {
  if (/^[+-]?nan$/i.test(text)) return 'is NaN; table values must be finite numbers';
  if (/^[+-]?inf(inity)?$/i.test(text)) return 'is infinite; table values must be finite numbers';
  return 'is not a number';
}

function parsePvName(key: string, value: string): string {
  if (/\s/.test(value)) throw new Error(`${key} "${value}" is not a PV name (it contains spaces)`);
  if (Buffer.byteLength(value) > MAX_PV_NAME) throw new Error(`${key} "${value}" is longer than ${MAX_PV_NAME} characters`);
  return value;
}

export function parseRange(value: string): OutOfRangeMode {
  const mode = value.trim().toLowerCase();
  if ((OUT_OF_RANGE_MODES as readonly string[]).includes(mode)) return mode as OutOfRangeMode;
  throw new Error(`unknown out-of-range mode "${value}"; expected one of ${OUT_OF_RANGE_MODES.map((m) => m.toUpperCase()).join(', ')}`);
}

export function parseDegree(value: string | number): number {
  const degree = typeof value === 'number' ? value : parseDecimal(value.trim());
  if (!Number.isInteger(degree) || degree < 0 || degree > COARSE_POINTS - 1) {
    throw new Error(`degree "${value}" must be an integer from 0 to ${COARSE_POINTS - 1}`);
  }
  return degree;
}

function parseEnable(value: string | number | boolean): boolean {
  const v = String(value).trim().toUpperCase();
  if (v === 'ON' || v === '1' || v === 'TRUE') return true;
  if (v === 'OFF' || v === '0' || v === 'FALSE') return false;
  throw new Error(`enable "${String(value)}" must be ON or OFF`);
}

function parseOffset(key: string, value: string | number): number {
  const v = typeof value === 'number' ? value : parseDecimal(value.trim());
  if (!Number.isFinite(v)) throw new Error(`${key} "${String(value)}" is not a finite number`);
  return v;
}

function applySetting(settings: LutSettings, key: SettingKey, value: string): void {
  switch (key) {
    case 'format':
      if (value !== String(TABLE_FILE_FORMAT)) {
        throw new Error(`format ${value} is not one this IOC reads (it reads format ${TABLE_FILE_FORMAT})`);
      }
      return;
    case 'input':
    case 'target':
    case 'readback':
      settings[key] = parsePvName(key, value);
      return;
    case 'fit':
      try {
        // A name in any case, or the enum number (what a caget of the fit record without -s shows).
        settings.fit = parseFitType(/^\d+$/.test(value) ? Number(value) : value);
      } catch {
        throw new Error(`unknown fit "${value}"; expected one of ${FIT_TYPE_NAMES.join(', ')}`);
      }
      return;
    case 'degree':
      settings.degree = parseDegree(value);
      return;
    case 'range':
      settings.range = parseRange(value);
      return;
    case 'xoff':
    case 'yoff':
      settings[key] = parseOffset(key, value);
      return;
    case 'enable':
      settings.enable = parseEnable(value);
      return;
  }
}

/**
 * Parses a table file's text. Throws TableFileError with the line and what is wrong with it
 * (`where` prefixes messages, usually the file name).
 */
export function parseTableFile(text: string, where = 'table file'): LutFileData {
  if (/^\s*[[{]/.test(text)) return parseJsonTable(text, where);
  const settings: LutSettings = {};
  const seen = new Map<string, number>();
  const x: number[] = [];
  const y: number[] = [];
  const lines: number[] = [];
  const fail = (line: number, message: string): never => {
    throw new TableFileError(`${where}, line ${line}: ${message}`, line);
  };
  const control = /[\u0000-\u0008\u000e-\u001f\u007f]/.exec(text);
  if (control !== null) {
    const line = text.slice(0, control.index).split('\n').length;
    throw new TableFileError(`${where}, line ${line}: not a text file (control character 0x${control[0].charCodeAt(0).toString(16).padStart(2, '0')})`, line);
  }

  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const hash = raw.indexOf('#');
    const content = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (content === '') return;
    const eq = content.indexOf('=');
    if (eq !== -1) {
      const key = content.slice(0, eq).trim().toLowerCase();
      const value = content.slice(eq + 1).trim();
      if (!(SETTING_KEYS as readonly string[]).includes(key)) {
        fail(line, `unknown setting "${content.slice(0, eq).trim()}" (known: ${SETTING_KEYS.join(', ')})`);
      }
      const before = seen.get(key);
      if (before !== undefined) fail(line, `${key} is set twice (also on line ${before})`);
      seen.set(key, line);
      try {
        applySetting(settings, key as SettingKey, value);
      } catch (err) {
        fail(line, (err as Error).message);
      }
      return;
    }
    const fields = content.split(/[\s,]+/);
    if (fields.length !== 2) {
      fail(line, `a point is two numbers, x and y; found ${fields.length} field${fields.length === 1 ? '' : 's'} in "${content}"`);
    }
    const [xv, yv] = fields.map(parseDecimal);
    if (!Number.isFinite(xv)) fail(line, `x "${fields[0]}" ${describeBadNumber(fields[0])}`);
    if (!Number.isFinite(yv)) fail(line, `y "${fields[1]}" ${describeBadNumber(fields[1])}`);
    x.push(xv);
    y.push(yv);
    lines.push(line);
  });

  let table: LutTable;
  try {
    table = checkTable(x, y, (i) => `the point on line ${lines[i]}`);
  } catch (err) {
    if (!(err instanceof TableStructureError)) throw err;
    const line = err.index !== undefined ? lines[err.index] : undefined;
    throw new TableFileError(`${where}${line !== undefined ? `, line ${line}` : ''}: ${err.message}`, line);
  }
  return { ...settings, table };
}

/** The JSON storage of spec section 4.4: points in any order (sorted here), settings optional. */
function parseJsonTable(text: string, where: string): LutFileData {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new TableFileError(`${where}: not valid JSON: ${(err as Error).message}`);
  }
  const fail = (message: string): never => {
    throw new TableFileError(`${where}: ${message}`);
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail('a JSON table must be an object with "x" and "y" arrays');
  const o = doc as Record<string, unknown>;
  const numbers = (key: 'x' | 'y'): number[] => {
    const v = o[key];
    if (!Array.isArray(v)) return fail(`"${key}" must be an array of numbers`);
    return v.map((e, i) => (typeof e === 'number' && Number.isFinite(e) ? e : fail(`${key}[${i}] is ${JSON.stringify(e)}; table values must be finite numbers`)));
  };
  const xs = numbers('x');
  const ys = numbers('y');
  if (xs.length !== ys.length) fail(`"x" has ${xs.length} values but "y" has ${ys.length}`);
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  let table: LutTable;
  try {
    table = checkTable(order.map((i) => xs[i]), order.map((i) => ys[i]), (i, axis) => `${axis}[${order[i]}]`);
  } catch (err) {
    return fail((err as Error).message);
  }
  const settings: LutSettings = {};
  for (const [key, value] of Object.entries(o)) {
    if (key === 'x' || key === 'y') continue;
    if (!(SETTING_KEYS as readonly string[]).includes(key)) fail(`unknown key "${key}" (known: x, y, ${SETTING_KEYS.join(', ')})`);
    if (value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      fail(`"${key}" must be a string, a number or a boolean, not ${JSON.stringify(value)}`);
    }
    try {
      applySetting(settings, key as SettingKey, String(value));
    } catch (err) {
      fail((err as Error).message);
    }
  }
  return { ...settings, table };
}

const COLUMN = 24;
const num = (v: number): string => (Object.is(v, -0) ? '0' : String(v));

/**
 * The text of a table file. Deterministic (no timestamp: the file's mtime says when, and
 * two saves of the same state are byte-identical, which keeps diffs to real changes).
 */
export function formatTableFile(data: LutFileData, options: { device?: string } = {}): string {
  const settings: [string, string][] = [['format', String(TABLE_FILE_FORMAT)]];
  const add = (key: string, value: string | undefined): void => {
    if (value !== undefined) settings.push([key, value]);
  };
  add('input', data.input);
  add('target', data.target);
  add('readback', data.readback);
  add('fit', data.fit === undefined ? undefined : fitTypeName(data.fit));
  add('degree', data.degree === undefined ? undefined : String(data.degree));
  add('range', data.range?.toUpperCase());
  add('xoff', data.xoff === undefined ? undefined : num(data.xoff));
  add('yoff', data.yoff === undefined ? undefined : num(data.yoff));
  add('enable', data.enable === undefined ? undefined : data.enable ? 'ON' : 'OFF');

  const width = Math.max(...settings.map(([k]) => k.length));
  const out = [
    '# devioc LUT table: y = f(x + xoff) + yoff, f fitted through the points below.',
    `# Written by the LUT IOC${options.device ? ` ${options.device}` : ''}; format described in @devioc/lut's README.`,
    ...settings.map(([k, v]) => (v === '' ? `${k.padEnd(width)} =` : `${k.padEnd(width)} = ${v}`)),
    '',
    `# ${data.table.x.length} point${data.table.x.length === 1 ? '' : 's'}, in increasing x (at most ${COARSE_POINTS})`,
    `#${'x'.padStart(COLUMN - 1)} ${'y'.padStart(COLUMN)}`,
    ...data.table.x.map((xv, i) => `${num(xv).padStart(COLUMN)} ${num(data.table.y[i]).padStart(COLUMN)}`),
  ];
  return `${out.join('\n')}\n`;
}
