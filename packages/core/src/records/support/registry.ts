/** Every record type devioc supports, by name. */
import { aaiSupport, aaoSupport, waveformSupport } from './arrays.js';
import { aiSupport, aoSupport, int64inSupport, int64outSupport, longinSupport, longoutSupport } from './analog.js';
import { biSupport, boSupport, mbbiDirectSupport, mbbiSupport, mbboDirectSupport, mbboSupport } from './binary.js';
import { calcoutSupport, calcSupport } from './calc.js';
import { lsiSupport, lsoSupport, stringinSupport, stringoutSupport } from './strings.js';
import { compressSupport } from './compress.js';
import { dfanoutSupport, fanoutSupport, seqSupport } from './fanouts.js';
import { histogramSupport } from './histogram.js';
import { printfSupport } from './printf.js';
import { selSupport } from './sel.js';
import { eventSupport, permissiveSupport, stateSupport } from './simple.js';
import { aSubSupport, subSupport } from './sub.js';
import { subArraySupport } from './subarray.js';
import type { RecordSupport } from './support.js';
import { withSimulation } from './simulation.js';

/** The record types whose simulation mode (SIMM, SIML, SIOL, SIMS, SSCN) devioc implements. */
const SIMULATED = new Set(['ai', 'ao', 'longin', 'longout', 'int64in', 'int64out', 'bi', 'bo', 'mbbi', 'mbbo', 'mbbiDirect', 'mbboDirect', 'stringin', 'stringout', 'lsi', 'lso', 'waveform', 'aai', 'aao', 'event', 'histogram']);

const SUPPORTS = new Map<string, RecordSupport>(
  [
    aiSupport, aoSupport, longinSupport, longoutSupport, int64inSupport, int64outSupport,
    biSupport, boSupport, mbbiSupport, mbboSupport, mbbiDirectSupport, mbboDirectSupport,
    stringinSupport, stringoutSupport, lsiSupport, lsoSupport,
    waveformSupport, aaiSupport, aaoSupport, calcSupport, calcoutSupport,
    fanoutSupport, dfanoutSupport, seqSupport, selSupport, compressSupport, histogramSupport,
    subArraySupport, printfSupport, permissiveSupport, stateSupport, eventSupport, subSupport, aSubSupport,
  ].map((s) => [s.type, SIMULATED.has(s.type) ? withSimulation(s) : s]),
);

export function supportFor(type: string): RecordSupport {
  const s = SUPPORTS.get(type);
  if (s === undefined) throw new Error(`no record support for type "${type}" (supported: ${[...SUPPORTS.keys()].join(', ')})`);
  return s;
}

export const supportedRecordTypes = (): string[] => [...SUPPORTS.keys()];
