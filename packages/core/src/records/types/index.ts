/**
 * Every record type devioc knows, by name, with lookups for the generic machinery (NAME.FIELD
 * channels, the .db loader and exporter, validation).
 */
import type { FieldDef, RecordTypeDef } from '../fields/field-def.js';
import { aaiRecordType } from './aai.js';
import { aaoRecordType } from './aao.js';
import { aiRecordType } from './ai.js';
import { aoRecordType } from './ao.js';
import { biRecordType } from './bi.js';
import { boRecordType } from './bo.js';
import { calcRecordType } from './calc.js';
import { calcoutRecordType } from './calcout.js';
import { int64inRecordType } from './int64in.js';
import { int64outRecordType } from './int64out.js';
import { longinRecordType } from './longin.js';
import { longoutRecordType } from './longout.js';
import { lsiRecordType } from './lsi.js';
import { lsoRecordType } from './lso.js';
import { mbbiRecordType } from './mbbi.js';
import { mbbiDirectRecordType } from './mbbiDirect.js';
import { mbboRecordType } from './mbbo.js';
import { mbboDirectRecordType } from './mbboDirect.js';
import { stringinRecordType } from './stringin.js';
import { stringoutRecordType } from './stringout.js';
import { waveformRecordType } from './waveform.js';
import { fanoutRecordType } from './fanout.js';
import { dfanoutRecordType } from './dfanout.js';
import { seqRecordType } from './seq.js';
import { selRecordType } from './sel.js';
import { compressRecordType } from './compress.js';
import { histogramRecordType } from './histogram.js';
import { subArrayRecordType } from './subArray.js';
import { printfRecordType } from './printf.js';
import { permissiveRecordType } from './permissive.js';
import { stateRecordType } from './state.js';
import { eventRecordType } from './event.js';
import { subRecordType } from './sub.js';
import { aSubRecordType } from './aSub.js';

export {
  aaiRecordType,
  aaoRecordType,
  aiRecordType,
  aoRecordType,
  biRecordType,
  boRecordType,
  calcRecordType,
  calcoutRecordType,
  int64inRecordType,
  int64outRecordType,
  longinRecordType,
  longoutRecordType,
  lsiRecordType,
  lsoRecordType,
  mbbiRecordType,
  mbbiDirectRecordType,
  mbboRecordType,
  mbboDirectRecordType,
  stringinRecordType,
  stringoutRecordType,
  waveformRecordType,
  fanoutRecordType,
  dfanoutRecordType,
  seqRecordType,
  selRecordType,
  compressRecordType,
  histogramRecordType,
  subArrayRecordType,
  printfRecordType,
  permissiveRecordType,
  stateRecordType,
  eventRecordType,
  subRecordType,
  aSubRecordType,
};

/** All record types by name (the name RTYP reports, case as in EPICS: "mbbiDirect"). */
export const RECORD_TYPES: ReadonlyMap<string, RecordTypeDef> = new Map(
  [
    aiRecordType,
    aoRecordType,
    biRecordType,
    boRecordType,
    longinRecordType,
    longoutRecordType,
    mbbiRecordType,
    mbboRecordType,
    mbbiDirectRecordType,
    mbboDirectRecordType,
    stringinRecordType,
    stringoutRecordType,
    lsiRecordType,
    lsoRecordType,
    waveformRecordType,
    calcRecordType,
    calcoutRecordType,
    int64inRecordType,
    int64outRecordType,
    aaiRecordType,
    aaoRecordType,
    fanoutRecordType,
    dfanoutRecordType,
    seqRecordType,
    selRecordType,
    compressRecordType,
    histogramRecordType,
    subArrayRecordType,
    printfRecordType,
    permissiveRecordType,
    stateRecordType,
    eventRecordType,
    subRecordType,
    aSubRecordType,
  ].map((t) => [t.name, t]),
);

/** The record type called `name`; throws naming the unknown type and the known ones. */
export function recordType(name: string): RecordTypeDef {
  const t = RECORD_TYPES.get(name);
  if (t === undefined) {
    throw new Error(`unknown record type "${name}" (known: ${[...RECORD_TYPES.keys()].join(', ')})`);
  }
  return t;
}

const fieldIndex = new WeakMap<RecordTypeDef, ReadonlyMap<string, FieldDef>>();

/**
 * The field `field` (upper case, as in the .dbd: EPICS field names are case-sensitive) of a
 * record type given by name or definition, or `undefined` if the type has no such field. An
 * unknown type name throws, as `recordType` does. RTYP is not a field: it is a pseudo-field the
 * CA server answers itself.
 */
export function fieldDef(type: string | RecordTypeDef, field: string): FieldDef | undefined {
  const def = typeof type === 'string' ? recordType(type) : type;
  let index = fieldIndex.get(def);
  if (index === undefined) {
    index = new Map(def.fields.map((f) => [f.name, f]));
    fieldIndex.set(def, index);
  }
  return index.get(field);
}
