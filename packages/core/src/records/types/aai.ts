import type { RecordTypeDef } from '../fields/field-def.js';
import { COMMON_FIELDS } from '../fields/common.js';

/** The aai (array analog input) record type, EPICS base 7.0.8 aaiRecord.dbd: dbCommon, then 21 fields. */
export const aaiRecordType: RecordTypeDef = {
  name: 'aai',
  fields: [
    ...COMMON_FIELDS,
    { name: 'VAL', dbf: 'DBF_NOACCESS', prompt: 'Value', special: 'SPC_DBADDR', pp: true, asl0: true },
    { name: 'PREC', dbf: 'DBF_SHORT', prompt: 'Display Precision', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'INP', dbf: 'DBF_INLINK', prompt: 'Input Specification', promptgroup: '40 - Input', interest: 1 },
    { name: 'EGU', dbf: 'DBF_STRING', prompt: 'Engineering Units', size: 16, prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'HOPR', dbf: 'DBF_DOUBLE', prompt: 'High Operating Range', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'LOPR', dbf: 'DBF_DOUBLE', prompt: 'Low Operating Range', prop: true, promptgroup: '80 - Display', interest: 1 },
    { name: 'NELM', dbf: 'DBF_ULONG', prompt: 'Number of Elements', initial: '1', special: 'SPC_NOMOD', promptgroup: '30 - Action', interest: 1 },
    { name: 'FTVL', dbf: 'DBF_MENU', prompt: 'Field Type of Value', menu: 'menuFtype', special: 'SPC_NOMOD', promptgroup: '30 - Action', interest: 1 },
    { name: 'NORD', dbf: 'DBF_ULONG', prompt: 'Number elements read', special: 'SPC_NOMOD' },
    { name: 'BPTR', dbf: 'DBF_NOACCESS', prompt: 'Buffer Pointer', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SIML', dbf: 'DBF_INLINK', prompt: 'Simulation Mode Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SIMM', dbf: 'DBF_MENU', prompt: 'Simulation Mode', menu: 'menuYesNo', special: 'SPC_MOD', interest: 1 },
    { name: 'SIMS', dbf: 'DBF_MENU', prompt: 'Simulation Mode Severity', menu: 'menuAlarmSevr', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIOL', dbf: 'DBF_INLINK', prompt: 'Simulation Input Link', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'OLDSIMM', dbf: 'DBF_MENU', prompt: 'Prev. Simulation Mode', menu: 'menuSimm', special: 'SPC_NOMOD', interest: 4 },
    { name: 'SSCN', dbf: 'DBF_MENU', prompt: 'Sim. Mode Scan', menu: 'menuScan', initial: '65535', promptgroup: '90 - Simulate', interest: 1 },
    { name: 'SDLY', dbf: 'DBF_DOUBLE', prompt: 'Sim. Mode Async Delay', initial: '-1.0', promptgroup: '90 - Simulate', interest: 2 },
    { name: 'SIMPVT', dbf: 'DBF_NOACCESS', prompt: 'Sim. Mode Private', special: 'SPC_NOMOD', interest: 4 },
    { name: 'MPST', dbf: 'DBF_MENU', prompt: 'Post Value Monitors', menu: 'aaiPOST', promptgroup: '80 - Display', interest: 1 },
    { name: 'APST', dbf: 'DBF_MENU', prompt: 'Post Archive Monitors', menu: 'aaiPOST', promptgroup: '80 - Display', interest: 1 },
    { name: 'HASH', dbf: 'DBF_ULONG', prompt: 'Hash of OnChange data.', interest: 3 },
  ],
};
