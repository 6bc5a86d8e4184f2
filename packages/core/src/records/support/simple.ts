/**
 * permissive, state and event (permissiveRecord.c, stateRecord.c, eventRecord.c): records
 * that only hold a value and post it. An event record posts the named database event VAL
 * (records with SCAN "Event" and that EVNT process); with Soft Channel it first reads the
 * event name from INP.
 */
import { Dbe } from '../../ca/protocol/constants.js';
import type { EpicsRecord } from '../record.js';
import { normaliseEventName } from '../scan/scanner.js';
import { SIMM_NO, SIMM_YES, readSimulatedString, simulationMode } from './simulation.js';
import { finishProcessing, readString } from './common.js';
import type { RecordSupport } from './support.js';

export const permissiveSupport: RecordSupport = {
  type: 'permissive',
  process(rec) {
    rec.setQuiet('UDF', 0);
    finishProcessing(rec, () => {
      const mask = rec.resetAlarms();
      const val = rec.num('VAL');
      const oval = rec.num('OVAL');
      const wflg = rec.num('WFLG');
      const oflg = rec.num('OFLG');
      rec.setQuiet('OVAL', val);
      rec.setQuiet('OFLG', wflg);
      if (oval !== val) rec.post('VAL', mask | Dbe.VALUE | Dbe.LOG);
      if (oflg !== wflg) rec.post('WFLG', mask | Dbe.VALUE | Dbe.LOG);
    });
  },
};

export const stateSupport: RecordSupport = {
  type: 'state',
  process(rec) {
    rec.setQuiet('UDF', 0);
    finishProcessing(rec, () => {
      const mask = rec.resetAlarms();
      if (rec.str('OVAL') !== rec.str('VAL')) {
        rec.post('VAL', mask | Dbe.VALUE | Dbe.LOG);
        rec.setQuiet('OVAL', rec.str('VAL'));
      }
    });
  },
};

export const eventSupport: RecordSupport = {
  type: 'event',
  // eventRecord's init_record and special(): the event of VAL exists from then on.
  init(rec) {
    rec.host.declareEvent?.(rec.str('VAL'));
  },
  special(rec, field, after) {
    if (field === 'VAL' && after) rec.host.declareEvent?.(rec.str('VAL'));
  },
  process(rec) {
    // readValue: SIML, then INP through the device or, in simulation mode, SIOL into SVAL and VAL.
    const mode = simulationMode(rec);
    if (mode === SIMM_YES) {
      const name = readSimulatedString(rec);
      if (name !== undefined) {
        if (name !== rec.str('VAL')) rec.setQuiet('VAL', name);
        rec.setQuiet('UDF', 0);
      }
    } else if (mode === SIMM_NO && rec.links.spec('INP').kind === 'pv') {
      const name = readString(rec, 'INP');
      if (name !== undefined) {
        if (name !== rec.str('VAL')) rec.setQuiet('VAL', name);
        rec.setQuiet('UDF', 0);
      }
    }
    const event = normaliseEventName(rec.str('VAL'));
    // An empty name or a number below 1 is no event (eventNameToHandle gives NULL, postEvent ignores it).
    if (event !== '') rec.host.postEvent(event);
    finishProcessing(rec, () => rec.post('VAL', rec.resetAlarms() | Dbe.VALUE));
  },
};

export type { EpicsRecord };
