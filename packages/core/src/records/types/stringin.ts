import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The stringin (string input) record type, EPICS base 7.0.8 stringinRecord.dbd: dbCommon, then 14 fields. */
export const stringinRecordType: RecordTypeDef = {
  name: 'stringin',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_STRING', prompt: 'Current Value', size: 40, pp: true, promptgroup: '40 - Input', asl0: true },
    { name: 'OVAL', dbf: 'DBF_STRING', prompt: 'Previous Value', size: 40, special: 'SPC_NOMOD', interest: 3 },
    { name: 'INP', dbf: 'DBF_INLINK', prompt: 'Input Specification', promptgroup: '40 - Input', interest: 1 },
    { name: 'MPST', dbf: 'DBF_MENU', prompt: 'Post Value Monitors', menu: 'stringinPOST', promptgroup: '80 - Display', interest: 1 },
    { name: 'APST', dbf: 'DBF_MENU', prompt: 'Post Archive Monitors', menu: 'stringinPOST', promptgroup: '80 - Display', interest: 1 },
    { name: 'SIOL', dbf: 'DBF_INLINK', prompt: 'Simulation Input Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SVAL', dbf: 'DBF_STRING', prompt: 'Simulation Value', size: 40, pp: true },
    { name: 'SIML', dbf: 'DBF_INLINK', prompt: 'Simulation Mode Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIMM', dbf: 'DBF_MENU', prompt: 'Simulation Mode', menu: 'menuYesNo', special: 'SPC_MOD', interest: 1 },
    { name: 'SIMS', dbf: 'DBF_MENU', prompt: 'Simulation Mode Severity', menu: 'menuAlarmSevr', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'OLDSIMM', dbf: 'DBF_MENU', prompt: 'Prev. Simulation Mode', menu: 'menuSimm', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SSCN', dbf: 'DBF_MENU', prompt: 'Sim. Mode Scan', menu: 'menuScan', initial: '65535', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SDLY', dbf: 'DBF_DOUBLE', prompt: 'Sim. Mode Async Delay', initial: '-1.0', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIMPVT', dbf: 'DBF_NOACCESS', prompt: 'Sim. Mode Private', special: 'SPC_NOMOD', interest: 4 },
  ],
};
