import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The event (post a database event) record type, EPICS base 7.0.8 eventRecord.dbd: dbCommon, then 12 fields. */
export const eventRecordType: RecordTypeDef = {
  name: 'event',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_STRING', prompt: 'Event Name To Post', size: 40, special: 'SPC_MOD', promptgroup: '40 - Input', asl0: true },
    { name: 'EPVT', dbf: 'DBF_NOACCESS', prompt: 'Event private', special: 'SPC_NOMOD', interest: 4 },
    { name: 'INP', dbf: 'DBF_INLINK', prompt: 'Input Specification', promptgroup: '40 - Input', interest: 1 },
    { name: 'SIOL', dbf: 'DBF_INLINK', prompt: 'Sim Input Specifctn', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SVAL', dbf: 'DBF_STRING', prompt: 'Simulation Value', size: 40 },
    { name: 'SIML', dbf: 'DBF_INLINK', prompt: 'Sim Mode Location', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIMM', dbf: 'DBF_MENU', prompt: 'Simulation Mode', menu: 'menuYesNo', special: 'SPC_MOD', interest: 1 },
    { name: 'SIMS', dbf: 'DBF_MENU', prompt: 'Sim mode Alarm Svrty', menu: 'menuAlarmSevr', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'OLDSIMM', dbf: 'DBF_MENU', prompt: 'Prev. Simulation Mode', menu: 'menuSimm', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SSCN', dbf: 'DBF_MENU', prompt: 'Sim. Mode Scan', menu: 'menuScan', initial: '65535', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SDLY', dbf: 'DBF_DOUBLE', prompt: 'Sim. Mode Async Delay', initial: '-1.0', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIMPVT', dbf: 'DBF_NOACCESS', prompt: 'Sim. Mode Private', special: 'SPC_NOMOD', interest: 4 },
  ],
};
