/**
 * The LUT's settings as one table: each setting's record, its default, how the file's value
 * goes to the record and back, and what a client's change of it sets off. Defaults, the start
 * (command line over file over defaults), load, the file's contents and the callbacks are all
 * made from this table, so a setting is added in one place.
 */
import type { RecordHandle } from '@devioc/core';
import { FitType } from '../interpolation/fit-types.js';
import type { LutModel } from '../model/lut-model.js';
import { RANGE_MODES } from '../model/lut-model.js';
import type { LutSettings } from '../table-file/format.js';

/** What a client's change of a setting sets off (besides saving the file). */
export type SettingEffect =
  /** Nothing else: a PV name is followed through the record's own stream. */
  | 'save'
  /** The output is recomputed (an offset). */
  | 'recompute'
  /** The table is fitted again, then the output recomputed (fit, degree, range). */
  | 'refit'
  /** enable: the target is written again, or no longer. */
  | 'enable';

interface Setting<K extends keyof LutSettings, T, P> {
  default: Required<LutSettings>[K];
  record: (ioc: LutModel) => RecordHandle<T, P>;
  toRecord: (value: Required<LutSettings>[K]) => P;
  fromRecord: (value: T) => Required<LutSettings>[K];
  effect: SettingEffect;
}

type AnySetting = Setting<keyof LutSettings, unknown, unknown>;

/** One row of the table, typed from its record (then stored without its types). */
const row = <K extends keyof LutSettings, T, P>(_name: K, s: Setting<K, T, P>): AnySetting => s as unknown as AnySetting;

const text = (name: 'input' | 'target' | 'readback'): AnySetting =>
  row(name, { default: '', record: (ioc: LutModel) => ioc[name], toRecord: (v) => v, fromRecord: (v) => v.trim(), effect: 'save' });
const offset = (name: 'xoff' | 'yoff'): AnySetting =>
  row(name, { default: 0, record: (ioc: LutModel) => ioc[name], toRecord: (v) => v, fromRecord: (v) => v, effect: 'recompute' });

export const SETTINGS: Readonly<Record<keyof LutSettings, AnySetting>> = {
  input: text('input'),
  target: text('target'),
  readback: text('readback'),
  fit: row('fit', { default: FitType.SPLINE3, record: (ioc: LutModel) => ioc.fit, toRecord: (v) => v, fromRecord: (v) => v as FitType, effect: 'refit' }),
  degree: row('degree', { default: 3, record: (ioc: LutModel) => ioc.degree, toRecord: (v) => v, fromRecord: (v) => v, effect: 'refit' }),
  range: row('range', {
    default: 'clamp',
    record: (ioc: LutModel) => ioc.range,
    toRecord: (v) => RANGE_MODES.indexOf(v),
    fromRecord: (v) => RANGE_MODES[v] ?? 'clamp',
    effect: 'refit',
  }),
  xoff: offset('xoff'),
  yoff: offset('yoff'),
  enable: row('enable', { default: true, record: (ioc: LutModel) => ioc.enable, toRecord: (v) => (v ? 1 : 0), fromRecord: (v) => v === 1, effect: 'enable' }),
};

export const SETTING_NAMES = Object.keys(SETTINGS) as (keyof LutSettings)[];

/** Every setting at its default. */
export const DEFAULT_SETTINGS = Object.fromEntries(SETTING_NAMES.map((k) => [k, SETTINGS[k].default])) as Required<LutSettings>;

const setting = (name: keyof LutSettings): AnySetting => SETTINGS[name];

/** The settings the records hold now. */
export function readSettings(ioc: LutModel): Required<LutSettings> {
  return Object.fromEntries(SETTING_NAMES.map((k) => [k, setting(k).fromRecord(setting(k).record(ioc).get())])) as Required<LutSettings>;
}

/** Writes the settings given to their records (as the application: no callbacks). */
export async function writeSettings(ioc: LutModel, settings: LutSettings): Promise<void> {
  await Promise.all(
    SETTING_NAMES.filter((k) => settings[k] !== undefined).map((k) => setting(k).record(ioc).put(setting(k).toRecord(settings[k] as never))),
  );
}

/** Only the settings that are given (the command line's, the file's). */
export const givenSettings = (s: LutSettings): LutSettings =>
  Object.fromEntries(SETTING_NAMES.filter((k) => s[k] !== undefined).map((k) => [k, s[k]])) as LutSettings;
